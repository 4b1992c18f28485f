"""Planted effects: outcomes generated from known dependence on team density and reciprocity
are recovered through group_metrics -> link_outcomes -> associate, and permutation p-values
are uniform when there is no effect."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import relnet as rn

SEEDS = range(50)


def _team_table(seed: int) -> pd.DataFrame:
    s = rn.synth.health_system(1000, n_sites=2, seed=seed)
    noms = s.nominations[(s.nominations["relation"] == "trust") & (s.nominations["wave"] == 1)]
    g = rn.Network.from_edges(noms["respondent"], noms["nominee"], weight=noms["weight"],
                              nodes=s.roster.set_index("id"))  # fmt: skip
    teams = rn.group_metrics(g, "team", constraint=False, missing="ignore")
    # synth plants density over observed cells and reciprocity over every arc: one rule each
    observed = rn.group_metrics(g, "team", constraint=False, missing="observed")
    teams["density"] = observed["density"]
    outcomes = s.outcomes["team"].drop(columns=["size", "site"])
    return rn.link_outcomes(teams, outcomes, on="team")


def test_synth_planted_coefficients_are_recovered():
    model = rn.synth.OUTCOME_MODEL
    covered = {"fidelity": np.zeros(2), "adoption": np.zeros(2)}
    for seed in SEEDS:
        table = _team_table(seed)
        # our measures are the ones the outcomes were planted on
        known = table["density"].notna()  # NaN only for no respondents or below min_size
        assert ((table["respondents"] == 0) | (table["size"] < 3))[~known].all()
        np.testing.assert_allclose(table["density"][known], table["true_density"][known])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", rn.SmallSampleWarning)
            ols = rn.associate(table, "fidelity", ["density", "reciprocity"], model="ols")
            logit = rn.associate(table, "adopters", ["density", "reciprocity"], model="logit",
                                 trials="size")  # fmt: skip
        for fit, name in ((ols, "fidelity"), (logit, "adoption")):
            rows = fit.set_index("term").loc[["density", "reciprocity"]]
            truth = np.array([model[name]["density"], model[name]["reciprocity"]])
            covered[name] += (rows["ci_low"] <= truth) & (truth <= rows["ci_high"])
    for name, hits in covered.items():
        assert (hits >= 0.9 * len(SEEDS)).all(), (name, hits)


def _generated_teams(rng: np.random.Generator, n_teams: int = 60, size: int = 8):
    """Teams with their own tie and reciprocation chances; returns the network."""
    density = rng.uniform(0.1, 0.6, n_teams)
    returned = rng.uniform(0.0, 1.0, n_teams)
    team = np.repeat(np.arange(n_teams), size)
    i, j = np.triu_indices(size, 1)
    base = np.arange(n_teams)[:, None] * size
    u = (base + i).ravel()
    v = (base + j).ravel()
    t = team[u]
    first = rng.random(len(u)) < density[t]
    forward = rng.random(len(u)) < 0.5
    back = first & (rng.random(len(u)) < returned[t])
    src = np.r_[np.where(forward, u, v)[first], np.where(forward, v, u)[back]]
    dst = np.r_[np.where(forward, v, u)[first], np.where(forward, u, v)[back]]
    people = pd.DataFrame({"team": team}, index=np.arange(n_teams * size))
    return rn.Network.from_edges(src, dst, nodes=people)


def test_generated_effects_are_recovered():
    b0, b_density, b_recip = 2.0, 5.0, 3.0
    covered = np.zeros(2)
    for seed in SEEDS:
        rng = np.random.default_rng(1000 + seed)
        teams = rn.group_metrics(_generated_teams(rng), "team", constraint=False)
        noise = rng.normal(0.0, 0.5, len(teams))
        y = b0 + b_density * teams["density"] + b_recip * teams["reciprocity"] + noise
        outcomes = pd.DataFrame({"team": teams.index, "y": y.to_numpy()})
        table = rn.link_outcomes(teams, outcomes, on="team")
        fit = rn.associate(table, "y", ["density", "reciprocity"], model="ols").set_index("term")
        rows = fit.loc[["density", "reciprocity"]]
        truth = np.array([b_density, b_recip])
        covered += (rows["ci_low"] <= truth) & (truth <= rows["ci_high"])
    assert (covered >= 0.9 * len(SEEDS)).all(), covered


def test_permutation_p_values_uniform_without_effect():
    pvalues = []
    for seed in SEEDS:
        rng = np.random.default_rng(2000 + seed)
        teams = rn.group_metrics(_generated_teams(rng, n_teams=30), "team", constraint=False)
        outcomes = pd.DataFrame({"team": teams.index, "y": rng.normal(size=len(teams))})
        table = rn.link_outcomes(teams, outcomes, on="team")
        fit = rn.associate(table, "y", ["density"], n_boot=0, n_perm=199, seed=seed)
        pvalues.append(fit["p_value"].iloc[0])
    pvalues = np.array(pvalues)
    assert stats.kstest(pvalues, "uniform").pvalue > 0.01
    assert (pvalues < 0.05).mean() <= 0.14  # about 5% rejections at 5%


@pytest.mark.parametrize("model", ["spearman", "pearson"])
def test_correlation_interval_covers_under_effect(model):
    rng = np.random.default_rng(3)
    teams = rn.group_metrics(_generated_teams(rng, n_teams=80), "team", constraint=False)
    y = 3 * teams["density"] + rng.normal(0, 0.1, len(teams))
    table = teams.assign(y=y.to_numpy())
    fit = rn.associate(table, "y", ["density"], model=model, n_boot=500, n_perm=199, seed=1)
    row = fit.iloc[0]
    assert row["ci_low"] < row["estimate"] < row["ci_high"]
    assert row["p_value"] == pytest.approx(1 / 200)
