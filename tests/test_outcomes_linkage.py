"""link_outcomes: unique keys, compatible types, every unmatched key reported."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import relnet as rn


def _teams() -> pd.DataFrame:
    return pd.DataFrame({"density": [0.4, 0.2, 0.5, 0.1]},
                        index=pd.Index(["a", "b", "c", "e"], name="team"))  # fmt: skip


def test_inner_join_reports_every_unmatched_key_and_warns():
    outcomes = pd.DataFrame({"team": ["a", "b", "d", "f", "g"], "fidelity": [1.0, 2, 3, 4, 5]})
    with pytest.warns(rn.LinkWarning, match="without an outcome \\(2\\)"):
        linked = rn.link_outcomes(_teams(), outcomes, on="team")
    report = linked.attrs["link_report"]
    assert list(linked.index) == ["a", "b"] and linked.index.name == "team"
    assert sorted(report.unmatched_left) == ["c", "e"]
    assert sorted(report.unmatched_right) == ["d", "f", "g"]
    assert (report.n_left, report.n_right, report.n_linked) == (4, 5, 2)
    assert not report.complete
    assert "'d'" in report.summary() and "'g'" in report.summary()


@pytest.mark.parametrize(("how", "rows"), [("left", 4), ("right", 5), ("outer", 7)])
def test_other_joins_keep_rows_and_still_report(how, rows):
    outcomes = pd.DataFrame({"team": ["a", "b", "d", "f", "g"], "fidelity": [1.0, 2, 3, 4, 5]})
    linked = rn.link_outcomes(_teams(), outcomes, on="team", how=how, warn=False)
    assert len(linked) == rows
    assert len(linked.attrs["link_report"].unmatched_right) == 3


def test_complete_match_does_not_warn():
    outcomes = pd.DataFrame({"team": ["e", "c", "b", "a"], "fidelity": [1.0, 2, 3, 4]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        linked = rn.link_outcomes(_teams(), outcomes, on="team")
    assert linked.attrs["link_report"].complete
    assert linked.loc["e", "fidelity"] == 1.0  # values follow keys, not row order


def test_duplicate_keys_are_refused_on_either_side():
    outcomes = pd.DataFrame({"team": ["a", "a", "b"], "fidelity": [1.0, 2, 3]})
    with pytest.raises(rn.LinkageError, match="outcome table repeats 1 key"):
        rn.link_outcomes(_teams(), outcomes, on="team")
    doubled = pd.concat([_teams(), _teams().iloc[:1]])
    with pytest.raises(rn.LinkageError, match="network table repeats"):
        rn.link_outcomes(doubled, outcomes.drop_duplicates("team"), on="team")


def test_incompatible_and_missing_keys_are_refused():
    numbers = pd.DataFrame({"team": [1, 2], "fidelity": [1.0, 2.0]})
    with pytest.raises(rn.LinkageError, match="text values in the network table but number"):
        rn.link_outcomes(_teams(), numbers, on="team")
    empty_key = pd.DataFrame({"team": ["a", None], "fidelity": [1.0, 2.0]})
    with pytest.raises(rn.LinkageError, match="empty 'team' key"):
        rn.link_outcomes(_teams(), empty_key, on="team")
    with pytest.raises(rn.LinkageError, match="has no key"):
        rn.link_outcomes(_teams(), numbers, on="site")
    clash = pd.DataFrame({"team": ["a"], "density": [0.9]})
    with pytest.raises(rn.LinkageError, match="both tables have the column"):
        rn.link_outcomes(_teams(), clash, on="team")
    with pytest.raises(rn.ArgumentError, match="how"):
        rn.link_outcomes(_teams(), numbers, on="team", how="cross")


def test_categorical_and_nested_keys():
    teams = pd.DataFrame(
        {"density": [0.1, 0.2, 0.3]},
        index=pd.MultiIndex.from_tuples(
            [("s1", "t1"), ("s1", "t2"), ("s2", "t1")], names=["site", "team"]
        ),  # fmt: skip
    )
    outcomes = pd.DataFrame({"site": pd.Categorical(["s1", "s2", "s2"]),
                             "team": ["t1", "t1", "t9"], "y": [1.0, 2.0, 3.0]})  # fmt: skip
    linked = rn.link_outcomes(teams, outcomes, on=["site", "team"], warn=False)
    assert list(linked.index) == [("s1", "t1"), ("s2", "t1")]
    report = linked.attrs["link_report"]
    assert list(report.unmatched_left) == [("s1", "t2")]
    assert list(report.unmatched_right) == [("s2", "t9")]


def test_person_outcomes_join_node_metrics():
    s = rn.synth.health_system(200, n_sites=2, seed=1)
    noms = s.nominations[s.nominations["relation"] == "trust"]
    g = rn.Network.from_edges(noms["respondent"], noms["nominee"], nodes=s.roster.set_index("id"))
    people = rn.node_metrics(g)
    person = s.outcomes["person"].drop(columns=["team", "site"]).iloc[10:]
    linked = rn.link_outcomes(people, person, on="id", warn=False)
    assert len(linked) == len(people) - 10
    assert len(linked.attrs["link_report"].unmatched_left) == 10
    assert linked.loc[person["id"].iloc[0], "adopted"] == person["adopted"].iloc[0]


def test_other_index_levels_are_kept_as_columns():
    table = pd.DataFrame(
        {"change": [0.1, 0.2]},
        index=pd.MultiIndex.from_tuples([("s1", 1), ("s2", 1)], names=["site", "wave_from"]),
    )
    outcomes = pd.DataFrame({"site": ["s1", "s2"], "y": [1.0, 2.0]})
    linked = rn.link_outcomes(table, outcomes, on="site")
    assert list(linked.columns) == ["wave_from", "change", "y"]
