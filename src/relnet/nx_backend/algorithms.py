"""networkx's functions on relnet's measures, with networkx's signatures, types and keys.

Every function takes the converted :class:`~relnet.nx_backend.graph.RelnetGraph` and returns
what networkx returns: dicts keyed by the original node objects, Python ``int``/``float``
values, generators of sets where networkx yields them. Raising NotImplementedError hands the
call back to networkx.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator
from typing import Any

import networkx as nx
import numpy as np

from relnet.errors import ArgumentError, RelnetError
from relnet.kernels import betweenness as betweenness_kernels
from relnet.kernels import paths as path_kernels
from relnet.metrics.centrality import pagerank as rn_pagerank
from relnet.metrics.cohesion import clustering as rn_clustering
from relnet.metrics.cohesion import components as rn_components
from relnet.metrics.cohesion import core_number as rn_core_number
from relnet.metrics.cohesion import transitivity as rn_transitivity
from relnet.metrics.mixing import assortativity as rn_assortativity
from relnet.metrics.reciprocity import node_reciprocity as rn_node_reciprocity
from relnet.metrics.reciprocity import reciprocity as rn_reciprocity
from relnet.metrics.structural_holes import structural_holes as rn_structural_holes
from relnet.metrics.triads import triad_census as rn_triad_census
from relnet.nx_backend.graph import RelnetGraph, node_dict
from relnet.threads import kernel_chunks

__all__ = [
    "triadic_census",
    "overall_reciprocity",
    "reciprocity",
    "constraint",
    "effective_size",
    "local_constraint",
    "betweenness_centrality",
    "harmonic_centrality",
    "pagerank",
    "core_number",
    "strongly_connected_components",
    "weakly_connected_components",
    "number_strongly_connected_components",
    "number_weakly_connected_components",
    "transitivity",
    "clustering",
    "average_clustering",
    "attribute_assortativity_coefficient",
]


def weight_key(weight: Any) -> str | None:
    """The edge attribute a call reads (None: unweighted)."""
    return None if weight is None else weight


def _positive(values: np.ndarray, what: str) -> None:
    """Decline (hand back to networkx) zero or negative lengths or strengths."""
    if len(values) and not np.all(values > 0):
        raise NotImplementedError(
            f"relnet needs positive {what}; networkx runs graphs with zero or negative ones"
        )


def triadic_census(G: RelnetGraph, nodelist: Any = None) -> dict[str, int]:
    """networkx ``triadic_census`` from ``relnet.triad_census``."""
    if nodelist is not None:
        raise NotImplementedError("relnet's triad census counts every triad")
    census = rn_triad_census(G.network())
    return {str(k): int(v) for k, v in census.items()}


def overall_reciprocity(G: RelnetGraph) -> float:
    """networkx ``overall_reciprocity``: ``relnet.reciprocity`` edgewise, 2M/(2M+A)."""
    net = G.network()
    if net.m == 0:
        raise nx.NetworkXError("Not defined for empty graphs")
    return float(rn_reciprocity(net, mode="edgewise"))


def reciprocity(G: RelnetGraph, nodes: Any = None) -> Any:
    """networkx ``reciprocity``: per node from ``relnet.node_reciprocity`` (None: isolates)."""
    if nodes is None:
        return overall_reciprocity(G)
    values = G._cache.get("node_reciprocity")
    if values is None:
        values = rn_node_reciprocity(G.network()).to_numpy()
        G._cache["node_reciprocity"] = values
    if nodes in G:
        value = values[G.index[nodes]]
        if np.isnan(value):
            raise nx.NetworkXError("Not defined for isolated nodes.")
        return float(value)
    chosen = G.nbunch(nodes)
    picked = values[G.positions(chosen)].tolist()
    return {u: (None if math.isnan(v) else v) for u, v in zip(chosen, picked)}


# ---------------------------------------------------------------- structural holes
def _holes(G: RelnetGraph, weight: str | None, column: str, nodes: Any) -> dict:
    net = G.network(weight_key(weight))
    if weight is not None:
        _positive(net.weights, "edge weights for structural holes")
    try:
        table = rn_structural_holes(net, weighted=weight is not None)
    except RelnetError as exc:  # a weight relnet cannot use
        raise NotImplementedError(str(exc)) from exc
    values = table[column].to_numpy()
    if nodes is None:
        return node_dict(G, values)
    # networkx's per-node path: NaN where the node has no successors (len(G[v]) == 0)
    chosen = list(nodes)
    rows = G.positions(chosen)
    picked = np.where(net.out_degree()[rows] == 0, np.nan, values[rows])
    return dict(zip(chosen, picked.tolist()))


def constraint(G: RelnetGraph, nodes: Any = None, weight: str | None = None) -> dict:
    """networkx ``constraint``: Burt's constraint from ``relnet.structural_holes``."""
    return _holes(G, weight, "constraint", nodes)


def effective_size(G: RelnetGraph, nodes: Any = None, weight: str | None = None) -> dict:
    """networkx ``effective_size``: Burt's effective size from ``relnet.structural_holes``."""
    return _holes(G, weight, "effective_size", nodes)


def local_constraint(G: RelnetGraph, u: Hashable, v: Hashable, weight: str | None = None):
    """networkx ``local_constraint``: :math:`(p_{uv} + \\sum_w p_{uw} p_{wv})^2`."""
    import scipy.sparse as sp

    key = ("mutual", weight)
    cached = G._cache.get(key)
    if cached is None:
        net = G.network(weight_key(weight))
        w = net.weights if weight is not None else np.ones(net.m)
        if weight is not None:
            _positive(w, "edge weights for structural holes")
        n = net.n
        A = sp.csr_array((w, net.indices, net.indptr), shape=(n, n))
        M = (A + A.T).tocsr()
        M.sort_indices()
        cached = (M, np.asarray(M.sum(axis=1)).ravel())
        G._cache[key] = cached
    M, strength = cached
    if u not in G or v not in G:
        missing = u if u not in G else v
        raise nx.NetworkXError(f"The node {missing} is not in the graph.")
    i, j = G.index[u], G.index[v]
    if strength[i] == 0:
        return 0.0
    row_i = slice(M.indptr[i], M.indptr[i + 1])
    nbrs, m_iw = M.indices[row_i], M.data[row_i]
    p_iw = m_iw / strength[i]
    direct = float(p_iw[nbrs == j].sum())
    # p_wj = m_wj / strength[w]; M is symmetric, so m_wj is row j's entry for w
    row_j = slice(M.indptr[j], M.indptr[j + 1])
    common, at_i, at_j = np.intersect1d(nbrs, M.indices[row_j], return_indices=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_wj = M.data[row_j][at_j] / strength[common]
    indirect = float(np.sum(p_iw[at_i] * np.where(strength[common] > 0, p_wj, 0.0)))
    return (direct + indirect) ** 2


# ---------------------------------------------------------------- paths
def betweenness_centrality(
    G: RelnetGraph,
    k: int | None = None,
    normalized: bool = True,
    weight: str | None = None,
    endpoints: bool = False,
    seed: Any = None,
) -> dict:
    """networkx ``betweenness_centrality`` on relnet's parallel Brandes kernel.

    The kernel is the one behind ``relnet.betweenness``; it is called directly because
    networkx reads ``weight`` as a distance (relnet: a strength, distance 1/w) and draws
    its ``k`` sources with its own random state: the same ``seed.sample(list(G), k)``
    here gives exactly networkx's sources.
    """

    n = len(G)
    if k == n:
        k = None
    if k is None:
        sources = np.arange(n, dtype=np.int64)
        sampled = None
    else:
        sampled = G.positions(seed.sample(list(G.nodes), k))
        sources = sampled
    net = G.network(weight_key(weight))
    if weight is None:
        lengths = np.ones(net.m)
    else:
        lengths = np.ascontiguousarray(net.weights, dtype=np.float64)
        _positive(lengths, "edge distances for betweenness")
    with kernel_chunks(net.m * len(sources)) as chunks:
        raw = betweenness_kernels.brandes(
            net.indptr,
            net.indices,
            lengths,
            sources,
            weight is not None,
            bool(endpoints),
            chunks,
        )
    values = _rescale(
        raw,
        n,
        normalized=normalized,
        directed=G.directed,
        endpoints=endpoints,
        sampled=sampled,
    )
    return node_dict(G, values)


def harmonic_centrality(
    G: RelnetGraph, nbunch: Any = None, distance: str | None = None, sources: Any = None
) -> dict:
    """networkx ``harmonic_centrality``: :math:`\\sum_{s \\ne v} 1/d(s, v)` per node.

    The kernel is relnet's inverse-distance sum (behind ``relnet.harmonic_closeness``,
    which is its mean over out-paths); networkx sums over in-paths from ``sources``.
    """

    targets = G.nbunch(nbunch)
    source_nodes = G.nbunch(sources)
    net = G.network(weight_key(distance))
    if distance is None:
        lengths = np.ones(net.m)
    else:
        lengths = np.ascontiguousarray(net.weights, dtype=np.float64)
        _positive(lengths, "edge distances for harmonic centrality")
    positions = np.unique(G.positions(source_nodes))
    with kernel_chunks(net.m * len(positions)) as chunks:
        _, per_target = path_kernels.inverse_distance_sums(
            net.indptr, net.indices, lengths, positions, distance is not None, chunks
        )
    picked = per_target[G.positions(targets)].tolist()
    return dict(zip(targets, picked))


def pagerank(
    G: RelnetGraph,
    alpha: float = 0.85,
    personalization: Any = None,
    max_iter: int = 100,
    tol: float = 1.0e-6,
    nstart: Any = None,
    weight: str | None = "weight",
    dangling: Any = None,
) -> dict:
    """networkx ``pagerank`` from ``relnet.pagerank`` (uniform teleport and dangling)."""
    if personalization is not None or nstart is not None or dangling is not None:
        raise NotImplementedError("relnet's PageRank is uniform")
    if len(G) == 0:
        return {}
    if max_iter < 1:
        raise nx.PowerIterationFailedConvergence(max_iter)
    net = G.network(weight_key(weight))
    if weight is not None and net.m and net.weights.min() < 0:
        raise NotImplementedError("relnet's PageRank needs non-negative weights")
    try:
        values = rn_pagerank(net, alpha, weighted=weight is not None, tol=tol, max_iter=max_iter)
    except ArgumentError as exc:
        raise nx.PowerIterationFailedConvergence(max_iter) from exc
    return node_dict(G, values)


# ---------------------------------------------------------------- cohesion
def core_number(G: RelnetGraph) -> dict:
    """networkx ``core_number``: ``relnet.core_number`` (total degree on a DiGraph)."""
    # a Graph holds both arcs of each edge, so its out-degree is the degree
    mode = "all" if G.directed else "out"
    return node_dict(G, rn_core_number(G.network(), mode=mode).to_numpy(dtype=np.int64))


def _labels(G: RelnetGraph, connection: str) -> np.ndarray:
    key = ("components", connection)
    labels = G._cache.get(key)
    if labels is None:
        labels = rn_components(G.network(), connection=connection).to_numpy(dtype=np.int64)
        G._cache[key] = labels
    return labels


def _component_sets(G: RelnetGraph, connection: str) -> list[set]:
    labels = _labels(G, connection)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    nodes = np.empty(len(G), dtype=object)
    nodes[:] = G.nodes
    return [set(part.tolist()) for part in np.split(nodes[order], bounds)] if len(G) else []


def strongly_connected_components(G: RelnetGraph) -> Iterator[set]:
    """networkx ``strongly_connected_components``: a generator of node sets."""
    yield from _component_sets(G, "strong")


def weakly_connected_components(G: RelnetGraph) -> Iterator[set]:
    """networkx ``weakly_connected_components``: a generator of node sets."""
    yield from _component_sets(G, "weak")


def number_strongly_connected_components(G: RelnetGraph) -> int:
    """networkx ``number_strongly_connected_components``."""
    return int(len(np.unique(_labels(G, "strong"))))


def number_weakly_connected_components(G: RelnetGraph) -> int:
    """networkx ``number_weakly_connected_components``."""
    return int(len(np.unique(_labels(G, "weak"))))


def transitivity(G: RelnetGraph) -> float:
    """networkx ``transitivity`` of an undirected graph: ``relnet.transitivity`` weak."""
    net = G.network()
    # networkx gives 0 without a two-path (relnet, as sna, gives 1): no node of degree 2
    if not np.any(net.out_degree() >= 2):
        return 0
    value = float(rn_transitivity(net, measure="weak"))
    return 0 if value == 0 else value


def _clustering_values(G: RelnetGraph, weight: str | None) -> np.ndarray:
    key = ("clustering", weight)
    values = G._cache.get(key)
    if values is None:
        net = G.network(weight_key(weight))
        try:
            values = rn_clustering(net, weighted=weight is not None).to_numpy()
        except RelnetError as exc:  # a weight relnet cannot use
            raise NotImplementedError(str(exc)) from exc
        G._cache[key] = values
    return values


def clustering(G: RelnetGraph, nodes: Any = None, weight: str | None = None) -> Any:
    """networkx ``clustering``: ``relnet.clustering`` (Fagiolo; on a Graph, 2T/(d(d-1)))."""
    values = _clustering_values(G, weight)
    if nodes is not None and nodes in G:
        value = float(values[G.index[nodes]])
        return 0 if value == 0 else value
    chosen = G.nbunch(nodes)
    picked = values[G.positions(chosen)].tolist()
    return {u: (0 if v == 0 else v) for u, v in zip(chosen, picked)}


def average_clustering(
    G: RelnetGraph, nodes: Any = None, weight: str | None = None, count_zeros: bool = True
) -> float:
    """networkx ``average_clustering``: the mean of ``relnet.clustering`` over ``nodes``."""
    values = _clustering_values(G, weight)
    picked = values[G.positions(G.nbunch(nodes))]
    if not count_zeros:
        picked = picked[np.abs(picked) > 0]
    if len(picked) == 0:
        raise ZeroDivisionError("division by zero")
    return sum(picked.tolist()) / len(picked)  # summed in node order, as networkx


# ---------------------------------------------------------------- mixing
def attribute_assortativity_coefficient(
    G: RelnetGraph, attribute: Hashable, nodes: Any = None
) -> float:
    """networkx ``attribute_assortativity_coefficient``: ``relnet.assortativity``."""
    if nodes is not None:
        raise NotImplementedError("relnet counts every arc; nodes is not supported")
    if len(G.src) == 0:
        return 0.0  # what networkx returns for a graph without edges (relnet: NaN)
    try:
        return float(rn_assortativity(G.network_with(attribute), attribute))
    except RelnetError as exc:  # e.g. a node without the attribute
        raise NotImplementedError(str(exc)) from exc


def _rescale(
    values: np.ndarray,
    n: int,
    *,
    normalized: bool,
    directed: bool,
    endpoints: bool,
    sampled: np.ndarray | None,
) -> np.ndarray:
    """networkx's betweenness rescaling (``networkx.algorithms.centrality.betweenness``)."""
    k = None if sampled is None else len(sampled)
    N = n if endpoints else n - 1
    if N < 2:
        return values
    K = N if k is None else k
    correction = 1 if directed else 2
    if k is None or endpoints:
        scale = 1 / (K * (N - 1)) if normalized else N / (K * correction)
        return values * scale if scale != 1 else values
    if normalized:
        scale_source = 1 / ((K - 1) * (N - 1)) if K > 1 else math.nan
        scale_other = 1 / (K * (N - 1))
    else:
        scale_source = N / ((K - 1) * correction) if K > 1 else math.nan
        scale_other = N / (K * correction)
    scale = np.full(n, scale_other)
    scale[sampled] = scale_source
    return values * scale
