"""associate: correlations against scipy, regressions against statsmodels, warnings and
refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.multitest import multipletests

import relnet as rn
from relnet.outcomes.models import COLUMNS, _adjust


def _table(n=80, seed=0):
    rng = np.random.default_rng(seed)
    t = pd.DataFrame({"density": rng.uniform(0, 1, n), "reciprocity": rng.uniform(0, 1, n),
                      "size": rng.integers(5, 15, n), "site": rng.integers(0, 6, n)})  # fmt: skip
    t["fidelity"] = 40 + 20 * t["density"] + 5 * t["reciprocity"] + rng.normal(0, 3, n)
    p = 1 / (1 + np.exp(-(-1 + 2 * t["density"])))
    t["adopters"] = rng.binomial(t["size"], p)
    t["adopted"] = (rng.random(n) < p).astype(int)
    t["count"] = rng.poisson(np.exp(0.5 + t["density"]))
    return t


@pytest.mark.parametrize("model", ["spearman", "pearson"])
def test_correlations_match_scipy(model):
    t = _table()
    fit = rn.associate(t, "fidelity", ["density", "reciprocity"], model=model, n_boot=300, seed=1)
    assert list(fit.columns) == COLUMNS
    test = stats.spearmanr if model == "spearman" else stats.pearsonr
    for _, row in fit.iterrows():
        r, p = test(t[row["term"]], t["fidelity"])
        assert row["estimate"] == pytest.approx(r, abs=1e-12)
        assert row["p_value"] == pytest.approx(p, rel=1e-6)
        assert row["ci_low"] < row["estimate"] < row["ci_high"]
        assert row["n"] == 80 and row["model"] == model
    np.testing.assert_allclose(fit["p_adjusted"], multipletests(fit["p_value"], method="holm")[1])


def test_partial_correlation_equals_residual_correlation():
    t = _table()
    fit = rn.associate(t, "fidelity", "density", model="pearson", covariates=["size"], n_boot=0)
    X = sm.add_constant(t[["size"]])
    rx = sm.OLS(t["density"], X).fit().resid
    ry = sm.OLS(t["fidelity"], X).fit().resid
    assert fit["estimate"].iloc[0] == pytest.approx(np.corrcoef(rx, ry)[0, 1], abs=1e-12)


def test_ols_matches_statsmodels_hc3():
    t = _table()
    fit = rn.associate(t, "fidelity", ["density", "reciprocity"], model="ols").set_index("term")
    want = sm.OLS(t["fidelity"], sm.add_constant(t[["density", "reciprocity"]])).fit(cov_type="HC3")
    np.testing.assert_allclose(fit["estimate"], want.params, atol=1e-10)
    np.testing.assert_allclose(fit["se"], want.bse, atol=1e-10)
    np.testing.assert_allclose(fit[["ci_low", "ci_high"]], want.conf_int(), atol=1e-10)
    assert np.isnan(fit.loc["intercept", "p_adjusted"])


def test_glms_and_mixed_match_statsmodels():
    t = _table()
    X = sm.add_constant(t[["density"]])
    logit = rn.associate(t, "adopted", "density", model="logit").set_index("term")
    want = sm.GLM(t["adopted"], X, family=sm.families.Binomial()).fit()
    np.testing.assert_allclose(logit["estimate"], want.params, atol=1e-8)
    grouped = rn.associate(t, "adopters", "density", model="logit", trials="size")
    endog = np.column_stack([t["adopters"], t["size"] - t["adopters"]])
    want = sm.GLM(endog, X, family=sm.families.Binomial()).fit()
    np.testing.assert_allclose(grouped["estimate"], want.params, atol=1e-8)
    poisson = rn.associate(t, "count", "density", model="poisson")
    want = sm.GLM(t["count"], X, family=sm.families.Poisson()).fit()
    np.testing.assert_allclose(poisson["estimate"], want.params, atol=1e-8)
    mixed = rn.associate(t, "fidelity", "density", model="mixed", by="site")
    want = sm.MixedLM(t["fidelity"], X, groups=t["site"]).fit(reml=True)
    np.testing.assert_allclose(mixed["estimate"], want.fe_params, atol=1e-6)
    clustered = rn.associate(t, "fidelity", "density", model="ols", by="site")
    want = sm.OLS(t["fidelity"], X).fit(cov_type="cluster", cov_kwds={"groups": t["site"]})
    np.testing.assert_allclose(clustered["se"], want.bse, atol=1e-10)


def test_standardize_rescales_regression_but_not_correlation():
    t = _table()
    raw = rn.associate(t, "fidelity", "density", model="ols")
    z = rn.associate(t, "fidelity", "density", model="ols", standardize=True)
    sd = t["density"].std(ddof=1)
    assert z["estimate"].iloc[1] == pytest.approx(raw["estimate"].iloc[1] * sd)
    a = rn.associate(t, "fidelity", "density", n_boot=0)
    b = rn.associate(t, "fidelity", "density", n_boot=0, standardize=True)
    assert a["estimate"].iloc[0] == pytest.approx(b["estimate"].iloc[0])


def test_permutation_and_cluster_bootstrap_are_seeded():
    t = _table()
    one = rn.associate(t, "fidelity", "density", n_boot=200, n_perm=99, seed=5, by="site")
    two = rn.associate(t, "fidelity", "density", n_boot=200, n_perm=99, seed=5, by="site")
    pd.testing.assert_frame_equal(one, two)
    assert one["p_value"].iloc[0] == pytest.approx(0.01)


def test_missing_rows_are_dropped_listwise_and_small_samples_warn():
    t = _table(n=12)
    t.loc[0, "density"] = np.nan
    with pytest.warns(rn.SmallSampleWarning, match="11 observations for 2"):
        fit = rn.associate(t, "fidelity", ["density", "reciprocity"], n_boot=0)
    assert (fit["n"] == 11).all()


def test_adjustments_match_statsmodels():
    p = np.array([0.01, 0.04, 0.03, np.nan, 0.2, 0.005])
    for method in ("holm", "bonferroni", "fdr_bh"):
        ok = ~np.isnan(p)
        np.testing.assert_allclose(_adjust(p, method)[ok], multipletests(p[ok], method=method)[1])
        assert np.isnan(_adjust(p, method)[3])


def test_refusals():
    t = _table()
    with pytest.raises(rn.ArgumentError, match="model"):
        rn.associate(t, "fidelity", "density", model="probit")
    with pytest.raises(rn.ArgumentError, match="no column"):
        rn.associate(t, "fidelity", "nope")
    with pytest.raises(rn.ArgumentError, match="needs by="):
        rn.associate(t, "fidelity", "density", model="mixed")
    with pytest.raises(rn.ArgumentError, match="0/1 outcome"):
        rn.associate(t, "fidelity", "density", model="logit")
    with pytest.raises(rn.ArgumentError, match="not numeric"):
        rn.associate(t.assign(site=t["site"].astype(str)), "fidelity", "site")
