"""A Network out to networkx, igraph and graph files (GraphML, GEXF, CSV, Parquet).

These functions read a Network through its public attributes only and import nothing from
:mod:`relnet.network`, so ``Network.to_networkx``, ``to_igraph`` and ``write`` call them from
a top-level import (the way in, from networkx and igraph, is :mod:`relnet.interop`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from relnet.errors import ArgumentError
from relnet.exports import write_csv

if TYPE_CHECKING:
    from relnet.network import Network


def to_networkx(graph: Network) -> Any:
    """A ``networkx.DiGraph`` holding ids, node attributes, ``responded`` and arc weights.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a"], ["b"], weight=[2.0])
    >>> G = g.to_networkx()
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


def to_igraph(graph: Network) -> Any:
    """A directed ``igraph.Graph``: vertex ``name`` holds the id, plus attributes, ``weight``.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a"], ["b"])
    >>> g.to_igraph().vs["name"]
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
