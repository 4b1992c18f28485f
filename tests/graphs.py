"""Graph builders and hypothesis strategies shared by the test modules.

Tests import them by name (``from graphs import arc_lists, build``), as they import
``sna_reference`` and ``dyad_oracle``: the same random digraphs and the same relnet / networkx
/ igraph triplets everywhere, so an oracle test differs from its neighbours only in the
measure it checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import igraph as ig
import networkx as nx
from hypothesis import strategies as st

import relnet as rn

#: ../shared beside the repository (real datasets and sna reference values); may be absent.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
#: The bundled synthetic survey.
EXAMPLE = Path(__file__).resolve().parents[1] / "datasets" / "example_health_system"


def arc_lists(n: int, *, max_size: int = 40, min_size: int = 0) -> st.SearchStrategy:
    """Lists of (u, v) pairs on people 0..n-1: loops and repeats included (``build`` drops them)."""
    person = st.integers(0, n - 1)
    return st.lists(st.tuples(person, person), min_size=min_size, max_size=max_size)


def simple_arcs(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The distinct non-loop arcs of ``pairs``, sorted."""
    return sorted({(u, v) for u, v in pairs if u != v})


def build(
    pairs: Sequence[tuple[int, int]], n: int, weights: dict | Sequence[float] | None = None
) -> tuple[rn.Network, nx.DiGraph, ig.Graph]:
    """The same digraph on people 0..n-1 in relnet, networkx and igraph.

    ``weights`` is a dict keyed by arc or a sequence aligned with ``pairs`` (first occurrence
    of an arc wins); the networkx and igraph copies carry it as the ``weight`` attribute.
    """
    seen: dict[tuple[int, int], float] = {}
    for k, (u, v) in enumerate(pairs):
        if u == v or (u, v) in seen:
            continue
        if weights is None:
            seen[(u, v)] = 1.0
        elif isinstance(weights, dict):
            seen[(u, v)] = float(weights[(u, v)])
        else:
            seen[(u, v)] = float(weights[k])
    arcs = sorted(seen)
    w = [seen[a] for a in arcs]
    g = rn.Network.from_edges(
        [u for u, _ in arcs],
        [v for _, v in arcs],
        weight=None if weights is None else w,
        nodes=range(n),
    )
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from((u, v, seen[(u, v)]) for u, v in arcs)
    H = ig.Graph(n=n, edges=arcs, directed=True)
    H.es["weight"] = w
    return g, G, H
