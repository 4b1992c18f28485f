"""The graph networkx hands to relnet: conversion from networkx and back.

networkx calls :func:`convert_from_nx` on each graph argument and caches the result in
``G.__networkx_cache__``, keyed by the edge and node attributes the call needs, so a second
call with the same ``weight`` reuses it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from relnet.network import Network

BACKEND_NAME = "relnet"


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
            key: [data[u].get(key, default) for u in nodes] for key, default in node_attrs.items()
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


def convert_to_nx(obj: Any, *, name: str | None = None) -> Any:
    """A networkx graph for a :class:`RelnetGraph`; anything else is returned as is."""
    if isinstance(obj, RelnetGraph):
        return obj.to_networkx()
    return obj


def node_dict(G: RelnetGraph, values: np.ndarray | pd.Series) -> dict[Hashable, Any]:
    """{node: value} over all nodes, values as Python scalars."""
    return dict(zip(G.nodes, np.asarray(values).tolist()))


def has_selfloops(G: Any) -> bool:
    """Whether a networkx graph or a converted one has self-loops (relnet declines those)."""
    if isinstance(G, RelnetGraph):
        return G.has_selfloops
    return any(u in nbrs for u, nbrs in G._adj.items())
