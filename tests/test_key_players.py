"""Key players: objectives against plain-Python BFS and networkx, search against exhaustive."""

from __future__ import annotations

import itertools
from collections import deque

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.errors import ArgumentError, GraphKindError, UnknownPersonError
from relnet.planning.key_players import key_players

OBJECTIVES = ["reach", "distance_reach", "fragmentation", "distance_fragmentation"]


# ---------------------------------------------------------------- independent oracle
def influence_lists(n, edges, direction):
    """Who each person influences: against the arc for "in", along it for "out"."""
    nbrs = [set() for _ in range(n)]
    for u, v in edges:
        if direction in ("out", "all"):
            nbrs[u].add(v)
        if direction in ("in", "all"):
            nbrs[v].add(u)
    return nbrs


def bfs_from_set(nbrs, sources):
    dist = {s: 0 for s in sources}
    queue = deque(sources)
    while queue:
        x = queue.popleft()
        for y in nbrs[x]:
            if y not in dist:
                dist[y] = dist[x] + 1
                queue.append(y)
    return dist


def oracle_score(n, edges, members, objective, m, direction):
    members = set(members)
    rest = [j for j in range(n) if j not in members]
    if objective in ("reach", "distance_reach"):
        dist = bfs_from_set(influence_lists(n, edges, direction), members)
        if objective == "reach":
            return sum(1 for j in rest if j in dist and dist[j] <= m) / len(rest)
        return sum(1 / dist[j] for j in rest if j in dist) / len(rest)
    G = nx.DiGraph()
    G.add_nodes_from(rest)
    G.add_edges_from((u, v) for u, v in edges if u not in members and v not in members)
    r = len(rest)
    if r < 2:
        return 1.0
    if objective == "fragmentation":
        sizes = [len(c) for c in nx.weakly_connected_components(G)]
        return 1 - sum(s * (s - 1) for s in sizes) / (r * (r - 1))
    H = G.to_undirected() if direction == "all" else G
    total = sum(
        1 / d for s, row in nx.all_pairs_shortest_path_length(H) for t, d in row.items() if d > 0
    )
    return 1 - total / (r * (r - 1))


def random_graph(n, p, seed):
    rng = np.random.default_rng(seed)
    a = rng.random((n, n)) < p
    np.fill_diagonal(a, False)
    src, dst = np.nonzero(a)
    edges = list(zip(src.tolist(), dst.tolist()))
    return edges, rn.Network.from_edges(src, dst, nodes=range(n))


# ---------------------------------------------------------------- hand-worked
def test_two_teams_hand_worked():
    # a1, a2 -> A; b1, b2 -> B; A <-> B. direction "in": A reaches a1, a2, B in one step.
    g = rn.Network.from_edges(["a1", "a2", "b1", "b2", "A", "B"], ["A", "A", "B", "B", "B", "A"])
    one = key_players(g, 1, m=1)
    assert one.players == ["A"] and one.score == pytest.approx(3 / 5)
    two = key_players(g, 2, m=1)
    assert set(two.players) == {"A", "B"} and two.score == 1.0
    # gains: A alone 3/5; with B all 4 others: 4/4 = 1, gain 0.4
    assert two.gains["gain"].tolist() == pytest.approx([0.6, 0.4])
    assert two.gains["cumulative"].iloc[-1] == two.score
    # direction "out": a1 -> A -> B reaches 2 of 5 in two steps; nobody reaches more
    # than A or B (each reaches the other only), so a leaf is best
    out = key_players(g, 1, m=2, direction="out")
    assert out.score == pytest.approx(2 / 5)
    assert out.players[0] in {"a1", "a2", "b1", "b2"}


def test_star_fragmentation_and_distance_reach():
    # undirected star (both arcs) centre c, leaves 1..4: removing c leaves 4 isolates, F = 1
    leaves = ["l1", "l2", "l3", "l4"]
    src = ["c"] * 4 + leaves
    dst = leaves + ["c"] * 4
    g = rn.Network.from_edges(src, dst)
    kp = key_players(g, 1, objective="fragmentation")
    assert kp.players == ["c"] and kp.score == 1.0
    # removing nothing: one component of 5, F = 0; gain of c is 1
    assert kp.gains["gain"].iloc[0] == 1.0
    dr = key_players(g, 1, objective="distance_reach")
    assert dr.players == ["c"] and dr.score == 1.0
    # a leaf reaches c at 1 and three leaves at 2: (1 + 3/2) / 4 = 0.625
    leaf = key_players(g, 1, objective="distance_reach", candidates=["l2"])
    assert leaf.score == pytest.approx(0.625)


def test_distance_fragmentation_equals_rn_fragmentation():
    edges, g = random_graph(15, 0.15, seed=3)
    kp = key_players(g, 2, objective="distance_fragmentation")
    keep = ~np.isin(np.arange(15), kp.players)
    assert kp.score == pytest.approx(float(rn.fragmentation(g.subgraph(keep))))


# ---------------------------------------------------------------- oracle on hypothesis graphs
@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=40),
    st.integers(1, 3),
    st.sampled_from(OBJECTIVES),
    st.sampled_from(["in", "out", "all"]),
    st.integers(1, 3),
)
def test_reported_score_equals_oracle(pairs, k, objective, direction, m):
    n = 12
    edges = sorted({(u, v) for u, v in pairs if u != v})
    g = rn.Network.from_edges([u for u, _ in edges], [v for _, v in edges], nodes=range(n))
    kp = key_players(g, k, objective=objective, direction=direction, m=m, n_starts=3, seed=0)
    assert len(set(kp.players)) == k
    want = oracle_score(n, edges, kp.players, objective, m, direction)
    assert kp.score == pytest.approx(want, abs=1e-12)
    # every prefix's cumulative score is the oracle score of that prefix
    for i in range(1, k + 1):
        prefix = kp.gains["player"].iloc[:i].tolist()
        got = kp.gains["cumulative"].iloc[i - 1]
        assert got == pytest.approx(oracle_score(n, edges, prefix, objective, m, direction))


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_exhaustive_equals_python_exhaustive(objective):
    # independent brute force: every pair of 14 people scored by the oracle
    edges, g = random_graph(14, 0.12, seed=11)
    best = max(
        oracle_score(14, edges, s, objective, 2, "in") for s in itertools.combinations(range(14), 2)
    )
    kp = key_players(g, 2, objective=objective, method="exhaustive")
    assert kp.score == pytest.approx(best)


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_search_finds_the_optimum_in_90_percent(objective):
    """20 fixed random graphs, n 20-30, k 2-4: default search vs exhaustive search."""
    hits = 0
    cases = 20
    for case in range(cases):
        rng = np.random.default_rng(1000 + case)
        n = int(rng.integers(20, 31))
        k = int(rng.integers(2, 5))
        p = float(rng.uniform(0.04, 0.12))
        edges, g = random_graph(n, p, seed=2000 + case)
        opt = key_players(g, k, objective=objective, method="exhaustive")
        kp = key_players(g, k, objective=objective, seed=case)
        # the search can never beat the optimum, and its score is the oracle score
        assert kp.score <= opt.score + 1e-12
        assert kp.score == pytest.approx(oracle_score(n, edges, kp.players, objective, 2, "in"))
        hits += kp.score >= opt.score - 1e-12
    assert hits >= 0.9 * cases


def test_per_group_and_coverage():
    # two teams; team x has the hub h everyone names, team y is a chain y1 <- y2 <- y3
    nodes = pd.DataFrame(
        {"team": ["x", "x", "x", "x", "y", "y", "y"]},
        index=["h", "x1", "x2", "x3", "y1", "y2", "y3"],
    )
    g = rn.Network.from_edges(
        ["x1", "x2", "x3", "y2", "y3", "h"], ["h", "h", "h", "y1", "y2", "x1"], nodes=nodes
    )
    plain = key_players(g, 2, m=1)
    assert "h" in plain.players
    kp = key_players(g, 2, m=1, per_group="team")
    teams = nodes.loc[kp.players, "team"]
    assert set(teams) == {"x", "y"}
    cov = kp.coverage
    assert cov.index.name == "team"
    assert cov["size"].tolist() == [4, 3]
    assert cov["champions"].tolist() == [1, 1]
    # h reaches x1, x2, x3 (they name h): 4 of 4 in x with h itself; the y pick (y1 or
    # y2) reaches one other y person in one step: 2 of 3 in y
    assert cov.loc["x", "reached"] == 4
    assert cov.loc["y", "reached"] == 2
    assert cov["share"].tolist() == pytest.approx(cov["reached"] / cov["size"])
    by = key_players(g, 2, m=1, by="team")
    assert by.coverage is not None and by.coverage["size"].sum() == 7


def test_candidates_restrict_the_choice():
    edges, g = random_graph(25, 0.1, seed=5)
    allowed = list(range(10, 20))
    kp = key_players(g, 3, candidates=allowed, seed=1)
    assert set(kp.players) <= set(allowed)
    ex = key_players(g, 3, candidates=allowed, method="exhaustive")
    assert kp.score <= ex.score + 1e-12


def test_result_object():
    edges, g = random_graph(20, 0.1, seed=7)
    kp = key_players(g, 3, seed=2)
    assert list(kp.summary().columns) == ["player", "gain", "cumulative"]
    assert "KeyPlayerResult" in repr(kp)
    assert "<table" in kp._repr_html_()
    assert len(kp.search) == 10 and kp.search["converged"].all()
    import matplotlib

    matplotlib.use("Agg")
    fig = kp.plot()
    assert fig.axes
    # same seed, same result
    again = key_players(g, 3, seed=2)
    assert again.players == kp.players


def test_max_swaps_reported():
    edges, g = random_graph(30, 0.08, seed=9)
    kp = key_players(g, 4, max_swaps=0, n_starts=3, seed=0)
    assert (kp.search["swaps"] == 0).all()
    # random starts cannot be improved with zero swaps allowed: marked not converged
    assert not kp.search["converged"].all()


def test_bad_input():
    g = rn.Network.from_edges(["a", "b", "c"], ["b", "c", "a"])
    with pytest.raises(ArgumentError, match="k=0"):
        key_players(g, 0)
    with pytest.raises(ArgumentError, match="candidates"):
        key_players(g, 2, candidates=["a"])
    with pytest.raises(ArgumentError, match="objective"):
        key_players(g, 1, objective="closeness")
    with pytest.raises(ArgumentError, match="direction"):
        key_players(g, 1, direction="up")
    with pytest.raises(ArgumentError, match="nobody outside"):
        key_players(g, 3)
    # the message names the argument, the unknown id and the fix
    with pytest.raises(UnknownPersonError, match=r"candidates names 1 id.*'zz'.*graph\.ids"):
        key_players(g, 1, candidates=["zz"])
    with pytest.raises(ArgumentError, match="seed"):
        key_players(g, 1, seed="x")
    with pytest.raises(ArgumentError, match="non-negative"):
        key_players(g, 1, seed=-1)
    with pytest.raises(ArgumentError, match="weighted"):
        key_players(g, 1, weighted=True)
    with pytest.raises(GraphKindError, match="positive"):
        bad = rn.Network.from_edges(["a", "b"], ["b", "c"], weight=[1.0, 0.0])
        key_players(bad, 1, objective="distance_reach", weighted=True)
    teams = pd.DataFrame({"team": ["x", "y", "z"]}, index=["a", "b", "c"])
    g2 = rn.Network.from_edges(["a", "b"], ["b", "c"], nodes=teams)
    with pytest.raises(ArgumentError, match="3 groups"):
        key_players(g2, 2, per_group="team")
    with pytest.raises(ArgumentError, match="no node attribute"):
        key_players(g2, 1, by="unit")


def test_per_group_exhaustive_and_greedy_agree_on_constraint():
    edges, g0 = random_graph(18, 0.12, seed=21)
    teams = pd.DataFrame({"team": [i % 3 for i in range(18)]}, index=range(18))
    g = rn.Network.from_edges([u for u, _ in edges], [v for _, v in edges], nodes=teams)
    ex = key_players(g, 4, per_group="team", method="exhaustive")
    gr = key_players(g, 4, per_group="team", seed=3)
    for kp in (ex, gr):
        assert {p % 3 for p in kp.players} == {0, 1, 2}
        assert kp.score == pytest.approx(oracle_score(18, edges, kp.players, "reach", 2, "in"))
    assert gr.score <= ex.score + 1e-12
    # brute force over the sets covering the three teams
    best = max(
        oracle_score(18, edges, s, "reach", 2, "in")
        for s in itertools.combinations(range(18), 4)
        if {p % 3 for p in s} == {0, 1, 2}
    )
    assert ex.score == pytest.approx(best)


def test_kernels_same_result_for_any_chunk_count():
    from relnet.kernels import key_players as kern

    edges, g = random_graph(30, 0.1, seed=4)
    sets = np.array([[0, 1, -1], [2, 3, 4], [5, -1, -1], [6, 7, 8]] * 3, dtype=np.int64)
    sym = g.symmetrize("any")
    for obj in range(4):
        indptr, indices = (sym.indptr, sym.indices) if obj == 2 else (g.t_indptr, g.t_indices)
        results = []
        for chunks in (1, 4):
            scratch = [np.zeros((4, 30), dtype=np.int64) for _ in range(4)]
            heap = [np.zeros((4, 1)), np.zeros((4, 1)), np.zeros((4, 1), dtype=np.int64)]
            lengths = np.ones(1)
            out, _ = kern.score_sets(
                obj, 2, indptr, indices, lengths, False, sets, *scratch, *heap, 1, chunks
            )
            results.append(out)
        np.testing.assert_array_equal(results[0], results[1])
    cur = kern.set_values(0, 2, g.t_indptr, g.t_indices, np.array([0, 1], dtype=np.int64))
    cands = np.arange(30, dtype=np.int64)
    gains = []
    for chunks in (1, 4):
        scratch = [np.zeros((4, 30), dtype=np.int64) for _ in range(3)]
        gains.append(
            kern.ball_gains(0, 2, g.t_indptr, g.t_indices, cur, cands, *scratch, 1, chunks)
        )
    np.testing.assert_array_equal(gains[0], gains[1])
    in_group = np.zeros(30, dtype=bool)
    in_group[[3, 9]] = True
    one = kern.group_betweenness(g.indptr, g.indices, in_group, 1)
    four = kern.group_betweenness(g.indptr, g.indices, in_group, 4)
    assert one == pytest.approx(four, rel=1e-12)


def weighted_oracle(n, arcs, members, objective, direction):
    """Distance objectives with lengths 1/w (networkx Dijkstra)."""
    members = set(members)
    rest = [j for j in range(n) if j not in members]
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    for (u, v), w in arcs.items():
        G.add_edge(u, v, length=1 / w)
    if objective == "distance_reach":
        H = {"in": G.reverse(), "out": G}.get(direction)
        if H is None:  # "all": a pair's distance uses its stronger arc
            H = nx.Graph()
            H.add_nodes_from(range(n))
            for (u, v), w in arcs.items():
                w2 = max(w, arcs.get((v, u), 0))
                H.add_edge(u, v, length=1 / w2)
        dist = nx.multi_source_dijkstra_path_length(H, members, weight="length")
        return sum(1 / dist[j] for j in rest if j in dist) / len(rest)
    H = G.subgraph(rest)
    if direction == "all":
        U = nx.Graph()
        U.add_nodes_from(rest)
        for (u, v), w in arcs.items():
            if u in rest and v in rest:
                U.add_edge(u, v, length=1 / max(w, arcs.get((v, u), 0)))
        H = U
    r = len(rest)
    total = sum(
        1 / d
        for _, row in nx.all_pairs_dijkstra_path_length(H, weight="length")
        for d in row.values()
        if d > 0
    )
    return 1 - total / (r * (r - 1))


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(0, 9), st.integers(0, 9)),
        st.integers(1, 5),
        max_size=30,
    ),
    st.integers(1, 3),
    st.sampled_from(["distance_reach", "distance_fragmentation"]),
    st.sampled_from(["in", "out", "all"]),
)
def test_weighted_distance_objectives_match_dijkstra(arcs, k, objective, direction):
    arcs = {(u, v): w for (u, v), w in arcs.items() if u != v}
    keys = sorted(arcs)
    g = rn.Network.from_edges(
        [u for u, _ in keys],
        [v for _, v in keys],
        weight=[arcs[a] for a in keys],
        nodes=range(10),
    )
    kp = key_players(
        g, k, objective=objective, direction=direction, weighted=True, n_starts=2, seed=0
    )
    assert kp.score == pytest.approx(weighted_oracle(10, arcs, kp.players, objective, direction))
    ex = key_players(
        g, k, objective=objective, direction=direction, weighted=True, method="exhaustive"
    )
    best = max(
        weighted_oracle(10, arcs, s, objective, direction)
        for s in itertools.combinations(range(10), k)
    )
    assert ex.score == pytest.approx(best)
    assert kp.score <= ex.score + 1e-12


def test_weighted_with_unit_weights_equals_unweighted():
    edges, g = random_graph(20, 0.12, seed=8)
    for objective in ("distance_reach", "distance_fragmentation"):
        a = key_players(g, 3, objective=objective, method="exhaustive")
        b = key_players(g, 3, objective=objective, method="exhaustive", weighted=True)
        assert a.score == pytest.approx(b.score)


def test_seed_forms():
    # seed= takes an int, None or a numpy Generator; equal seeds give equal searches
    _, g = random_graph(30, 0.08, seed=9)
    by_int = [key_players(g, 4, n_starts=3, seed=5).players for _ in range(2)]
    assert by_int[0] == by_int[1]
    by_gen = [
        key_players(g, 4, n_starts=3, seed=np.random.default_rng(5)).players for _ in range(2)
    ]
    assert by_gen[0] == by_gen[1]
    assert len(key_players(g, 4, n_starts=3, seed=None).players) == 4


def test_notebook_card_escapes_ids():
    # ids come from survey files: the card shows them as text, never as markup
    # y, z and w all name the centre, so it reaches everyone and is the one key player
    centre = "<b>x</b>"
    g = rn.Network.from_edges(["y", "z", "w"], [centre] * 3)
    kp = key_players(g, 1, objective="reach", seed=0)
    assert kp.players == [centre]
    card = kp._repr_html_()
    assert "<table" in card and "KeyPlayerResult" in card
    assert centre not in card and "&lt;b&gt;x&lt;/b&gt;" in card
