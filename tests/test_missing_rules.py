"""One missing-data rule per call (issue 24): every entry point follows the call's
``missing=``, and an analysis sees at most one MissingDataWarning.

Oracles: the single-network functions (density, reciprocity, dyad_census) on each group's
subgraph with the same rule, themselves checked against sna/igraph/networkx and hand-worked
cases in test_density.py, test_reciprocity.py and test_missing.py.
"""

from __future__ import annotations

import gc
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn

RULES = ("ignore", "observed", "reconstruct")
ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "datasets" / "example_health_system"


def _graph(pairs, groups, answered, weights=None) -> rn.Network:
    n = len(groups)
    arcs = sorted({(u % n, v % n) for u, v in pairs if u % n != v % n})
    people = pd.DataFrame({"grp": [f"g{x}" for x in groups]}, index=[f"p{i}" for i in range(n)])
    return rn.Network.from_edges(
        [f"p{u}" for u, _ in arcs],
        [f"p{v}" for _, v in arcs],
        weight=None if weights is None else [weights[k % len(weights)] for k in range(len(arcs))],
        nodes=people,
        responded=answered,
    )


graphs = st.integers(2, 14).flatmap(
    lambda n: st.tuples(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=4 * n),
        st.lists(st.integers(0, 2), min_size=n, max_size=n),
        st.lists(st.booleans(), min_size=n, max_size=n),
        st.lists(st.integers(1, 5), min_size=1, max_size=5),
    )
)


def _same(got: float, want: float) -> bool:
    return (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(graphs, st.sampled_from(RULES))
def test_group_rows_equal_single_network_measures_on_the_subgraph(data, rule):
    pairs, groups, answered, weights = data
    g = _graph(pairs, groups, answered, weights)
    table = rn.group_metrics(g, "grp", min_size=1, weighted=True, missing=rule)
    assert table.attrs["missing"] == rule
    labels = g.attribute("grp")
    for group, row in table.iterrows():
        sub = g.subgraph(list(labels.index[labels == group]))
        census = rn.dyad_census(sub, missing=rule)
        assert (row["mutual"], row["asymmetric"], row["null"]) == (
            census["mutual"],
            census["asymmetric"],
            census["null"],
        ), (group, rule)
        if sub.n < 2:
            continue  # one member: no dyad, the group table leaves the measures NaN
        assert _same(row["density"], rn.density(sub, missing=rule)), (group, rule)
        assert _same(row["reciprocity"], rn.reciprocity(sub, missing=rule)), (group, rule)
        mutual_share = rn.reciprocity(sub, mode="dyadic_nonnull", missing=rule)
        assert _same(row["mutual_share"], mutual_share), (group, rule)
        weighted = rn.reciprocity(sub, mode="weighted", missing=rule)
        assert _same(row["weighted_reciprocity"], weighted), (group, rule)


@settings(max_examples=40, deadline=None)
@given(graphs, st.sampled_from(RULES))
def test_every_entry_point_gives_the_same_dyad_numbers(data, rule):
    """One group holding everyone, network_metrics and the measures agree under each rule."""
    pairs, groups, answered, weights = data
    g = _graph(pairs, [0] * len(groups), answered)
    row = rn.group_metrics(g, "grp", min_size=1, missing=rule).iloc[0]
    values = rn.network_metrics(g, missing=rule)
    assert values.attrs["missing"] == rule
    for key in ("density", "reciprocity", "mutual", "asymmetric", "null"):
        assert _same(float(row[key]), float(values[key])), (key, rule)
    assert _same(values["density"], rn.density(g, missing=rule))
    if rule == "reconstruct":  # every measure on the reconstructed network
        assert values["arcs"] == row["arcs"] == rn.metrics.missing.reconstruct(g).m


def test_hand_worked_three_rules():
    # team x: a <-> b, a -> c, b -> c; c did not respond. team y: d -> e, e did not respond.
    people = pd.DataFrame({"grp": list("xxxyy")}, index=list("abcde"))
    g = rn.Network.from_edges(list("abbad"), list("bacce"), nodes=people,
                              responded=[True, True, False, True, False])  # fmt: skip
    t = {rule: rn.group_metrics(g, "grp", min_size=2, missing=rule) for rule in RULES}
    # ignore: x has 4 arcs of 6 cells; M = 1 ({a,b}), A = 2 ({a,c}, {b,c}): 2/(2+2)
    assert t["ignore"].loc["x", "density"] == pytest.approx(4 / 6)
    assert t["ignore"].loc["x", "reciprocity"] == pytest.approx(2 / 4)
    # observed: senders a, b: 4 arcs of 2 * 2 cells; dyads with both ends observed: {a,b}
    assert t["observed"].loc["x", "density"] == pytest.approx(4 / 4)
    assert t["observed"].loc["x", "reciprocity"] == 1.0
    assert t["observed"].loc[["x", "y"], "null"].tolist() == [0, 0]
    # y under observed: one sender d, 1 cell, 1 arc; no dyad with both ends observed
    assert t["observed"].loc["y", "density"] == 1.0
    assert math.isnan(t["observed"].loc["y", "reciprocity"])
    assert "reciprocity unobserved" in t["observed"].loc["y", "reason"]
    # reconstruct: c -> a and c -> b imputed (6 arcs of 6, all mutual); e -> d imputed
    assert t["reconstruct"].loc["x", ["arcs", "density", "reciprocity"]].tolist() == [6, 1, 1]
    assert t["reconstruct"].loc["y", "mutual"] == 1


# ---------------------------------------------------------------------- one warning
def _count(caught) -> int:
    return sum(issubclass(w.category, rn.MissingDataWarning) for w in caught)


def _people(responded):
    n = len(responded)
    ids = [f"q{i}" for i in range(n)]
    nodes = pd.DataFrame({"team": ["t"] * n}, index=ids)
    return rn.Network.from_edges(ids[:-1], ids[1:], nodes=nodes, responded=responded)


def test_one_warning_per_set_of_people():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = _people([True, True, False, True])
        rn.density(g)
        rn.reciprocity(g)
        rn.network_metrics(g)
        rn.node_metrics(g)
        rn.group_metrics(g, "team")
        rn.density(g.subgraph(["q0", "q2"]))  # a subset of the same people
        rn.density(g.binarize())  # a transform of the same people
        assert _count(caught) == 1
        assert "1 of 4 people did not respond" in str(caught[0].message)
        assert caught[0].filename == __file__
        other = _people([True, False, True])  # other people (q0..q2 is a subset, but g is
        del g  # gone: nothing holds the first analysis any more)
        gc.collect()
        rn.density(other)
        assert _count(caught) == 2


def test_explicit_rule_and_config_switch_silence_it():
    g = _people([False, True, True])
    with warnings.catch_warnings():
        warnings.simplefilter("error", rn.MissingDataWarning)
        for rule in RULES:
            rn.density(g, missing=rule)
            rn.group_metrics(g, "team", missing=rule)
            rn.network_metrics(g, missing=rule)
            rn.node_metrics(g, missing=rule)
        assert rn.config.warn_missing is True
        rn.config.warn_missing = False
        try:
            rn.density(g)
            rn.group_metrics(g, "team")
        finally:
            rn.config.warn_missing = True
    with pytest.warns(rn.MissingDataWarning):
        rn.density(g)


@pytest.mark.skipif(not DATASET.exists(), reason="bundled example dataset absent")
def test_readme_tour_warns_at_most_once(tmp_path, monkeypatch):
    """The calls of README.md "A short tour", in order, with every warning shown."""
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        survey = rn.read_survey(str(DATASET / "nominations.csv"),
                                roster=str(DATASET / "roster.csv"))  # fmt: skip
        str(survey.report)
        g = survey.network("trust", wave=1)
        rn.dyad_census(g, missing="observed")
        rn.reciprocity(g, mode="edgewise", missing="observed")
        rn.reciprocity(g, by="site")
        rn.triad_census(g)
        rn.transitivity(g, measure="weak")
        rn.krackhardt(g)
        rn.betweenness(g)
        rn.structural_holes(g)
        assert len(rn.brokerage(g, "role").z)
        rn.node_metrics(g, by="site")
        rn.network_metrics(g)
        teams = rn.group_metrics(g, by="team")
        outcomes = rn.synth.health_system(300, n_sites=3, n_waves=2, seed=7).outcomes["team"]
        linked = rn.link_outcomes(teams, outcomes[["team", "adoption_rate", "fidelity"]],
                                  on="team")  # fmt: skip
        rn.associate(linked, "fidelity", ["density", "reciprocity"], model="ols")
        rn.qap_correlation(g, survey.network("advice", wave=1), n_perm=50, seed=1)
        rn.compare_waves(survey, "trust", by="site")
        rn.to_html(g, "trust.html", color_by="site")
        rn.report(survey, outcomes=outcomes, on="team", by="team", out="relnet-report",
                  max_group_views=1)  # fmt: skip
    missing_warnings = [w for w in caught if issubclass(w.category, rn.MissingDataWarning)]
    assert len(missing_warnings) <= 1, [str(w.message)[:80] for w in missing_warnings]
    assert len(missing_warnings) == 1  # the bundled survey has non-respondents: said once
    assert (tmp_path / "relnet-report" / "tables" / "network_measures.json").exists()


def test_weights_follow_the_rule_in_groups():
    # a -> b (4), b -> a (2), c -> a (1); c responded, b did not.
    people = pd.DataFrame({"grp": ["x"] * 3}, index=list("abc"))
    g = rn.Network.from_edges(list("abc"), list("baa"), weight=[4, 2, 1], nodes=people,
                              responded=[True, False, True])  # fmt: skip
    observed = rn.group_metrics(g, "grp", missing="observed").iloc[0]
    # dyads with both ends observed: {a, c}: c -> a only, weighted reciprocity 0
    assert observed["weighted_reciprocity"] == 0.0
    ignored = rn.group_metrics(g, "grp", missing="ignore").iloc[0]
    # min(4, 2) twice over 4 + 2 + 1
    assert ignored["weighted_reciprocity"] == pytest.approx(4 / 7)
    assert np.isfinite(ignored["density"]) and ignored["density"] == pytest.approx(3 / 6)
