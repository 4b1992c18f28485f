"""Simulated diffusion: hand-worked paths and stars, reachability oracles, seeds and threads."""

from __future__ import annotations

import networkx as nx
import numba
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.errors import ArgumentError, UnknownPersonError
from relnet.kernels import spread
from relnet.planning.diffusion import simulate_diffusion
from relnet.planning.key_players import key_players


def star(n_leaves=4):
    """Leaves name the centre c (they ask c for advice)."""
    leaves = [f"l{i}" for i in range(1, n_leaves + 1)]
    return rn.Network.from_edges(leaves, ["c"] * n_leaves), leaves


def test_path_hand_worked():
    # b asks a, c asks b, d asks c: influence a -> b -> c -> d, one step each
    g = rn.Network.from_edges(["b", "c", "d"], ["a", "b", "c"])
    res = simulate_diffusion(g, ["a"], threshold=0.5, steps=4, n_runs=3)
    assert res.curve["mean"].tolist() == [0.25, 0.5, 0.75, 1.0, 1.0]
    assert res.curve["q05"].tolist() == res.curve["q95"].tolist() == res.curve["mean"].tolist()
    assert res.mean_step[["a", "b", "c", "d"]].tolist() == [0.0, 1.0, 2.0, 3.0]
    # direction "out": a influences nobody (nobody is named by a... a names nobody)
    out = simulate_diffusion(g, ["a"], direction="out", steps=4, n_runs=2)
    assert out.final_share == 0.25
    # from d along the arcs: d -> c -> b -> a
    back = simulate_diffusion(g, ["d"], direction="out", steps=2, n_runs=2)
    assert back.curve["mean"].tolist() == [0.25, 0.5, 0.75]


def test_star_hand_worked():
    g, leaves = star()
    # centre seeds, "in": each leaf's only contact is c -> all adopt at step 1
    res = simulate_diffusion(g, ["c"], threshold=0.9, steps=3, n_runs=2)
    assert res.curve["mean"].tolist() == [0.2, 1.0, 1.0, 1.0]
    # a leaf seeds, "in": nobody names l1 -> nothing spreads
    assert simulate_diffusion(g, ["l1"], steps=3, n_runs=2).final_share == 0.2
    # "out": l1 influences c; c's contacts are the 4 leaves naming it: 1/4 adopted
    assert simulate_diffusion(g, ["l1"], direction="out", threshold=0.25).final_share == 0.4
    assert simulate_diffusion(g, ["l1"], direction="out", threshold=0.26).final_share == 0.2
    # two leaves: 2/4 >= 0.5 -> c adopts at step 1
    two = simulate_diffusion(g, ["l1", "l2"], direction="out", threshold=0.5, steps=2)
    assert two.curve["mean"].tolist() == [0.4, 0.6, 0.6]


def test_threshold_counts_the_share_of_contacts():
    # y names a and b: with a adopted, y's exposure is 1/2
    g = rn.Network.from_edges(["y", "y"], ["a", "b"])
    assert simulate_diffusion(g, ["a"], threshold=0.5).adoption["y"] == 1.0
    assert simulate_diffusion(g, ["a"], threshold=0.51).adoption["y"] == 0.0
    # per-person thresholds from a Series
    th = pd.Series({"a": 0.0, "b": 0.0, "y": 0.4})
    assert simulate_diffusion(g, ["a"], threshold=th).adoption["y"] == 1.0


def test_random_thresholds_and_cascade_probabilities():
    # y's exposure is 1/2: it adopts when its U(0,1) threshold is <= 1/2, half the runs.
    # 4000 runs: sd of the share is 0.5/sqrt(4000) = 0.008; tolerance 0.04 (5 sd).
    g = rn.Network.from_edges(["y", "y"], ["a", "b"])
    res = simulate_diffusion(g, ["a"], threshold="random", n_runs=4000, steps=2, seed=1)
    assert res.adoption["y"] == pytest.approx(0.5, abs=0.04)
    # star cascade from c with p = 0.3: each leaf adopts with probability 0.3;
    # 4000 runs: sd of a leaf's share 0.46/sqrt(4000) = 0.0072; tolerance 0.035 (~5 sd)
    s, leaves = star()
    casc = simulate_diffusion(s, ["c"], model="cascade", p=0.3, n_runs=4000, seed=2)
    assert casc.adoption[leaves].to_numpy() == pytest.approx([0.3] * 4, abs=0.035)
    assert casc.final_share == pytest.approx((1 + 4 * 0.3) / 5, abs=0.02)
    # a cascade of p = 0 never leaves the seeds
    assert simulate_diffusion(s, ["c"], model="cascade", p=0.0).final_share == 0.2


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=30),
    st.sets(st.integers(0, 11), min_size=1, max_size=3),
    st.sampled_from(["in", "out", "all"]),
)
def test_p1_cascade_and_zero_threshold_are_bfs(pairs, seeds, direction):
    edges = sorted({(u, v) for u, v in pairs if u != v})
    g = rn.Network.from_edges([u for u, _ in edges], [v for _, v in edges], nodes=range(12))
    G = nx.DiGraph(edges)
    G.add_nodes_from(range(12))
    H = {"in": G.reverse(), "out": G, "all": G.to_undirected()}[direction]
    dist = nx.multi_source_dijkstra_path_length(H, seeds)  # unit weights: BFS layers
    want_adopted = np.array([1.0 if v in dist else 0.0 for v in range(12)])
    want_step = np.array([float(dist[v]) if v in dist else np.nan for v in range(12)])
    for kw in ({"model": "cascade", "p": 1.0}, {"model": "threshold", "threshold": 0.0}):
        res = simulate_diffusion(g, list(seeds), steps=12, n_runs=2, direction=direction, **kw)
        np.testing.assert_array_equal(res.adoption.to_numpy(), want_adopted)
        np.testing.assert_array_equal(res.mean_step.to_numpy(), want_step)
        # the curve counts the BFS layers
        layers = [sum(1 for d in dist.values() if d <= t) / 12 for t in range(13)]
        assert res.curve["mean"].tolist() == pytest.approx(layers)


def test_results_do_not_depend_on_threads():
    rng = np.random.default_rng(0)
    src, dst = rng.integers(0, 300, 1500), rng.integers(0, 300, 1500)
    keep = src != dst
    pairs = np.unique(np.column_stack([src[keep], dst[keep]]), axis=0)
    g = rn.Network.from_edges(pairs[:, 0], pairs[:, 1], nodes=range(300))
    a = simulate_diffusion(g, [0, 1, 2], model="cascade", p=0.2, n_runs=40, seed=5)
    b = simulate_diffusion(g, [0, 1, 2], model="cascade", p=0.2, n_runs=40, seed=5)
    np.testing.assert_array_equal(a.runs, b.runs)
    c = simulate_diffusion(g, [0, 1, 2], model="cascade", p=0.2, n_runs=40, seed=6)
    assert not np.array_equal(a.runs, c.runs)
    # the kernel with 1 chunk and with 3 chunks gives the same runs
    args = (
        1,
        g.t_indptr,
        g.t_indices,
        np.bincount(g.t_indices, minlength=300).astype(np.int32),
        np.ones(300, dtype=np.int32),
        True,
        0.2,
        np.array([0, 1, 2], dtype=np.int64),
        10,
        np.arange(1, 41, dtype=np.uint64) * np.uint64(7919),
    )
    for model in (0, 1):  # random-threshold model and cascade
        one = spread.simulate(model, *args[1:], 1)
        three = spread.simulate(model, *args[1:], 3)
        for x, y in zip(one, three):
            np.testing.assert_array_equal(x, y)
        assert len(np.unique(one[0][:, -1])) > 1  # the runs differ from one another
    previous = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        d = simulate_diffusion(g, [0, 1, 2], model="cascade", p=0.2, n_runs=40, seed=5)
    finally:
        numba.set_num_threads(previous)
    np.testing.assert_array_equal(a.runs, d.runs)


def test_by_group_plot_and_key_player_seeds():
    nodes = pd.DataFrame({"team": ["x", "x", "x", "y", "y"]}, index=["c", "l1", "l2", "l3", "l4"])
    g = rn.Network.from_edges(["l1", "l2", "l3", "l4"], ["c"] * 4, nodes=nodes)
    kp = key_players(g, 1)
    res = simulate_diffusion(g, kp, threshold=0.5, steps=2)
    assert res.seeds == ["c"]
    table = res.by_group("team")
    assert table.index.name == "team"
    assert table["size"].tolist() == [3, 2]
    assert table["seeds"].tolist() == [1, 0]
    assert table["share"].tolist() == [1.0, 1.0]
    import matplotlib

    matplotlib.use("Agg")
    assert res.plot().axes
    assert "DiffusionResult" in repr(res) and "<table" in res._repr_html_()


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 60), st.floats(0, 1, allow_nan=False))
def test_needed_count_is_the_share_rule(k, theta):
    # the kernel compares counts with the precomputed need; it must equal the share rule
    from relnet.planning.diffusion import _needed_counts

    need = int(_needed_counts(np.array([theta]), np.array([k]))[0])
    for count in range(1, k + 1):
        assert (count >= need) == (count / k >= theta)


def test_bad_input():
    g, _ = star()
    with pytest.raises(ArgumentError, match="model"):
        simulate_diffusion(g, ["c"], model="sir")
    with pytest.raises(ArgumentError, match="direction"):
        simulate_diffusion(g, ["c"], direction="up")
    with pytest.raises(ArgumentError, match="empty"):
        simulate_diffusion(g, [])
    with pytest.raises(UnknownPersonError, match=r"seeds names 1 id.*'nobody'.*graph\.ids"):
        simulate_diffusion(g, ["nobody"])
    with pytest.raises(ArgumentError, match="non-negative"):
        simulate_diffusion(g, ["c"], seed=-1)
    with pytest.raises(ArgumentError, match="seed"):
        simulate_diffusion(g, ["c"], seed=1.5)
    with pytest.raises(ArgumentError, match="threshold"):
        simulate_diffusion(g, ["c"], threshold=1.5)
    with pytest.raises(ArgumentError, match="probability"):
        simulate_diffusion(g, ["c"], model="cascade", p=2)
    with pytest.raises(ArgumentError, match="steps"):
        simulate_diffusion(g, ["c"], steps=0)
    with pytest.raises(ArgumentError, match="n_runs"):
        simulate_diffusion(g, ["c"], n_runs=0)


def test_seed_forms():
    # seed= takes an int, None or a numpy Generator; equal seeds give equal runs
    g, _ = star(6)
    kw = dict(model="cascade", p=0.5, n_runs=20, steps=4)
    a = simulate_diffusion(g, ["c"], seed=np.random.default_rng(3), **kw)
    b = simulate_diffusion(g, ["c"], seed=np.random.default_rng(3), **kw)
    pd.testing.assert_frame_equal(a.curve, b.curve)
    c = simulate_diffusion(g, ["c"], seed=3, **kw)
    pd.testing.assert_frame_equal(c.curve, simulate_diffusion(g, ["c"], seed=3, **kw).curve)
    assert simulate_diffusion(g, ["c"], seed=None, **kw).n_runs == 20
