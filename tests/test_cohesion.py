"""Components, core numbers, transitivity and clustering.

Oracles: R sna 2.7 / igraph reference JSON (parity to 1e-12), igraph and networkx on
hypothesis graphs, and hand-worked cases.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from graphs import arc_lists as arcs_on
from graphs import build as build_triplet
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_series_equal
from sna_reference import reference_cases, reference_network

import relnet as rn
from relnet.kernels import transitivity as transitivity_kernels

N = 12
arc_lists = arcs_on(N, max_size=60)


def build(pairs, n=N, weights=None):
    """(relnet Network, networkx DiGraph, igraph Graph) on nodes 0..n-1 from (u, v) pairs."""
    return build_triplet(pairs, n, weights)


def canonical(labels) -> list[int]:
    """A partition as labels numbered in order of first appearance."""
    seen: dict = {}
    return [seen.setdefault(x, len(seen)) for x in labels]


# ---------------------------------------------------------------- sna parity
@pytest.mark.parametrize("dataset, relation, ref", reference_cases())
def test_sna_parity(dataset, relation, ref):
    """R sna 2.7-1: gtrans, kcores, components counts."""
    g = reference_network(dataset, relation)
    assert rn.transitivity(g, measure="weak") == pytest.approx(ref["gtrans_weak"], abs=1e-12)
    assert rn.transitivity(g, measure="strong") == pytest.approx(ref["gtrans_strong"], abs=1e-12)
    assert rn.core_number(g, mode="in").tolist() == ref["kcores_in"]
    assert rn.core_number(g, mode="out").tolist() == ref["kcores_out"]
    assert rn.core_number(g, mode="all").tolist() == ref["kcores_all"]
    assert len(rn.component_sizes(g, connection="weak")) == ref["components_weak"]
    assert len(rn.component_sizes(g, connection="strong")) == ref["components_strong"]


# ---------------------------------------------------------------- oracles
@settings(max_examples=200, deadline=None)
@given(arc_lists)
def test_components_match_igraph(pairs):
    g, _, H = build(pairs)
    for mode in ("weak", "strong"):
        ours = rn.components(g, connection=mode)
        theirs = H.connected_components(mode=mode).membership
        assert canonical(ours) == canonical(theirs)
        sizes = rn.component_sizes(g, connection=mode)
        # label 0 is the largest; sizes are non-increasing and match the labels
        assert sizes.tolist() == sorted(sizes.tolist(), reverse=True)
        assert sizes.tolist() == np.bincount(ours.to_numpy()).tolist()
        assert sorted(sizes.tolist()) == sorted(len(c) for c in H.connected_components(mode))


@settings(max_examples=200, deadline=None)
@given(arc_lists)
def test_core_number_matches_igraph(pairs):
    g, _, H = build(pairs)
    for mode in ("in", "out", "all"):
        assert rn.core_number(g, mode=mode).tolist() == H.coreness(mode=mode)


def brute_gtrans(A: np.ndarray) -> tuple[float, float]:
    """sna's adjacency formulas, literally: weak and strong on a 0/1 matrix."""
    n = len(A)
    P = A @ A
    off = ~np.eye(n, dtype=bool)
    weak_den = P[off].sum()
    weak = 1.0 if weak_den == 0 else (A * P)[off].sum() / weak_den
    if n < 3:
        return weak, 1.0
    strong = (A * P + (1 - A) * (n - 2 - P))[off].sum() / (n * (n - 1) * (n - 2))
    return weak, strong


@settings(max_examples=200, deadline=None)
@given(arc_lists, st.integers(1, N))
def test_transitivity_matches_sna_formula(pairs, n):
    g, _, _ = build([(u % n, v % n) for u, v in pairs], n=n)
    A = np.zeros((n, n), dtype=np.int64)
    src = g.sources
    A[src, g.indices] = 1
    weak, strong = brute_gtrans(A)
    assert rn.transitivity(g, measure="weak") == pytest.approx(weak, abs=1e-12)
    assert rn.transitivity(g, measure="strong") == pytest.approx(strong, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(arc_lists)
def test_clustering_matches_networkx(pairs):
    g, G, _ = build(pairs)
    want = pd.Series(nx.clustering(G), dtype=float).reindex(g.ids)
    assert_series_equal(rn.clustering(g), want, check_names=False, rtol=1e-12, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(arc_lists, st.lists(st.integers(1, 5), min_size=N * N, max_size=N * N))
def test_weighted_clustering_matches_networkx(pairs, ws):
    weights = {(u, v): float(ws[u * N + v]) for u in range(N) for v in range(N)}
    g, G, _ = build(pairs, weights=weights)
    want = pd.Series(nx.clustering(G, weight="weight"), dtype=float).reindex(g.ids)
    got = rn.clustering(g, weighted=True)
    assert_series_equal(got, want, check_names=False, rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------- hand-worked
def test_empty_and_tiny_graphs():
    empty = rn.Network.from_edges([], [], nodes=[])
    assert rn.components(empty).empty
    assert rn.component_sizes(empty).empty
    assert rn.core_number(empty).empty
    assert rn.transitivity(empty) == 1.0  # no two-path: sna's convention
    assert rn.transitivity(empty, measure="strong") == 1.0  # n < 3
    isolates = rn.Network.from_edges([], [], nodes=["a", "b", "c"])
    assert rn.components(isolates).tolist() == [0, 1, 2]  # ties: roster order
    assert rn.core_number(isolates).tolist() == [0, 0, 0]
    # no arcs among 3: every triple is vacuously transitive
    assert rn.transitivity(isolates, measure="strong") == 1.0
    assert rn.clustering(isolates).tolist() == [0.0, 0.0, 0.0]
    dyad = rn.Network.from_edges(["a"], ["b"])
    assert rn.component_sizes(dyad, connection="strong").tolist() == [1, 1]
    # a->b: peeling a (in-degree 0) leaves b with in-degree 0 too; likewise for out
    assert rn.core_number(dyad, mode="in").tolist() == [0, 0]
    assert rn.core_number(dyad, mode="out").tolist() == [0, 0]
    assert rn.core_number(dyad, mode="all").tolist() == [1, 1]


def test_component_label_ties_follow_roster_order():
    # {x, y} and {p, q} both size 2; x comes first in the roster, so its pair is 0
    g = rn.Network.from_edges(["q", "y"], ["p", "x"], nodes=["x", "p", "y", "q", "z"])
    assert rn.components(g).tolist() == [0, 1, 0, 1, 2]


def test_mutual_ties_count_twice_in_freeman_cores():
    # a<->b mutual: total degree 2 each, so both are in the 2-core (sna cmode="freeman")
    g = rn.Network.from_edges(["a", "b"], ["b", "a"])
    assert rn.core_number(g).tolist() == [2, 2]


def test_weighted_clustering_needs_positive_weights():
    g = rn.Network.from_edges(["a", "b"], ["b", "a"], weight=[1.0, -1.0])
    with pytest.raises(rn.GraphKindError, match="positive tie strengths"):
        rn.clustering(g, weighted=True)


def test_bad_options():
    g = rn.Network.from_edges(["a"], ["b"])
    with pytest.raises(rn.ArgumentError):
        rn.components(g, connection="unilateral")
    with pytest.raises(rn.ArgumentError):
        rn.core_number(g, mode="total")
    with pytest.raises(rn.ArgumentError):
        rn.transitivity(g, measure="rank")
    with pytest.raises(rn.ArgumentError, match="relnet.Network"):
        rn.components(nx.DiGraph())


def test_two_path_kernel_chunks_agree():
    g, _, _ = build([(0, 1), (1, 2), (0, 2), (2, 0), (2, 3), (3, 1)])
    one = transitivity_kernels.two_path_counts(g.indptr, g.indices, 1)
    four = transitivity_kernels.two_path_counts(g.indptr, g.indices, 4)
    assert one == four


@pytest.mark.parametrize("per_person", [0.6, 1.2, 3.0])
def test_components_match_igraph_on_larger_graphs(per_person):
    # sparse enough for many components, large enough that the giant-component skip and the
    # sampled giant (every n // 1024-th person) both come into play
    n = 5000
    rng = np.random.default_rng(int(per_person * 10))
    src = rng.integers(0, n, int(n * per_person))
    dst = rng.integers(0, n, int(n * per_person))
    pairs = list(zip(src.tolist(), dst.tolist()))
    g, _, H = build(pairs, n=n)
    for mode in ("weak", "strong"):
        assert canonical(rn.components(g, connection=mode)) == canonical(
            H.connected_components(mode=mode).membership
        )
    for mode in ("in", "out", "all"):
        assert rn.core_number(g, mode=mode).tolist() == H.coreness(mode=mode)
