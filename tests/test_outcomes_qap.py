"""QAP correlation and MRQAP: sna netlm/netlogit/gcor parity, OLS/GLM oracles, permutation
tests."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from sna_reference import SNA_VERSION, model_cases, reference_network

import relnet as rn


@pytest.mark.parametrize(("dataset", "ref"), model_cases())
def test_mrqap_matches_sna_netlm_and_netlogit(dataset, ref):
    y = reference_network(dataset, ref["y"])
    xs = {x: reference_network(dataset, x) for x in ref["x"]}
    linear = rn.mrqap(y, xs, n_perm=0)
    assert list(linear.index) == ["intercept", *ref["x"]]
    np.testing.assert_allclose(linear["estimate"], ref["netlm_coefficients"], rtol=0, atol=1e-8,
                               err_msg=SNA_VERSION)  # fmt: skip
    logit = rn.mrqap(y, xs, n_perm=0, family="logit")
    np.testing.assert_allclose(logit["estimate"], ref["netlogit_coefficients"], rtol=0,
                               atol=1e-8, err_msg=SNA_VERSION)  # fmt: skip


@pytest.mark.parametrize(("dataset", "ref"), model_cases())
def test_qap_correlation_matches_sna_gcor(dataset, ref):
    y = reference_network(dataset, ref["y"])
    for x, value in ref["gcor"].items():
        result = rn.qap_correlation(y, reference_network(dataset, x), n_perm=0)
        assert result.estimate == pytest.approx(value, abs=1e-8), SNA_VERSION


def _random(n, p, rng, ids=None):
    A = rng.random((n, n)) < p
    np.fill_diagonal(A, False)
    src, dst = np.nonzero(A)
    ids = list(range(n)) if ids is None else ids
    return rn.Network.from_edges([ids[i] for i in src], [ids[j] for j in dst], nodes=ids)


def _cells(g, ids):
    n = len(ids)
    A = np.zeros((n, n))
    pos = {v: i for i, v in enumerate(ids)}
    e = g.edges()
    A[[pos[v] for v in e["source"]], [pos[v] for v in e["target"]]] = 1
    return A[~np.eye(n, dtype=bool)]


def test_estimates_match_statsmodels_and_numpy():
    import statsmodels.api as sm

    rng = np.random.default_rng(0)
    y, x1, x2 = (_random(15, p, rng) for p in (0.3, 0.2, 0.4))
    ids = list(range(15))
    yv, a, b = _cells(y, ids), _cells(x1, ids), _cells(x2, ids)
    X = sm.add_constant(np.column_stack([a, b]))
    fit = rn.mrqap(y, {"a": x1, "b": x2}, n_perm=0)
    ols = sm.OLS(yv, X).fit()
    np.testing.assert_allclose(fit["estimate"], ols.params, atol=1e-12)
    np.testing.assert_allclose(fit["statistic"], ols.tvalues, atol=1e-9)
    assert fit["r_squared"].iloc[0] == pytest.approx(ols.rsquared)
    logit = rn.mrqap(y, {"a": x1, "b": x2}, n_perm=0, family="logit")
    glm = sm.GLM(yv, X, family=sm.families.Binomial()).fit(tol=1e-14)
    np.testing.assert_allclose(logit["estimate"], glm.params, atol=1e-6)
    r = rn.qap_correlation(y, x1, n_perm=0)
    assert r.estimate == pytest.approx(np.corrcoef(yv, a)[0, 1], abs=1e-12)


def test_networks_are_aligned_by_id():
    rng = np.random.default_rng(1)
    ids = list("abcdefghij")
    y = _random(10, 0.3, rng, ids)
    x = _random(10, 0.3, rng, ids)
    e = x.edges()
    shuffled = rn.Network.from_edges(e["source"], e["target"], nodes=ids[::-1])
    assert rn.qap_correlation(y, shuffled, n_perm=0).estimate == pytest.approx(
        rn.qap_correlation(y, x, n_perm=0).estimate
    )
    other = _random(10, 0.3, rng, list("abcdefghiZ"))
    with pytest.raises(rn.ArgumentError, match="same people"):
        rn.mrqap(y, {"x": other}, n_perm=0)


def test_permutation_p_values_detect_dependence_and_are_seeded():
    rng = np.random.default_rng(2)
    x = _random(20, 0.3, rng)
    e = x.edges()
    keep = rng.random(len(e)) < 0.8
    y = rn.Network.from_edges(e["source"][keep], e["target"][keep], nodes=range(20))
    for method in ("dsp", "y"):
        fit = rn.mrqap(y, {"x": x}, n_perm=99, method=method, seed=3)
        assert fit.loc["x", "p_value"] == pytest.approx(0.01)  # no permutation as extreme
        again = rn.mrqap(y, {"x": x}, n_perm=99, method=method, seed=3)
        assert fit.equals(again)
    r = rn.qap_correlation(y, x, n_perm=99, seed=4)
    assert r.p_value == pytest.approx(0.01) and r.p_greater == pytest.approx(0.01)
    assert r.p_less == pytest.approx(1.0)


@pytest.mark.parametrize("method", ["dsp", "y"])
def test_p_values_roughly_uniform_under_independence(method):
    rng = np.random.default_rng(5)
    pvalues = []
    for _ in range(40):
        y, x1, x2 = (_random(12, 0.3, rng) for _ in range(3))
        fit = rn.mrqap(y, {"x1": x1, "x2": x2}, n_perm=99, method=method, seed=rng)
        pvalues.append(fit.loc["x1", "p_value"])
    assert stats.kstest(pvalues, "uniform").pvalue > 0.01


def test_logit_permutations_run():
    rng = np.random.default_rng(6)
    y, x = _random(10, 0.3, rng), _random(10, 0.3, rng)
    for method in ("dsp", "y"):
        fit = rn.mrqap(y, {"x": x}, n_perm=19, method=method, family="logit", seed=1)
        assert 0.05 <= fit.loc["x", "p_value"] <= 1.0


def test_refusals():
    rng = np.random.default_rng(7)
    y = _random(8, 0.3, rng)
    with pytest.raises(rn.ArgumentError, match="non-empty dict"):
        rn.mrqap(y, {}, n_perm=0)
    with pytest.raises(rn.ArgumentError, match="method"):
        rn.mrqap(y, {"x": y}, method="x")
    with pytest.raises(rn.GraphKindError, match="singular"):
        rn.mrqap(y, {"x": rn.Network.from_edges([], [], nodes=range(8))}, n_perm=0)
    big = rn.Network.from_edges([0, 1], [1, 2], nodes=range(5001))
    with pytest.raises(rn.ArgumentError, match="5,000"):  # dense DSP only; sparse has no cap
        rn.mrqap(big, {"x": big}, n_perm=0, method="dsp")
    with pytest.raises(rn.GraphKindError, match="undefined"):
        rn.qap_correlation(y, rn.Network.from_edges([], [], nodes=range(8)), n_perm=0)
