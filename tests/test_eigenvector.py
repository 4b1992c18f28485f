"""Eigenvector centrality and Bonacich power.

Oracles: networkx ``eigenvector_centrality_numpy`` (in-mode, unit norm) and igraph
``eigenvector_centrality`` (in-mode, max 1) on strongly connected hypothesis graphs; the
principal eigenvector of a dense numpy ``eig`` (sna evcent's definition for ``mode="out"``,
and wherever the leading eigenvalue is simple); Bonacich power from a dense numpy solve of
sna bonpow's formula, c = (I - beta A)^-1 A 1 scaled to sum c^2 = n; hand-worked cases.
"""

from __future__ import annotations

import math

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.metrics import eigenvector as eig_module

N = 8
extra = st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=25)
weights_st = st.lists(st.integers(1, 5), min_size=N + 25, max_size=N + 25)


def strongly_connected(pairs, weights):
    """A directed cycle through everyone plus extra arcs: strongly connected, aperiodic or not."""
    arcs = {(i, (i + 1) % N) for i in range(N)} | {(u, v) for u, v in pairs if u != v}
    arcs = sorted(arcs)
    w = [float(weights[i]) for i in range(len(arcs))]
    return build(arcs, w)


def build(arcs, w=None, n=N):
    g = rn.Network.from_edges([u for u, _ in arcs], [v for _, v in arcs], weight=w, nodes=range(n))
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    for i, (u, v) in enumerate(arcs):
        G.add_edge(u, v, weight=1.0 if w is None else w[i])
    return g, G


def dense(g, weighted):
    A = np.zeros((g.n, g.n))
    A[g.sources, g.indices] = g.weights if weighted else 1.0
    return A


def principal(M):
    """Unit, non-negative principal right eigenvector of M (numpy eig)."""
    values, vectors = np.linalg.eig(M)
    k = int(np.argmax(values.real))
    v = np.abs(vectors[:, k].real)
    return v / np.linalg.norm(v), values


@settings(max_examples=80, deadline=None)
@given(extra, weights_st, st.booleans())
def test_in_mode_matches_networkx_and_igraph(pairs, weights, weighted):
    g, G = strongly_connected(pairs, weights)
    got = rn.eigenvector(g, weighted=weighted)
    want = nx.eigenvector_centrality_numpy(G, weight="weight" if weighted else None)
    np.testing.assert_allclose(got.to_numpy(), [want[i] for i in range(N)], atol=1e-8)
    h = ig.Graph(n=N, edges=list(zip(g.sources.tolist(), g.indices.tolist())), directed=True)
    theirs = np.asarray(
        h.eigenvector_centrality(directed=True, weights=list(g.weights) if weighted else None)
    )
    np.testing.assert_allclose(got.to_numpy() / got.max(), theirs, atol=1e-8)


@settings(max_examples=80, deadline=None)
@given(extra, weights_st, st.booleans())
def test_out_mode_is_sna_evcent(pairs, weights, weighted):
    g, G = strongly_connected(pairs, weights)
    got = rn.eigenvector(g, mode="out", weighted=weighted)
    # sna evcent: principal eigenvector of A itself (x_i ~ sum_j a_ij x_j), unit length
    want, values = principal(dense(g, weighted))
    np.testing.assert_allclose(got.to_numpy(), want, atol=1e-8)
    assert got.attrs["eigenvalue"] == pytest.approx(values.real.max(), rel=1e-9)
    rev = nx.eigenvector_centrality_numpy(G.reverse(), weight="weight" if weighted else None)
    np.testing.assert_allclose(got.to_numpy(), [rev[i] for i in range(N)], atol=1e-8)


def test_any_graph_with_simple_leading_eigenvalue():
    # seeded random digraphs, most not strongly connected; where the leading eigenvalue is
    # simple the eigenvector is unique and numpy's is the oracle
    checked = 0
    for seed in range(150):
        rng = np.random.default_rng(seed)
        n = 10
        pairs = zip(rng.integers(0, n, 18).tolist(), rng.integers(0, n, 18).tolist())
        arcs = sorted({(u, v) for u, v in pairs if u != v})
        g, _ = build(arcs, n=n)
        A = dense(g, False)
        values = np.linalg.eigvals(A.T)
        rho = values.real.max()
        if rho < 0.1 or np.sum(np.abs(values - rho) < 1e-3) != 1:
            continue
        want, _ = principal(A.T)
        got = rn.eigenvector(g)
        np.testing.assert_allclose(got.to_numpy(), want, atol=1e-6)
        checked += 1
    assert checked > 50


def test_acyclic_and_empty():
    g, _ = build([(0, 1), (1, 2)], n=3)
    x = rn.eigenvector(g)
    assert x.tolist() == [0.0, 0.0, 0.0]
    assert x.attrs["eigenvalue"] == 0.0
    empty = rn.Network.from_edges([], [], nodes=[])
    assert len(rn.eigenvector(empty)) == 0


def test_periodic_cycle_converges():
    # a directed 4-cycle is periodic (plain power iteration oscillates); every score 1/2
    g, _ = build([(0, 1), (1, 2), (2, 3), (3, 0)], n=4)
    np.testing.assert_allclose(rn.eigenvector(g).to_numpy(), [0.5] * 4, atol=1e-10)


def bonpow_oracle(A, beta):
    """sna bonpow: rowSums(solve(I - beta A) %*% A), scaled so that sum of squares is n."""
    n = A.shape[0]
    ev = (np.linalg.inv(np.eye(n) - beta * A) @ A).sum(axis=1)
    return ev * np.sqrt(n / np.sum(ev**2))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), min_size=1, max_size=25),
    st.floats(-0.95, 0.95),
    st.booleans(),
    st.booleans(),
)
def test_bonacich_matches_dense_bonpow(pairs, fraction, weighted, iterative):
    arcs = sorted({(u, v) for u, v in pairs if u != v})
    assume(arcs)
    w = [1.0 + (u * 7 + v * 3) % 4 for u, v in arcs]
    g, _ = build(arcs, w)
    A = dense(g, weighted)
    rho = np.abs(np.linalg.eigvals(A)).max()
    beta = fraction / rho if rho > 1e-9 else fraction
    want = bonpow_oracle(A, beta)
    saved = eig_module.DENSE_MAX
    eig_module.DENSE_MAX = 0 if iterative else saved  # force the sparse fixed-point path
    try:
        got = rn.bonacich(g, beta=beta, weighted=weighted)
    finally:
        eig_module.DENSE_MAX = saved
    np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-7, atol=1e-9)
    assert float(np.sum(got.to_numpy() ** 2)) == pytest.approx(N)


def test_bonacich_hand_worked_and_degree():
    # a->b, a->c, b->c; beta 0.5: c_a = (1 + .5 c_b) + (1 + .5 c_c) = 2.5, c_b = 1, c_c = 0
    g = rn.Network.from_edges(["a", "a", "b"], ["b", "c", "c"])
    got = rn.bonacich(g, beta=0.5)
    scale = math.sqrt(3 / (2.5**2 + 1))
    np.testing.assert_allclose(got.to_numpy(), [2.5 * scale, scale, 0.0])
    # beta = 0: out-degree (2, 1, 0) scaled to sum of squares 3
    zero = rn.bonacich(g, beta=0)
    np.testing.assert_allclose(zero.to_numpy(), np.array([2, 1, 0]) * math.sqrt(3 / 5))


def test_bonacich_bound():
    # a directed 3-cycle has lambda_max = 1: |beta| must stay below 1
    g = rn.Network.from_edges([0, 1, 2], [1, 2, 0])
    for beta in (1.0, -1.0, 1.5):
        with pytest.raises(rn.ArgumentError, match=r"1/lambda_max = 1\b"):
            rn.bonacich(g, beta=beta)
    ok = rn.bonacich(g, beta=0.99)
    np.testing.assert_allclose(ok.to_numpy(), [1.0, 1.0, 1.0])
    # |beta| times the largest row sum (1) is below 1: no eigenvalue needed
    assert math.isnan(ok.attrs["spectral_radius"])
    # with a chord 0->2 the row-sum bound (2) does not settle beta = 0.6; lambda_max is the
    # real root of l^3 = l + 1 (1.3247): 0.6 * 1.3247 < 1
    chord = rn.Network.from_edges([0, 1, 2, 0], [1, 2, 0, 2])
    assert rn.bonacich(chord, beta=0.6).attrs["spectral_radius"] == pytest.approx(
        1.324718, abs=1e-6
    )
    with pytest.raises(rn.ArgumentError, match="0.754878"):
        rn.bonacich(chord, beta=0.76)


def test_spectral_radius_by_power_iteration_above_dense_limit(monkeypatch):
    rng = np.random.default_rng(5)
    n = 60
    key = np.unique(rng.integers(0, n * n, 300))
    src, dst = key // n, key % n
    keep = src != dst
    g = rn.Network.from_edges(src[keep], dst[keep], nodes=np.arange(n))
    A = dense(g, False)
    rho = np.abs(np.linalg.eigvals(A)).max()
    monkeypatch.setattr(eig_module, "DENSE_MAX", 0)
    with pytest.raises(rn.ArgumentError, match="lambda_max"):
        rn.bonacich(g, beta=1.0001 / rho)
    got = rn.bonacich(g, beta=0.9 / rho)
    np.testing.assert_allclose(got.to_numpy(), bonpow_oracle(A, 0.9 / rho), rtol=1e-7)
    assert got.attrs["spectral_radius"] == pytest.approx(rho, rel=1e-8)


def test_bad_input():
    g = rn.Network.from_edges([0, 1], [1, 0], weight=[1.0, -2.0])
    with pytest.raises(rn.ArgumentError, match="mode"):
        rn.eigenvector(g, mode="all")
    with pytest.raises(rn.GraphKindError, match="negative"):
        rn.eigenvector(g, weighted=True)
    with pytest.raises(rn.GraphKindError, match="negative"):
        rn.bonacich(g, beta=0.1, weighted=True)
    with pytest.raises(rn.ArgumentError, match="beta"):
        rn.bonacich(g, beta="big")
    empty_arcs = rn.Network.from_edges([], [], nodes=[1, 2])
    assert rn.bonacich(empty_arcs, beta=0.1).isna().all()
    assert isinstance(rn.eigenvector(g), pd.Series)


def test_arpack_start_above_threshold():
    # 400 people (above ARPACK_ABOVE): ARPACK's vector polished by the power iteration
    rng = np.random.default_rng(11)
    n = 400
    key = np.unique(rng.integers(0, n * n, 1600))
    src, dst = key // n, key % n
    keep = src != dst
    g = rn.Network.from_edges(src[keep], dst[keep], nodes=np.arange(n))
    assert g.n > eig_module.ARPACK_ABOVE
    want, values = principal(dense(g, False).T)
    got = rn.eigenvector(g)
    np.testing.assert_allclose(got.to_numpy(), want, atol=1e-9)
    assert got.attrs["eigenvalue"] == pytest.approx(values.real.max(), rel=1e-10)
    assert got.attrs["iterations"] < 50  # started next to the answer


def test_tied_leading_eigenvalue_falls_back_to_uniform_start():
    # two separate directed 150-cycles: lambda = 1 twice, so ARPACK's vector is not unique;
    # the iteration from the uniform vector stays uniform (networkx's limit)
    n = 300
    src = np.arange(n)
    dst = np.where(src % 150 == 149, src - 149, src + 1)
    g = rn.Network.from_edges(src, dst, nodes=np.arange(n))
    np.testing.assert_allclose(rn.eigenvector(g).to_numpy(), np.full(n, 1 / math.sqrt(n)))
