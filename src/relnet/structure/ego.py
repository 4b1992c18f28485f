"""Ego networks: each person's circle of contacts, how diverse it is and how it hangs together."""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, UnknownPersonError, check_choice
from relnet.kernels import ego as ego_kernels
from relnet.metrics.common import check_network, group_codes
from relnet.metrics.missing import MISSING_DEFAULT, missing_plan
from relnet.network import Network
from relnet.threads import kernel_chunks

EGO_MODES = ("all", "out", "in")
_MODE_CODE = {"all": ego_kernels.MODE_ALL, "out": ego_kernels.MODE_OUT, "in": ego_kernels.MODE_IN}

#: Columns of :func:`ego_metrics`, without and with ``by=``.
EGO_COLUMNS = ("size", "alter_ties", "ego_density", "ego_components", "ego_betweenness")
EGO_BY_COLUMNS = ("blau", "iqv", "same_share", "ego_ei", "n_categories")


def ego_network(graph: Network, node: Hashable, *, radius: int = 1, mode: str = "all") -> Network:
    r"""The ego network of one person: everyone within ``radius`` steps, and the arcs among them.

    **Definition.** With ego :math:`u`, the people at distance at most ``radius`` from
    :math:`u`, following out-arcs (``mode="out"``), in-arcs (``"in"``) or either
    (``"all"``), together with :math:`u`; the result keeps every arc of ``graph`` among
    them (the induced subgraph), with their weights, attributes and response flags.

    Parameters
    ----------
    graph : Network
        Directed survey network.
    node : hashable
        The ego's id.
    radius : int, default 1
        Number of steps (0 gives the ego alone).
    mode : {"all", "out", "in"}, default "all"
        Which arcs a step may follow: either direction, those ego (and then each alter)
        sends, or those they receive.

    Returns
    -------
    Network
        The ego network, people in the order of ``graph``.

    Raises
    ------
    UnknownPersonError
        When ``node`` is not a person of ``graph``.
    ArgumentError
        When ``radius`` is not a non-negative integer or ``mode`` is unknown.

    Notes
    -----
    Equals networkx ``ego_graph(G, node, radius, undirected=True)`` for ``mode="all"``,
    ``ego_graph(G, node, radius)`` for ``"out"`` and ``ego_graph(G.reverse(), node,
    radius).reverse()`` for ``"in"``; igraph ``induced_subgraph(neighborhood(node, order=radius,
    mode=mode))``.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["ana", "ben", "cai", "dan"], ["ben", "cai", "ana", "eve"])
    >>> rn.ego_network(g, "ana").edges()  # ben and cai are ana's alters; dan and eve are not
      source target  weight
    0    ana    ben     1.0
    1    ben    cai     1.0
    2    cai    ana     1.0
    >>> list(rn.ego_network(g, "ana", mode="out").ids)
    ['ana', 'ben']

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). Social Network Analysis, section 2.3.
       Cambridge University Press.
    """
    check_network(graph)
    check_choice("mode", mode, EGO_MODES)
    if isinstance(radius, bool) or not isinstance(radius, (int, np.integer)) or radius < 0:
        raise ArgumentError(f"radius={radius!r} must be a non-negative integer (1: the alters).")
    u = _position(graph, node)
    keep = ego_kernels.ego_ball(
        graph.indptr,
        graph.indices,
        graph.t_indptr,
        graph.t_indices,
        np.int64(u),
        np.int64(min(int(radius), graph.n)),
        _MODE_CODE[mode],
    )
    return graph.subgraph(keep)


def ego_metrics(
    graph: Network, *, by: str | None = None, mode: str = "all", missing: str = MISSING_DEFAULT
) -> pd.DataFrame:
    r"""Size, density, cohesion, brokerage and diversity of every person's 1-step ego network.

    **Definition.** The alters of ego :math:`u` are the people :math:`u` nominates or is
    nominated by (``mode="all"``), or only those it nominates (``"out"``) or only those who
    nominate it (``"in"``); :math:`u` itself is never an alter. With :math:`k` alters:

    - ``size`` :math:`= k`;
    - ``alter_ties``: arcs among the alters (a mutual pair counts twice);
    - ``ego_density`` :math:`=` ``alter_ties`` :math:`/ (k(k-1))`; NaN when :math:`k < 2`;
    - ``ego_components``: weak components among the alters with ego removed (0 for an
      isolate; :math:`k` when no alters are tied);
    - ``ego_betweenness``: Everett & Borgatti's (2005) ego betweenness, the directed
      betweenness of :math:`u` inside its own ego network (ego, alters and every arc among
      them): :math:`\sum_{s \ne t} \sigma_{st}(u)/\sigma_{st}` over ordered pairs of alters,
      :math:`\sigma_{st}` the number of shortest paths from :math:`s` to :math:`t` in the
      ego network and :math:`\sigma_{st}(u)` those through :math:`u`; raw counts, not
      normalised.

    With ``by=attr``, where alter :math:`j` has category :math:`c_j`, :math:`p_g` is the share
    of alters in category :math:`g` and :math:`K` the number of categories of ``attr`` in the
    whole network:

    - ``blau`` :math:`= 1 - \sum_g p_g^2` (Blau's heterogeneity); NaN without alters;
    - ``iqv`` :math:`=` ``blau`` :math:`/ (1 - 1/K)` (index of qualitative variation, 1 when
      the alters spread evenly over all :math:`K` categories); NaN without alters or when
      :math:`K = 1`;
    - ``same_share``: share of alters in ego's own category; NaN without alters;
    - ``ego_ei`` :math:`= (E - I)/(E + I)` over ego's arcs (sent and received for
      ``"all"``, sent for ``"out"``, received for ``"in"``): E arcs to or from another
      category, I within ego's; a reciprocated alter counts twice, as in
      :func:`relnet.ei_index` per person; NaN without arcs;
    - ``n_categories``: number of distinct categories among the alters.

    Parameters
    ----------
    graph : Network
        Directed survey network (weights are ignored).
    by : str, optional
        Node attribute for the diversity columns (every person needs a value).
    mode : {"all", "out", "in"}, default "all"
        Which neighbours are alters.
    missing : {"ignore", "observed", "reconstruct"}, default "ignore"
        Non-respondents' unobserved ties: ``"ignore"`` counts them as absent; ``"observed"``
        counts a tie between two alters only when its sender responded, and the density's
        denominator only those cells (:math:`r(k-1)` for :math:`r` responding alters, NaN
        when :math:`r = 0` or :math:`k < 2`), as :func:`relnet.density` does; the other
        columns use the observed arcs; ``"reconstruct"`` imputes :math:`i \to j` from
        :math:`j \to i` for each non-respondent first and then counts every cell. Left at
        the default with non-respondents present, a :class:`relnet.MissingDataWarning` says
        so.

    Returns
    -------
    pandas.DataFrame
        One row per person, indexed by id: ``size``, ``alter_ties``, ``ego_density``,
        ``ego_components``, ``ego_betweenness``, and with ``by=``: ``blau``, ``iqv``,
        ``same_share``, ``ego_ei``, ``n_categories``.

    Raises
    ------
    ArgumentError
        When ``mode`` or ``missing`` is unknown, or ``by`` names an attribute that does not
        exist or has missing values.

    Notes
    -----
    ``size``, ``alter_ties`` and ``ego_density`` equal networkx ``ego_graph(G, u,
    undirected=True)`` (``mode="all"``) with ego removed, and ``density`` of that directed
    subgraph; ``ego_betweenness`` equals networkx ``betweenness_centrality(H,
    normalized=False)[u]`` on ``H = ego_graph(G, u, undirected=True)``. Ego betweenness
    counts ordered pairs of alters, as directed betweenness does (sna
    ``betweenness(cmode="directed")``): on a symmetric network (every tie both ways) it is
    twice the undirected value Everett & Borgatti and UCINET's ego-network routine report.
    The columns are the structural and compositional ego measures of UCINET's ego networks
    and of R egor (each tool with its own direction conventions); Blau and IQV follow
    Agresti & Agresti (1978).
    One pass per person in numba (a marker array stamped with the ego, so nothing is reset
    between egos), in parallel over people; the ego betweenness costs one breadth-first
    search per alter inside the ego network, so it grows with :math:`k` times the arcs of
    the ego network for the best-connected people.

    Examples
    --------
    >>> import relnet as rn
    >>> import pandas as pd
    >>> import relnet as rn
    >>> staff = pd.DataFrame({"role": ["nurse", "nurse", "doctor", "doctor"]},
    ...                      index=["ana", "ben", "cai", "dan"])
    >>> g = rn.Network.from_edges(["ana", "ana", "ben", "cai", "dan"],
    ...                           ["ben", "cai", "ana", "dan", "ana"], nodes=staff)
    >>> t = rn.ego_metrics(g, by="role")
    >>> # ana's alters: ben, cai, dan (k = 3); among them only cai->dan: 1 / (3 * 2)
    >>> t.loc["ana", ["size", "alter_ties", "ego_components"]].tolist()
    [3, 1, 2]
    >>> round(float(t.loc["ana", "ego_density"]), 4)
    0.1667
    >>> # only shortest paths, all through ana: ben->ana->cai, dan->ana->ben, dan->ana->cai,
    >>> # ben->ana->cai->dan and cai->dan->ana->ben: 5
    >>> float(t.loc["ana", "ego_betweenness"])
    5.0
    >>> # alters: 1 nurse, 2 doctors: 1 - (1/9 + 4/9) = 4/9; IQV = (4/9) / (1 - 1/2)
    >>> t.loc["ana", ["blau", "iqv", "same_share"]].round(4).tolist()
    [0.4444, 0.8889, 0.3333]
    >>> # ana's arcs: ana->ben, ben->ana inside; ana->cai, dan->ana across: (2 - 2) / 4
    >>> float(t.loc["ana", "ego_ei"])
    0.0

    References
    ----------
    .. [1] Everett, M. & Borgatti, S. P. (2005). Ego network betweenness. Social Networks
       27(1), 31-38.
    .. [2] Blau, P. M. (1977). Inequality and Heterogeneity. Free Press.
    .. [3] Agresti, A. & Agresti, B. F. (1978). Statistical analysis of qualitative
       variation. Sociological Methodology 9, 204-237.
    .. [4] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
       crises. Social Psychology Quarterly 51(2), 123-140.
    .. [5] Perry, B. L., Pescosolido, B. A. & Borgatti, S. P. (2018). Egocentric Network
       Analysis. Cambridge University Press.
    """
    check_network(graph)
    check_choice("mode", mode, EGO_MODES)
    if by is not None:
        codes, labels = group_codes(graph, by)
    else:
        codes, labels = np.empty(0, dtype=np.int64), pd.Index([])
    plan = missing_plan(graph, missing, measure="ego_metrics")
    g = plan.graph
    with kernel_chunks(g.m + g.n) as chunks:
        size, ties, cells, comps, betweenness, sumsq, same, n_cat = ego_kernels.ego_measures(
            g.indptr,
            g.indices,
            g.t_indptr,
            g.t_indices,
            _MODE_CODE[mode],
            plan.responded,
            plan.use_mask,
            codes,
            len(labels),
            chunks,
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        density = np.where((size >= 2) & (cells > 0), ties / np.maximum(cells, 1), np.nan)
    table = pd.DataFrame(
        {
            "size": size,
            "alter_ties": ties,
            "ego_density": density,
            "ego_components": comps,
            "ego_betweenness": betweenness,
        },
        index=graph.ids,
    )
    if by is None:
        return table
    k = size.astype(np.float64)
    has = size > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        blau = np.where(has, 1.0 - sumsq / np.maximum(k, 1.0) ** 2, np.nan)
        n_labels = len(labels)
        iqv = blau / (1.0 - 1.0 / n_labels) if n_labels > 1 else np.full(g.n, np.nan)
        same_share = np.where(has, same / np.maximum(k, 1.0), np.nan)
    table["blau"] = blau
    table["iqv"] = iqv
    table["same_share"] = same_share
    table["ego_ei"] = _ego_ei(g, codes, mode)
    table["n_categories"] = n_cat
    return table


def _ego_ei(graph: Network, codes: np.ndarray, mode: str) -> np.ndarray:
    """Per-person E-I index over the arcs the person sends and/or receives (by ``mode``)."""
    n = graph.n
    src = graph.sources
    dst = graph.indices
    inside = codes[src] == codes[dst]
    internal = np.zeros(n, dtype=np.int64)
    external = np.zeros(n, dtype=np.int64)
    if mode in ("all", "out"):
        internal += np.bincount(src[inside], minlength=n)
        external += np.bincount(src[~inside], minlength=n)
    if mode in ("all", "in"):
        internal += np.bincount(dst[inside], minlength=n)
        external += np.bincount(dst[~inside], minlength=n)
    total = internal + external
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (external - internal) / np.maximum(total, 1), np.nan)


def _position(graph: Network, node: Hashable) -> int:
    """Position of one id; UnknownPersonError naming it when it is not a person of ``graph``
    (the project's error for unknown ids), ArgumentError when it cannot be an id at all."""
    try:
        (u,) = graph.positions([node])
    except UnknownPersonError:
        raise UnknownPersonError(
            f"node {node!r} is not a person of this network ({graph.n} people); pass one of "
            "graph.ids."
        ) from None
    except TypeError:
        raise ArgumentError(
            f"node={node!r} cannot be an id (unhashable); pass one of graph.ids."
        ) from None
    return int(u)
