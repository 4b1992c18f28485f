"""Cohesion: components, k-cores, transitivity and local clustering."""

from __future__ import annotations

import numpy as np
import pandas as pd

from relnet.errors import check_choice
from relnet.kernels import components as component_kernels
from relnet.kernels import cores as core_kernels
from relnet.kernels import neighbors as neighbor_kernels
from relnet.kernels import transitivity as transitivity_kernels
from relnet.metrics.common import check_network, node_series, positive_weights
from relnet.network import Network
from relnet.threads import kernel_chunks

CONNECTIONS = ("weak", "strong")
CORE_MODES = ("all", "in", "out")
TRANSITIVITY_MEASURES = ("weak", "strong")


def _component_labels(graph: Network, connection: str) -> tuple[np.ndarray, np.ndarray]:
    """Canonical labels (int64[n], largest component 0) and sizes (int64[n_components])."""
    if connection == "weak":
        raw, count = component_kernels.weak_labels(
            graph.indptr, graph.indices, graph.t_indptr, graph.t_indices, 1024
        )
    else:
        raw, count = component_kernels.strong_labels(graph.indptr, graph.indices)
    return component_kernels.canonical_labels(raw, count)


def components(graph: Network, *, connection: str = "weak") -> pd.Series:
    r"""Component of each person.

    **Definition.** Two people are in the same *weak* component when a path joins them with
    arcs taken in either direction (a semipath), and in the same *strong* component when each
    reaches the other along arcs in their direction. Components are labelled 0, 1, 2, ... from
    the largest down; components of equal size are ordered by the first position (roster
    order) of a member, so labels are deterministic.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    connection : {"weak", "strong"}
        Which connectivity.

    Returns
    -------
    pandas.Series
        int64 component label, indexed by person id, named ``component``.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c", "d"], ["b", "a", "a", "e"])
    >>> rn.components(g).tolist()
    [0, 0, 0, 1, 1]
    >>> rn.components(g, connection="strong").tolist()
    [0, 0, 1, 2, 3]

    Notes
    -----
    The number of components equals sna ``components(A, connected=)``; the partition equals
    igraph ``connected_components(mode=)`` and networkx ``weakly_connected_components`` /
    ``strongly_connected_components``. Weak components use union-find, strong components an
    iterative Tarjan search, both O(n + m).

    References
    ----------
    .. [1] Tarjan, R. (1972). Depth-first search and linear graph algorithms. SIAM Journal on
       Computing, 1(2), 146-160.
    .. [2] Wasserman, S. & Faust, K. (1994). Social Network Analysis, ch. 4. CUP.
    """
    check_network(graph)
    check_choice("connection", connection, CONNECTIONS)
    labels, _ = _component_labels(graph, connection)
    return node_series(graph, labels, "component")


def component_sizes(graph: Network, *, connection: str = "weak") -> pd.Series:
    """Number of people in each component, largest first.

    **Definition.** Size of each weak or strong component (see :func:`components`), indexed
    by the component label that :func:`components` gives.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    connection : {"weak", "strong"}
        Which connectivity.

    Returns
    -------
    pandas.Series
        int64 sizes indexed by component label (index named ``component``), named ``size``.
        Its length is the number of components.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c", "d"], ["b", "a", "a", "e"])
    >>> rn.component_sizes(g).tolist()
    [3, 2]

    Notes
    -----
    ``len(component_sizes(g, connection=c))`` equals sna ``components(A, connected=c)``.

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). Social Network Analysis, ch. 4. CUP.
    """
    check_network(graph)
    check_choice("connection", connection, CONNECTIONS)
    _, sizes = _component_labels(graph, connection)
    return pd.Series(sizes, index=pd.RangeIndex(len(sizes), name="component"), name="size")


def core_number(graph: Network, *, mode: str = "all") -> pd.Series:
    r"""k-core number of each person.

    **Definition.** The k-core is the largest subgraph in which every person has degree at
    least k within the subgraph; a person's core number is the largest k whose k-core holds
    them. The degree is the in-degree (``mode="in"``), the out-degree (``"out"``) or the
    total degree in + out (``"all"``, Freeman degree: a mutual pair counts twice).

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    mode : {"all", "in", "out"}
        Which degree defines the cores.

    Returns
    -------
    pandas.Series
        int64 core numbers, indexed by person id, named ``core_number``.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c", "a", "d"], ["b", "c", "a", "c", "a"])
    >>> # total degrees a 4, b 2, c 3, d 1; peel d (core 1), then b leaves a and c at 2
    >>> rn.core_number(g).tolist()
    [2, 2, 2, 1]
    >>> rn.core_number(g, mode="in").tolist()
    [1, 1, 1, 0]

    Notes
    -----
    Matches sna ``kcores(A, cmode="freeman" / "indegree" / "outdegree")`` and igraph
    ``coreness(mode="all" / "in" / "out")``. Computed by Batagelj-Zaversnik peeling, level
    by level, in O(n * levels + m).

    References
    ----------
    .. [1] Seidman, S. (1983). Network structure and minimum degree. Social Networks, 5,
       269-287.
    .. [2] Batagelj, V. & Zaversnik, M. (2003). An O(m) algorithm for cores decomposition of
       networks. arXiv:cs/0310049.
    """
    check_network(graph)
    check_choice("mode", mode, CORE_MODES)
    code = {"in": 0, "out": 1, "all": 2}[mode]
    cores = core_kernels.core_numbers(
        graph.indptr, graph.indices, graph.t_indptr, graph.t_indices, code
    )
    return node_series(graph, cores, "core_number")


def transitivity(graph: Network, *, measure: str = "weak") -> float:
    r"""Transitivity of the whole network, as R sna ``gtrans``.

    **Definition.** Over ordered triples of distinct people (i, j, k):

    * ``"weak"``: the share of two-paths i->j->k (i != k) that are closed by the arc i->k,
      :math:`\sum_{i \ne k} a_{ik} (A^2)_{ik} / \sum_{i \ne k} (A^2)_{ik}`; 1 when there is no
      two-path.
    * ``"strong"``: the share of all :math:`n(n-1)(n-2)` ordered triples for which
      "i->j and j->k" holds exactly when i->k holds (vacuous triples count as transitive),
      :math:`\sum_{i \ne k} [a_{ik} (A^2)_{ik} + (1 - a_{ik})(n - 2 - (A^2)_{ik})] /
      (n(n-1)(n-2))`; 1 when n < 3.

    Parameters
    ----------
    graph : Network
        Directed survey graph (weights are ignored).
    measure : {"weak", "strong"}
        Which transitivity.

    Returns
    -------
    float

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "a", "c"], ["b", "c", "c", "d"])
    >>> # two-paths: a->b->c (closed by a->c), b->c->d, a->c->d (both open): 1/3
    >>> round(rn.transitivity(g), 4)
    0.3333
    >>> # 24 ordered triples: arcs give 1 (a->c via b); the 8 absent pairs give 2 each,
    >>> # less 1 each for a->d and b->d (open two-paths): 1 + 16 - 2 = 15; 15/24
    >>> rn.transitivity(g, measure="strong")
    0.625

    Notes
    -----
    Equals R sna ``gtrans(A, measure=)`` (its adjacency-matrix computation). It counts two-
    paths in O(sum of out-degree products), never forming :math:`A^2`.

    References
    ----------
    .. [1] Holland, P. W. & Leinhardt, S. (1972). Holland and Leinhardt reply: some evidence
       on the transitivity of positive interpersonal sentiment. American Journal of
       Sociology, 77, 1205-1209.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software, 24(6).
    """
    check_network(graph)
    check_choice("measure", measure, TRANSITIVITY_MEASURES)
    n = graph.n
    with kernel_chunks(graph.m) as chunks:
        total, closed = transitivity_kernels.two_path_counts(graph.indptr, graph.indices, chunks)
    total, closed = int(total), int(closed)
    if measure == "weak":
        return 1.0 if total == 0 else closed / total
    if n < 3:
        return 1.0
    absent = n * (n - 1) - graph.m
    return (2 * closed - total + absent * (n - 2)) / (n * (n - 1) * (n - 2))


def clustering(graph: Network, *, weighted: bool = False) -> pd.Series:
    r"""Local directed clustering coefficient of each person (Fagiolo 2007).

    **Definition.** With :math:`s_{ij} = w_{ij} + w_{ji}` (``w`` the 0/1 adjacency, or when
    ``weighted`` the weights divided by the largest weight and raised to the power 1/3),
    :math:`c_i = \sum_{j,k} s_{ij} s_{jk} s_{ki} / (2[d_i(d_i - 1) - 2 d^{\leftrightarrow}_i])`
    where :math:`d_i` is i's in- plus out-degree and :math:`d^{\leftrightarrow}_i` the number
    of people i has mutual ties with: the share of the directed triangles i could be in that
    exist (weighted: their geometric-mean intensity). 0 when i is in no triangle.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    weighted : bool
        Use the trust weights (which must be positive) as intensities.

    Returns
    -------
    pandas.Series
        float64, indexed by person id, named ``clustering``.

    Raises
    ------
    ArgumentError
        When ``weighted`` and a weight is not positive.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c", "c"], ["b", "c", "a", "d"])
    >>> # a: d=2, no mutual, one triangle (a cycle): t=2 -> 2/(2*(2*1-0)) = 0.5
    >>> rn.clustering(g).round(3).tolist()
    [0.5, 0.5, 0.167, 0.0]

    Notes
    -----
    Equals networkx ``clustering(G)`` and ``clustering(G, weight="weight")`` on the DiGraph
    (networkx takes the cube root of the product of the three normalised weights; relnet the
    product of cube roots, equal up to rounding).

    References
    ----------
    .. [1] Fagiolo, G. (2007). Clustering in complex directed networks. Physical Review E,
       76, 026107.
    """
    check_network(graph)
    u_indptr, u_indices, u_codes = graph.undirected
    if weighted:
        weights = positive_weights(graph, "clustering(weighted=True)")
        top = weights.max() if graph.m else 1.0
        scaled = np.cbrt(weights / top)
        u_values = neighbor_kernels.union_values(
            u_indptr, u_codes, graph.indptr, scaled, graph.t_indptr, scaled[graph.t_to_out]
        )
    else:  # one per arc present: 2 for a mutual pair, 1 otherwise
        u_values = ((u_codes & 1) + (u_codes >> 1)).astype(np.float64)
    with kernel_chunks(graph.m) as chunks:
        triangles = transitivity_kernels.fagiolo_triangles(u_indptr, u_indices, u_values, chunks)
    total_degree = graph.out_degree() + graph.in_degree()
    mutual = graph.out_degree() + graph.in_degree() - np.diff(u_indptr)
    denominator = 2.0 * (total_degree * (total_degree - 1) - 2 * mutual)
    values = np.zeros(graph.n)
    has = triangles != 0
    values[has] = triangles[has] / denominator[has]
    return node_series(graph, values, "clustering")
