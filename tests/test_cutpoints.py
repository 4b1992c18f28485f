"""Cutpoints and bridges against networkx and igraph."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.kernels import cutpoints as ck

N = 12


def test_hand_worked():
    # triangle a-b-c with a tail c-d-e: c and d are cutpoints; c-d and d-e are bridges
    g = rn.Network.from_edges(list("abccd"), list("bcade"))
    cut = rn.articulation_points(g)
    assert cut[cut].index.tolist() == ["c", "d"]
    assert rn.bridges(g).to_numpy().tolist() == [["c", "d"], ["d", "e"]]


def test_empty_and_isolates():
    g = rn.Network.from_edges([], [], nodes=["x", "y"])
    assert not rn.articulation_points(g).any()
    assert rn.bridges(g).empty
    assert list(rn.bridges(g).columns) == ["source", "target"]
    dyad = rn.Network.from_edges(["a", "b"], ["b", "a"])
    assert rn.bridges(dyad).to_numpy().tolist() == [["a", "b"]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=30))
def test_matches_networkx_and_igraph(pairs):
    uniq = sorted({(u, v) for u, v in pairs if u != v})
    g = rn.Network.from_edges([u for u, _ in uniq], [v for _, v in uniq], nodes=range(N))
    G = nx.Graph()
    G.add_nodes_from(range(N))
    G.add_edges_from(uniq)
    cut = rn.articulation_points(g)
    assert sorted(cut[cut].index) == sorted(nx.articulation_points(G))
    H = ig.Graph(n=N, edges=uniq, directed=True).as_undirected(mode="collapse")
    assert sorted(cut[cut].index) == sorted(H.articulation_points())
    ours = sorted(map(tuple, rn.bridges(g).to_numpy().tolist()))
    assert ours == sorted(tuple(sorted(e)) for e in nx.bridges(G))


def test_deep_path_does_not_recurse():
    n = 200_000  # a long path: iterative DFS, no recursion limit
    src = np.arange(n - 1)
    g = rn.Network.from_edges(src, src + 1, nodes=np.arange(n))
    undirected = g.symmetrize("any")
    is_cut, u, v = ck.cut_structure(undirected.indptr, undirected.indices)
    assert is_cut.sum() == n - 2 and len(u) == n - 1
