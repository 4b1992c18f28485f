"""Conditional uniform graph tests (rn.cug_test, CUGResult).

Oracles: the statistics computed straight from the drawn arc arrays equal the public
measures evaluated on Networks of the same draws; closed-form null means (edges: edgewise
reciprocity (m-1)/(2D-1), size: density 1/2) on the Krackhardt and Lazega data; fixed
statistics under their own condition; a hand-worked exact p-value; identical nulls for one
and two numba threads.
"""

from __future__ import annotations

import math

import numba
import numpy as np
import pandas as pd
import pytest
from sna_reference import DATASETS, reference_network

import relnet as rn
from relnet import threads

CONDITIONS = ["size", "edges", "dyad_census", "degree"]


@pytest.fixture(scope="module")
def team():
    """60 people in 3 units, 15% non-respondents, from the synthetic health system."""
    s = rn.synth.health_system(60, n_sites=1, seed=4, team_size=6)
    noms = s.nominations[s.nominations["relation"] == "trust"]
    return rn.Network.from_edges(
        noms["respondent"], noms["nominee"], weight=noms["weight"],
        nodes=s.roster.set_index("id"),
    )  # fmt: skip


# name, options, the public measure on a Network (given missing)
FAST = [
    ("density", {}, lambda h, mode: rn.density(h, missing=mode)),
    ("reciprocity", {}, lambda h, mode: rn.reciprocity(h, missing=mode)),
    ("reciprocity", {"mode": "dyadic"}, lambda h, mode: rn.reciprocity(h, mode="dyadic",
                                                                        missing=mode)),
    ("reciprocity", {"mode": "correlation"},
     lambda h, mode: rn.reciprocity(h, mode="correlation", missing=mode)),
    ("mutual", {}, lambda h, mode: rn.dyad_census(h, missing=mode)["mutual"]),
    ("null", {}, lambda h, mode: rn.dyad_census(h, missing=mode)["null"]),
    ("transitivity", {}, lambda h, mode: rn.transitivity(h)),
    ("transitivity", {"measure": "strong"}, lambda h, mode: rn.transitivity(h, measure="strong")),
    ("ei_index", {"attr": "unit"}, lambda h, mode: rn.ei_index(h, "unit").network),
]  # fmt: skip


@pytest.mark.parametrize("missing", ["ignore", "observed"])
@pytest.mark.parametrize("condition", CONDITIONS)
def test_fast_statistics_equal_public_measures_on_the_same_draws(team, condition, missing):
    for name, options, measure in FAST:
        kw = {"condition": condition, "n_sims": 12, "seed": 3, "missing": missing}
        fast = rn.cug_test(team, name, **kw, **options)
        slow = rn.cug_test(team, lambda h, measure=measure: measure(h, missing), **kw)
        np.testing.assert_array_equal(fast.null, slow.null, err_msg=f"{name} {options}")
        assert fast.observed == slow.observed == measure(team.binarize(), missing)


def test_hand_worked_p_value():
    # 3 people, 2 arcs a<->b. Under "edges" the 15 = C(6, 2) graphs with 2 arcs are equally
    # likely and 3 of them (one per dyad) are a mutual pair: P(reciprocity >= 1) = 3/15.
    g = rn.Network.from_edges(["a", "b"], ["b", "a"], nodes=["a", "b", "c"])
    r = rn.cug_test(g, "reciprocity", condition="edges", n_sims=4000, seed=1)
    se = math.sqrt(0.2 * 0.8 / 4000)
    assert r.observed == 1.0
    assert abs(r.p_greater - 0.2) < 5 * se
    assert r.p_less == 1.0
    assert set(np.unique(r.null)) == {0.0, 1.0}


@pytest.mark.skipif(not DATASETS.is_dir(), reason="../shared is absent")
@pytest.mark.parametrize(
    "dataset, relation",
    [
        ("krackhardt_hightech", "advice"),
        ("krackhardt_hightech", "friendship"),
        ("lazega_lawfirm", "advice"),
        ("lazega_lawfirm", "friendship"),
    ],
)
def test_null_moments_on_reference_data(dataset, relation):
    g = reference_network(dataset, relation)
    n, m = g.n, g.m
    dyads = n * (n - 1) // 2
    sims = 1000
    # edges: edgewise reciprocity = 2M/m with E[M] = D m(m-1)/(2D(2D-1)), so its mean is
    # (m-1)/(2D-1); density is fixed
    r = rn.cug_test(g, "reciprocity", condition="edges", n_sims=sims, seed=11)
    want = (m - 1) / (2 * dyads - 1)
    assert abs(r.null_mean - want) < 5 * r.null_sd / math.sqrt(sims)
    # sd: M is a sum of D dyad indicators, each mutual with p2 = m(m-1)/(C(C-1)) over the
    # C = 2D cells, two of them jointly with p4 = m(m-1)(m-2)(m-3)/(C(C-1)(C-2)(C-3)):
    # Var M = D p2 + D(D-1) p4 - (D p2)^2, and sd(reciprocity) = 2 sd(M) / m. The sample sd
    # of 1000 draws has a relative standard error of about 1/sqrt(2 * 999) = 2.2%.
    cells = 2 * dyads
    p2 = m * (m - 1) / (cells * (cells - 1))
    p4 = p2 * (m - 2) * (m - 3) / ((cells - 2) * (cells - 3))
    sd = 2 * math.sqrt(dyads * p2 + dyads * (dyads - 1) * p4 - (dyads * p2) ** 2) / m
    assert r.null_sd == pytest.approx(sd, rel=0.12)
    assert r.observed == pytest.approx(rn.reciprocity(g))
    d = rn.cug_test(g, "density", condition="edges", n_sims=50, seed=1)
    assert np.all(d.null == rn.density(g)) and d.p_greater == d.p_less == 1.0
    # dyad census: reciprocity fixed
    r = rn.cug_test(g, "reciprocity", condition="dyad_census", n_sims=50, seed=2)
    assert np.all(r.null == r.observed)
    # size: density 1/2 with sd sqrt(1/4 / (n(n-1))) per draw
    s = rn.cug_test(g, "density", condition="size", n_sims=300, seed=3)
    assert abs(s.null_mean - 0.5) < 5 * math.sqrt(0.25 / (n * (n - 1))) / math.sqrt(300)
    # degree: density fixed
    t = rn.cug_test(g, "density", condition="degree", n_sims=20, seed=4)
    assert np.all(t.null == rn.density(g))


def test_observed_missing_conditions_on_observed_cells(team):
    assert not team.responded.all()
    for condition in ("edges", "dyad_census", "degree"):
        r = rn.cug_test(team, "density", condition=condition, n_sims=30, seed=1,
                        missing="observed")  # fmt: skip
        assert np.all(r.null == rn.density(team, missing="observed"))
    r = rn.cug_test(team, "reciprocity", condition="dyad_census", n_sims=30, seed=1,
                    missing="observed")  # fmt: skip
    assert np.all(r.null == rn.reciprocity(team, missing="observed"))
    with pytest.warns(rn.MissingDataWarning):
        rn.cug_test(team, "density", n_sims=2, seed=1)
    recon = rn.cug_test(team, "density", n_sims=5, seed=1, missing="reconstruct")
    assert recon.observed == rn.density(rn.metrics.missing.reconstruct(team.binarize()),
                                        missing="ignore")  # fmt: skip


def test_by_group(team):
    people = team.nodes
    people["unit"] = people["unit"].astype(str)
    people.loc[people.index[0], "unit"] = "tiny"  # a one-person group
    g = rn.Network.from_edges(team.edges()["source"], team.edges()["target"], nodes=people)
    table = rn.cug_test(g, "transitivity", condition="edges", n_sims=40, seed=2, by="unit",
                        missing="ignore")  # fmt: skip
    assert table.index.name == "unit"
    assert list(table.columns) == ["n", "observed", "null_mean", "null_sd", "z", "p_greater",
                                   "p_less", "reason"]  # fmt: skip
    assert table.loc["tiny", "reason"] == "fewer than 3 people"
    assert np.isnan(table.loc["tiny", "observed"])
    for unit, row in table.drop("tiny").iterrows():
        sub = g.subgraph((g.attribute("unit") == unit).to_numpy())
        assert row["n"] == sub.n
        assert row["observed"] == rn.transitivity(sub)
        assert pd.isna(row["reason"])
        assert 0 <= row["p_greater"] <= 1
    again = rn.cug_test(g, "transitivity", condition="edges", n_sims=40, seed=2, by="unit",
                        missing="ignore")  # fmt: skip
    pd.testing.assert_frame_equal(table, again)


def test_same_seed_same_null_whatever_the_threads(team, monkeypatch):
    monkeypatch.setattr(threads, "SERIAL_BELOW", 0)  # let every call use numba's threads
    previous = numba.get_num_threads()
    results = []
    try:
        for k in (1, min(2, numba.config.NUMBA_NUM_THREADS)):
            numba.set_num_threads(k)
            for condition in CONDITIONS:
                results.append(
                    rn.cug_test(
                        team,
                        "transitivity",
                        condition=condition,
                        n_sims=10,
                        seed=5,
                        missing="ignore",
                    ).null  # fmt: skip
                )
    finally:
        numba.set_num_threads(previous)
    half = len(results) // 2
    for a, b in zip(results[:half], results[half:]):
        np.testing.assert_array_equal(a, b)
    other = rn.cug_test(team, "transitivity", condition="edges", n_sims=10, seed=6,
                        missing="ignore")  # fmt: skip
    assert not np.array_equal(other.null, results[1])


def test_result_object(team, tmp_path):
    r = rn.cug_test(team, "reciprocity", condition="edges", n_sims=50, seed=1, missing="ignore")
    assert isinstance(r, rn.CUGResult)
    assert r.null.shape == (50,) and r.n_sims == 50 and r.condition == "edges"
    table = r.summary()
    assert table.index.tolist() == ["reciprocity"]
    assert table.loc["reciprocity", "observed"] == r.observed
    assert table.loc["reciprocity", "null_sd"] == pytest.approx(np.std(r.null, ddof=1))
    assert r.z == pytest.approx((r.observed - r.null.mean()) / np.std(r.null, ddof=1))
    assert r.p_value == min(1.0, 2 * min(r.p_greater, r.p_less))
    assert "CUGResult reciprocity | edges" in repr(r)
    assert "<table" in r._repr_html_()
    fig = r.plot(tmp_path / "cug.png")
    assert (tmp_path / "cug.png").stat().st_size > 0
    assert fig.axes[0].get_xlabel() == "reciprocity"


def test_other_named_statistics_run(team):
    for name, options in [
        ("krackhardt_hierarchy", {}),
        ("centralization_indegree", {}),
        ("components_weak", {}),
        ("assortativity", {"attr": "unit"}),
    ]:
        r = rn.cug_test(team, name, condition="degree", n_sims=5, seed=1, missing="ignore",
                        **options)  # fmt: skip
        assert r.null.shape == (5,) and np.isfinite(r.observed)
    # in-degree centralization is fixed under "degree"
    r = rn.cug_test(team, "centralization_indegree", condition="degree", n_sims=5, seed=1,
                    missing="ignore")  # fmt: skip
    assert np.all(r.null == r.observed)


def test_bad_input(team):
    kw = {"n_sims": 2, "missing": "ignore"}
    with pytest.raises(rn.ArgumentError, match="one of: density, reciprocity.*transitivity"):
        rn.cug_test(team, "recip", **kw)
    with pytest.raises(rn.ArgumentError, match="'size', 'edges', 'dyad_census', 'degree'"):
        rn.cug_test(team, "density", condition="gnm", **kw)
    with pytest.raises(rn.ArgumentError, match="n_sims"):
        rn.cug_test(team, "density", n_sims=0, missing="ignore")
    with pytest.raises(rn.ArgumentError, match="must return one number.*density, reciprocity"):
        rn.cug_test(team, lambda h: "high", **kw)
    with pytest.raises(rn.ArgumentError, match="must return one number"):
        rn.cug_test(team, lambda h: [1.0, 2.0], **kw)
    with pytest.raises(rn.ArgumentError, match="no node attribute 'ward'.*'unit'"):
        rn.cug_test(team, "density", by="ward", **kw)
    with pytest.raises(rn.ArgumentError, match="needs attr="):
        rn.cug_test(team, "ei_index", **kw)
    with pytest.raises(rn.ArgumentError, match="takes mode"):
        rn.cug_test(team, "reciprocity", measure="weak", **kw)
    with pytest.raises(rn.ArgumentError, match="mode="):
        rn.cug_test(team, "reciprocity", mode="bogus", **kw)
    with pytest.raises(rn.ArgumentError, match="missing="):
        rn.cug_test(team, "density", n_sims=2, missing="drop")
    with pytest.raises(rn.ArgumentError, match="relnet.Network"):
        rn.cug_test("not a graph", "density", **kw)
