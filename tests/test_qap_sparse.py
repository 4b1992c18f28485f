"""Sparse QAP: the arcs-only permuted statistic against dense matrices and closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.kernels import qap as qk
from relnet.outcomes import qap as q

N = 9
arcs = st.lists(
    st.tuples(st.integers(0, N - 1), st.integers(0, N - 1), st.integers(1, 5)),
    min_size=2,
    max_size=40,
)


def network(triples, ids=None):
    seen = {}
    for u, v, w in triples:
        if u != v:
            seen.setdefault((u, v), float(w))
    uniq = sorted(seen)
    return rn.Network.from_edges(
        [u for u, _ in uniq],
        [v for _, v in uniq],
        weight=[seen[e] for e in uniq],
        nodes=range(N) if ids is None else ids,
    )


def dense(g):
    A = np.zeros((g.n, g.n))
    A[g.sources, g.indices] = g.weights
    return A


@settings(max_examples=60, deadline=None)
@given(arcs, arcs, st.integers(0, 2**32 - 1))
def test_kernel_equals_dense_permuted_product(t1, t2, seed):
    a, b = network(t1), network(t2)
    perms = np.random.default_rng(seed).permuted(np.tile(np.arange(N), (5, 1)), axis=1)
    got = qk.permuted_dots(
        a.indptr, a.indices.astype(np.int64), a.weights,
        b.indptr, b.indices.astype(np.int64), b.weights, perms,
    )  # fmt: skip
    A, B = dense(a), dense(b)
    want = [np.sum(A * B[np.ix_(p, p)]) for p in perms]  # sum_ij a_ij b_p(i)p(j)
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=0)


def both_paths(monkeypatch, call):
    """(dense result, sparse result) of the same call and seed."""
    monkeypatch.setattr(q, "QAP_SPARSE_ABOVE", 10**9)
    dense_result = call()
    monkeypatch.setattr(q, "QAP_SPARSE_ABOVE", 0)
    sparse_result = call()
    return dense_result, sparse_result


@settings(max_examples=25, deadline=None)
@given(arcs, arcs, st.booleans())
def test_sparse_qap_correlation_equals_dense(t1, t2, weighted):
    mp = pytest.MonkeyPatch()
    g1 = network(t1)
    g2 = network(t2, ids=list(range(N))[::-1])  # other position order: aligned by id
    try:
        d, s = both_paths(mp, lambda: rn.qap_correlation(g1, g2, n_perm=60, seed=7,
                                                         weighted=weighted))  # fmt: skip
    except rn.GraphKindError:  # no variance: both paths must refuse
        mp.setattr(q, "QAP_SPARSE_ABOVE", 0)
        with pytest.raises(rn.GraphKindError, match="undefined"):
            rn.qap_correlation(g1, g2, n_perm=60, seed=7, weighted=weighted)
        return
    finally:
        mp.undo()
    assert s.estimate == pytest.approx(d.estimate, abs=1e-12)
    np.testing.assert_allclose(s.null, d.null, rtol=0, atol=1e-12)
    assert (s.p_value, s.p_greater, s.p_less) == (d.p_value, d.p_greater, d.p_less)


def test_sparse_mrqap_y_equals_dense(monkeypatch):
    rng = np.random.default_rng(3)
    nets = [network(rng.integers(0, N, size=(30, 3)) + [0, 0, 1]) for _ in range(3)]
    y, x1, x2 = nets
    for weighted in (False, True):
        d, s = both_paths(
            monkeypatch,
            lambda w=weighted: rn.mrqap(y, {"a": x1, "b": x2}, method="y", n_perm=99, seed=2,
                                        weighted=w),
        )  # fmt: skip
        np.testing.assert_allclose(s["estimate"], d["estimate"], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(s["statistic"], d["statistic"], rtol=1e-10)
        np.testing.assert_allclose(s["r_squared"], d["r_squared"], rtol=1e-10)
        np.testing.assert_array_equal(s["p_value"], d["p_value"])
        assert s.attrs == d.attrs


def two_binary(n, m, rng):
    """Two binary networks on n people, sharing about half their arcs."""
    src = rng.integers(0, n, 3 * m)
    dst = rng.integers(0, n, 3 * m)
    keys = np.unique((src * n + dst)[src != dst])[: 2 * m]
    rng.shuffle(keys)
    a_keys, b_keys = keys[:m], np.concatenate([keys[: m // 2], keys[m : m + m // 2]])
    make = lambda k: rn.Network.from_edges(k // n, k % n, nodes=range(n))  # noqa: E731
    return make(a_keys), make(b_keys), len(np.intersect1d(a_keys, b_keys))


def test_large_sparse_correlation_matches_the_closed_form():
    # binary cells: r = (N s - a b) / sqrt(a (N - a) b (N - b)), N = n(n-1) cells, a and b
    # arcs, s shared arcs (Pearson's phi on the 2x2 table of cells)
    n = 6_000  # above the dense limit: only the sparse path can run
    rng = np.random.default_rng(0)
    g1, g2, shared = two_binary(n, 30_000, rng)
    cells, a, b = n * (n - 1), g1.m, g2.m
    want = (cells * shared - a * b) / (np.sqrt(a * (cells - a)) * np.sqrt(b * (cells - b)))
    r = rn.qap_correlation(g1, g2, n_perm=20, seed=1)
    assert r.estimate == pytest.approx(want, rel=1e-12)
    assert r.p_value == pytest.approx(1 / 21)  # no relabelling keeps half the arcs shared
    assert np.abs(r.null).max() < 0.01
    # mrqap y on one binary predictor: slope = cov / var = (s/N - a b/N^2) / (a/N - (a/N)^2)
    fit = rn.mrqap(g2, {"x": g1}, method="y", n_perm=9, seed=1)
    slope = (shared / cells - a * b / cells**2) / (a / cells - (a / cells) ** 2)
    assert fit.loc["x", "estimate"] == pytest.approx(slope, rel=1e-9)
    assert fit.loc["intercept", "estimate"] == pytest.approx(b / cells - slope * a / cells,
                                                             rel=1e-9)  # fmt: skip


def test_automatic_switch_and_dense_only_refusals():
    rng = np.random.default_rng(5)
    g1, g2, _ = two_binary(q.QAP_SPARSE_ABOVE + 1, 4_000, rng)
    auto = rn.qap_correlation(g1, g2, n_perm=5, seed=3)
    mp = pytest.MonkeyPatch()
    mp.setattr(q, "QAP_SPARSE_ABOVE", 10**9)
    try:
        forced_dense = rn.qap_correlation(g1, g2, n_perm=5, seed=3)
    finally:
        mp.undo()
    assert auto.estimate == pytest.approx(forced_dense.estimate, abs=1e-12)
    np.testing.assert_allclose(auto.null, forced_dense.null, atol=1e-12, rtol=0)
    big, other, _ = two_binary(5_001, 2_000, rng)
    with pytest.raises(rn.ArgumentError, match="method='y'"):
        rn.mrqap(big, {"x": other}, n_perm=0, method="dsp")
    with pytest.raises(rn.GraphKindError, match="singular"):
        rn.mrqap(big, {"x": big, "x2": big}, n_perm=0, method="y")
