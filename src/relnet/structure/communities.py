"""Informal groups: community detection, modularity and the comparison of two partitions."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, MissingDependencyError, check_choice
from relnet.metrics.common import check_network
from relnet.network import Network

METHODS = ("leiden", "louvain")
OBJECTIVES = ("modularity", "cpm")
INSTALL_HINT = "pip install 'relnet[communities]' (or pip install leidenalg)"


# ---------------------------------------------------------------------------- helpers
def check_seed(seed: object) -> int:
    """A non-negative int seed for leidenalg/igraph from ``seed`` (int, None or Generator)."""
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, 2**31 - 1))
    if seed is None:
        return int(np.random.default_rng().integers(0, 2**31 - 1))
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ArgumentError(f"seed={seed!r} must be a non-negative int, None or a numpy Generator.")
    return int(seed) % (2**31 - 1)


def partition_codes(graph: Network, partition: object, name: str = "partition") -> np.ndarray:
    """Integer code (0..k-1) per position for a partition of ``graph``'s people.

    ``partition`` is a Series indexed by id (any order, exactly the graph's people), or an
    array-like of one label per position.
    """
    if isinstance(partition, pd.Series):
        index = partition.index
        if index.has_duplicates:
            raise ArgumentError(
                f"{name} has repeated ids (e.g. {index[index.duplicated()][0]!r}); give one "
                "label per person."
            )
        if len(index) != graph.n or not index.equals(graph.ids):
            missing = graph.ids.difference(index, sort=False)
            if len(missing):
                raise ArgumentError(
                    f"{name} has no label for person {missing[0]!r} ({len(missing)} people "
                    "missing); give a label for every person of the network."
                )
            extra = index.difference(graph.ids, sort=False)
            if len(extra):
                raise ArgumentError(
                    f"{name} labels {extra[0]!r}, who is not in the network ({len(extra)} "
                    "such ids); drop them or take the matching subgraph."
                )
            partition = partition.reindex(graph.ids)
        values = partition.to_numpy()
    else:
        values = np.asarray(partition)
        if values.ndim != 1 or len(values) != graph.n:
            raise ArgumentError(
                f"{name} has {len(values)} labels for {graph.n} people; pass a Series "
                "indexed by id or one label per person in graph order."
            )
    codes, _ = pd.factorize(values)
    if len(codes) and codes.min() < 0:
        first = graph.ids[int(np.flatnonzero(codes < 0)[0])]
        raise ArgumentError(f"{name} is missing for person {first!r}; give every person a label.")
    return codes.astype(np.int64)


def relabel_by_size(membership: np.ndarray) -> np.ndarray:
    """Labels 0..k-1 by decreasing size; ties by the first position a community holds."""
    membership = np.asarray(membership, dtype=np.int64)
    if membership.size == 0:
        return membership
    labels, first, inverse, sizes = np.unique(
        membership, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -sizes))  # largest first, then earliest member
    rank = np.empty(len(labels), dtype=np.int64)
    rank[order] = np.arange(len(labels))
    return rank[inverse.ravel()]


def _check_resolution(resolution: object) -> float:
    if isinstance(resolution, bool) or not isinstance(resolution, (int, float, np.number)):
        raise ArgumentError(f"resolution={resolution!r} must be a non-negative number.")
    value = float(resolution)
    if not math.isfinite(value) or value < 0:
        raise ArgumentError(f"resolution={resolution!r} must be a non-negative number.")
    return value


def _arc_arrays(graph: Network, weighted: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    src = graph.sources.astype(np.int64)
    dst = graph.indices.astype(np.int64)
    w = np.asarray(graph.weights, dtype=np.float64) if weighted else np.ones(graph.m)
    return src, dst, w


def _undirected_edges(graph: Network, weighted: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pair once (low, high) with the summed weight of its arcs in both directions."""
    src, dst, w = _arc_arrays(graph, weighted)
    low, high = np.minimum(src, dst), np.maximum(src, dst)
    key, inverse = np.unique(low * graph.n + high, return_inverse=True)
    return key // graph.n, key % graph.n, np.bincount(inverse.ravel(), weights=w)


def to_igraph_arcs(graph: Network, *, directed: bool, weighted: bool):  # noqa: ANN201
    """A bare igraph Graph on positions (no attributes) and its weight list."""
    import igraph as ig

    if directed:
        src, dst, w = _arc_arrays(graph, weighted)
    else:
        src, dst, w = _undirected_edges(graph, weighted)
    G = ig.Graph(n=graph.n, directed=directed)
    G.add_edges(np.column_stack([src, dst]))
    return G, w.tolist()


# ---------------------------------------------------------------------------- communities
def communities(
    graph: Network,
    *,
    method: str = "leiden",
    objective: str = "modularity",
    resolution: float = 1.0,
    weighted: bool = True,
    directed: bool = True,
    n_iterations: int = -1,
    seed: int | np.random.Generator | None = None,
) -> pd.Series:
    r"""Informal groups: a partition of the people that maximises modularity (or CPM).

    **Definition.** With :math:`w_{ij}` the trust weight of arc :math:`i \to j`,
    :math:`W = \sum_{ij} w_{ij}`, out- and in-strengths :math:`k_i^{out}, k_j^{in}` and
    resolution :math:`\gamma`, directed modularity (Leicht & Newman 2008) is
    :math:`Q = \frac{1}{W}\sum_{ij}\big(w_{ij} - \gamma\, k_i^{out} k_j^{in} / W\big)
    \delta(c_i, c_j)`. ``objective="cpm"`` maximises the Constant Potts Model
    :math:`\sum_c (e_c - \gamma\, n_c^2)` instead (``e_c`` the weight inside community c,
    ``n_c`` its size), which finds groups denser than ``resolution`` whatever the network
    size. Leiden (Traag, Waltman & van Eck 2019) moves people between groups, refines the
    groups so each stays connected, aggregates and repeats; ``method="louvain"`` (Blondel
    et al. 2008) moves and aggregates without the refinement step, on the same directed
    objective. Louvain may leave a community internally disconnected; Leiden does not.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    method : {"leiden", "louvain"}
        Optimiser.
    objective : {"modularity", "cpm"}
        Quality function.
    resolution : float
        :math:`\gamma`: higher gives more, smaller groups.
    weighted : bool
        Use trust weights as strengths (default) or count arcs.
    directed : bool
        Directed modularity (default). ``False`` treats each arc as an undirected edge (a
        mutual pair is one edge with the summed weight) and uses undirected modularity.
    n_iterations : int
        Iterations (each a full run of moves and aggregations, starting from the partition
        so far); negative (default) iterates until an iteration improves nothing.
    seed : int, numpy Generator or None
        Random seed; the same seed gives the same partition. For Leiden an int is passed to
        leidenalg's generator as is, so ``leidenalg.find_partition(..., seed=seed)`` on the
        same graph gives the same groups.

    Returns
    -------
    pandas.Series
        int64 community label per person, indexed by id, named ``community``. Labels run
        0, 1, ... by decreasing community size (the largest is 0; equal sizes are ordered by
        their first member in graph order). ``.attrs`` records ``implementation`` (which
        library and version ran), ``seconds`` (its run time), ``method``, ``objective``,
        ``resolution``, ``directed``, ``quality`` (the optimiser's objective value) and
        ``modularity`` (:func:`modularity` of the result, same weights and direction).

    Raises
    ------
    MissingDependencyError
        When leidenalg is not installed and Leiden (or CPM) is asked for on the directed
        graph (igraph's own Leiden is undirected only, so relnet does not substitute it
        silently); with ``directed=False`` igraph's ``community_leiden`` runs instead.
        Louvain on modularity needs no extra.
    ArgumentError
        For an unknown method or objective, a negative resolution, ``n_iterations=0`` or a
        bad seed.

    Notes
    -----
    Leiden runs leidenalg (Traag's C++ implementation, on an igraph graph):
    ``ModularityVertexPartition`` (``RBConfigurationVertexPartition`` when the resolution is
    not 1) or ``CPMVertexPartition``, directed when ``directed=True``. igraph's
    ``community_multilevel`` (Louvain) and ``community_leiden`` ignore arc direction, hence
    leidenalg. Louvain on modularity runs relnet's numba kernel
    (``relnet.kernels.modularity``): Leiden's queue-based fast local moving with the directed
    gain :math:`w_{i\to c} + w_{c\to i} - \gamma(k_i^{out}K_c^{in} + k_i^{in}K_c^{out})/W`,
    then aggregation, repeated; Louvain with CPM uses leidenalg's ``move_nodes`` on ever
    coarser aggregates. Isolates are communities of one.

    Cost: leidenalg until stable (the default) makes many passes with small gains on large
    networks: on a 100,000-staff synthetic system (515,000 arcs) it took about 16 times as
    long as ``n_iterations=2`` for +0.001 modularity, and relnet's Louvain kernel ran over
    10 times faster than ``n_iterations=2`` within 0.002 of leidenalg's modularity
    (BENCHMARKS.md, Communities). At 1,000,000 staff (5.1 million arcs, a loaded 2-core
    machine) the Louvain kernel took 48 s and leidenalg with ``n_iterations=2`` 16 minutes:
    use ``method="louvain"`` there.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(
    ...     ["a", "b", "c", "d", "e", "f", "a"], ["b", "c", "a", "e", "f", "d", "d"]
    ... )
    >>> labels = rn.communities(g, seed=1)
    >>> labels.tolist()  # two trust triangles joined by a single arc a -> d
    [0, 0, 0, 1, 1, 1]
    >>> # 6 of 7 arcs inside; {a,b,c}: K_out = 4, K_in = 3; {d,e,f}: K_out = 3, K_in = 4
    >>> round(labels.attrs["modularity"], 4)  # 6/7 - 24/49
    0.3673

    References
    ----------
    .. [1] Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to Leiden:
       guaranteeing well-connected communities. Scientific Reports, 9, 5233.
    .. [2] Leicht, E. A. & Newman, M. E. J. (2008). Community structure in directed
       networks. Physical Review Letters, 100, 118703.
    .. [3] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast
       unfolding of communities in large networks. J. Stat. Mech., P10008.
    .. [4] Traag, V. A., Van Dooren, P. & Nesterov, Y. (2011). Narrow scope for
       resolution-limit-free community detection. Physical Review E, 84, 016114.
    """
    check_network(graph)
    check_choice("method", method, METHODS)
    check_choice("objective", objective, OBJECTIVES)
    gamma = _check_resolution(resolution)
    if isinstance(n_iterations, bool) or not isinstance(n_iterations, (int, np.integer)):
        raise ArgumentError(
            f"n_iterations={n_iterations!r} must be an int (negative: until stable)."
        )
    if n_iterations == 0:
        raise ArgumentError("n_iterations=0 would leave everyone alone; pass -1 (until stable).")
    seed_int = check_seed(seed)
    weighted, directed = bool(weighted), bool(directed)

    try:
        import leidenalg
    except ImportError:
        leidenalg = None
    if leidenalg is None and directed and not (method == "louvain" and objective == "modularity"):
        raise MissingDependencyError(
            "rn.communities(directed=True) needs leidenalg for directed modularity and CPM "
            f"(igraph's own Leiden and Louvain are undirected only): {INSTALL_HINT}; "
            "or pass directed=False to run igraph's undirected algorithms."
        )

    start = time.perf_counter()
    G, w = to_igraph_arcs(graph, directed=directed, weighted=weighted)
    if graph.m == 0 or not any(w):  # nothing to optimise: everyone alone
        membership, quality, implementation = np.arange(graph.n), math.nan, "none (no ties)"
    elif method == "louvain" and objective == "modularity":
        membership = _run_louvain_kernel(
            graph, directed, weighted, gamma, int(n_iterations), np.random.default_rng(seed_int)
        )
        quality = _modularity_codes(
            graph, membership, weighted=weighted, directed=directed, resolution=gamma
        )
        implementation = "relnet numba Louvain (kernels.modularity)"
    elif leidenalg is not None:
        membership, quality = _run_leidenalg(
            leidenalg, G, w, method, objective, gamma, int(n_iterations), seed_int
        )
        implementation = f"leidenalg {leidenalg.__version__}"
    else:
        membership, quality, implementation = _run_igraph(
            G, w, method, objective, gamma, int(n_iterations), seed_int
        )
    seconds = time.perf_counter() - start

    labels = pd.Series(relabel_by_size(membership), index=graph.ids, name="community")
    labels.attrs.update(
        {
            "implementation": implementation,
            "seconds": seconds,
            "method": method,
            "objective": objective,
            "resolution": gamma,
            "directed": directed,
            "weighted": weighted,
            "quality": float(quality),
            "modularity": _modularity_codes(
                graph, labels.to_numpy(), weighted=weighted, directed=directed, resolution=1.0
            ),
        }
    )
    return labels


def _run_leidenalg(la, G, w, method, objective, gamma, n_iterations, seed):  # noqa: ANN001, ANN202
    if objective == "cpm":
        partition = la.CPMVertexPartition(G, weights=w, resolution_parameter=gamma)
    elif gamma == 1.0:
        partition = la.ModularityVertexPartition(G, weights=w)
    else:
        partition = la.RBConfigurationVertexPartition(G, weights=w, resolution_parameter=gamma)
    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    if method == "leiden":
        optimiser.optimise_partition(partition, n_iterations=n_iterations)
    else:
        # Louvain: local moves on ever coarser aggregates, no refinement (the loop of the
        # leidenalg documentation; Optimiser.refine_partition = False crashes leidenalg 0.12)
        done = 0
        while n_iterations < 0 or done < n_iterations:
            before = partition.quality()
            aggregate = partition.aggregate_partition()
            while optimiser.move_nodes(aggregate) > 0:
                partition.from_coarse_partition(aggregate)
                aggregate = aggregate.aggregate_partition()
            done += 1
            if partition.quality() <= before:
                break
    return np.asarray(partition.membership, dtype=np.int64), partition.quality()


def _level_arrays(graph: Network, directed: bool, weighted: bool) -> tuple:
    """Out- and in-CSR (int64 indices) with weights; undirected: the arcs plus their reverses.

    Undirected modularity with each arc an edge is directed modularity on A + A^T.
    """
    import scipy.sparse as sp

    w = np.asarray(graph.weights, dtype=np.float64) if weighted else np.ones(graph.m)
    A = sp.csr_matrix((w, graph.indices, graph.indptr), shape=(graph.n, graph.n))
    if not directed:
        A = (A + A.T).tocsr()
    A.sort_indices()
    T = A.T.tocsr()
    T.sort_indices()
    return (
        A.indptr.astype(np.int64),
        A.indices.astype(np.int64),
        A.data.astype(np.float64),
        T.indptr.astype(np.int64),
        T.indices.astype(np.int64),
        T.data.astype(np.float64),
    )


def _run_louvain_kernel(
    graph: Network,
    directed: bool,
    weighted: bool,
    gamma: float,
    n_iterations: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Louvain on directed modularity: local moves, aggregate, repeat (numba kernels)."""
    from relnet.kernels import modularity as kernels
    from relnet.threads import kernel_chunks

    indptr, indices, w, t_indptr, t_indices, t_w = _level_arrays(graph, directed, weighted)
    kout = np.bincount(np.repeat(np.arange(graph.n), np.diff(indptr)), weights=w,
                       minlength=graph.n)  # fmt: skip
    kin = np.bincount(indices, weights=w, minlength=graph.n)
    total = float(w.sum())
    partition = np.arange(graph.n, dtype=np.int64)
    runs = n_iterations if n_iterations > 0 else 100
    with kernel_chunks(graph.m):
        for _ in range(runs):
            level = (indptr, indices, w, t_indptr, t_indices, t_w, kout, kin)
            current = partition.copy()  # this run starts from the partition so far
            node_to_level = np.arange(graph.n, dtype=np.int64)
            moves_this_run = 0
            while True:
                n_level = level[6].shape[0]
                order = rng.permutation(n_level).astype(np.int64)
                moves = kernels.move_nodes(*level, total, gamma, order, current, 1000 * n_level)
                moves_this_run += moves
                current, k = kernels.compact_labels(current)
                node_to_level = current[node_to_level]
                if k == n_level:
                    break
                a_ptr, a_idx, a_w = kernels.aggregate(level[0], level[1], level[2], current, k)
                t_ptr, t_idx, t_wt = kernels.aggregate(level[3], level[4], level[5], current, k)
                level = (
                    a_ptr, a_idx, a_w, t_ptr, t_idx, t_wt,
                    kernels.community_strengths(level[6], current, k),
                    kernels.community_strengths(level[7], current, k),
                )  # fmt: skip
                current = np.arange(k, dtype=np.int64)
            partition = node_to_level
            if moves_this_run == 0:
                break
    return partition


def _run_igraph(G, w, method, objective, gamma, n_iterations, seed):  # noqa: ANN001, ANN202
    """Undirected fallback through igraph's C core, seeded through igraph's Python RNG."""
    import igraph as ig

    previous = random.getstate()
    ig.set_random_number_generator(random.Random(seed))
    try:
        if method == "louvain":
            if objective == "cpm":
                raise MissingDependencyError(
                    f"method='louvain' with objective='cpm' needs leidenalg: {INSTALL_HINT}."
                )
            clustering = G.community_multilevel(weights=w, resolution=gamma)
            name = "community_multilevel"
        else:
            clustering = G.community_leiden(
                objective_function="CPM" if objective == "cpm" else "modularity",
                weights=w,
                resolution=gamma,
                n_iterations=n_iterations,
            )
            name = "community_leiden"
    finally:
        ig.set_random_number_generator(random)
        random.setstate(previous)
    membership = np.asarray(clustering.membership, dtype=np.int64)
    quality = clustering.modularity if objective == "modularity" else math.nan
    return membership, quality, f"igraph {ig.__version__} {name} (undirected)"


# ---------------------------------------------------------------------------- modularity
def _modularity_codes(
    graph: Network, codes: np.ndarray, *, weighted: bool, directed: bool, resolution: float
) -> float:
    src, dst, w = _arc_arrays(graph, weighted)
    total = float(w.sum())
    if graph.m == 0 or total == 0:
        return math.nan
    k = int(codes.max()) + 1 if len(codes) else 0
    inside = float(w[codes[src] == codes[dst]].sum())
    out_c = np.bincount(codes[src], weights=w, minlength=k)
    in_c = np.bincount(codes[dst], weights=w, minlength=k)
    if directed:
        expected = float(np.dot(out_c, in_c)) / (total * total)
    else:
        both = out_c + in_c
        expected = float(np.dot(both, both)) / (4.0 * total * total)
    return inside / total - resolution * expected


def modularity(
    graph: Network,
    partition: pd.Series | Sequence[Hashable],
    *,
    weighted: bool = True,
    directed: bool = True,
    resolution: float = 1.0,
) -> float:
    r"""Modularity of a partition of the people (directed by default).

    **Definition.** Directed (Leicht & Newman 2008):
    :math:`Q = \frac{1}{W}\sum_{ij}\big(w_{ij} - \gamma\,k_i^{out}k_j^{in}/W\big)
    \delta(c_i,c_j) = \frac{W_{in}}{W} - \gamma\sum_c \frac{K^{out}_c K^{in}_c}{W^2}`,
    with :math:`W` the total weight, :math:`W_{in}` the weight of arcs inside communities and
    :math:`K^{out}_c, K^{in}_c` the communities' summed out- and in-strengths. Undirected
    (``directed=False``, each arc an edge): :math:`Q = W_{in}/W - \gamma\sum_c K_c^2/(2W)^2`
    with :math:`K_c = K^{out}_c + K^{in}_c`. NaN without arcs.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    partition : pandas.Series or array-like
        A label per person: a Series indexed by id (exactly the network's people, any order)
        or one label per person in graph order (e.g. a node attribute column).
    weighted : bool
        Use trust weights (default) or count arcs.
    directed : bool
        Directed (default) or undirected modularity.
    resolution : float
        :math:`\gamma`.

    Returns
    -------
    float

    Raises
    ------
    ArgumentError
        When the partition misses a person, names someone not in the network or has
        missing labels.

    Notes
    -----
    Equals igraph ``Graph.modularity(membership, weights, resolution, directed=...)`` on
    the directed graph.

    Examples
    --------
    >>> import pandas as pd
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c", "a"], ["b", "a", "d", "c"])
    >>> part = pd.Series({"a": "x", "b": "x", "c": "y", "d": "y"})
    >>> # inside: a->b, b->a, c->d = 3 of 4; K_x^out=3, K_x^in=2, K_y^out=1, K_y^in=2
    >>> rn.modularity(g, part, weighted=False)  # 3/4 - (3*2 + 1*2)/16
    0.25

    References
    ----------
    .. [1] Leicht, E. A. & Newman, M. E. J. (2008). Community structure in directed
       networks. Physical Review Letters, 100, 118703.
    .. [2] Newman, M. E. J. & Girvan, M. (2004). Finding and evaluating community structure
       in networks. Physical Review E, 69, 026113.
    """
    check_network(graph)
    gamma = _check_resolution(resolution)
    codes = partition_codes(graph, partition)
    return _modularity_codes(
        graph, codes, weighted=bool(weighted), directed=bool(directed), resolution=gamma
    )


# ---------------------------------------------------------------------------- comparison
def _aligned_codes(a: object, b: object) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(a, pd.Series) and isinstance(b, pd.Series):
        for name, s in (("a", a), ("b", b)):
            if s.index.has_duplicates:
                raise ArgumentError(
                    f"partition {name} has repeated ids (e.g. "
                    f"{s.index[s.index.duplicated()][0]!r}); give one label per person."
                )
        if not a.index.equals(b.index):
            only_a = a.index.difference(b.index, sort=False)
            if len(only_a):
                raise ArgumentError(
                    f"person {only_a[0]!r} is in partition a but not in b ({len(only_a)} "
                    "such ids); compare partitions of the same people (e.g. "
                    "b.reindex(a.index) after filling the gaps)."
                )
            only_b = b.index.difference(a.index, sort=False)
            if len(only_b):
                raise ArgumentError(
                    f"person {only_b[0]!r} is in partition b but not in a ({len(only_b)} "
                    "such ids); compare partitions of the same people."
                )
            b = b.reindex(a.index)
        values_a, values_b = a.to_numpy(), b.to_numpy()
    elif isinstance(a, pd.Series) or isinstance(b, pd.Series):
        raise ArgumentError(
            "pass both partitions as Series indexed by id (aligned by id), or both as "
            "sequences in the same order."
        )
    else:
        values_a, values_b = np.asarray(a), np.asarray(b)
        if values_a.ndim != 1 or values_b.ndim != 1 or len(values_a) != len(values_b):
            raise ArgumentError(
                f"the partitions have {len(values_a)} and {len(values_b)} labels; give one "
                "label per person in both."
            )
    codes_a, _ = pd.factorize(values_a)
    codes_b, _ = pd.factorize(values_b)
    for name, codes in (("a", codes_a), ("b", codes_b)):
        if len(codes) and codes.min() < 0:
            raise ArgumentError(f"partition {name} has missing labels; label every person.")
    return codes_a.astype(np.int64), codes_b.astype(np.int64)


def _entropy(counts: np.ndarray, n: int) -> float:
    p = counts[counts > 0] / n
    return float(-np.sum(p * np.log(p)))


def _pairs(x: np.ndarray) -> float:
    x = x.astype(np.float64)
    return float(np.sum(x * (x - 1.0) / 2.0))


def compare_partitions(
    a: pd.Series | Sequence[Hashable], b: pd.Series | Sequence[Hashable]
) -> dict[str, float]:
    r"""Agreement between two partitions of the same people (e.g. teams and communities).

    **Definition.** With :math:`n_{ij}` people in group i of ``a`` and group j of ``b``,
    margins :math:`a_i, b_j`, n people and entropies :math:`H` (natural logs):

    - ``nmi``: normalised mutual information :math:`2I(a;b)/(H(a)+H(b))` (Danon et al.
      2005); 1 when both partitions put everyone together;
    - ``ari``: adjusted Rand index (Hubert & Arabie 1985),
      :math:`(\sum_{ij}\binom{n_{ij}}{2} - t)/(\frac12(\sum_i\binom{a_i}{2} +
      \sum_j\binom{b_j}{2}) - t)`, :math:`t = \sum_i\binom{a_i}{2}\sum_j\binom{b_j}{2}/
      \binom{n}{2}`; NaN when both partitions are trivial and identical (0/0), as igraph;
    - ``vi``: variation of information :math:`H(a)+H(b)-2I(a;b)` (Meila 2003), 0 when equal;
    - ``split_join``: the split-join distance (van Dongen 2000),
      :math:`2n - \sum_i\max_j n_{ij} - \sum_j\max_i n_{ij}`, 0 when equal;
    - ``rand``: share of pairs of people on which the partitions agree (Rand 1971).

    ``rand`` and ``ari`` are NaN for fewer than two people.

    Parameters
    ----------
    a, b : pandas.Series or array-like
        Labels per person. Two Series are aligned by id and must hold the same ids; two
        plain sequences are compared position by position.

    Returns
    -------
    dict
        ``nmi``, ``ari``, ``vi``, ``split_join``, ``rand`` (floats).

    Raises
    ------
    ArgumentError
        When the Series hold different ids (naming the first), have repeated ids or missing
        labels, or the sequences differ in length.

    Notes
    -----
    Equals igraph ``compare_communities(a, b, method=...)`` with ``"nmi"``,
    ``"adjusted_rand"``, ``"vi"``, ``"split-join"`` and ``"rand"``. Relabelling the groups
    or reordering the people changes none of the scores.

    Examples
    --------
    >>> import pandas as pd
    >>> import relnet as rn
    >>> team = pd.Series({"a": 1, "b": 1, "c": 2, "d": 2})
    >>> found = pd.Series({"d": 0, "c": 0, "b": 0, "a": 1})
    >>> scores = rn.compare_partitions(team, found)
    >>> # pairs: ab split (disagree), cd together (agree), 4 cross pairs: 2 agree (a-c, a-d)
    >>> scores["rand"]  # (1 + 2) / 6
    0.5
    >>> scores["split_join"]  # 2*4 - (1 + 2) - (2 + 1)
    2.0

    References
    ----------
    .. [1] Danon, L., Díaz-Guilera, A., Duch, J. & Arenas, A. (2005). Comparing community
       structure identification. J. Stat. Mech., P09008.
    .. [2] Hubert, L. & Arabie, P. (1985). Comparing partitions. Journal of
       Classification, 2, 193-218.
    .. [3] Meila, M. (2003). Comparing clusterings by the variation of information.
       Learning Theory and Kernel Machines, 173-187.
    .. [4] van Dongen, S. (2000). Performance criteria for graph clustering and Markov
       cluster experiments. CWI report INS-R0012.
    .. [5] Rand, W. M. (1971). Objective criteria for the evaluation of clustering methods.
       JASA, 66, 846-850.
    """
    codes_a, codes_b = _aligned_codes(a, b)
    n = len(codes_a)
    if n == 0:
        raise ArgumentError("the partitions are empty; there is nothing to compare.")
    ka, kb = int(codes_a.max()) + 1, int(codes_b.max()) + 1
    key, counts = np.unique(codes_a * kb + codes_b, return_counts=True)
    row, col = key // kb, key % kb
    size_a = np.bincount(codes_a, minlength=ka)
    size_b = np.bincount(codes_b, minlength=kb)

    h_a, h_b = _entropy(size_a, n), _entropy(size_b, n)
    p = counts / n
    mutual = float(np.sum(p * np.log(p * n * n / (size_a[row] * size_b[col]))))
    nmi = 1.0 if h_a + h_b == 0 else 2.0 * mutual / (h_a + h_b)
    vi = h_a + h_b - 2.0 * mutual

    best_a = np.zeros(ka, dtype=np.int64)
    np.maximum.at(best_a, row, counts)
    best_b = np.zeros(kb, dtype=np.int64)
    np.maximum.at(best_b, col, counts)
    split_join = float(2 * n - best_a.sum() - best_b.sum())

    if n < 2:
        rand = ari = math.nan
    else:
        total = n * (n - 1) / 2.0
        both = _pairs(counts)
        pairs_a, pairs_b = _pairs(size_a), _pairs(size_b)
        rand = (total + 2.0 * both - pairs_a - pairs_b) / total
        expected = pairs_a * pairs_b / total
        denominator = 0.5 * (pairs_a + pairs_b) - expected
        ari = (both - expected) / denominator if denominator != 0 else math.nan
    return {
        "nmi": float(nmi),
        "ari": float(ari),
        "vi": float(vi),
        "split_join": split_join,
        "rand": float(rand),
    }
