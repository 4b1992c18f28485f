"""Networks in from networkx and igraph (the way out is :mod:`relnet.network_export`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import GraphKindError
from relnet.network import Network
from relnet.network_export import to_igraph, to_networkx, write_network

__all__ = ["from_igraph", "from_networkx", "to_igraph", "to_networkx", "write_network"]


def from_networkx(G: Any, weight: str | None = "weight") -> Network:
    """A Network from a networkx graph; an undirected graph gives both directions of each edge.

    Node attributes become node columns (a ``responded`` attribute sets ``responded``), and the
    edge attribute ``weight`` (missing: 1) the weights. Self-loops are refused.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b")])
    >>> from_networkx(G).m
    2
    """
    if G.is_multigraph():
        raise GraphKindError(
            "a multigraph has parallel edges; combine them first, e.g. with nx.DiGraph(G)."
        )
    node_ids = list(G.nodes)
    table = pd.DataFrame.from_records([dict(d) for _, d in G.nodes(data=True)])
    table.index = pd.Index(node_ids) if node_ids else pd.Index([], dtype=object)
    rows = list(G.edges(data=weight if weight is not None else False, default=1.0))
    if not G.is_directed():
        rows = rows + [(v, u, *rest) for u, v, *rest in rows if u != v]
    source = [r[0] for r in rows]
    target = [r[1] for r in rows]
    weights = [r[2] for r in rows] if weight is not None else None
    return Network.from_edges(source, target, weight=weights, nodes=table)


def from_igraph(G: Any, weight: str | None = "weight") -> Network:
    """A Network from an igraph graph; ids from the ``name`` attribute (else 0..n-1).

    Examples
    --------
    >>> import igraph as ig
    >>> from_igraph(ig.Graph(n=3, edges=[(0, 1)], directed=True)).n
    3
    """
    attributes = {name: G.vs[name] for name in G.vs.attributes()}
    ids = attributes.pop("name", list(range(G.vcount())))
    table = pd.DataFrame(attributes, index=pd.Index(ids))
    edges = np.asarray(G.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    weights = None
    if weight is not None and weight in G.es.attributes():
        weights = np.asarray(G.es[weight], dtype=float)
    source, target = edges[:, 0], edges[:, 1]
    if not G.is_directed():
        source, target = np.r_[source, target], np.r_[target, source]
        weights = None if weights is None else np.r_[weights, weights]
    ids_index = table.index
    return Network.from_edges(
        ids_index.take(source), ids_index.take(target), weight=weights, nodes=table
    )
