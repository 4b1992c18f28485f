"""E-I index, block density and assortativity.

Oracles: hand-worked examples (arithmetic in comments), networkx
``attribute_assortativity_coefficient`` on hypothesis graphs, and a direct count over the
adjacency matrix for E-I and block densities.
"""

from __future__ import annotations

import math
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn

N = 10


def graph_with_groups(pairs, groups, n=N):
    uniq = sorted({(u, v) for u, v in pairs if u != v})
    people = pd.DataFrame({"unit": [f"u{groups[i]}" for i in range(n)]}, index=range(n))
    g = rn.Network.from_edges([u for u, _ in uniq], [v for _, v in uniq], nodes=people)
    return g, uniq


@pytest.fixture
def clinic():
    # nurses n1 n2 n3, doctors d1 d2. Arcs: n1->n2, n2->n1, n2->n3, n3->d1, d1->d2, d2->d1,
    # d1->n1
    people = pd.DataFrame(
        {"role": ["nurse", "nurse", "nurse", "doctor", "doctor"]},
        index=["n1", "n2", "n3", "d1", "d2"],
    )
    src = ["n1", "n2", "n2", "n3", "d1", "d2", "d1"]
    dst = ["n2", "n1", "n3", "d1", "d2", "d1", "n1"]
    return rn.Network.from_edges(src, dst, nodes=people)


def test_ei_hand_worked(clinic):
    r = rn.ei_index(clinic, "role")
    # internal: n1n2, n2n1, n2n3, d1d2, d2d1 = 5; external: n3d1, d1n1 = 2; (2-5)/7
    assert r.network == pytest.approx(-3 / 7)
    # groups (sorted labels: doctor, nurse). doctor: I=2, E=2 (n3->d1 in, d1->n1 out): 0
    # nurse: I=3, E=2: (2-3)/5
    assert r.groups.loc["doctor", "ei"] == 0.0
    assert r.groups.loc["nurse", "ei"] == pytest.approx(-1 / 5)
    assert r.groups.loc["nurse", "size"] == 3
    assert r.groups.index.name == "role"
    # n1: sends n1n2 (I), receives n2n1 (I) and d1n1 (E): (1-2)/3
    # n3: sends n3d1 (E), receives n2n3 (I): 0;  d1: sends d1d2 (I), d1n1 (E), receives
    # n3d1 (E), d2d1 (I): 0
    assert r.nodes.loc["n1", "ei"] == pytest.approx(-1 / 3)
    assert r.nodes.loc["n3", "ei"] == 0.0
    assert r.nodes.loc["d1", "ei"] == 0.0
    out = rn.ei_index(clinic, "role", ties="out")
    assert out.nodes.loc["n1", "ei"] == -1.0  # sends only n1->n2
    assert out.nodes.loc["n3", "ei"] == 1.0  # sends only n3->d1
    assert out.groups.loc["nurse", "external"] == 1  # n3->d1 leaves; d1->n1 arrives
    # possible internal arcs 3*2 + 2*1 = 8, external 20 - 8 = 12; T = 7
    # max E-I = (2*7 - 7)/7 = 1; min = (7 - 2*7)/7 = -1: the rescaled index equals E-I
    assert r.maximum == 1.0 and r.minimum == -1.0
    assert r.rescaled == pytest.approx(r.network)


def test_ei_rescaled_range_is_restricted():
    # 4 people, two groups of 2, complete digraph: T = 12, P_I = 4, P_E = 8
    # max = (2*8 - 12)/12 = 1/3; min = (12 - 2*4)/12 = 1/3: a single point -> NaN
    people = pd.DataFrame({"g": ["a", "a", "b", "b"]}, index=range(4))
    arcs = [(u, v) for u in range(4) for v in range(4) if u != v]
    g = rn.Network.from_edges([u for u, _ in arcs], [v for _, v in arcs], nodes=people)
    r = rn.ei_index(g, "g")
    assert r.network == pytest.approx(1 / 3)  # E 8, I 4
    assert r.maximum == pytest.approx(1 / 3) and r.minimum == pytest.approx(1 / 3)
    assert math.isnan(r.rescaled)
    # drop two internal arcs: T = 10, E = 8, I = 2: E-I 0.6; max (16 - 10)/10 = 0.6,
    # min (10 - 8)/10 = 0.2: rescaled = 2 * (0.6 - 0.2) / 0.4 - 1 = 1
    keep = [(u, v) for u, v in arcs if (u, v) not in {(0, 1), (1, 0)}]
    g2 = rn.Network.from_edges([u for u, _ in keep], [v for _, v in keep], nodes=people)
    r2 = rn.ei_index(g2, "g")
    assert r2.network == pytest.approx(0.6)
    assert r2.rescaled == pytest.approx(1.0)


def test_ei_permutation_test(clinic):
    r = rn.ei_index(clinic, "role", n_perm=200, seed=1)
    assert r.n_perm == 200
    assert 0 < r.p_greater <= 1 and 0 < r.p_less <= 1
    assert r.p_value == min(1.0, 2 * min(r.p_greater, r.p_less))
    assert -1 <= r.expected <= 1
    again = rn.ei_index(clinic, "role", n_perm=200, seed=1)
    assert again.p_value == r.p_value  # seeded
    assert "p=" in repr(r)
    assert (
        rn.ei_index(clinic, "role").summary()["p_value"]
        != rn.ei_index(clinic, "role").summary()["p_value"]
    )  # NaN without a test


def test_ei_strong_segregation_is_significant():
    # two groups of 15, all ties inside groups: E-I = -1, far below random labelling
    rng = np.random.default_rng(0)
    src, dst = [], []
    for base in (0, 15):
        for _ in range(80):
            u, v = rng.integers(base, base + 15, 2)
            if u != v:
                src.append(u)
                dst.append(v)
    arcs = sorted(set(zip(src, dst)))
    people = pd.DataFrame({"g": ["a"] * 15 + ["b"] * 15}, index=range(30))
    g = rn.Network.from_edges([u for u, _ in arcs], [v for _, v in arcs], nodes=people)
    r = rn.ei_index(g, "g", n_perm=300, seed=2)
    assert r.network == -1.0
    assert r.p_less == pytest.approx(1 / 301)
    assert r.p_value < 0.01


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=40),
    st.lists(st.integers(0, 3), min_size=N, max_size=N),
)
def test_ei_and_blocks_match_matrix_counts(pairs, groups):
    g, uniq = graph_with_groups(pairs, groups)
    A = np.zeros((N, N))
    for u, v in uniq:
        A[u, v] = 1
    lab = np.array(groups)
    same = lab[:, None] == lab[None, :]
    internal, external = A[same].sum(), A[~same].sum()
    r = rn.ei_index(g, "unit")
    if internal + external:
        assert r.network == pytest.approx((external - internal) / (external + internal))
    else:
        assert math.isnan(r.network)
    # node level, sent and received arcs
    node_int = (A * same).sum(1) + (A * same).sum(0)
    node_ext = (A * ~same).sum(1) + (A * ~same).sum(0)
    assert r.nodes["internal"].tolist() == node_int.tolist()
    assert r.nodes["external"].tolist() == node_ext.tolist()
    blocks = rn.block_density(g, "unit")
    counts = rn.block_density(g, "unit", counts=True)
    for gi in sorted(set(groups)):
        for gj in sorted(set(groups)):
            rows, cols = lab == gi, lab == gj
            arcs = A[np.ix_(rows, cols)].sum()
            possible = rows.sum() * cols.sum() - (rows.sum() if gi == gj else 0)
            assert counts.loc[f"u{gi}", f"u{gj}"] == arcs
            if possible:
                assert blocks.loc[f"u{gi}", f"u{gj}"] == pytest.approx(arcs / possible)
            else:
                assert math.isnan(blocks.loc[f"u{gi}", f"u{gj}"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=40),
    st.lists(st.integers(0, 3), min_size=N, max_size=N),
)
def test_assortativity_matches_networkx(pairs, groups):
    g, uniq = graph_with_groups(pairs, groups)
    if not uniq:  # networkx returns 0.0 from an empty mixing matrix; relnet says NaN
        assert math.isnan(rn.assortativity(g, "unit"))
        return
    G = nx.DiGraph()
    G.add_nodes_from((i, {"unit": f"u{groups[i]}"}) for i in range(N))
    G.add_edges_from(uniq)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            want = nx.attribute_assortativity_coefficient(G, "unit")
        except ZeroDivisionError:
            want = math.nan
    got = rn.assortativity(g, "unit")
    if math.isnan(want):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(want, abs=1e-12)


def test_weighted_block_density():
    people = pd.DataFrame({"g": ["a", "a", "b"]}, index=[1, 2, 3])
    g = rn.Network.from_edges([1, 2, 1], [2, 1, 3], weight=[4, 2, 5], nodes=people)
    w = rn.block_density(g, "g", weighted=True)
    # a->a: (4 + 2) / 2; a->b: 5 / 2; b->b: no possible arc (a group of one)
    assert w.loc["a", "a"] == 3.0 and w.loc["a", "b"] == 2.5 and math.isnan(w.loc["b", "b"])


def test_errors(clinic):
    with pytest.raises(rn.ArgumentError, match="no node attribute"):
        rn.ei_index(clinic, "site")
    with pytest.raises(rn.ArgumentError):
        rn.ei_index(clinic, "role", ties="both")
    with pytest.raises(rn.ArgumentError, match="n_perm"):
        rn.ei_index(clinic, "role", n_perm=-1)
    empty = rn.Network.from_edges([], [], nodes=pd.DataFrame({"g": ["a", "b"]}, index=[1, 2]))
    assert math.isnan(rn.ei_index(empty, "g").network)
    assert math.isnan(rn.assortativity(empty, "g"))


def test_permutation_kernel_chunks_agree():
    from relnet.kernels import mixing as mixing_kernels

    codes = np.array([0, 0, 1, 1, 2, 2, 2], dtype=np.int16)
    src = np.array([0, 1, 2, 3, 4, 5, 6, 0], dtype=np.int64)
    dst = np.array([1, 2, 3, 4, 5, 6, 0, 6], dtype=np.int64)
    seeds = np.arange(9)
    one = mixing_kernels.permuted_internal(codes, src, dst, seeds, 1)
    four = mixing_kernels.permuted_internal(codes, src, dst, seeds, 4)
    assert one.tolist() == four.tolist()
    assert one.min() >= 0 and one.max() <= len(src)
