"""compare_waves: hand-worked and a set-based oracle on a synthetic panel."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import relnet as rn
from relnet.metrics.missing import reconstruct


def _by_hand_survey():
    noms = pd.DataFrame({
        "respondent": ["a", "b", "a", "c", "a", "b", "c", "d"],
        "nominee":    ["b", "a", "c", "a", "b", "c", "a", "a"],
        "wave":       [1, 1, 1, 1, 2, 2, 2, 2],
        "weight":     [2, 2, 1, 3, 4, 2, 3, 5],
    })  # fmt: skip
    return rn.read_survey(noms, wave="wave", weight="weight")


def test_by_hand_observed():
    row = rn.compare_waves(_by_hand_survey(), missing="observed").iloc[0]
    # people in both waves: a, b, c, d (k = 4); d answered only in wave 2, so the cells
    # observed in both waves are those sent by a, b, c: 3 x 3 = 9
    # wave 1: a->b, b->a, a->c, c->a: 4 arcs, all mutual; wave 2: a->b, b->c, c->a (d->a is
    # not in an observed cell): 3, none mutual
    assert (row["people"], row["respondents"]) == (4, 3)
    assert row["density_from"] == pytest.approx(4 / 9) and row["density_to"] == pytest.approx(3 / 9)
    assert row["reciprocity_from"] == 1.0 and row["reciprocity_to"] == 0.0
    assert row["mean_weight_from"] == pytest.approx(8 / 4)  # 2 + 2 + 1 + 3
    assert row["mean_weight_to"] == pytest.approx(9 / 3)  # 4 + 2 + 3
    assert row["mean_in_degree_change"] == pytest.approx(3 * (3 / 9 - 4 / 9))  # (k-1) density
    # kept a->b, c->a; lost b->a, a->c; gained b->c
    assert (row["ties_kept"], row["ties_lost"], row["ties_gained"]) == (2, 2, 1)
    assert row["jaccard"] == pytest.approx(2 / 5)


@pytest.mark.parametrize("missing", ["ignore", "reconstruct"])
def test_by_hand_every_cell(missing):
    # every cell of the 4 people counts: 12. Reconstruct imputes nothing here: in wave 1 the
    # only non-respondent, d, received no tie.
    row = rn.compare_waves(_by_hand_survey(), missing=missing).iloc[0]
    assert (row["people"], row["respondents"]) == (4, 3)
    assert row["density_from"] == pytest.approx(4 / 12) and row["density_to"] == pytest.approx(
        4 / 12
    )
    assert row["reciprocity_to"] == 0.0
    assert row["mean_weight_to"] == pytest.approx(14 / 4)  # 4 + 2 + 3 + 5
    assert row["mean_in_degree_from"] == pytest.approx(4 / 4)
    # kept a->b, c->a; lost b->a, a->c; gained b->c, d->a
    assert (row["ties_kept"], row["ties_lost"], row["ties_gained"]) == (2, 2, 2)
    assert row["jaccard"] == pytest.approx(2 / 6)


def test_reconstruct_imputes_each_wave():
    # wave 1: a->b, a->c; c did not answer in wave 1. Wave 2: a->b, c->a; everyone answered.
    noms = pd.DataFrame({
        "respondent": ["a", "a", "b", "a", "c", "b"],
        "nominee":    ["b", "c", "a", "b", "a", "a"],
        "wave":       [1, 1, 1, 2, 2, 2],
    })  # fmt: skip
    s = rn.read_survey(noms, wave="wave")
    rec = rn.compare_waves(s, missing="reconstruct").iloc[0]
    ign = rn.compare_waves(s, missing="ignore").iloc[0]
    # reconstructed wave 1: a->b, a->c, b->a, c->a (imputed from a->c): c->a kept, not gained
    assert (rec["ties_kept"], rec["ties_lost"], rec["ties_gained"]) == (3, 1, 0)
    assert (ign["ties_kept"], ign["ties_lost"], ign["ties_gained"]) == (2, 1, 1)
    assert rec["reciprocity_from"] == 1.0 and ign["reciprocity_from"] == pytest.approx(2 / 3)
    assert rn.compare_waves(s, missing="observed").attrs["missing"] == "observed"


def _panel(seed: int, waves: int = 3):
    syn = rn.synth.health_system(600, n_sites=2, n_waves=waves, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rn.read_survey(syn.nominations, roster=syn.roster, relation="relation",
                              wave="wave", weight="weight")  # fmt: skip


@pytest.mark.parametrize("missing", ["ignore", "observed", "reconstruct"])
def test_matches_set_oracle_by_group(missing):
    survey = _panel(4)
    got = rn.compare_waves(survey, "trust", by="site", missing=missing)
    assert list(got.index.names) == ["site", "wave_from", "wave_to"]
    assert got.attrs["missing"] == missing
    for (site, a, b), row in got.iterrows():
        g_a, g_b = survey.network("trust", a), survey.network("trust", b)
        if missing == "reconstruct":
            g_a, g_b = reconstruct(g_a), reconstruct(g_b)
        inside = (g_a.attribute("site") == site).to_numpy()
        both = g_a.responded & g_b.responded & inside
        people = set(g_a.ids[inside])
        senders = set(g_a.ids[both]) if missing == "observed" else people
        sets = []
        for g in (g_a, g_b):
            e = g.edges()
            sets.append({(u, v) for u, v in zip(e["source"], e["target"])
                         if u in senders and v in people})  # fmt: skip
        kept, lost, gained = sets[0] & sets[1], sets[0] - sets[1], sets[1] - sets[0]
        assert row["people"] == len(people) and row["respondents"] == both.sum()
        assert (row["ties_kept"], row["ties_lost"], row["ties_gained"]) == (
            len(kept), len(lost), len(gained)
        )  # fmt: skip
        cells = len(senders) * (len(people) - 1)
        assert row["density_to"] == pytest.approx(len(sets[1]) / cells)
        dyads = {(u, v) for u, v in sets[0] if v in senders}  # both ends counted
        mutual = sum((v, u) in dyads for u, v in dyads)
        assert row["reciprocity_from"] == pytest.approx(mutual / len(dyads))
        assert row["jaccard"] == pytest.approx(len(kept) / len(sets[0] | sets[1]))
    whole = rn.compare_waves(survey, "trust", missing=missing)
    assert list(whole.index) == [(1, 2), (2, 3)]
    assert (whole["ties_kept"].to_numpy() >= got.groupby("wave_from")["ties_kept"].sum()).all()


def test_default_warns_once_per_people():
    survey = _by_hand_survey()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rn.compare_waves(survey)
        rn.compare_waves(survey, by=None)  # same people: already told
        rn.density(survey.network(wave=1))  # another network over the same people
    assert [w.category for w in caught] == [rn.MissingDataWarning]
    assert "compare_waves" in str(caught[0].message)
    assert caught[0].filename == __file__


def test_needs_two_waves():
    s = rn.read_survey(pd.DataFrame({"respondent": ["a"], "nominee": ["b"]}))
    with pytest.raises(rn.ArgumentError, match="at least two waves"):
        rn.compare_waves(s)


def test_nested_groups():
    syn = rn.synth.health_system(300, n_sites=2, n_waves=2, seed=8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = rn.read_survey(syn.nominations, roster=syn.roster, relation="relation",
                                wave="wave", weight="weight")  # fmt: skip
    nested = rn.compare_waves(survey, "trust", by=["site", "team"], missing="observed")
    flat = rn.compare_waves(survey, "trust", by="team", missing="observed")
    assert nested.index.names == ["site", "team", "wave_from", "wave_to"]
    np.testing.assert_array_equal(nested["ties_kept"].to_numpy(), flat["ties_kept"].to_numpy())
