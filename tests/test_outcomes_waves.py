"""compare_waves: hand-worked and a set-based oracle on a synthetic panel."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import relnet as rn


def test_by_hand():
    noms = pd.DataFrame({
        "respondent": ["a", "b", "a", "c", "a", "b", "c", "d"],
        "nominee":    ["b", "a", "c", "a", "b", "c", "a", "a"],
        "wave":       [1, 1, 1, 1, 2, 2, 2, 2],
        "weight":     [2, 2, 1, 3, 4, 2, 3, 5],
    })  # fmt: skip
    s = rn.read_survey(noms, wave="wave", weight="weight")
    row = rn.compare_waves(s).iloc[0]
    # present in both: a, b, c (d answered only in wave 2); k = 3, 6 cells
    # wave 1: a->b, b->a, a->c, c->a: 4 arcs, all mutual; wave 2: a->b, b->c, c->a: 3, none
    assert row["people"] == 3
    assert row["density_from"] == pytest.approx(4 / 6) and row["density_to"] == pytest.approx(0.5)
    assert row["reciprocity_from"] == 1.0 and row["reciprocity_to"] == 0.0
    assert row["mean_weight_from"] == pytest.approx(8 / 4)  # 2 + 2 + 1 + 3
    assert row["mean_weight_to"] == pytest.approx(9 / 3)  # 4 + 2 + 3
    assert row["mean_in_degree_change"] == pytest.approx(3 / 3 - 4 / 3)
    # kept a->b, c->a; lost b->a, a->c; gained b->c
    assert (row["ties_kept"], row["ties_lost"], row["ties_gained"]) == (2, 2, 1)
    assert row["jaccard"] == pytest.approx(2 / 5)


def test_matches_set_oracle_by_group():
    syn = rn.synth.health_system(600, n_sites=2, n_waves=3, seed=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        survey = rn.read_survey(syn.nominations, roster=syn.roster, relation="relation",
                                wave="wave", weight="weight")  # fmt: skip
    got = rn.compare_waves(survey, "trust", by="site")
    assert list(got.index.names) == ["site", "wave_from", "wave_to"]
    for (site, a, b), row in got.iterrows():
        g_a, g_b = survey.network("trust", a), survey.network("trust", b)
        both = g_a.responded & g_b.responded & (g_a.attribute("site") == site).to_numpy()
        keep = set(g_a.ids[both])
        sets = []
        for g in (g_a, g_b):
            e = g.edges()
            sets.append({(u, v) for u, v in zip(e["source"], e["target"])
                         if u in keep and v in keep})  # fmt: skip
        kept, lost, gained = sets[0] & sets[1], sets[0] - sets[1], sets[1] - sets[0]
        assert row["people"] == len(keep)
        assert (row["ties_kept"], row["ties_lost"], row["ties_gained"]) == (
            len(kept), len(lost), len(gained)
        )  # fmt: skip
        k = len(keep)
        assert row["density_to"] == pytest.approx(len(sets[1]) / (k * (k - 1)))
        mutual = sum((v, u) in sets[0] for u, v in sets[0])
        assert row["reciprocity_from"] == pytest.approx(mutual / len(sets[0]))
        assert row["jaccard"] == pytest.approx(len(kept) / len(sets[0] | sets[1]))
    whole = rn.compare_waves(survey, "trust")
    assert list(whole.index) == [(1, 2), (2, 3)]
    assert (whole["ties_kept"].to_numpy() >= got.groupby("wave_from")["ties_kept"].sum()).all()


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
    nested = rn.compare_waves(survey, "trust", by=["site", "team"])
    flat = rn.compare_waves(survey, "trust", by="team")
    assert nested.index.names == ["site", "team", "wave_from", "wave_to"]
    np.testing.assert_array_equal(nested["ties_kept"].to_numpy(), flat["ties_kept"].to_numpy())
