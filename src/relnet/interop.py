"""Conversion between relnet Networks, networkx, igraph and graph files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, GraphKindError
from relnet.exports import write_csv
from relnet.network import Network


def to_networkx(graph: Network) -> Any:
    """A ``networkx.DiGraph`` holding ids, node attributes, ``responded`` and arc weights.

    Examples
    --------
    >>> g = Network.from_edges(["a"], ["b"], weight=[2.0])
    >>> G = to_networkx(g)
    >>> G["a"]["b"]["weight"], G.nodes["b"]["responded"]
    (2.0, True)
    """
    import networkx as nx

    G = nx.DiGraph()
    table = graph.nodes
    G.add_nodes_from(zip(table.index, table.to_dict("records")))
    edges = graph.edges()
    G.add_weighted_edges_from(
        zip(edges["source"].tolist(), edges["target"].tolist(), edges["weight"].tolist())
    )
    return G


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


def to_igraph(graph: Network) -> Any:
    """A directed ``igraph.Graph``: vertex ``name`` holds the id, plus attributes, ``weight``.

    Examples
    --------
    >>> g = Network.from_edges(["a"], ["b"])
    >>> to_igraph(g).vs["name"]
    ['a', 'b']
    """
    import igraph as ig

    edges = np.column_stack([graph.sources, graph.indices]).astype(np.int64)
    G = ig.Graph(n=graph.n, edges=edges.tolist(), directed=True)
    G.vs["name"] = graph.ids.tolist()
    for column, values in graph.nodes.items():
        G.vs[str(column)] = values.tolist()
    G.es["weight"] = graph.weights.tolist()
    return G


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


def write_network(graph: Network, path: str | Path) -> None:
    """Write a Network by suffix: ``.graphml``, ``.gexf`` (Gephi), ``.csv`` or ``.parquet``.

    CSV and Parquet hold the arc list (source, target, weight); GraphML and GEXF hold node
    attributes too. CSV is written spreadsheet-safe (:func:`relnet.exports.write_csv`: ids
    beginning with ``= + - @`` get a leading quote, which :func:`relnet.read_survey` removes).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(graph.edges(), path, index=False)
    elif suffix == ".parquet":
        graph.edges().to_parquet(path, index=False)
    elif suffix in (".graphml", ".gexf"):
        import networkx as nx

        G = _plain_attributes(to_networkx(graph))
        (nx.write_graphml if suffix == ".graphml" else nx.write_gexf)(G, path)
    else:
        raise ArgumentError(
            f"cannot write {path.name}: the suffix {suffix or '(none)'} is not one of "
            ".graphml, .gexf, .csv, .parquet."
        )


def _plain_attributes(G: Any) -> Any:
    """Attributes as bool/int/float/str (GraphML and GEXF hold no other types); NaN dropped."""
    for _, data in G.nodes(data=True):
        for key, value in list(data.items()):
            if value is None or (isinstance(value, float) and np.isnan(value)):
                del data[key]
            elif isinstance(value, np.generic):
                data[key] = value.item()
            elif not isinstance(value, (bool, int, float, str)):
                data[key] = str(value)
    return G
