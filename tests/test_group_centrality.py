"""Group centrality against networkx (Everett & Borgatti 1999) and hand-worked paths."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.errors import ArgumentError, UnknownPersonError
from relnet.planning.group_centrality import group_centrality

N = 9
graphs = st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=30)
groups = st.sets(st.integers(0, N - 1), min_size=1, max_size=4)


def build(pairs):
    edges = sorted({(u, v) for u, v in pairs if u != v})
    g = rn.Network.from_edges([u for u, _ in edges], [v for _, v in edges], nodes=range(N))
    G = nx.DiGraph(edges)
    G.add_nodes_from(range(N))
    return g, G


def brute_group_betweenness(G, C):
    """Ordered pairs of non-members: share of all shortest paths through a member."""
    total = 0.0
    outside = [v for v in G if v not in C]
    for s, t in itertools.permutations(outside, 2):
        if not nx.has_path(G, s, t):
            continue
        paths = list(nx.all_shortest_paths(G, s, t))
        total += sum(1 for p in paths if set(p[1:-1]) & C) / len(paths)
    return total


@settings(max_examples=150, deadline=None)
@given(graphs, groups)
def test_degree_matches_networkx(pairs, C):
    g, G = build(pairs)
    assert group_centrality(g, C, mode="out") == pytest.approx(nx.group_out_degree_centrality(G, C))
    assert group_centrality(g, C, mode="in") == pytest.approx(nx.group_in_degree_centrality(G, C))
    U = G.to_undirected()
    assert group_centrality(g, C, mode="all") == pytest.approx(nx.group_degree_centrality(U, C))


@settings(max_examples=150, deadline=None)
@given(graphs, groups)
def test_closeness_matches_networkx(pairs, C):
    g, G = build(pairs)
    got_in = group_centrality(g, C, measure="closeness", mode="in")
    assert got_in == pytest.approx(nx.group_closeness_centrality(G, C))
    got_out = group_centrality(g, C, measure="closeness", mode="out")
    assert got_out == pytest.approx(nx.group_closeness_centrality(G.reverse(), C))
    got_all = group_centrality(g, C, measure="closeness", mode="all")
    assert got_all == pytest.approx(nx.group_closeness_centrality(G.to_undirected(), C))


@settings(max_examples=60, deadline=None)
@given(graphs, groups)
def test_betweenness_matches_brute_force(pairs, C):
    g, G = build(pairs)
    raw = brute_group_betweenness(G, C)
    assert group_centrality(g, C, measure="betweenness", normalized=False) == pytest.approx(raw)
    assert group_centrality(g, C, measure="betweenness", mode="in", normalized=False) == (
        pytest.approx(raw)
    )
    k = N - len(C)
    assert group_centrality(g, C, measure="betweenness") == pytest.approx(raw / (k * (k - 1)))
    U = G.to_undirected()
    assert group_centrality(g, C, measure="betweenness", mode="all", normalized=False) == (
        pytest.approx(brute_group_betweenness(U.to_directed(), C) / 2)
    )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), min_size=12, max_size=40),
    groups,
)
def test_betweenness_on_denser_graphs(pairs, C):
    # the brute force is the oracle for every graph and group; networkx 3.6's group
    # betweenness is wrong on digraphs that are not strongly connected (networkx issue #8559:
    # negative values) and for groups of 3+ people even on connected graphs (#8827, fixed
    # upstream in PR #8879; e.g. edges 0-1..0-8 but 0-5, plus 1-5, 3-5, C = {1, 2, 5}: no
    # shortest path between outsiders passes through C, so 0, where networkx says 0.125), so it
    # is a second oracle only on connected graphs with groups of 1-2 people (it matched the
    # brute force on 2,677 such random graphs here)
    g, G = build(pairs)
    U = G.to_undirected()
    got_raw = group_centrality(g, C, measure="betweenness", mode="all", normalized=False)
    assert got_raw == pytest.approx(brute_group_betweenness(U.to_directed(), C) / 2)
    got_dir = group_centrality(g, C, measure="betweenness", normalized=False)
    assert got_dir == pytest.approx(brute_group_betweenness(G, C))
    if len(C) > 2 or not nx.is_connected(U):
        return
    want = nx.group_betweenness_centrality(U, C, normalized=True)
    assert group_centrality(g, C, measure="betweenness", mode="all") == pytest.approx(want)
    assert got_raw == pytest.approx(nx.group_betweenness_centrality(U, C, normalized=False))
    if nx.is_strongly_connected(G):
        want = nx.group_betweenness_centrality(G, C, normalized=True)
        assert group_centrality(g, C, measure="betweenness") == pytest.approx(want)


def test_betweenness_networkx_counterexample():
    # the failing draw above: star on 0 (0-1..0-4, 0-6..0-8) plus 1-5, 3-5; C = {1, 2, 5}.
    # Outsiders 0, 3, 4, 6, 7, 8: every shortest path between two of them is x-0-y or 3-0-y
    # (3-5-1-0 is longer than 3-0), so none passes through C: 0 (networkx 3.6 says 0.00833)
    pairs = [(0, 1), (0, 2), (0, 3), (0, 4), (0, 6), (0, 7), (0, 8), (1, 5), (3, 5)]
    g, G = build(pairs)
    U = G.to_undirected()
    assert brute_group_betweenness(U.to_directed(), {1, 2, 5}) == 0.0
    assert group_centrality(g, {1, 2, 5}, measure="betweenness", mode="all") == 0.0
    # {1, 2}: 2 is a leaf; 5 reaches 0 by 5-1-0 or 5-3-0, so the unordered pairs (5, y) for
    # y in 0, 4, 6, 7, 8 are half through 1 each and (5, 3) is a direct tie: 5 x 0.5 = 2.5
    assert group_centrality(g, {1, 2}, measure="betweenness", mode="all", normalized=False) == (
        pytest.approx(2.5)
    )


def test_path_hand_worked():
    # a -> b -> c -> d -> e
    g = rn.Network.from_edges(["a", "b", "c", "d"], ["b", "c", "d", "e"])
    # {b, d}: out-neighbours c, e -> 2 of 3 others; in-neighbours a, c -> 2 of 3
    assert group_centrality(g, ["b", "d"]) == pytest.approx(2 / 3)
    assert group_centrality(g, ["b", "d"], mode="in") == pytest.approx(2 / 3)
    # out-closeness of {a}: d = 1, 2, 3, 4 -> 4 / 10
    assert group_centrality(g, ["a"], measure="closeness") == pytest.approx(0.4)
    # in-closeness of {a}: nobody reaches a -> 0
    assert group_centrality(g, ["a"], measure="closeness", mode="in") == 0.0
    # betweenness of {c}: (a,d), (a,e), (b,d), (b,e) -> 4; of 4*3 = 12 ordered pairs
    assert group_centrality(g, ["c"], measure="betweenness") == pytest.approx(4 / 12)


def test_bad_input():
    g = rn.Network.from_edges(["a", "b"], ["b", "c"])
    with pytest.raises(ArgumentError, match="measure"):
        group_centrality(g, ["a"], measure="eigen")
    with pytest.raises(ArgumentError, match="mode"):
        group_centrality(g, ["a"], mode="both")
    with pytest.raises(ArgumentError, match="empty"):
        group_centrality(g, [])
    with pytest.raises(ArgumentError, match="all 3"):
        group_centrality(g, ["a", "b", "c"])
    with pytest.raises(UnknownPersonError, match=r"group names 1 id.*'zz'.*graph\.ids"):
        group_centrality(g, ["zz"])
