"""Random networks under the CUG conditions (rn.random_network and the batched samplers).

Oracles: enumeration of every digraph on 3-5 people (the conditioned class) with a
chi-square test of uniform frequency (fixed seeds; alpha 1e-4, far below what an unbiased
sampler gives here, while a biased one fails by many orders of magnitude); closed-form
null moments; exact degree sequences; Kleitman-Wang realizations checked on hypothesis
graphs; identical draws for 1 and 4 chunks and for 1 and 2 numba threads.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numba
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chisquare

import relnet as rn
from relnet.inference.random_graphs import (
    draw_seeds,
    expected_mutual_edges,
    null_model,
    seed_sequence,
)
from relnet.kernels import random_graphs as kernels

ALPHA = 1e-4


def seeds(k: int, seed: int = 1) -> np.ndarray:
    return draw_seeds(seed_sequence(seed), k)


def codes_of(keys: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """One integer per draw: bit u*n+v set for each arc u->v (n <= 7)."""
    bits = np.left_shift(np.int64(1), keys)
    starts = offsets[:-1]
    sums = np.add.reduceat(bits, starts) if len(keys) else np.zeros(len(starts), np.int64)
    return np.where(np.diff(offsets) > 0, sums, 0)


def all_digraphs(n: int) -> pd.DataFrame:
    """Every digraph on n people: code (bits u*n+v), arcs, out/in degrees, mutual dyads."""
    cells = [(u, v) for u in range(n) for v in range(n) if u != v]
    masks = np.arange(2 ** len(cells), dtype=np.int64)
    code = np.zeros_like(masks)
    outs = np.zeros((n, len(masks)), dtype=np.int64)
    ins = np.zeros((n, len(masks)), dtype=np.int64)
    bit_of = {}
    for c, (u, v) in enumerate(cells):
        bit = (masks >> c) & 1
        bit_of[(u, v)] = bit
        code |= bit << (u * n + v)
        outs[u] += bit
        ins[v] += bit
    mutual = sum(bit_of[(u, v)] & bit_of[(v, u)] for u, v in cells if u < v)
    arcs = outs.sum(axis=0)
    table = pd.DataFrame({"code": code, "arcs": arcs, "mutual": mutual})
    table["asymmetric"] = arcs - 2 * table["mutual"]
    table["degrees"] = [tuple(x) for x in np.vstack([outs, ins]).T]
    return table


def assert_uniform(codes: np.ndarray, population: np.ndarray) -> None:
    counts = pd.Series(codes).value_counts()
    outside = set(counts.index) - set(population.tolist())
    assert not outside, f"{len(outside)} draws outside the conditioned class"
    observed = counts.reindex(population, fill_value=0).to_numpy()
    assert observed.min() > 0, "some graph of the class never drawn"
    assert chisquare(observed).pvalue > ALPHA


def graph_of(n: int, arcs: list[tuple[int, int]], responded=None) -> rn.Network:
    return rn.Network.from_edges(
        [u for u, _ in arcs], [v for _, v in arcs], nodes=range(n), responded=responded
    )


# ---------------------------------------------------------------------- uniformity
def test_edges_uniform_over_all_graphs_with_m_arcs():
    n, m = 4, 3  # C(12, 3) = 220 graphs
    model = null_model(graph_of(n, [(0, 1), (1, 2), (2, 3)]), "edges", observed_only=False)
    keys, offsets = model.draw(seeds(220 * 60), 1)
    table = all_digraphs(n)
    population = table.loc[table.arcs == m, "code"].to_numpy()
    assert len(population) == 220
    assert_uniform(codes_of(keys, offsets), population)


def test_sparse_subset_sampler_uniform_over_pairs():
    # 40 cells (one random row of a 41-person graph), 2 arcs: the rejection path
    # (16 * 2 < 40). All C(40, 2) = 780 pairs should be equally likely.
    n = 41
    g = graph_of(n, [(0, 1), (0, 2)], responded=[True] + [False] * (n - 1))
    model = null_model(g, "edges", observed_only=True)
    keys, offsets = model.draw(seeds(780 * 40), 1)
    assert np.all(np.diff(offsets) == 2)
    pairs = keys.reshape(-1, 2) % n  # targets of person 0
    assert np.all(pairs[:, 0] < pairs[:, 1])  # sorted, distinct, no loop (target 0)
    code = pairs[:, 0] * n + pairs[:, 1]
    population = np.array([a * n + b for a, b in itertools.combinations(range(1, n), 2)])
    assert_uniform(code, population)


def test_size_uniform_over_all_graphs():
    n = 3  # 2^6 = 64 graphs, each with probability 1/64
    model = null_model(graph_of(n, []), "size", observed_only=False)
    keys, offsets = model.draw(seeds(64 * 150), 1)
    assert_uniform(codes_of(keys, offsets), all_digraphs(n)["code"].to_numpy())


def test_dyad_census_uniform_over_the_man_class():
    # census (M, A, N) = (1, 2, 3) on 6 dyads: 6! / (1! 2! 3!) * 2^2 = 240 graphs
    n = 4
    g = graph_of(n, [(0, 1), (1, 0), (1, 2), (3, 2)])
    model = null_model(g, "dyad_census", observed_only=False)
    assert (model.mutual, model.asymmetric) == (1, 2)
    keys, offsets = model.draw(seeds(240 * 60), 1)
    table = all_digraphs(n)
    population = table.loc[(table.mutual == 1) & (table.asymmetric == 2), "code"].to_numpy()
    assert len(population) == 240
    assert_uniform(codes_of(keys, offsets), population)


@pytest.mark.parametrize(
    "n, arcs",
    [
        # the two directed 3-cycles: no double-edge swap links them, only the reversal
        (3, [(0, 1), (1, 2), (2, 0)]),
        # every out- and in-degree 1 on 4 people: the 9 derangements
        (4, [(0, 1), (1, 0), (2, 3), (3, 2)]),
        # a mixed sequence on 5 people (class enumerated below)
        (5, [(0, 1), (0, 2), (1, 2), (2, 0), (3, 4), (4, 1), (1, 3)]),
    ],
)
def test_degree_rewiring_uniform_over_the_degree_class(n, arcs):
    g = graph_of(n, arcs)
    model = null_model(g, "degree", observed_only=False, swaps_per_arc=30)
    table = all_digraphs(n)
    want = tuple(g.out_degree()) + tuple(g.in_degree())
    population = table.loc[table.degrees == want, "code"].to_numpy()
    keys, offsets = model.draw(seeds(len(population) * 80), 1)
    assert_uniform(codes_of(keys, offsets), population)


# ---------------------------------------------------------------------- closed forms
def test_edges_mutual_dyads_match_closed_form():
    n, m, sims = 20, 100, 4000
    model = null_model(graph_of(n, []), "edges", observed_only=False)
    model = type(model)(**{**model.__dict__, "n_random": m})
    keys, offsets = model.draw(seeds(sims), 1)
    mutual, asym = kernels.census_counts(keys, offsets, n, np.ones(n, bool), False, 1)
    assert np.all(2 * mutual + asym == m)  # density fixed
    # D = 190 dyads: E[M] = D m (m-1) / (2D (2D-1)) = 190*100*99/(380*379) = 13.06
    want = expected_mutual_edges(n, m)
    assert want == pytest.approx(190 * 100 * 99 / (380 * 379))
    se = mutual.std() / np.sqrt(sims)
    assert abs(mutual.mean() - want) < 5 * se


@pytest.mark.parametrize("condition", ["edges", "size"])
def test_two_paths_closed_at_the_closed_form_rate(condition):
    # Given a two-path i->j->k (two arcs placed), the arc i->k is present with probability
    # (m-2)/(C-2) under G(n, m) over C = n(n-1) cells, and 1/2 under G(n, 1/2), whatever
    # else: E[closed - q * two-paths] = 0 per draw.
    n, m, sims = 25, 150, 2000
    model = null_model(graph_of(n, []), condition, observed_only=False)
    if condition == "edges":
        model = type(model)(**{**model.__dict__, "n_random": m})
        q = (m - 2) / (n * (n - 1) - 2)
    else:
        q = 0.5
    keys, offsets = model.draw(seeds(sims), 1)
    total, closed = kernels.two_path_counts(keys, offsets, n, 1)
    gap = closed - q * total
    assert abs(gap.mean()) < 5 * gap.std() / np.sqrt(sims)


def test_size_density_half():
    n, sims = 15, 3000
    model = null_model(graph_of(n, [(0, 1)]), "size", observed_only=False)
    keys, offsets = model.draw(seeds(sims), 1)
    density = np.diff(offsets) / (n * (n - 1))
    # each of the 210 cells Bernoulli(1/2): sd of a density = sqrt(1/4 / 210)
    se = np.sqrt(0.25 / (n * (n - 1))) / np.sqrt(sims)
    assert abs(density.mean() - 0.5) < 5 * se
    assert density.std() == pytest.approx(np.sqrt(0.25 / (n * (n - 1))), rel=0.1)


def test_dyad_census_fixed_in_every_draw():
    g = rn.random_network(30, condition="edges", m=120, seed=4)
    census = rn.dyad_census(g)
    model = null_model(g, "dyad_census", observed_only=False)
    keys, offsets = model.draw(seeds(50), 1)
    mutual, asym = kernels.census_counts(keys, offsets, 30, np.ones(30, bool), False, 1)
    assert set(mutual) == {census["mutual"]} and set(asym) == {census["asymmetric"]}


def test_degree_draws_keep_exact_degrees_and_stay_simple():
    s = rn.synth.health_system(200, n_sites=2, seed=3)
    noms = s.nominations.drop_duplicates(["respondent", "nominee"])
    g = rn.Network.from_edges(noms["respondent"], noms["nominee"])
    n = g.n
    model = null_model(g, "degree", observed_only=False)
    keys, offsets = model.draw(seeds(20), 1)
    changed = 0
    for a, b in zip(offsets[:-1], offsets[1:]):
        draw = keys[a:b]
        src, dst = draw // n, draw % n
        assert np.all(src != dst)  # no loops
        assert np.all(np.diff(draw) > 0)  # sorted, no repeated arc
        np.testing.assert_array_equal(np.bincount(src, minlength=n), g.out_degree())
        np.testing.assert_array_equal(np.bincount(dst, minlength=n), g.in_degree())
        changed += np.setdiff1d(draw, g.sources.astype(np.int64) * n + g.indices).size
    assert changed > 0.5 * 20 * g.m  # the draws moved most arcs


def test_observed_only_keeps_nonrespondent_rows():
    # person 3 did not respond; their arc 3->0 stays, the 3 respondent arcs move
    g = graph_of(5, [(0, 1), (1, 2), (2, 0), (3, 0)], responded=[1, 1, 1, 0, 1])
    for condition in ("edges", "dyad_census", "degree", "size"):
        model = null_model(g, condition, observed_only=True)
        keys, offsets = model.draw(seeds(300), 1)
        for a, b in zip(offsets[:-1], offsets[1:]):
            draw = keys[a:b]
            rows = draw // 5
            assert list(draw[rows == 3]) == [3 * 5 + 0]
            if condition != "size":
                assert (rows != 3).sum() == 3
        if condition == "edges":  # respondents' arcs reach the non-respondent too
            assert np.any(keys % 5 == 3)


def test_dyad_census_observed_fixes_census_among_respondents():
    n = 8
    responded = [True] * 6 + [False] * 2
    g = graph_of(n, [(0, 1), (1, 0), (2, 3), (4, 5), (5, 6), (6, 0), (0, 7)], responded)
    want = rn.dyad_census(g, missing="observed")
    model = null_model(g, "dyad_census", observed_only=True)
    keys, offsets = model.draw(seeds(100), 1)
    mutual, asym = kernels.census_counts(keys, offsets, n, np.array(responded), True, 1)
    assert set(mutual) == {want["mutual"]} and set(asym) == {want["asymmetric"]}
    # 5->6 is the one arc from a respondent to a non-respondent (0->7 too: two)
    half = [((keys[a:b] // n < 6) & (keys[a:b] % n >= 6)).sum() for a, b in
            zip(offsets[:-1], offsets[1:])]  # fmt: skip
    assert set(half) == {2}


# ---------------------------------------------------------------------- seeds and threads
@pytest.mark.parametrize("condition", ["size", "edges", "dyad_census", "degree"])
def test_draws_do_not_depend_on_chunks_or_threads(condition):
    g = rn.random_network(40, condition="edges", m=150, seed=2)
    model = null_model(g, condition, observed_only=False)
    s = seeds(9)
    one = model.draw(s, 1)
    four = model.draw(s, 4)
    np.testing.assert_array_equal(one[0], four[0])
    np.testing.assert_array_equal(one[1], four[1])
    previous = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        a = model.draw(s, 2)
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        b = model.draw(s, 2)
    finally:
        numba.set_num_threads(previous)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[0], one[0])


def test_random_network_seeds():
    a = rn.random_network(30, condition="edges", m=60, seed=5)
    b = rn.random_network(30, condition="edges", m=60, seed=5)
    c = rn.random_network(30, condition="edges", m=60, seed=6)
    assert a.edges().equals(b.edges())
    assert not a.edges().equals(c.edges())
    d = rn.random_network(30, condition="edges", m=60, seed=np.random.default_rng(5))
    assert d.m == 60


# ---------------------------------------------------------------------- random_network
def test_random_network_conditions():
    g = rn.random_network(12, condition="size", seed=1, ids=[f"p{i}" for i in range(12)])
    assert list(g.ids[:2]) == ["p0", "p1"] and g.responded.all()
    assert 0 < g.m < 132
    assert rn.random_network(5, condition="edges", m=20, seed=1).m == 20  # complete
    assert rn.random_network(5, condition="edges", m=0, seed=1).m == 0
    h = rn.random_network(
        10, condition="dyad_census", dyad_census={"mutual": 4, "asymmetric": 5}, seed=2
    )
    assert rn.dyad_census(h).to_dict() == {"mutual": 4, "asymmetric": 5, "null": 36}
    outs, ins = [3, 2, 2, 1, 0, 1], [1, 1, 2, 2, 2, 1]
    d = rn.random_network(6, condition="degree", out_degree=outs, in_degree=ins, seed=1)
    assert d.out_degree().tolist() == outs and d.in_degree().tolist() == ins
    assert rn.random_network(1, condition="edges", m=0).n == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=40))
def test_kleitman_wang_realizes_every_graph_degree_sequence(pairs):
    arcs = sorted({(u, v) for u, v in pairs if u != v})
    g = graph_of(9, arcs)
    src, dst, ok = kernels.kleitman_wang(g.out_degree(), g.in_degree())
    assert ok
    G = nx.DiGraph(list(zip(src.tolist(), dst.tolist())))
    G.add_nodes_from(range(9))
    assert nx.number_of_selfloops(G) == 0 and G.number_of_edges() == len(src)
    assert [G.out_degree(i) for i in range(9)] == g.out_degree().tolist()
    assert [G.in_degree(i) for i in range(9)] == g.in_degree().tolist()


def test_random_network_bad_input():
    with pytest.raises(rn.ArgumentError, match="'size', 'edges', 'dyad_census', 'degree'"):
        rn.random_network(5, condition="gnp")
    with pytest.raises(rn.ArgumentError, match="needs m"):
        rn.random_network(5, condition="edges")
    with pytest.raises(rn.ArgumentError, match="takes no m"):
        rn.random_network(5, condition="size", m=3)
    with pytest.raises(rn.ArgumentError, match="between 0 and 20"):
        rn.random_network(5, condition="edges", m=21)
    with pytest.raises(rn.ArgumentError, match="add up"):
        rn.random_network(4, condition="dyad_census", dyad_census=(1, 1, 1))
    with pytest.raises(rn.ArgumentError, match="Kleitman-Wang"):
        # 0 -> {1, 2}; 1 must send 2 arcs but 0 takes none: not digraphic
        rn.random_network(3, condition="degree", out_degree=[2, 2, 0], in_degree=[0, 2, 2])
    with pytest.raises(rn.ArgumentError, match="same|adds up"):
        rn.random_network(3, condition="degree", out_degree=[1, 1, 0], in_degree=[1, 0, 0])
    with pytest.raises(rn.ArgumentError, match="seed"):
        rn.random_network(3, condition="size", seed="x")
    with pytest.raises(rn.ArgumentError, match="ids"):
        rn.random_network(3, condition="size", ids=["a", "a", "b"])
