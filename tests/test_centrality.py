"""Centrality: parity with R sna, and networkx/igraph oracles on random graphs."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from graphs import arc_lists
from graphs import build as build_triplet
from hypothesis import given, settings
from hypothesis import strategies as st
from sna_reference import SNA_VERSION, reference_cases, reference_network

import relnet as rn
from relnet.errors import ArgumentError, GraphKindError
from relnet.kernels import betweenness as bk
from relnet.kernels import paths as pk

N = 10
arcs = arc_lists(N, max_size=45)
weighted_arcs = st.lists(
    st.tuples(st.integers(0, N - 1), st.integers(0, N - 1), st.integers(1, 5)), max_size=45
)


def build(pairs, weights=None):
    """relnet, networkx and igraph versions of the same digraph on nodes 0..N-1."""
    return build_triplet(pairs, N, weights)


# ----------------------------------------------------------------------------- parity with sna
@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_parity_with_sna(dataset, relation, ref):
    """R sna 2.7-1: betweenness(cmode="directed"), closeness(suminvdir), degree."""
    assert SNA_VERSION
    g = reference_network(dataset, relation)
    np.testing.assert_allclose(rn.betweenness(g).to_numpy(), ref["betweenness"], atol=1e-9)
    np.testing.assert_allclose(
        rn.harmonic_closeness(g).to_numpy(), ref["closeness_suminvdir"], atol=1e-9
    )
    np.testing.assert_allclose(rn.degree(g, "in").to_numpy(), ref["indegree"], atol=1e-9)
    np.testing.assert_allclose(rn.degree(g, "out").to_numpy(), ref["outdegree"], atol=1e-9)


# ----------------------------------------------------------------------------- hand-worked
def test_betweenness_hand_worked():
    # a->b, a->c, b->d, c->d: two shortest a->d paths, via b and via c: b = c = 1/2
    g = rn.Network.from_edges(list("aabc"), list("bcdd"))
    assert rn.betweenness(g).tolist() == [0.0, 0.5, 0.5, 0.0]
    # normalised by (n-1)(n-2) = 6
    assert rn.betweenness(g, normalized=True).tolist() == [0.0, 0.5 / 6, 0.5 / 6, 0.0]


def test_empty_and_tiny_graphs():
    empty = rn.Network.from_edges([], [], nodes=[])
    assert rn.betweenness(empty).empty
    assert rn.harmonic_closeness(empty).empty
    assert rn.pagerank(empty).empty
    lone = rn.Network.from_edges([], [], nodes=["x"])
    assert rn.betweenness(lone).tolist() == [0.0]
    assert np.isnan(rn.harmonic_closeness(lone).iloc[0])
    dyad = rn.Network.from_edges(["a"], ["b"])
    assert rn.betweenness(dyad, normalized=True).tolist() == [0.0, 0.0]
    assert rn.harmonic_closeness(dyad).tolist() == [1.0, 0.0]
    ha = rn.hubs_authorities(lone)
    assert ha.to_numpy().tolist() == [[0.0, 0.0]]


def test_kernel_chunks_agree():
    rng = np.random.default_rng(1)
    n = 60
    g = rn.Network.from_edges(
        *zip(*{(int(a), int(b)) for a, b in rng.integers(0, n, (300, 2)) if a != b}),
        nodes=range(n),
    )
    src = np.arange(n, dtype=np.int64)
    ones = np.ones(g.m)
    for weighted, endpoints in [(False, False), (True, False), (False, True), (True, True)]:
        lengths = rng.uniform(0.5, 2, g.m) if weighted else ones
        one = bk.brandes(g.indptr, g.indices, lengths, src, weighted, endpoints, 1)
        four = bk.brandes(g.indptr, g.indices, lengths, src, weighted, endpoints, 4)
        np.testing.assert_allclose(one, four, rtol=1e-12)
        a = pk.inverse_distance_sums(g.indptr, g.indices, lengths, src, weighted, 1)
        b = pk.inverse_distance_sums(g.indptr, g.indices, lengths, src, weighted, 4)
        np.testing.assert_allclose(a[0], b[0], rtol=1e-12)
        np.testing.assert_allclose(a[1], b[1], rtol=1e-12)


def test_errors():
    g = rn.Network.from_edges(["a", "b"], ["b", "c"], weight=[1.0, 0.0])
    with pytest.raises(GraphKindError, match="1/w"):
        rn.betweenness(g, weighted=True)
    with pytest.raises(ArgumentError, match="samples"):
        rn.betweenness(g, samples=0)
    with pytest.raises(ArgumentError, match="mode"):
        rn.degree(g, "both")
    with pytest.raises(ArgumentError, match="alpha"):
        rn.pagerank(g, alpha=1.5)
    with pytest.raises(ArgumentError, match="relnet.Network"):
        rn.betweenness(nx.DiGraph())


# ----------------------------------------------------------------------------- oracles
@settings(max_examples=200, deadline=None)
@given(arcs)
def test_betweenness_matches_igraph_and_networkx(pairs):
    g, G, H = build(pairs)
    ours = rn.betweenness(g).to_numpy()
    np.testing.assert_allclose(ours, H.betweenness(directed=True), atol=1e-9)
    want = nx.betweenness_centrality(G, normalized=True)
    np.testing.assert_allclose(
        rn.betweenness(g, normalized=True).to_numpy(), [want[i] for i in range(N)], atol=1e-9
    )
    want = nx.betweenness_centrality(G, normalized=False, endpoints=True)
    np.testing.assert_allclose(
        rn.betweenness(g, endpoints=True).to_numpy(), [want[i] for i in range(N)], atol=1e-9
    )


@settings(max_examples=200, deadline=None)
@given(weighted_arcs)
def test_weighted_betweenness_matches_igraph(triples):
    g, G, H = build([(u, v) for u, v, _ in triples], [w for _, _, w in triples])
    want = H.betweenness(directed=True, weights=[1.0 / w for w in H.es["weight"]])
    np.testing.assert_allclose(rn.betweenness(g, weighted=True).to_numpy(), want, atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(weighted_arcs)
def test_harmonic_closeness_matches_networkx(triples):
    g, G, H = build([(u, v) for u, v, _ in triples], [w for _, _, w in triples])
    want = nx.harmonic_centrality(G.reverse())
    np.testing.assert_allclose(
        rn.harmonic_closeness(g).to_numpy(), [want[i] / (N - 1) for i in range(N)], atol=1e-12
    )
    for _, _, d in G.edges(data=True):
        d["length"] = 1.0 / d["weight"]
    want = nx.harmonic_centrality(G.reverse(), distance="length")
    np.testing.assert_allclose(
        rn.harmonic_closeness(g, weighted=True).to_numpy(),
        [want[i] / (N - 1) for i in range(N)],
        atol=1e-12,
    )


@settings(max_examples=200, deadline=None)
@given(weighted_arcs, st.sampled_from([0.85, 0.5, 1.0]))
def test_pagerank_matches_networkx(triples, alpha):
    g, G, H = build([(u, v) for u, v, _ in triples], [w for _, _, w in triples])
    if alpha == 1.0 and G.number_of_edges():
        alpha = 0.99  # alpha = 1 need not converge on periodic graphs
    want = nx.pagerank(G, alpha=alpha, tol=1e-13, max_iter=100000)
    np.testing.assert_allclose(
        rn.pagerank(g, alpha, tol=1e-13, max_iter=100000).to_numpy(),
        [want[i] for i in range(N)],
        atol=1e-9,
    )
    want = nx.pagerank(G, alpha=alpha, weight=None, tol=1e-13, max_iter=100000)
    np.testing.assert_allclose(
        rn.pagerank(g, alpha, weighted=False, tol=1e-13, max_iter=100000).to_numpy(),
        [want[i] for i in range(N)],
        atol=1e-9,
    )


@settings(max_examples=100, deadline=None)
@given(weighted_arcs)
def test_hits_matches_networkx(triples):
    g, G, H = build([(u, v) for u, v, _ in triples], [w for _, _, w in triples])
    if G.number_of_edges() == 0:
        return
    A = nx.to_numpy_array(G, nodelist=range(N))
    s = np.linalg.svd(A, compute_uv=False)
    if s[0] - s[1] < 1e-2 * s[0]:
        return  # leading singular value not (clearly) simple: HITS is not unique
    hubs, auth = nx.hits(G, tol=1e-12, max_iter=10000)
    ours = rn.hubs_authorities(g)
    np.testing.assert_allclose(ours["hub"].to_numpy(), [hubs[i] for i in range(N)], atol=1e-6)
    np.testing.assert_allclose(ours["authority"].to_numpy(), [auth[i] for i in range(N)], atol=1e-6)


@settings(max_examples=200, deadline=None)
@given(weighted_arcs, st.sampled_from(["in", "out", "all"]))
def test_degree_matches_networkx(triples, mode):
    g, G, H = build([(u, v) for u, v, _ in triples], [w for _, _, w in triples])
    fn = {"in": G.in_degree, "out": G.out_degree, "all": G.degree}[mode]
    assert rn.degree(g, mode).tolist() == [float(d) for _, d in sorted(fn())]
    assert rn.degree(g, mode, weighted=True).tolist() == [
        float(d) for _, d in sorted(fn(weight="weight"))
    ]


# ----------------------------------------------------------------------------- sampling
def test_sampled_betweenness_is_unbiased_and_reproducible():
    rng = np.random.default_rng(7)
    n = 40
    pairs = {(int(a), int(b)) for a, b in rng.integers(0, n, (160, 2)) if a != b}
    g = rn.Network.from_edges(*zip(*sorted(pairs)), nodes=range(n))
    exact = rn.betweenness(g)
    assert exact.attrs == {"exact": True, "samples": n}
    first = rn.betweenness(g, samples=10, seed=3)
    assert first.attrs == {"exact": False, "samples": 10}
    pd.testing.assert_series_equal(first, rn.betweenness(g, samples=10, seed=3))
    # Fixed seeds 0..399: the mean of the estimates is within 5% of the exact total and
    # within a loose per-node band (deterministic: no flakes).
    mean = np.mean([rn.betweenness(g, samples=10, seed=s).to_numpy() for s in range(400)], axis=0)
    assert abs(mean.sum() - exact.sum()) < 0.05 * exact.sum()
    assert np.max(np.abs(mean - exact.to_numpy())) < 0.15 * exact.max()


def test_sampled_closeness_is_unbiased():
    rng = np.random.default_rng(8)
    n = 40
    pairs = {(int(a), int(b)) for a, b in rng.integers(0, n, (120, 2)) if a != b}
    g = rn.Network.from_edges(*zip(*sorted(pairs)), nodes=range(n))
    exact = rn.harmonic_closeness(g).to_numpy()
    est = [rn.harmonic_closeness(g, samples=10, seed=s).to_numpy() for s in range(400)]
    assert np.max(np.abs(np.mean(est, axis=0) - exact)) < 0.02
    assert rn.harmonic_closeness(g, samples=10, seed=1).attrs == {"exact": False, "samples": 10}
