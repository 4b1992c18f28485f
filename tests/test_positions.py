"""Structural equivalence (sna sedist), blockmodels (sna blockmodel) and CONCOR."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn

KRACKHARDT = (
    Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / ("krackhardt_hightech")
)
needs_krackhardt = pytest.mark.skipif(
    not (KRACKHARDT / "nominations.csv").exists(), reason="../shared is absent"
)


def krackhardt(relation: str = "advice") -> rn.Network:
    roster = pd.read_csv(KRACKHARDT / "roster.csv").set_index("id")
    noms = pd.read_csv(KRACKHARDT / "nominations.csv")
    noms = noms[(noms["relation"] == relation) & (noms["respondent"] != noms["nominee"])]
    return rn.Network.from_edges(noms["respondent"], noms["nominee"], nodes=roster)


def dense(g: rn.Network, weighted: bool = False) -> np.ndarray:
    A = np.zeros((g.n, g.n))
    for s, t, w in g.edges().itertuples(index=False):
        A[g.ids.get_loc(s), g.ids.get_loc(t)] = w if weighted else 1.0
    return A


def sna_sedist(A: np.ndarray, method: str) -> np.ndarray:
    """sna 2.7 sedist(A, method, mode="digraph", diag=FALSE), step by step.

    d <- diag.remove(A) (diagonal NA); v[, i] <- c(d[i, ], d[, i]); correlation:
    cor(v, use="pairwise") with NA -> 0; euclidean: sqrt(sum((v_i - v_j)^2, na.rm=TRUE)).
    """
    n = len(A)
    d = A.astype(float).copy()
    np.fill_diagonal(d, np.nan)
    v = [np.concatenate([d[i, :], d[:, i]]) for i in range(n)]
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if method == "euclidean":
                out[i, j] = np.sqrt(np.nansum((v[i] - v[j]) ** 2))
                continue
            ok = ~np.isnan(v[i]) & ~np.isnan(v[j])
            x, y = v[i][ok], v[j][ok]
            if len(x) < 2 or x.std() == 0 or y.std() == 0:
                out[i, j] = 0.0  # cor() gives NA; sedist sets it to 0
            else:
                out[i, j] = np.corrcoef(x, y)[0, 1]
    return out


def rows_only(A: np.ndarray, method: str) -> np.ndarray:
    """mode="graph" as relnet defines it: rows only, third parties k != i, j."""
    n = len(A)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            keep = np.ones(n, bool)
            keep[[i, j]] = False
            x, y = A[i, keep], A[j, keep]
            if method == "euclidean":
                out[i, j] = np.sqrt(np.sum((x - y) ** 2))
            elif i == j:
                out[i, j] = 1.0 if A[i, np.arange(n) != i].std() > 0 else 0.0
            elif len(x) < 2 or x.std() == 0 or y.std() == 0:
                out[i, j] = 0.0
            else:
                out[i, j] = np.corrcoef(x, y)[0, 1]
    return out


# ------------------------------------------------------------------ structural equivalence
def test_structural_equivalence_hand_worked():
    g = rn.Network.from_edges(["a", "b", "a", "b"], ["c", "c", "d", "d"])
    se = rn.structural_equivalence(g)
    # a vs c over k in {b, d}: v_a = (a->b, a->d, b->a, d->a) = (0, 1, 0, 0) and
    # v_c = (c->b, c->d, b->c, d->c) = (0, 0, 1, 0): cov = 0 - 4 (1/4)(1/4) = -1/4,
    # var = 1 - 4/16 = 3/4 each: r = -1/3; Euclidean sqrt(1 + 1)
    assert se.loc["a", "c"] == pytest.approx(-1 / 3, abs=1e-15)
    assert se.loc["a", "b"] == pytest.approx(1.0) and se.loc["c", "d"] == pytest.approx(1.0)
    assert np.diag(se.to_numpy()).tolist() == [1.0] * 4
    eu = rn.structural_equivalence(g, method="euclidean")
    assert eu.loc["a", "c"] == pytest.approx(np.sqrt(2))
    assert eu.loc["a", "b"] == 0.0
    assert se.index.equals(g.ids) and se.columns.equals(g.ids)


@needs_krackhardt
@pytest.mark.parametrize("method", ["correlation", "euclidean"])
@pytest.mark.parametrize("relation", ["advice", "friendship"])
def test_structural_equivalence_krackhardt_matches_sna_definition(method, relation):
    g = krackhardt(relation)
    got = rn.structural_equivalence(g, method=method)
    want = sna_sedist(dense(g), method)
    np.testing.assert_allclose(got.to_numpy(), want, atol=1e-12, rtol=0)


@needs_krackhardt
def test_structural_equivalence_krackhardt_graph_mode():
    g = krackhardt("friendship").symmetrize("any")
    for method in ("correlation", "euclidean"):
        got = rn.structural_equivalence(g, method=method, mode="graph")
        np.testing.assert_allclose(got.to_numpy(), rows_only(dense(g), method), atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(1, 4)), max_size=30),
    st.sampled_from(["correlation", "euclidean"]),
    st.booleans(),
)
def test_structural_equivalence_matches_sna_on_random_graphs(arcs, method, weighted):
    seen = {}
    for u, v, w in arcs:
        if u != v:
            seen.setdefault((u, v), w)
    g = rn.Network.from_edges(
        [u for u, _ in seen], [v for _, v in seen], weight=list(seen.values()), nodes=range(7)
    )
    got = rn.structural_equivalence(g, method=method, weighted=weighted)
    want = sna_sedist(dense(g, weighted), method)
    np.testing.assert_allclose(got.to_numpy(), want, atol=1e-10, rtol=0)


def test_structural_equivalence_refusals():
    g = rn.Network.from_edges(["a"], ["b"])
    with pytest.raises(rn.ArgumentError, match="method"):
        rn.structural_equivalence(g, method="hamming")
    with pytest.raises(rn.ArgumentError, match="mode"):
        rn.structural_equivalence(g, mode="bipartite")


# ------------------------------------------------------------------ blockmodel
def sna_blockmodel(A: np.ndarray, b: np.ndarray, labels) -> np.ndarray:
    """sna blockmodel(block.content="density", diag=FALSE): mean over each block, NA diag."""
    d = A.astype(float).copy()
    np.fill_diagonal(d, np.nan)
    out = np.full((len(labels), len(labels)), np.nan)
    for j, lj in enumerate(labels):
        for k, lk in enumerate(labels):
            block = d[np.ix_(b == lj, b == lk)]
            if np.isfinite(block).any():
                out[j, k] = np.nanmean(block)
    return out


@needs_krackhardt
def test_blockmodel_krackhardt_departments_matches_sna():
    g = krackhardt("advice")
    bm = rn.blockmodel(g, "department")
    dept = g.attribute("department").to_numpy()
    labels = sorted(set(dept))
    assert bm.density.index.tolist() == labels
    want = sna_blockmodel(dense(g), dept, labels)
    np.testing.assert_allclose(bm.density.to_numpy(), want, atol=1e-15, equal_nan=True)
    assert bm.counts.to_numpy().sum() == g.m
    # department 0 is the president alone: its own block has no possible tie
    assert np.isnan(bm.density.loc[0, 0]) and bm.sizes.loc[0] == 1
    weighted = rn.blockmodel(g, g.attribute("department"), weighted=True)
    np.testing.assert_allclose(weighted.density.to_numpy(), want, equal_nan=True)


def test_blockmodel_hand_worked_and_result_object(tmp_path):
    g = rn.Network.from_edges([1, 2, 1, 3], [2, 1, 3, 4], weight=[2, 1, 1, 3], nodes=range(1, 6))
    pos = pd.Series({5: "edge", 1: "core", 2: "core", 3: "edge", 4: "edge"})
    bm = rn.blockmodel(g, pos)
    # core->core 2 of 2*1; core->edge 1 of 2*3; edge->core 0 of 3*2; edge->edge 1 of 3*2
    np.testing.assert_allclose(bm.density.to_numpy(), [[1.0, 1 / 6], [0.0, 1 / 6]])
    assert bm.counts.to_numpy().tolist() == [[2.0, 1.0], [0.0, 1.0]]
    assert bm.possible.to_numpy().tolist() == [[2.0, 6.0], [6.0, 6.0]]
    w = rn.blockmodel(g, pos, weighted=True)  # core->core 2 + 1 = 3 of 2; edge->edge 3 of 6
    np.testing.assert_allclose(w.density.to_numpy(), [[1.5, 1 / 6], [0.0, 0.5]])
    summary = bm.summary()
    assert summary.shape == (4, 3) and summary.loc[("core", "edge"), "count"] == 1
    assert "2 positions" in repr(bm) and "<table" in bm._repr_html_()
    fig = bm.plot(tmp_path / "bm.png")
    assert (tmp_path / "bm.png").exists() and fig.axes
    with pytest.raises(rn.ArgumentError, match="5"):
        rn.blockmodel(g, pos.drop(5))
    with pytest.raises(rn.ArgumentError, match="'site'"):
        rn.blockmodel(g, "site")


# ------------------------------------------------------------------ CONCOR
def concor_oracle(A: np.ndarray, max_splits: int, cutoff=0.999, max_iter=50) -> list[set]:
    """concorR's procedure: columns of rbind(A, t(A)); cor until |r| > cutoff; split by the
    sign of the first column; recurse on each half's columns."""

    def cor(M):
        with np.errstate(invalid="ignore", divide="ignore"):
            R = np.corrcoef(M, rowvar=False)
        R = np.nan_to_num(R, nan=0.0)
        np.fill_diagonal(R, 1.0)
        return R

    stacked = np.vstack([A, A.T])
    blocks = [list(range(len(A)))]
    for _ in range(max_splits):
        new = []
        for block in blocks:
            if len(block) < 2:
                new.append(block)
                continue
            R = cor(stacked[:, block])
            it = 0
            while np.any(np.abs(R) < cutoff) and it < max_iter:
                R = cor(R)
                it += 1
            pos = [m for m, r in zip(block, R[:, 0]) if r > 0]
            neg = [m for m, r in zip(block, R[:, 0]) if r <= 0]
            new.extend(b for b in (pos, neg) if b)
        blocks = new
    return [set(b) for b in blocks]


def positions_of(labels: pd.Series) -> list[set]:
    return [set(labels.index[labels == k]) for k in sorted(labels.unique())]


def test_concor_hand_worked_six_nodes():
    # 0, 1 name 3, 4; 2 names 3, 4, 5. Stacked columns (in-ties then out-ties), length 12:
    # v0 = v1 = out (3, 4); v2 = out (3, 4, 5); v3 = v4 = in (0, 1, 2); v5 = in (2).
    # r(v0, v2): overlap 2, sums 2 and 3: cov = 2 - 12 (2/12)(3/12) = 3/2,
    # var = 2 - 4/12 = 5/3 and 3 - 9/12 = 9/4: r = 1.5 / sqrt(15/4) = sqrt(0.6)
    g = rn.Network.from_edges([0, 0, 1, 1, 2, 2, 2], [3, 4, 3, 4, 3, 4, 5], nodes=range(6))
    from relnet.structure.positions import _correlate_columns

    A = dense(g)
    R0 = _correlate_columns(np.vstack([A, A.T]))
    assert R0[0, 2] == pytest.approx(np.sqrt(0.6), abs=1e-15)
    assert R0[0, 1] == pytest.approx(1.0) and R0[3, 4] == pytest.approx(1.0)
    # senders against receivers converge to -1: split 1 is {0, 1, 2} | {3, 4, 5}
    assert rn.concor(g, max_splits=1).tolist() == [0, 0, 0, 1, 1, 1]
    # split 2 inside {0, 1, 2}: columns 0 and 1 equal, 2 differs (r < 1), so the
    # correlation matrix [[1, 1, r], [1, 1, r], [r, r, 1]] correlates to exactly
    # [[1, 1, -1], [1, 1, -1], [-1, -1, 1]]: {0, 1} | {2}; likewise {3, 4} | {5}
    labels = rn.concor(g, max_splits=2)
    assert labels.tolist() == [0, 0, 1, 2, 2, 3]
    assert labels.name == "concor" and labels.index.equals(g.ids)
    assert rn.concor(g, max_splits=0).tolist() == [0] * 6
    # blocks of one are not split further
    assert rn.concor(g, max_splits=5).tolist() == [0, 0, 1, 2, 2, 3]


@needs_krackhardt
@pytest.mark.parametrize("relation", ["advice", "friendship"])
def test_concor_krackhardt_matches_oracle(relation):
    g = krackhardt(relation)
    got = rn.concor(g, max_splits=2)
    want = concor_oracle(dense(g), 2)
    assert sorted(map(sorted, positions_of(got))) == sorted(sorted(g.ids[list(b)]) for b in want)
    assert got.nunique() <= 4
    bm = rn.blockmodel(g, got)
    assert bm.density.shape == (got.nunique(), got.nunique())


def test_concor_refusals():
    g = rn.Network.from_edges(["a"], ["b"])
    with pytest.raises(rn.ArgumentError, match="max_splits"):
        rn.concor(g, max_splits=-1)
    with pytest.raises(rn.ArgumentError, match="cutoff"):
        rn.concor(g, cutoff=1.5)
