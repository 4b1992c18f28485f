"""Bass model: planted curves recovered, interval coverage over simulations, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import relnet as rn
from relnet.errors import ArgumentError
from relnet.planning.bass import bass_cdf, fit_bass


def planted_times(rng, p, q, m, periods):
    """Adoption periods of m eventual adopters: Bass times by inversion of F, rounded up
    to whole periods, NaN past the last period (right-censored)."""
    u = rng.random(m)
    t = -np.log((1 - u) / (1 + (q / p) * u)) / (p + q)
    out = np.ceil(t)
    out[out > periods] = np.nan
    return out


def test_bass_cdf_closed_form():
    # F(0) = 0; F -> 1; with q = 0, F is the exponential 1 - e^{-pt}
    assert bass_cdf(0.0, 0.03, 0.4) == 0.0
    assert bass_cdf(1e3, 0.03, 0.4) == pytest.approx(1.0)
    assert bass_cdf(2.0, 0.1, 0.0) == pytest.approx(1 - np.exp(-0.2))
    # F(t) = (1 - e^{-0.5}) / (1 + 10 e^{-0.5}) at p = 0.05, q = 0.5, t = 1/(p+q)*0.55...
    t = 1.0
    e = np.exp(-0.55)
    assert bass_cdf(t, 0.05, 0.5) == pytest.approx((1 - e) / (1 + 10 * e))


def test_counts_per_period_hand_worked():
    # times 1, 1, 2, 3, 5 and a non-adopter: periods 1..5, cumulative 2, 3, 4, 4, 5
    fit = fit_bass(pd.Series([1, 1, 2, 3, 5, np.nan], index=list("abcdef")))
    assert fit.fitted.index.tolist() == [1, 2, 3, 4, 5]
    assert fit.fitted["cumulative"].tolist() == [2, 3, 4, 4, 5]
    assert fit.fitted["new"].tolist() == [2, 1, 1, 0, 1]
    assert fit.fitted["t"].tolist() == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("fit", ["cumulative", "increments"])
def test_recovers_a_noise_free_curve(fit):
    # 1,000,000 adopters on the exact curve: rounding moves counts by < 1 in 10^5
    t = np.arange(1, 26)
    counts = np.round(1_000_000 * bass_cdf(t, 0.02, 0.45))
    times = np.repeat(t, np.diff(np.r_[0, counts]).astype(int))
    res = fit_bass(times, fit=fit)
    assert res.p == pytest.approx(0.02, rel=1e-3)
    assert res.q == pytest.approx(0.45, rel=1e-3)
    assert res.m == pytest.approx(1_000_000, rel=1e-3)
    assert res.peak == pytest.approx(np.log(0.45 / 0.02) / 0.47, rel=1e-2)
    assert res.fitted["fitted"].to_numpy() == pytest.approx(counts, rel=1e-3, abs=5)


@pytest.mark.parametrize(("fit", "n_sims"), [("cumulative", 100), ("increments", 60)])
def test_interval_coverage_over_planted_simulations(fit, n_sims):
    """95% intervals over simulated diffusions (p=0.03, q=0.4, m=300, 20 periods, fixed
    seed). Measured coverage: cumulative 0.93/0.97/1.0 (p/q/m), increments 0.87/0.88/1.0
    over 200 runs; the plain sigma^2 (J'J)^-1 on cumulative counts gave 0.42/0.45.
    Bound 0.8: far above the naive intervals, and with a fixed seed it cannot flake."""
    rng = np.random.default_rng(20240917)
    cover = {"p": 0, "q": 0, "m": 0}
    for _ in range(n_sims):
        times = planted_times(rng, 0.03, 0.4, 300, 20)
        est = fit_bass(times, periods=np.arange(1, 21), fit=fit).estimates
        for term, value in (("p", 0.03), ("q", 0.4), ("m", 300)):
            cover[term] += est.loc[term, "ci_low"] <= value <= est.loc[term, "ci_high"]
    for term, hits in cover.items():
        assert hits / n_sims >= 0.8, (term, hits)


def test_result_object():
    rng = np.random.default_rng(3)
    res = rn.fit_bass(planted_times(rng, 0.03, 0.4, 300, 20))
    table = res.summary()
    assert table.index.name == "term"
    assert list(table.columns) == ["estimate", "se", "ci_low", "ci_high"]
    assert (table["ci_low"] < table["estimate"]).all() and (
        table["estimate"] < table["ci_high"]
    ).all()
    assert res.predict([0.0])[0] == 0.0
    assert "BassResult" in repr(res) and "<table" in res._repr_html_()
    import matplotlib

    matplotlib.use("Agg")
    assert res.plot().axes


def test_bad_input():
    with pytest.raises(ArgumentError, match="no adopters"):
        fit_bass([np.nan, np.nan])
    with pytest.raises(ArgumentError, match="at least 4 periods"):
        fit_bass([1, 2, 2, 3])
    with pytest.raises(ArgumentError, match="not numbers"):
        fit_bass(pd.Series(["x", 1, 2]))
    with pytest.raises(ArgumentError, match="fit="):
        fit_bass([1, 2, 3, 4, 5], fit="ols")
