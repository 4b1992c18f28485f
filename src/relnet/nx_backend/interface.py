"""The networkx backend interface: conversion, can_run/should_run and the algorithms.

networkx calls ``BackendInterface.convert_from_nx`` on each graph argument (and caches the
result in ``G.__networkx_cache__``, keyed by the edge and node attributes the call needs, so
a second call with the same ``weight`` reuses it), then ``BackendInterface.<function>`` with
the converted :class:`RelnetGraph`, and finally hands the result to the caller (in its test
mode, through ``convert_to_nx``). Every function here takes networkx's signature and returns
networkx's types and keys: dicts keyed by the original node objects, Python ``int``/``float``
values, generators of sets where networkx yields them.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

import relnet as rn
from relnet.errors import RelnetError
from relnet.network import Network
from relnet.threads import kernel_chunks

BACKEND_NAME = "relnet"

# measures networkx defines for directed graphs only (its not_implemented_for("undirected"))
DIRECTED_ONLY = frozenset(
    {
        "triadic_census",
        "overall_reciprocity",
        "reciprocity",
        "number_strongly_connected_components",
        "strongly_connected_components",
        "weakly_connected_components",
        "number_weakly_connected_components",
    }
)
# measures whose networkx definition on a DiGraph differs from relnet's: undirected only
UNDIRECTED_ONLY = frozenset({"transitivity"})
# linear-time measures: converting costs about as much as networkx's own run
LINEAR = frozenset(
    {
        "overall_reciprocity",
        "reciprocity",
        "core_number",
        "number_strongly_connected_components",
        "strongly_connected_components",
        "weakly_connected_components",
        "number_weakly_connected_components",
        "attribute_assortativity_coefficient",
        "local_constraint",
    }
)
# relnet public function each networkx function needs (declined until it exists)
NEEDS = {
    "core_number": "core_number",
    "number_strongly_connected_components": "components",
    "strongly_connected_components": "components",
    "weakly_connected_components": "components",
    "number_weakly_connected_components": "components",
    "attribute_assortativity_coefficient": "assortativity",
    "transitivity": "transitivity",
    "clustering": "clustering",
    "average_clustering": "clustering",
}


class RelnetGraph:
    """A networkx graph converted for relnet: the original node objects plus relnet Networks.

    Positions ``0..n-1`` follow ``list(G)``; :meth:`network` gives a relnet Network over those
    positions (an undirected graph holds both directions of each edge) with the arc weights
    of one edge attribute. Self-loops are dropped and remembered in ``has_selfloops`` (relnet
    declines such graphs).
    """

    __networkx_backend__ = BACKEND_NAME

    def __init__(
        self,
        nodes: list[Hashable],
        src: np.ndarray,
        dst: np.ndarray,
        weights: dict[str, np.ndarray],
        *,
        directed: bool,
        has_selfloops: bool,
        node_values: dict[str, list[Any]] | None = None,
        graph_attrs: dict[str, Any] | None = None,
    ) -> None:
        self.nodes = nodes
        self.src = src
        self.dst = dst
        self.weights = weights
        self.directed = directed
        self.has_selfloops = has_selfloops
        self.node_values = node_values or {}
        self.graph = graph_attrs if graph_attrs is not None else {}
        self._index: dict[Hashable, int] | None = None
        self._networks: dict[Any, Network] = {}
        self._cache: dict[Any, Any] = {}

    # -- the little of networkx's Graph API that networkx's decorators touch
    def is_directed(self) -> bool:
        return self.directed

    def is_multigraph(self) -> bool:
        return False

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.nodes)

    def __contains__(self, node: object) -> bool:
        try:
            return node in self.index
        except TypeError:
            return False

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        """Edges as networkx counts them (loops excluded): arcs, or arcs/2 undirected."""
        return len(self.src) if self.directed else len(self.src) // 2

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        return f"<RelnetGraph {kind}, {len(self.nodes)} nodes, {self.number_of_edges()} edges>"

    @property
    def index(self) -> dict[Hashable, int]:
        """Node object -> position."""
        if self._index is None:
            self._index = {u: i for i, u in enumerate(self.nodes)}
        return self._index

    def network(self, weight: str | None = None) -> Network:
        """The relnet Network with the arc weights of edge attribute ``weight`` (None: 1)."""
        if weight not in self._networks:
            if weight is not None and weight not in self.weights:
                raise NotImplementedError(
                    f"the converted graph holds no edge attribute {weight!r}; "
                    "convert with that weight"
                )
            values = None if weight is None else self.weights[weight]
            self._networks[weight] = Network.from_edges(
                self.src, self.dst, weight=values, nodes=pd.RangeIndex(len(self.nodes))
            )
        return self._networks[weight]

    def network_with(self, attribute: Hashable) -> Network:
        """The unweighted Network with node attribute ``attribute`` as a node column."""
        key = ("attribute", attribute)
        if key not in self._networks:
            if attribute not in self.node_values:
                raise NotImplementedError(
                    f"the converted graph holds no node attribute {attribute!r}"
                )
            table = pd.DataFrame(
                {attribute: self.node_values[attribute]}, index=pd.RangeIndex(len(self.nodes))
            )
            self._networks[key] = Network.from_edges(self.src, self.dst, nodes=table)
        return self._networks[key]

    def positions(self, nodes: Iterable[Hashable]) -> np.ndarray:
        """Positions of ``nodes`` (KeyError for a node not in the graph)."""
        index = self.index
        return np.fromiter((index[u] for u in nodes), dtype=np.int64)

    def nbunch(self, nbunch: Any) -> list[Hashable]:
        """networkx's ``G.nbunch_iter``: all nodes, one node, or the given ones in the graph."""
        if nbunch is None:
            return list(self.nodes)
        if nbunch in self:
            return [nbunch]
        try:
            return [u for u in nbunch if u in self]
        except TypeError as exc:
            raise nx.NetworkXError(
                f"nbunch is not a node or a sequence of nodes: {nbunch!r}"
            ) from exc

    def to_networkx(self) -> nx.Graph:
        """Back to a networkx Graph or DiGraph (nodes, node attributes kept, weights)."""
        G = nx.DiGraph() if self.directed else nx.Graph()
        G.graph.update(self.graph)
        if self.node_values:
            keys = list(self.node_values)
            G.add_nodes_from(
                (u, {k: self.node_values[k][i] for k in keys if self.node_values[k][i] is not None})
                for i, u in enumerate(self.nodes)
            )
        else:
            G.add_nodes_from(self.nodes)
        nodes = self.nodes
        keys = list(self.weights)
        src, dst = self.src.tolist(), self.dst.tolist()
        columns = [self.weights[k].tolist() for k in keys]
        G.add_edges_from(
            (nodes[s], nodes[t], {k: c[e] for k, c in zip(keys, columns)})
            for e, (s, t) in enumerate(zip(src, dst))
        )
        return G


# ---------------------------------------------------------------------------- helpers
def _has_selfloops(G: Any) -> bool:
    if isinstance(G, RelnetGraph):
        return G.has_selfloops
    return any(u in nbrs for u, nbrs in G._adj.items())


def _relnet_function(name: str) -> Callable[..., Any] | None:
    """relnet's public function ``name``, or None when it is not (yet) in this install."""
    try:
        value = getattr(rn, name)
    except (AttributeError, ImportError):
        return None
    return value if callable(value) else None


def _node_dict(G: RelnetGraph, values: np.ndarray | pd.Series) -> dict[Hashable, Any]:
    """{node: value} over all nodes, values as Python scalars."""
    return dict(zip(G.nodes, np.asarray(values).tolist()))


def _positive(values: np.ndarray, what: str) -> None:
    if len(values) and not np.all(values > 0):
        raise NotImplementedError(
            f"relnet needs positive {what}; networkx runs graphs with zero or negative ones"
        )


def _weight_key(weight: Any) -> str | None:
    return None if weight is None else weight


def _sig(name: str) -> inspect.Signature:
    return inspect.signature(getattr(BackendInterface, name))


# argument checks per function: return a reason string to decline, or None
def _check_triadic_census(a: dict[str, Any]) -> str | None:
    return "relnet counts all triads; nodelist is not supported" if a["nodelist"] else None


def _check_pagerank(a: dict[str, Any]) -> str | None:
    for name in ("personalization", "nstart", "dangling"):
        if a[name] is not None:
            return f"relnet's PageRank is uniform; {name} is not supported"
    if not 0.0 < a["alpha"] <= 1.0:
        return "relnet's PageRank needs alpha in (0, 1]"
    return None


def _check_betweenness(a: dict[str, Any]) -> str | None:
    if a["k"] is not None and not isinstance(a["k"], (int, np.integer)):
        return "k must be an int"
    return None


def _check_effective_size(a: dict[str, Any]) -> str | None:
    if a["nodes"] is None and (a["G"].is_directed() or a["weight"] is not None):
        # networkx 3.6.1's all-nodes (scipy) path divides m_jq by q's largest mutual weight
        # instead of j's (its per-node path and Burt divide by j's): the two disagree on
        # directed or weighted graphs. relnet follows Burt, so it leaves this call to networkx.
        return (
            "networkx's all-nodes effective_size normalises m_jq by q's maximum (its per-node "
            "path and Burt by j's); relnet declines rather than return different numbers"
        )
    return None


def _check_assortativity(a: dict[str, Any]) -> str | None:
    return "relnet counts every arc; nodes is not supported" if a["nodes"] is not None else None


ARGUMENT_CHECKS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "triadic_census": _check_triadic_census,
    "pagerank": _check_pagerank,
    "betweenness_centrality": _check_betweenness,
    "effective_size": _check_effective_size,
    "attribute_assortativity_coefficient": _check_assortativity,
}


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


# ---------------------------------------------------------------------------- interface
class BackendInterface:
    """What networkx loads from the ``networkx.backends`` entry point ``relnet``."""

    # ---------------------------------------------------------------- conversion
    @staticmethod
    def convert_from_nx(
        graph: Any,
        *,
        edge_attrs: dict[str, Any] | None = None,
        node_attrs: dict[str, Any] | None = None,
        preserve_edge_attrs: bool = False,
        preserve_node_attrs: bool = False,
        preserve_graph_attrs: bool = False,
        name: str | None = None,
        graph_name: str | None = None,
    ) -> RelnetGraph:
        """A :class:`RelnetGraph` holding the edge attributes the call needs.

        ``edge_attrs`` maps each needed attribute to its default (networkx passes
        ``{"weight": 1}`` for ``weight="weight"`` and None for ``weight=None``); with
        ``preserve_edge_attrs`` every numeric attribute is kept. Raises NotImplementedError
        (so networkx runs the call itself) for multigraphs and non-numeric weights.
        """
        if isinstance(graph, RelnetGraph):
            return graph
        if graph.is_multigraph():
            raise NotImplementedError("relnet does not convert multigraphs")
        nodes = list(graph)
        n = len(nodes)
        adj = graph._adj
        index = {u: i for i, u in enumerate(nodes)}
        counts = np.fromiter((len(nbrs) for nbrs in adj.values()), dtype=np.int64, count=n)
        total = int(counts.sum())
        src = np.repeat(np.arange(n, dtype=np.int64), counts)
        dst = np.fromiter(
            (index[v] for nbrs in adj.values() for v in nbrs), dtype=np.int64, count=total
        )
        if preserve_edge_attrs:
            keys = {k for nbrs in adj.values() for d in nbrs.values() for k in d}
            edge_attrs = dict.fromkeys(keys, 1)
        weights: dict[str, np.ndarray] = {}
        for key, default in (edge_attrs or {}).items():
            default = 1 if default is None else default
            try:
                weights[key] = np.fromiter(
                    (d.get(key, default) for nbrs in adj.values() for d in nbrs.values()),
                    dtype=np.float64,
                    count=total,
                )
            except (TypeError, ValueError) as exc:
                if preserve_edge_attrs:
                    continue  # a non-numeric attribute no relnet measure reads
                raise NotImplementedError(
                    f"edge attribute {key!r} is not numeric; relnet needs numbers"
                ) from exc
        loops = src == dst
        has_selfloops = bool(loops.any())
        if has_selfloops:
            keep = ~loops
            src, dst = src[keep], dst[keep]
            weights = {k: w[keep] for k, w in weights.items()}
        bad = [k for k, w in weights.items() if not np.all(np.isfinite(w))]
        for key in bad:
            if not preserve_edge_attrs:
                raise NotImplementedError(f"edge attribute {key!r} has NaN or infinite values")
            del weights[key]
        node_values = None
        if preserve_node_attrs:
            keys = {k for d in graph._node.values() for k in d}
            node_attrs = dict.fromkeys(keys)
        if node_attrs:
            data = graph._node
            node_values = {
                key: [data[u].get(key, default) for u in nodes]
                for key, default in node_attrs.items()
            }
        return RelnetGraph(
            nodes,
            src,
            dst,
            weights,
            directed=graph.is_directed(),
            has_selfloops=has_selfloops,
            node_values=node_values,
            graph_attrs=dict(graph.graph) if preserve_graph_attrs else None,
        )

    @staticmethod
    def convert_to_nx(obj: Any, *, name: str | None = None) -> Any:
        """A networkx graph for a :class:`RelnetGraph`; anything else is returned as is."""
        if isinstance(obj, RelnetGraph):
            return obj.to_networkx()
        return obj

    # ---------------------------------------------------------------- dispatch decisions
    @staticmethod
    def can_run(name: str, args: tuple, kwargs: dict) -> bool | str:
        """Whether relnet runs ``name`` exactly as networkx would; a string says why not."""
        if not hasattr(BackendInterface, name):
            return f"relnet does not implement {name}"
        needed = NEEDS.get(name)
        if needed is not None and _relnet_function(needed) is None:
            return f"relnet.{needed} is not available in this install"
        try:
            bound = _sig(name).bind(*args, **kwargs)
        except TypeError as exc:
            return f"arguments do not match networkx's signature: {exc}"
        bound.apply_defaults()
        a = bound.arguments
        G = a["G"]
        if G.is_multigraph():
            return "relnet does not support multigraphs"
        if name in DIRECTED_ONLY and not G.is_directed():
            return f"{name} is defined for directed graphs only"
        if name in UNDIRECTED_ONLY and G.is_directed():
            return f"networkx's directed {name} differs from relnet's; run by networkx"
        for key in ("weight", "distance"):
            if callable(a.get(key)):
                return f"relnet reads one numeric edge attribute; a callable {key} is not supported"
        if _has_selfloops(G):
            return "relnet networks hold no self-loops"
        check = ARGUMENT_CHECKS.get(name)
        return (check(a) or True) if check is not None else True

    @staticmethod
    def should_run(name: str, args: tuple, kwargs: dict) -> bool | str:
        """Whether relnet is likely faster: graphs large enough to repay the conversion.

        Path-based measures (betweenness, harmonic, structural holes, triads, PageRank,
        clustering) need ``nx.config.backends.relnet.min_nodes`` nodes (default 200).
        Linear-time measures gain only when the converted graph is reused: they need
        ``min_nodes_linear`` nodes (default 5000), or ``min_nodes`` and a cached conversion.
        """
        G = args[0] if args else kwargs.get("G")
        if G is None or isinstance(G, RelnetGraph):
            return True
        config = nx.config.backends.get(BACKEND_NAME, {})
        min_nodes = int(config.get("min_nodes", 200))
        min_linear = int(config.get("min_nodes_linear", 5000))
        n = len(G)
        if name not in LINEAR:
            return True if n >= min_nodes else f"graph too small ({n} < {min_nodes} nodes)"
        cache = getattr(G, "__networkx_cache__", None) or {}
        cached = bool(cache.get("backends", {}).get(BACKEND_NAME))
        if n >= min_linear or (cached and n >= min_nodes):
            return True
        return f"linear-time {name}: graph too small to repay the conversion ({n} nodes)"

    # ---------------------------------------------------------------- triads, reciprocity
    @staticmethod
    def triadic_census(G: RelnetGraph, nodelist: Any = None) -> dict[str, int]:
        """networkx ``triadic_census`` from ``relnet.triad_census``."""
        if nodelist is not None:
            raise NotImplementedError("relnet's triad census counts every triad")
        census = rn.triad_census(G.network())
        return {str(k): int(v) for k, v in census.items()}

    @staticmethod
    def overall_reciprocity(G: RelnetGraph) -> float:
        """networkx ``overall_reciprocity``: ``relnet.reciprocity`` edgewise, 2M/(2M+A)."""
        net = G.network()
        if net.m == 0:
            raise nx.NetworkXError("Not defined for empty graphs")
        return float(rn.reciprocity(net, mode="edgewise"))

    @staticmethod
    def reciprocity(G: RelnetGraph, nodes: Any = None) -> Any:
        """networkx ``reciprocity``: per node from ``relnet.node_reciprocity`` (None: isolates)."""
        if nodes is None:
            return BackendInterface.overall_reciprocity(G)
        values = G._cache.get("node_reciprocity")
        if values is None:
            values = rn.node_reciprocity(G.network()).to_numpy()
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
    @staticmethod
    def _holes(G: RelnetGraph, weight: str | None, column: str, nodes: Any) -> dict:
        net = G.network(_weight_key(weight))
        if weight is not None:
            _positive(net.weights, "edge weights for structural holes")
        try:
            table = rn.structural_holes(net, weighted=weight is not None)
        except RelnetError as exc:  # a weight relnet cannot use
            raise NotImplementedError(str(exc)) from exc
        values = table[column].to_numpy()
        if nodes is None:
            return _node_dict(G, values)
        # networkx's per-node path: NaN where the node has no successors (len(G[v]) == 0)
        chosen = list(nodes)
        rows = G.positions(chosen)
        picked = np.where(net.out_degree()[rows] == 0, np.nan, values[rows])
        return dict(zip(chosen, picked.tolist()))

    @staticmethod
    def constraint(G: RelnetGraph, nodes: Any = None, weight: str | None = None) -> dict:
        """networkx ``constraint``: Burt's constraint from ``relnet.structural_holes``."""
        return BackendInterface._holes(G, weight, "constraint", nodes)

    @staticmethod
    def effective_size(G: RelnetGraph, nodes: Any = None, weight: str | None = None) -> dict:
        """networkx ``effective_size``: Burt's effective size from ``relnet.structural_holes``."""
        return BackendInterface._holes(G, weight, "effective_size", nodes)

    @staticmethod
    def local_constraint(G: RelnetGraph, u: Hashable, v: Hashable, weight: str | None = None):
        """networkx ``local_constraint``: :math:`(p_{uv} + \\sum_w p_{uw} p_{wv})^2`."""
        import scipy.sparse as sp

        key = ("mutual", weight)
        cached = G._cache.get(key)
        if cached is None:
            net = G.network(_weight_key(weight))
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
    @staticmethod
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
        from relnet.kernels import betweenness as kernels

        n = len(G)
        if k == n:
            k = None
        if k is None:
            sources = np.arange(n, dtype=np.int64)
            sampled = None
        else:
            sampled = G.positions(seed.sample(list(G.nodes), k))
            sources = sampled
        net = G.network(_weight_key(weight))
        if weight is None:
            lengths = np.ones(net.m)
        else:
            lengths = np.ascontiguousarray(net.weights, dtype=np.float64)
            _positive(lengths, "edge distances for betweenness")
        with kernel_chunks(net.m * len(sources)) as chunks:
            raw = kernels.brandes(
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
        return _node_dict(G, values)

    @staticmethod
    def harmonic_centrality(
        G: RelnetGraph, nbunch: Any = None, distance: str | None = None, sources: Any = None
    ) -> dict:
        """networkx ``harmonic_centrality``: :math:`\\sum_{s \\ne v} 1/d(s, v)` per node.

        The kernel is relnet's inverse-distance sum (behind ``relnet.harmonic_closeness``,
        which is its mean over out-paths); networkx sums over in-paths from ``sources``.
        """
        from relnet.kernels import paths as kernels

        targets = G.nbunch(nbunch)
        source_nodes = G.nbunch(sources)
        net = G.network(_weight_key(distance))
        if distance is None:
            lengths = np.ones(net.m)
        else:
            lengths = np.ascontiguousarray(net.weights, dtype=np.float64)
            _positive(lengths, "edge distances for harmonic centrality")
        positions = np.unique(G.positions(source_nodes))
        with kernel_chunks(net.m * len(positions)) as chunks:
            _, per_target = kernels.inverse_distance_sums(
                net.indptr, net.indices, lengths, positions, distance is not None, chunks
            )
        picked = per_target[G.positions(targets)].tolist()
        return dict(zip(targets, picked))

    @staticmethod
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
        net = G.network(_weight_key(weight))
        if weight is not None and net.m and net.weights.min() < 0:
            raise NotImplementedError("relnet's PageRank needs non-negative weights")
        try:
            values = rn.pagerank(
                net, alpha, weighted=weight is not None, tol=tol, max_iter=max_iter
            )
        except rn.ArgumentError as exc:
            raise nx.PowerIterationFailedConvergence(max_iter) from exc
        return _node_dict(G, values)

    # ---------------------------------------------------------------- cohesion
    @staticmethod
    def core_number(G: RelnetGraph) -> dict:
        """networkx ``core_number``: ``relnet.core_number`` (total degree on a DiGraph)."""
        # a Graph holds both arcs of each edge, so its out-degree is the degree
        mode = "all" if G.directed else "out"
        return _node_dict(G, rn.core_number(G.network(), mode=mode).to_numpy(dtype=np.int64))

    @staticmethod
    def _labels(G: RelnetGraph, connection: str) -> np.ndarray:
        key = ("components", connection)
        labels = G._cache.get(key)
        if labels is None:
            labels = rn.components(G.network(), connection=connection).to_numpy(dtype=np.int64)
            G._cache[key] = labels
        return labels

    @staticmethod
    def _component_sets(G: RelnetGraph, connection: str) -> list[set]:
        labels = BackendInterface._labels(G, connection)
        order = np.argsort(labels, kind="stable")
        bounds = np.flatnonzero(np.diff(labels[order])) + 1
        nodes = np.empty(len(G), dtype=object)
        nodes[:] = G.nodes
        return [set(part.tolist()) for part in np.split(nodes[order], bounds)] if len(G) else []

    @staticmethod
    def strongly_connected_components(G: RelnetGraph) -> Iterator[set]:
        """networkx ``strongly_connected_components``: a generator of node sets."""
        yield from BackendInterface._component_sets(G, "strong")

    @staticmethod
    def weakly_connected_components(G: RelnetGraph) -> Iterator[set]:
        """networkx ``weakly_connected_components``: a generator of node sets."""
        yield from BackendInterface._component_sets(G, "weak")

    @staticmethod
    def number_strongly_connected_components(G: RelnetGraph) -> int:
        """networkx ``number_strongly_connected_components``."""
        return int(len(np.unique(BackendInterface._labels(G, "strong"))))

    @staticmethod
    def number_weakly_connected_components(G: RelnetGraph) -> int:
        """networkx ``number_weakly_connected_components``."""
        return int(len(np.unique(BackendInterface._labels(G, "weak"))))

    @staticmethod
    def transitivity(G: RelnetGraph) -> float:
        """networkx ``transitivity`` of an undirected graph: ``relnet.transitivity`` weak."""
        net = G.network()
        # networkx gives 0 without a two-path (relnet, as sna, gives 1): no node of degree 2
        if not np.any(net.out_degree() >= 2):
            return 0
        value = float(rn.transitivity(net, measure="weak"))
        return 0 if value == 0 else value

    @staticmethod
    def _clustering_values(G: RelnetGraph, weight: str | None) -> np.ndarray:
        key = ("clustering", weight)
        values = G._cache.get(key)
        if values is None:
            net = G.network(_weight_key(weight))
            try:
                values = rn.clustering(net, weighted=weight is not None).to_numpy()
            except RelnetError as exc:  # a weight relnet cannot use
                raise NotImplementedError(str(exc)) from exc
            G._cache[key] = values
        return values

    @staticmethod
    def clustering(G: RelnetGraph, nodes: Any = None, weight: str | None = None) -> Any:
        """networkx ``clustering``: ``relnet.clustering`` (Fagiolo; on a Graph, 2T/(d(d-1)))."""
        values = BackendInterface._clustering_values(G, weight)
        if nodes is not None and nodes in G:
            value = float(values[G.index[nodes]])
            return 0 if value == 0 else value
        chosen = G.nbunch(nodes)
        picked = values[G.positions(chosen)].tolist()
        return {u: (0 if v == 0 else v) for u, v in zip(chosen, picked)}

    @staticmethod
    def average_clustering(
        G: RelnetGraph, nodes: Any = None, weight: str | None = None, count_zeros: bool = True
    ) -> float:
        """networkx ``average_clustering``: the mean of ``relnet.clustering`` over ``nodes``."""
        values = BackendInterface._clustering_values(G, weight)
        picked = values[G.positions(G.nbunch(nodes))]
        if not count_zeros:
            picked = picked[np.abs(picked) > 0]
        if len(picked) == 0:
            raise ZeroDivisionError("division by zero")
        return sum(picked.tolist()) / len(picked)  # summed in node order, as networkx

    # ---------------------------------------------------------------- mixing
    @staticmethod
    def attribute_assortativity_coefficient(
        G: RelnetGraph, attribute: Hashable, nodes: Any = None
    ) -> float:
        """networkx ``attribute_assortativity_coefficient``: ``relnet.assortativity``."""
        if nodes is not None:
            raise NotImplementedError("relnet counts every arc; nodes is not supported")
        if len(G.src) == 0:
            return 0.0  # what networkx returns for a graph without edges (relnet: NaN)
        try:
            return float(rn.assortativity(G.network_with(attribute), attribute))
        except RelnetError as exc:  # e.g. a node without the attribute
            raise NotImplementedError(str(exc)) from exc
