"""Dyad census, reciprocity (every mode, by=, missing=) and node reciprocity."""

from __future__ import annotations

import math
import warnings

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from dyad_oracle import (
    census,
    dense,
    reconstructed,
    with_na_rows,
)
from dyad_oracle import (
    reciprocity as oracle_reciprocity,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_series_equal
from sna_reference import SNA_VERSION, reference_cases, reference_network

import relnet as rn
from relnet.kernels import dyads as dyad_kernels
from relnet.metrics.reciprocity import RECIPROCITY_MODES

TOL = 1e-12


# ---------------------------------------------------------------------- parity with R sna
@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_dyad_census_and_grecip_match_sna(dataset, relation, ref):
    """Every dyad.census and grecip value in the reference JSONs (R sna 2.7-1)."""
    g = reference_network(dataset, relation)
    want = ref["dyad_census"]
    assert rn.dyad_census(g).to_dict() == {
        "mutual": want["Mut"],
        "asymmetric": want["Asym"],
        "null": want["Null"],
    }, SNA_VERSION
    for sna_mode, value in ref["grecip"].items():
        got = rn.reciprocity(g, mode=sna_mode.replace(".", "_"))
        if value is None:
            # JSON null is R's -Inf here: log(0) for edgewise.lrr when there is no mutual dyad
            assert sna_mode == "edgewise.lrr" and want["Mut"] == 0
            assert got == -math.inf
        else:
            assert got == pytest.approx(value, abs=TOL), (sna_mode, SNA_VERSION)


# ---------------------------------------------------------------------- hand-worked example
def five_people() -> rn.Network:
    """Five people; e did not respond (so sends nothing).

    a <-> b (w 2, 1), a -> c (3), c <-> d (1, 4), a -> e (2), d -> e (1).
    Dyads (10): mutual {a,b} {c,d}; asymmetric {a,c} {a,e} {d,e}; null the other 5.
    """
    people = pd.DataFrame({"site": ["north", "north", "north", "south", "south"]})
    people.index = ["a", "b", "c", "d", "e"]
    return rn.Network.from_edges(
        ["a", "b", "a", "c", "d", "a", "d"],
        ["b", "a", "c", "d", "c", "e", "e"],
        weight=[2, 1, 3, 1, 4, 2, 1],
        nodes=people,
        responded=[True, True, True, True, False],
    )


def test_hand_worked_ignore():
    g = five_people()
    assert rn.dyad_census(g, missing="ignore").to_dict() == {
        "mutual": 2,
        "asymmetric": 3,
        "null": 5,
    }
    # M=2, A=3, N=5, D=10, S=2M+A=7 arcs, 2D=20 ordered pairs
    want = {
        "edgewise": 4 / 7,
        "dyadic": 7 / 10,
        "dyadic_nonnull": 2 / 5,
        "edgewise_lrr": math.log(2 * 10 / 3.5**2),
        "correlation": (2 * 2 * 20 - 49) / (7 * 13),  # (2M*2D - S^2) / (S (2D - S)) = 31/91
        # sum_ij min(w_ij, w_ji): {a,b} 1+1, {c,d} 1+1 = 4; sum of weights 14
        "weighted": 4 / 14,
        # r = 4/7, d = 7/20: (r - d)/(1 - d) = (80/140 - 49/140)/(91/140) = 31/91
        "garlaschelli": 31 / 91,
    }
    for mode, value in want.items():
        assert rn.reciprocity(g, mode=mode, missing="ignore") == pytest.approx(value, abs=TOL)


def test_hand_worked_observed():
    # only a, b, c, d count: dyads {a,b} M, {c,d} M, {a,c} A, {a,d} {b,c} {b,d} N
    g = five_people()
    assert rn.dyad_census(g, missing="observed").to_dict() == {
        "mutual": 2,
        "asymmetric": 1,
        "null": 3,
    }
    assert rn.reciprocity(g, missing="observed") == pytest.approx(4 / 5)
    assert rn.reciprocity(g, mode="dyadic", missing="observed") == pytest.approx(5 / 6)
    # arcs inside those dyads: 2 + 1 + 3 + 1 + 4 = 11; mins 1+1+1+1 = 4
    assert rn.reciprocity(g, mode="weighted", missing="observed") == pytest.approx(4 / 11)
    # M=2, A=1, D=6: S=5, 4MD - S^2 = 48 - 25 = 23, S (2D - S) = 5 * 7 = 35
    assert rn.reciprocity(g, mode="garlaschelli", missing="observed") == pytest.approx(23 / 35)


def test_hand_worked_reconstruct():
    # e imputes e -> a (2) and e -> d (1): {a,e}, {d,e} become mutual
    g = five_people()
    assert rn.dyad_census(g, missing="reconstruct").to_dict() == {
        "mutual": 4,
        "asymmetric": 1,
        "null": 5,
    }
    assert rn.reciprocity(g, missing="reconstruct") == pytest.approx(8 / 9)
    # mins: {a,b} 2, {c,d} 2, {a,e} 2+2, {d,e} 1+1 = 10; weights 14 + 2 + 1 = 17
    assert rn.reciprocity(g, mode="weighted", missing="reconstruct") == pytest.approx(10 / 17)


def test_hand_worked_by_site():
    g = five_people()
    table = rn.reciprocity(g, by="site", missing="ignore")
    assert table.index.names == ["site", "site_other"]
    assert list(table.index) == [("north", "north"), ("north", "south"), ("south", "south")]
    assert list(table["block"]) == ["within", "between", "within"]
    # north-north {a,b} M {a,c} A {b,c} N; north-south {c,d} M {a,e} A + 4 N; south {d,e} A
    assert list(table["dyads"]) == [3, 6, 1]
    assert list(table["mutual"]) == [1, 1, 0]
    assert list(table["asymmetric"]) == [1, 1, 1]
    assert list(table["null"]) == [1, 4, 0]
    np.testing.assert_allclose(table["reciprocity"], [2 / 3, 2 / 3, 0.0])
    weighted = rn.reciprocity(g, mode="weighted", by="site", missing="ignore")
    # north: mins 1+1 over 2+1+3; between: mins 1+1 over c->d 1, d->c 4, a->e 2; south 0/1
    np.testing.assert_allclose(weighted["reciprocity"], [2 / 6, 2 / 7, 0.0])
    observed = rn.reciprocity(g, by="site", missing="observed")
    # e drops out: between has 3 dyads ({a,d} N, {b,d} N, {c,d} M), south-south none
    assert list(observed["dyads"]) == [3, 3, 0]
    np.testing.assert_allclose(observed["reciprocity"], [2 / 3, 1.0, np.nan])


def test_by_many_groups_lists_linked_between_blocks(monkeypatch):
    g = five_people()
    people = g.nodes.assign(unit=["u1", "u2", "u3", "u4", "u4"])
    g = rn.Network.from_edges(g.edges()["source"], g.edges()["target"], nodes=people)
    full = rn.reciprocity(g, by="unit", missing="ignore")
    assert len(full) == 10  # 4 within + 6 between
    monkeypatch.setattr("relnet.metrics.reciprocity.MAX_ALL_BLOCKS", 1)
    sparse = rn.reciprocity(g, by="unit", missing="ignore")
    # between blocks without any arc: u2-u3 ({b,c}) and u2-u4 ({b,d}, {b,e})
    dropped = [("u2", "u3"), ("u2", "u4")]
    assert list(sparse.index) == [k for k in full.index if k not in dropped]
    pd.testing.assert_frame_equal(sparse, full.drop(dropped))


def test_node_reciprocity_hand_worked():
    g = five_people()
    # a: out {b,c,e} in {b} -> 2*1/4; b: 2/2; c: out {d} in {a,d} -> 2/3; d: out {c,e} in {c}
    # -> 2/3; e: in {a,d} only -> 0
    want = pd.Series([0.5, 1.0, 2 / 3, 2 / 3, 0.0], index=g.ids, name="node_reciprocity")
    assert_series_equal(rn.node_reciprocity(g), want)


def test_empty_and_tiny():
    empty = rn.Network.from_edges([], [])
    assert rn.dyad_census(empty).to_dict() == {"mutual": 0, "asymmetric": 0, "null": 0}
    assert math.isnan(rn.reciprocity(empty))
    assert rn.node_reciprocity(empty).empty
    lone = rn.Network.from_edges(["a"], ["b"])
    assert rn.dyad_census(lone).to_dict() == {"mutual": 0, "asymmetric": 1, "null": 0}
    assert rn.reciprocity(lone) == 0.0
    assert rn.reciprocity(lone, mode="edgewise_lrr") == -math.inf
    # ordered pairs (a,b): (1, 0) and (b,a): (0, 1), perfectly anti-correlated
    assert rn.reciprocity(lone, mode="correlation") == -1.0


def test_bad_arguments():
    g = five_people()
    with pytest.raises(rn.ArgumentError, match="mode='ratio' is not one of"):
        rn.reciprocity(g, mode="ratio")
    with pytest.raises(rn.ArgumentError, match="missing='drop'"):
        rn.dyad_census(g, missing="drop")
    with pytest.raises(rn.ArgumentError, match="no node attribute 'unit'"):
        rn.reciprocity(g, by="unit", missing="ignore")
    with pytest.raises(rn.ArgumentError, match="expected a relnet.Network"):
        rn.reciprocity(nx.DiGraph())


def test_default_missing_warns_once():
    g = five_people()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rn.reciprocity(g, mode="garlaschelli")
    assert [w.category for w in caught] == [rn.MissingDataWarning]
    assert "1 of 5 people did not respond" in str(caught[0].message)


# ---------------------------------------------------------------------- kernels directly
def test_kernel_chunks_agree():
    rng = np.random.default_rng(1)
    src = rng.integers(0, 50, 400)
    dst = rng.integers(0, 50, 400)
    keep = src != dst
    pairs = sorted(set(zip(src[keep].tolist(), dst[keep].tolist(), strict=True)))
    g = rn.Network.from_edges([u for u, _ in pairs], [v for _, v in pairs], nodes=range(50))
    mask = rng.random(50) < 0.7
    for use_mask in (False, True):
        one = dyad_kernels.dyad_counts(
            g.indptr, g.indices, g.t_indptr, g.t_indices, mask, use_mask, 1
        )
        four = dyad_kernels.dyad_counts(
            g.indptr, g.indices, g.t_indptr, g.t_indices, mask, use_mask, 4
        )
        np.testing.assert_array_equal(one, four)
        args = (g.indptr, g.indices, g.weights, g.t_indptr, g.t_indices, g.t_to_out, mask)
        lists = [dyad_kernels.linked_dyads(*args, use_mask, chunks) for chunks in (1, 2, 4)]
        for arrays in zip(*lists, strict=True):
            for other in arrays[1:]:
                np.testing.assert_array_equal(arrays[0], other)
        low, high, is_mutual, _, _ = lists[0]
        assert (low < high).all()
        assert (is_mutual.sum(), (~is_mutual).sum()) == tuple(one)
    np.testing.assert_array_equal(
        dyad_kernels.node_mutual(g.indptr, g.indices, g.t_indptr, g.t_indices, 1),
        dyad_kernels.node_mutual(g.indptr, g.indices, g.t_indptr, g.t_indices, 4),
    )


# ---------------------------------------------------------------------- oracles on random graphs
@st.composite
def digraphs(draw):
    """(n, unique arcs, integer weights, responded) with 0-9 people; some kinds forced."""
    n = draw(st.integers(0, 9))
    kind = draw(st.sampled_from(["random", "random", "random", "empty", "complete"]))
    if n < 2 or kind == "empty":
        arcs = []
    elif kind == "complete":
        arcs = [(i, j) for i in range(n) for j in range(n) if i != j]
    else:
        pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40))
        arcs = sorted({(u, v) for u, v in pairs if u != v})
    weights = draw(st.lists(st.integers(1, 5), min_size=len(arcs), max_size=len(arcs)))
    responded = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return n, arcs, [float(w) for w in weights], np.array(responded, dtype=bool)


def build(n, arcs, weights, responded):
    return rn.Network.from_edges(
        [u for u, _ in arcs],
        [v for _, v in arcs],
        weight=weights,
        nodes=range(n),
        responded=responded,
    )


def same(got: float, want: float) -> bool:
    if math.isnan(want):
        return math.isnan(got)
    return got == pytest.approx(want, abs=TOL)


COMPLETE_4 = [(i, j) for i in range(4) for j in range(4) if i != j]


@settings(max_examples=200, deadline=None)
@given(digraphs())
@example((0, [], [], np.zeros(0, dtype=bool)))  # empty
@example((1, [], [], np.array([True])))  # single node
@example((2, [(0, 1)], [2.0], np.array([True, False])))  # lone arc to a non-respondent
@example((2, [(0, 1), (1, 0)], [2.0, 3.0], np.array([True, True])))  # lone mutual dyad
@example((4, COMPLETE_4, [1.0] * 12, np.array([True, True, True, False])))  # complete
@example((6, [(0, 1), (2, 1)], [1.0, 4.0], np.ones(6, dtype=bool)))  # isolates
def test_matches_networkx_igraph_and_dense_oracle(graph):
    n, arcs, weights, responded = graph
    g = build(n, arcs, weights, responded)
    G = nx.DiGraph(arcs)
    G.add_nodes_from(range(n))
    h = ig.Graph(n=n, edges=arcs, directed=True)

    # ignore: igraph dyad_census, reciprocity (default and ratio), networkx
    census_ignore = rn.dyad_census(g, missing="ignore")
    assert tuple(census_ignore.tolist()) == tuple(h.dyad_census())
    edgewise = rn.reciprocity(g, missing="ignore")
    assert same(edgewise, h.reciprocity())
    assert same(
        rn.reciprocity(g, mode="dyadic_nonnull", missing="ignore"), h.reciprocity(mode="ratio")
    )
    if arcs:
        assert same(edgewise, nx.overall_reciprocity(G))
    want_nodes = pd.Series(
        {v: (np.nan if r is None else r) for v, r in nx.reciprocity(G, list(G)).items()}
        if n
        else {},
        dtype=float,
    ).reindex(g.ids)
    assert_series_equal(
        rn.node_reciprocity(g), want_nodes, check_names=False, check_index_type=False
    )

    # the three missing treatments against the dense NaN-row oracle
    w = dense(n, arcs, weights)
    everyone = np.ones(n, dtype=bool)
    matrices = {
        "ignore": with_na_rows(w, everyone),
        "observed": with_na_rows(w, responded),
        "reconstruct": with_na_rows(reconstructed(w, responded), everyone),
    }
    for missing, w_na in matrices.items():
        m, a, z = census(w_na)
        assert rn.dyad_census(g, missing=missing).to_dict() == {
            "mutual": m,
            "asymmetric": a,
            "null": z,
        }
        for mode in RECIPROCITY_MODES:
            got = rn.reciprocity(g, mode=mode, missing=missing)
            assert same(got, oracle_reciprocity(w_na, mode)), (missing, mode)


@settings(max_examples=200, deadline=None)
@given(digraphs(), st.lists(st.integers(0, 2), min_size=9, max_size=9))
def test_by_blocks_match_subgraph_oracle(graph, labels):
    """Within block = the subgraph of one group; between block = dyads across two groups."""
    n, arcs, weights, responded = graph
    site = [f"s{labels[i]}" for i in range(n)]
    people = pd.DataFrame({"site": site}, index=range(n))
    g = rn.Network.from_edges(
        [u for u, _ in arcs],
        [v for _, v in arcs],
        weight=weights,
        nodes=people,
        responded=responded,
    )
    w = with_na_rows(dense(n, arcs, weights), responded)
    for mode in ("edgewise", "dyadic", "weighted"):
        table = rn.reciprocity(g, mode=mode, by="site", missing="observed")
        for (first, second), row in table.iterrows():
            # block matrix: NaN out every cell not inside block (first, second)
            part = w.copy()
            in_first = np.array([s == first for s in site], dtype=bool)
            in_second = np.array([s == second for s in site], dtype=bool)
            keep = np.outer(in_first, in_second) | np.outer(in_second, in_first)
            if first == second:
                keep = np.outer(in_first, in_first)
            part[~keep] = np.nan
            m, a, z = census(part)
            assert (row["mutual"], row["asymmetric"], row["null"]) == (m, a, z)
            assert same(row["reciprocity"], oracle_reciprocity(part, mode))
