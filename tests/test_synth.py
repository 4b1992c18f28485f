"""relnet.synth: sizes, caps, non-respondents, structure near its settings, planted outcomes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from relnet import synth
from relnet.errors import ArgumentError


@pytest.fixture(scope="module")
def system() -> synth.SyntheticSurvey:
    return synth.health_system(4000, n_sites=4, n_waves=2, seed=11)


def test_sizes_and_columns(system):
    assert len(system.roster) == 4000
    assert list(system.roster.columns) == ["id", "site", "unit", "team", "role", "responded"]
    assert system.roster["id"].is_unique
    assert system.roster["site"].nunique() == 4
    assert set(system.roster["role"].unique()) == set(synth.ROLES)
    assert list(system.nominations.columns) == [
        "respondent",
        "nominee",
        "relation",
        "wave",
        "weight",
    ]
    assert set(system.nominations["relation"]) == {"trust", "advice"}
    assert set(system.nominations["wave"]) == {1, 2}
    # teams nest in units nest in sites
    assert (system.roster.groupby("team", observed=True)["unit"].nunique() == 1).all()
    assert (system.roster.groupby("unit", observed=True)["site"].nunique() == 1).all()
    team_sizes = system.roster.groupby("team", observed=True).size()
    assert team_sizes.min() >= 3
    assert 8 <= team_sizes.mean() <= 12


def test_cap_no_self_no_repeats_known_people(system):
    noms = system.nominations
    per_person = noms.groupby(["respondent", "relation", "wave"]).size()
    assert per_person.max() <= 5
    assert (noms["respondent"] != noms["nominee"]).all()
    assert not noms.duplicated(["respondent", "nominee", "relation", "wave"]).any()
    assert noms["nominee"].isin(system.roster["id"]).all()
    assert noms["weight"].between(1, 5).all()


def test_cap_is_configurable():
    small = synth.health_system(500, n_sites=2, max_choices=2, seed=3)
    assert small.nominations.groupby(["respondent", "relation"]).size().max() <= 2


def test_non_respondents_nominate_nobody_but_are_named(system):
    silent = set(system.roster.loc[~system.roster["responded"], "id"])
    share = len(silent) / len(system.roster)
    assert 0.12 <= share <= 0.18  # default response rate 0.85
    assert not system.nominations["respondent"].isin(silent).any()
    assert system.nominations["nominee"].isin(silent).any()


def _arcs(system, relation, wave=1):
    noms = system.nominations
    return noms[(noms["relation"] == relation) & (noms["wave"] == wave)]


def _edgewise_reciprocity(arcs: pd.DataFrame) -> float:
    pairs = set(zip(arcs["respondent"], arcs["nominee"]))
    return sum((v, u) in pairs for u, v in pairs) / len(pairs)


def test_structure_near_settings(system):
    roster = system.roster.set_index("id")
    trust = _arcs(system, "trust")
    team = roster["team"]
    within_team = (
        team.loc[trust["respondent"]].to_numpy() == team.loc[trust["nominee"]].to_numpy()
    ).mean()
    site = roster["site"]
    across_sites = (
        site.loc[trust["respondent"]].to_numpy() != site.loc[trust["nominee"]].to_numpy()
    ).mean()
    # most choices land in the team (62% asked, some lost to self-picks and repeats)
    assert 0.5 <= within_team <= 0.75
    assert across_sites <= 0.06
    # trust is reciprocated more than advice, both well above a random graph's density
    assert _edgewise_reciprocity(trust) > 0.4
    assert _edgewise_reciprocity(trust) > _edgewise_reciprocity(_arcs(system, "advice")) + 0.1
    # managers and physicians are named more often than nurses in advice (senior pull)
    advice = _arcs(system, "advice")
    named = advice["nominee"].value_counts().reindex(roster.index, fill_value=0)
    by_role = named.groupby(roster["role"], observed=True).mean()
    assert by_role["manager"] > 1.5 * by_role["nurse"]
    # role homophily: same-role choices beat the share expected from role sizes
    roles = roster["role"]
    same = (
        roles.loc[trust["respondent"]].to_numpy() == roles.loc[trust["nominee"]].to_numpy()
    ).mean()
    expected = sum(p * p for p in synth.ROLE_SHARES)
    assert same > expected + 0.05


def test_second_wave_changes_a_little(system):
    one = set(zip(*_arcs(system, "trust", 1)[["respondent", "nominee"]].to_numpy().T))
    two = set(zip(*_arcs(system, "trust", 2)[["respondent", "nominee"]].to_numpy().T))
    jaccard = len(one & two) / len(one | two)
    assert 0.6 <= jaccard <= 0.95


def test_same_seed_same_survey_other_seed_other_survey():
    a = synth.health_system(300, seed=5)
    b = synth.health_system(300, seed=5)
    c = synth.health_system(300, seed=6)
    pd.testing.assert_frame_equal(a.nominations, b.nominations)
    assert not a.nominations.equals(c.nominations)


def test_team_outcomes_follow_the_documented_model(system):
    teams = system.outcomes["team"]
    roster = system.roster.set_index("id")
    trust = _arcs(system, "trust")
    # recompute the planted predictors independently from the nominations
    inside = trust[
        roster.loc[trust["respondent"], "team"].to_numpy()
        == roster.loc[trust["nominee"], "team"].to_numpy()
    ]
    pairs = set(zip(inside["respondent"], inside["nominee"]))
    team_of = roster["team"]
    arcs = inside.groupby(team_of.loc[inside["respondent"]].to_numpy()).size()
    mutual = (
        pd.Series(
            [(v, u) in pairs for u, v in zip(inside["respondent"], inside["nominee"])],
            index=team_of.loc[inside["respondent"]].to_numpy(),
        )
        .groupby(level=0)
        .sum()
    )
    size = roster.groupby("team", observed=True).size()
    answered = roster.groupby("team", observed=True)["responded"].sum()
    density = (arcs / (answered * (size - 1))).reindex(size.index).fillna(0.0)
    reciprocity = (mutual / arcs).reindex(size.index).fillna(0.0)
    table = teams.set_index("team")
    np.testing.assert_allclose(table["true_density"], density.loc[table.index], atol=1e-12)
    np.testing.assert_allclose(table["true_reciprocity"], reciprocity.loc[table.index], atol=1e-12)
    # an OLS of fidelity on them recovers the documented coefficients
    fit = smf.ols("fidelity ~ true_density + true_reciprocity", data=teams).fit()
    model = synth.OUTCOME_MODEL["fidelity"]
    for term, key in (("true_density", "density"), ("true_reciprocity", "reciprocity")):
        low, high = fit.conf_int().loc[term]
        assert low - 1.0 <= model[key] <= high + 1.0
    assert abs(np.sqrt(fit.scale) - model["noise_sd"]) < 0.5
    # adoption rises with density: teams above the median density adopt more
    dense = teams["true_density"] > teams["true_density"].median()
    assert teams.loc[dense, "adoption_rate"].mean() > teams.loc[~dense, "adoption_rate"].mean()


def test_site_and_person_outcomes_add_up(system):
    teams = system.outcomes["team"]
    sites = system.outcomes["site"].set_index("site")
    people = system.outcomes["person"]
    assert sites["size"].sum() == 4000 == len(people)
    assert sites["adopters"].sum() == teams["adopters"].sum() == people["adopted"].sum()
    np.testing.assert_allclose(sites["adoption_rate"], sites["adopters"] / sites["size"])


def test_refuses_bad_settings():
    with pytest.raises(ArgumentError, match="too small"):
        synth.health_system(5)
    with pytest.raises(ArgumentError, match="n_sites"):
        synth.health_system(100, n_sites=50)
    with pytest.raises(ArgumentError, match="response_rate"):
        synth.health_system(100, response_rate=0)


def test_write_round_trip(tmp_path):
    s = synth.health_system(200, n_sites=2, seed=1)
    paths = s.write(tmp_path)
    assert {p.name for p in paths} >= {"nominations.csv", "roster.csv", "outcomes_team.csv"}
    back = pd.read_csv(tmp_path / "nominations.csv")
    pd.testing.assert_frame_equal(back, s.nominations, check_dtype=False)
