"""Centrality of people in a trust network: degree, betweenness, closeness, PageRank, HITS."""

from __future__ import annotations

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, GraphKindError, check_choice
from relnet.kernels import spectral as spectral_kernels
from relnet.metrics.common import check_network, node_series, positive_weights
from relnet.metrics.source_batches import betweenness_sums, inverse_distance_sums
from relnet.network import Network
from relnet.threads import kernel_chunks

DEGREE_MODES = ("in", "out", "all")


def path_lengths(graph: Network, weighted: bool) -> tuple[np.ndarray, np.ndarray]:
    """Arc lengths for path measures (out- and in-CSR order): 1/w when ``weighted``, else 1.

    Raises
    ------
    GraphKindError
        When ``weighted`` and some weight is not positive (a distance 1/w needs w > 0).
    """
    if not weighted:
        ones = np.ones(graph.m)
        return ones, ones
    w = positive_weights(graph, "a weighted path measure (distance 1/w)")
    return 1.0 / w, 1.0 / graph.t_weights


def check_samples(samples: int | None, n: int) -> int | None:
    """Validate a ``samples`` argument (a number of source nodes, 1..n) and return it."""
    if samples is None:
        return None
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)):
        raise ArgumentError(f"samples must be a whole number of source people, got {samples!r}.")
    if not 1 <= samples <= max(n, 1):
        raise ArgumentError(
            f"samples={samples} must be between 1 and the number of people ({n}); "
            "use samples=None for the exact value."
        )
    return int(samples)


def sample_sources(n: int, samples: int, seed: int | np.random.Generator | None) -> np.ndarray:
    """``samples`` distinct positions drawn uniformly (reproducible with ``seed``), sorted."""
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=samples, replace=False)).astype(np.int64)


def degree(graph: Network, mode: str = "in", *, weighted: bool = False) -> pd.Series:
    """Number (or total weight) of trust ties each person receives, sends, or both.

    **Definition.** In-degree :math:`d^-_i = \\sum_j a_{ji}`, out-degree
    :math:`d^+_i = \\sum_j a_{ij}`, and ``"all"`` their sum (Freeman's total degree). With
    ``weighted=True`` the weights :math:`w_{ij}` replace :math:`a_{ij}` (strength).

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    mode : {"in", "out", "all"}
        Ties received, sent, or both.
    weighted : bool
        Sum weights (strength) instead of counting ties.

    Returns
    -------
    pandas.Series
        float64, indexed by person id, named ``in_degree``, ``out_degree`` or ``degree``
        (``in_strength`` ... when weighted).

    Notes
    -----
    Matches R sna ``degree(cmode="indegree" | "outdegree" | "freeman")``.

    Examples
    --------
    >>> g = Network.from_edges(["ana", "ben", "ana"], ["ben", "ana", "cai"])
    >>> degree(g, "out").tolist(), degree(g, "in").tolist(), degree(g, "all").tolist()
    ([2.0, 1.0, 0.0], [1.0, 1.0, 1.0], [3.0, 2.0, 1.0])

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       Social Networks 1(3), 215-239.
    """
    check_network(graph)
    check_choice("mode", mode, DEGREE_MODES)
    n = graph.n
    if weighted:
        out_values = np.bincount(graph.sources, weights=graph.weights, minlength=n)
        in_values = np.bincount(graph.indices, weights=graph.weights, minlength=n)
    else:
        out_values = graph.out_degree().astype(np.float64)
        in_values = graph.in_degree().astype(np.float64)
    values = {"in": in_values, "out": out_values, "all": in_values + out_values}[mode]
    stem = "strength" if weighted else "degree"
    name = stem if mode == "all" else f"{mode}_{stem}"
    return node_series(graph, np.asarray(values, dtype=np.float64), name)


def betweenness(
    graph: Network,
    *,
    weighted: bool = False,
    normalized: bool = False,
    samples: int | None = None,
    seed: int | np.random.Generator | None = None,
    endpoints: bool = False,
    estimator: str = "linear",
    epsilon: float | None = None,
    delta: float = 0.1,
) -> pd.Series:
    """How often each person lies on the shortest trust paths between two others.

    **Definition.** :math:`b_v = \\sum_{s \\ne v \\ne t} \\sigma_{st}(v) / \\sigma_{st}`,
    over ordered pairs, where :math:`\\sigma_{st}` counts shortest directed paths from
    :math:`s` to :math:`t` and :math:`\\sigma_{st}(v)` those through :math:`v` (Brandes'
    algorithm). With ``weighted=True`` a tie of strength :math:`w` has length :math:`1/w`.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    weighted : bool
        Use path lengths 1/w (strong ties are short); default hop counts, as sna.
    normalized : bool
        Divide by :math:`(n-1)(n-2)`, the number of ordered pairs excluding :math:`v`
        (networkx's directed normalisation; :math:`n(n-1)` with ``endpoints``).
    samples : int, optional
        Estimate from this many people :math:`S` drawn at random without replacement
        (:math:`k = |S|`), scaled by :math:`n/k`; an unbiased estimate (see ``estimator``).
        Default: exact.
    seed : int or numpy.random.Generator, optional
        Makes the sample reproducible.
    endpoints : bool
        Count each path's source and target as lying on it (networkx ``endpoints``).
    estimator : {"linear", "uniform"}
        How ``samples`` are used (ignored when exact). ``"linear"`` (default): the
        Geisberger-Sanders-Schultes linear scaling [3]_, two searches per sampled person
        :math:`x`, forward from :math:`x` (as a source) crediting :math:`v` with
        :math:`\\frac{\\sigma_{xt}(v)}{\\sigma_{xt}} \\frac{d(x,v)}{d(x,t)}` for every target
        :math:`t`, and on the reversed graph (:math:`x` as a target) crediting
        :math:`\\frac{\\sigma_{sx}(v)}{\\sigma_{sx}} \\frac{d(v,x)}{d(s,x)}` for every source
        :math:`s`; :math:`\\hat b_v = \\frac{n}{k}\\sum_{x \\in S}` (both). ``"uniform"``:
        Brandes-Pich [2]_, one forward Brandes search per sampled source, same scaling.
    epsilon : float, optional
        Instead of ``samples``: sample as many random shortest paths as needed (KADABRA
        [4]_, adaptive) for every estimate to be within :math:`\\epsilon n(n-1)` of the
        exact raw value (:math:`\\epsilon` on the scale of :math:`b_v / (n(n-1))`), all of
        them at once with probability at least :math:`1 - \\delta`. Unweighted, without
        ``endpoints``. ``attrs["samples"]`` then counts the pairs sampled.
    delta : float
        Failure probability of the ``epsilon`` guarantee (default 0.1).

    Returns
    -------
    pandas.Series
        float64, indexed by person id, named ``betweenness``. ``attrs["exact"]`` says
        whether it is exact and ``attrs["samples"]`` how many people were used.

    Raises
    ------
    GraphKindError
        When ``weighted`` and some weight is not positive.

    Notes
    -----
    Raw values equal R sna ``betweenness(gmode="digraph", cmode="directed")``, igraph
    ``betweenness(directed=True)`` and networkx ``betweenness_centrality(normalized=False)``;
    weighted values equal igraph with ``weights=1/w``. Parallel over sources.

    Why the linear estimator is unbiased: for :math:`v` on a shortest :math:`s \\to t`
    path :math:`d(s,v) + d(v,t) = d(s,t)`, so the forward and reversed weights of each pair
    sum to 1. Each person is in :math:`S` with probability :math:`k/n`, so
    :math:`E[\\hat b_v] = \\sum_x (F_x(v) + R_x(v))` with :math:`F_x` the forward credits
    (pairs with source :math:`x`) and :math:`R_x` the reversed ones (pairs with target
    :math:`x`); summed over all :math:`x` each ordered pair appears once in each, giving
    :math:`\\sum_{s,t} \\frac{\\sigma_{st}(v)}{\\sigma_{st}} (\\frac{d(s,v)}{d(s,t)} +
    \\frac{d(v,t)}{d(s,t)}) = b_v`. Nodes next to a sampled source no longer collect the
    full dependency of the long paths they start, the overestimate GSS identify in uniform
    sampling [3]_. On an undirected (symmetric) graph the reversed search repeats the
    forward one: GSS's :math:`2n/k` scaling of a single search. With
    ``endpoints`` each pair's target gets its 1 in the forward search and its source in the
    reversed one.

    Examples
    --------
    >>> g = Network.from_edges(["a", "b", "c"], ["b", "c", "d"])
    >>> betweenness(g).tolist()  # b lies on a->c, a->d; c on a->d, b->d
    [0.0, 2.0, 2.0, 0.0]

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
       Mathematical Sociology 25(2), 163-177.
    .. [2] Brandes, U. & Pich, C. (2007). Centrality estimation in large networks.
       International Journal of Bifurcation and Chaos 17(7), 2303-2318.
    .. [3] Geisberger, R., Sanders, P. & Schultes, D. (2008). Better approximation of
       betweenness centrality. ALENEX 2008, 90-100.
    .. [4] Borassi, M. & Natale, E. (2016). KADABRA is an adaptive algorithm for betweenness
       via random approximation. ESA 2016, 20:1-20:18.
    """
    check_network(graph)
    n = graph.n
    check_choice("estimator", estimator, ("linear", "uniform"))
    samples = check_samples(samples, n)
    path_lengths(graph, weighted)  # refuses weights <= 0
    if epsilon is not None:
        return _kadabra(graph, epsilon, delta, samples, weighted, endpoints, normalized, seed)
    if samples is None or samples >= n:
        sources = np.arange(n, dtype=np.int64)
        exact = True
    else:
        sources = sample_sources(n, samples, seed)
        exact = False
    # source batches: on the cluster inside rn.distributed, same floats either way
    values = betweenness_sums(
        graph, sources, weighted=bool(weighted), endpoints=bool(endpoints),
        linear=not exact and estimator == "linear",
    )  # fmt: skip
    if not exact:
        values = values * (n / len(sources))
    if normalized:
        pairs = n * (n - 1) if endpoints else (n - 1) * (n - 2)
        if pairs > 0:
            values = values / pairs
    result = node_series(graph, values, "betweenness")
    result.attrs.update(exact=exact, samples=len(sources))
    return result


def _kadabra(graph, epsilon, delta, samples, weighted, endpoints, normalized, seed):
    """``betweenness(epsilon=...)``: validated here, sampled by relnet.metrics.kadabra."""
    from relnet.metrics.kadabra import kadabra_fraction

    for name, value in (("epsilon", epsilon), ("delta", delta)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
            raise ArgumentError(f"{name} must be a number strictly between 0 and 1, got {value!r}.")
    if samples is not None:
        raise ArgumentError("give samples= or epsilon=, not both (epsilon= chooses the samples).")
    if weighted or endpoints:
        raise ArgumentError(
            "epsilon= (KADABRA) supports hop distances without endpoints; drop weighted=True "
            "and endpoints=True, or use samples= instead."
        )
    n = graph.n
    if n < 3:
        values, used = np.zeros(n), 0
    else:
        fraction, used = kadabra_fraction(
            graph, float(epsilon), float(delta), np.random.default_rng(seed)
        )
        values = fraction * (n * (n - 1))
        if normalized:
            values = values / ((n - 1) * (n - 2))
    result = node_series(graph, values, "betweenness")
    result.attrs.update(exact=False, samples=used)
    return result


def harmonic_closeness(
    graph: Network,
    *,
    weighted: bool = False,
    samples: int | None = None,
    seed: int | np.random.Generator | None = None,
) -> pd.Series:
    """How close each person is to everyone else along outgoing trust paths.

    **Definition.** :math:`h_i = \\frac{1}{n-1} \\sum_{j \\ne i} 1/d(i, j)`, with
    :math:`d(i,j)` the directed shortest-path distance from :math:`i` to :math:`j` and
    :math:`1/d = 0` when :math:`j` is unreachable (harmonic closeness). With
    ``weighted=True`` a tie of strength :math:`w` has length :math:`1/w`.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    weighted : bool
        Use path lengths 1/w; default hop counts.
    samples : int, optional
        Estimate from this many target people drawn at random: :math:`h_i` is estimated by
        the mean of :math:`1/d(i, t)` over the sampled :math:`t \\ne i` (searching the reversed
        graph from each sampled target). Default: exact.
    seed : int or numpy.random.Generator, optional
        Makes the sample reproducible.

    Returns
    -------
    pandas.Series
        float64 in [0, 1] (unweighted), indexed by person id, named ``harmonic_closeness``;
        NaN for a one-person network. ``attrs["exact"]`` and ``attrs["samples"]`` describe it.

    Notes
    -----
    Equals R sna ``closeness(gmode="digraph", cmode="suminvdir")`` and networkx
    ``harmonic_centrality(G.reverse()) / (n - 1)``.

    Examples
    --------
    >>> g = Network.from_edges(["a", "b"], ["b", "c"])
    >>> harmonic_closeness(g).tolist()  # a: (1/1 + 1/2) / 2
    [0.75, 0.5, 0.0]

    References
    ----------
    .. [1] Marchiori, M. & Latora, V. (2000). Harmony in the small-world. Physica A 285,
       539-546.
    .. [2] Rochat, Y. (2009). Closeness centrality extended to unconnected graphs: the harmonic
       centrality index. ASNA 2009.
    """
    check_network(graph)
    n = graph.n
    samples = check_samples(samples, n)
    path_lengths(graph, weighted)  # refuses weights <= 0
    if samples is None or samples >= n:
        per_source = inverse_distance_sums(
            graph, np.arange(n, dtype=np.int64), weighted=bool(weighted), reverse=False,
            per_target=False,
        )  # fmt: skip
        with np.errstate(invalid="ignore", divide="ignore"):
            values = per_source / (n - 1) if n > 1 else np.full(n, np.nan)
        exact, used = True, n
    else:
        targets = sample_sources(n, samples, seed)
        per_node = inverse_distance_sums(
            graph, targets, weighted=bool(weighted), reverse=True, per_target=True
        )
        others = np.full(n, float(samples))
        others[targets] -= 1.0
        with np.errstate(invalid="ignore", divide="ignore"):
            values = np.where(others > 0, per_node / others, np.nan)
        exact, used = False, samples
    result = node_series(graph, values, "harmonic_closeness")
    result.attrs.update(exact=exact, samples=used)
    return result


def pagerank(
    graph: Network,
    alpha: float = 0.85,
    *,
    weighted: bool = True,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> pd.Series:
    """PageRank: the long-run share of a random walk along trust ties spent at each person.

    **Definition.** :math:`x = \\alpha P^T x + (\\alpha D + 1 - \\alpha)/n`, where
    :math:`P_{ij} = w_{ij}/\\sum_k w_{ik}`, and :math:`D` is the score held by people who
    nominate nobody (dangling), spread uniformly. Power iteration until the L1 change is
    below ``n * tol``.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    alpha : float
        Damping factor in (0, 1].
    weighted : bool
        Follow ties in proportion to their weights (default, as networkx) or uniformly.
    tol, max_iter
        Convergence tolerance and the iteration cap.

    Returns
    -------
    pandas.Series
        float64 summing to 1, indexed by person id, named ``pagerank``.

    Raises
    ------
    ArgumentError
        When ``alpha`` is outside (0, 1] or the iteration does not converge.
    GraphKindError
        When ``weighted`` and some weight is negative.

    Notes
    -----
    Equals networkx ``pagerank(G, alpha, weight="weight")`` (uniform personalisation and
    dangling distribution) to its tolerance.

    Examples
    --------
    >>> g = Network.from_edges(["a", "b", "c"], ["b", "c", "a"])
    >>> pagerank(g).round(4).tolist()
    [0.3333, 0.3333, 0.3333]

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R. & Winograd, T. (1999). The PageRank citation
       ranking: bringing order to the web. Stanford InfoLab.
    """
    check_network(graph)
    if not 0.0 < alpha <= 1.0:
        raise ArgumentError(f"alpha={alpha!r} must be in (0, 1]; 0.85 is the usual choice.")
    n = graph.n
    if n == 0:
        return node_series(graph, np.empty(0), "pagerank")
    weights = _nonnegative_weights(graph, weighted)
    t_weights = weights[graph.t_to_out]
    out_strength = np.bincount(graph.sources, weights=weights, minlength=n).astype(np.float64)
    with kernel_chunks(graph.m):
        values, iterations = spectral_kernels.pagerank(
            graph.t_indptr, graph.t_indices, t_weights, out_strength, float(alpha), tol, max_iter
        )
    if iterations < 0:
        raise ArgumentError(
            f"PageRank did not converge in {max_iter} iterations; raise max_iter or tol."
        )
    return node_series(graph, values, "pagerank")


def hubs_authorities(
    graph: Network, *, weighted: bool = True, tol: float = 1e-12, max_iter: int = 10000
) -> pd.DataFrame:
    """Hub and authority scores (HITS): who points to trusted people, and who is trusted by hubs.

    **Definition.** Authorities :math:`a \\propto A^T h` and hubs :math:`h \\propto A a`:
    the principal right and left singular vectors of the (weighted) adjacency matrix
    :math:`A`, each normalised to sum 1.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    weighted : bool
        Use tie weights in :math:`A` (default, as networkx).
    tol, max_iter
        Convergence tolerance (L1 change of the hub vector) and the iteration cap.

    Returns
    -------
    pandas.DataFrame
        Columns ``hub`` and ``authority`` (float64, each summing to 1; zeros for a graph
        without ties), indexed by person id.

    Raises
    ------
    ArgumentError
        When the iteration does not converge (the leading singular value is not unique).

    Notes
    -----
    Equals networkx ``hits(G)`` when the leading singular value of :math:`A` is simple.

    Examples
    --------
    >>> g = Network.from_edges(["a", "a", "b"], ["b", "c", "c"])
    >>> hubs_authorities(g).round(3)  # golden-ratio split: (1.618, 1) / 2.618
         hub  authority
    a  0.618      0.000
    b  0.382      0.382
    c  0.000      0.618

    References
    ----------
    .. [1] Kleinberg, J. M. (1999). Authoritative sources in a hyperlinked environment.
       Journal of the ACM 46(5), 604-632.
    """
    check_network(graph)
    n = graph.n
    if n == 0 or graph.m == 0:
        zeros = np.zeros(n)
        return pd.DataFrame({"hub": zeros, "authority": zeros}, index=graph.ids)
    weights = _nonnegative_weights(graph, weighted)
    with kernel_chunks(graph.m):
        hubs, authorities, iterations = spectral_kernels.hits(
            graph.indptr,
            graph.indices,
            weights,
            graph.t_indptr,
            graph.t_indices,
            weights[graph.t_to_out],
            tol,
            max_iter,
        )
    if iterations < 0:
        raise ArgumentError(
            f"HITS did not converge in {max_iter} iterations: the leading singular value is "
            "probably not unique (e.g. two identical separate groups); hubs and authorities "
            "are then not defined uniquely."
        )
    return pd.DataFrame({"hub": hubs, "authority": authorities}, index=graph.ids)


def _nonnegative_weights(graph: Network, weighted: bool) -> np.ndarray:
    if not weighted:
        return np.ones(graph.m)
    weights = np.asarray(graph.weights, dtype=np.float64)
    if graph.m and weights.min() < 0:
        raise GraphKindError(
            "some arc weights are negative; PageRank and HITS need non-negative weights. "
            "Use weighted=False or drop those arcs."
        )
    return weights
