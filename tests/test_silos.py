"""silos: formal groups against communities, checked by hand and against a pandas oracle."""

from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd
import pytest

import relnet as rn

pytest.importorskip("leidenalg")


def small() -> rn.Network:
    people = pd.DataFrame({"team": ["t1"] * 4 + ["t2"] * 2 + ["t3"]}, index=list("abcdefg"))
    return rn.Network.from_edges(list("abcdee"), list("badcfa"), nodes=people)


def test_silos_hand_worked():
    g = small()
    found = pd.Series({"g": 3, "a": 0, "b": 0, "c": 1, "d": 1, "e": 2, "f": 2})
    table = rn.silos(g, "team", partition=found)
    assert table.index.name == "team" and list(table.index) == ["t1", "t2", "t3"]
    assert table["size"].tolist() == [4, 2, 1]
    assert table["n_communities"].tolist() == [2, 1, 1]
    assert table["largest_share"].tolist() == [0.5, 1.0, 1.0]
    assert table["community"].tolist() == [0, 2, 3]  # t1: 0 and 1 tie at 2 -> lowest
    # t1: I = a->b, b->a, c->d, d->c = 4, E = e->a = 1: -3/5; t2: I = e->f, E = e->a: 0;
    # t3 (g, isolate): no arcs -> NaN
    assert table["ei_index"].iloc[:2].tolist() == [-0.6, 0.0]
    assert np.isnan(table["ei_index"].iloc[2])
    assert table["split"].tolist() == [True, False, False]  # a lone person is never split
    assert table.attrs["n_split"] == 1
    want = rn.compare_partitions(g.attribute("team"), found)
    assert table.attrs["nmi"] == pytest.approx(want["nmi"], abs=1e-15)
    assert table.attrs["ari"] == pytest.approx(want["ari"], abs=1e-15)
    strict = rn.silos(g, "team", partition=found, threshold=0.4)
    assert not strict["split"].any()


def test_silos_matches_pandas_oracle_and_igraph():
    survey = rn.synth.health_system(1500, n_sites=3, seed=4)
    noms = survey.nominations.drop_duplicates(["respondent", "nominee"])
    roster = survey.roster.set_index("id")
    g = rn.Network.from_edges(noms["respondent"], noms["nominee"], nodes=roster)
    found = rn.communities(g, seed=2)
    table = rn.silos(g, "team", partition=found)

    frame = pd.DataFrame({"team": g.attribute("team"), "community": found})
    counts = frame.groupby(["team", "community"]).size()
    by_team = counts.groupby(level="team")
    want_size = frame.groupby("team").size()
    want_n = by_team.size()
    want_share = by_team.max() / want_size
    assert (table["size"] == want_size.reindex(table.index)).all()
    assert (table["n_communities"] == want_n.reindex(table.index)).all()
    np.testing.assert_allclose(table["largest_share"], want_share.reindex(table.index))
    top = counts.reset_index(name="k").sort_values(
        ["team", "k", "community"], ascending=[True, False, True]
    )
    want_top = top.drop_duplicates("team").set_index("team")["community"]
    assert (table["community"] == want_top.reindex(table.index)).all()

    # E-I per team, counted directly from the arc list
    edges = g.edges()
    team = g.attribute("team")
    s, t = team.loc[edges["source"]].to_numpy(), team.loc[edges["target"]].to_numpy()
    for name in table.index[:20]:
        inside = np.sum((s == name) & (t == name))
        cross = np.sum((s == name) ^ (t == name))
        assert table.loc[name, "ei_index"] == pytest.approx((cross - inside) / (cross + inside))

    codes_team = pd.factorize(team)[0].tolist()
    codes_comm = found.to_list()
    assert table.attrs["nmi"] == pytest.approx(
        ig.compare_communities(codes_team, codes_comm, method="nmi"), abs=1e-12
    )
    assert table.attrs["ari"] == pytest.approx(
        ig.compare_communities(codes_team, codes_comm, method="adjusted_rand"), abs=1e-12
    )
    # default partition: relnet's communities with that seed
    default = rn.silos(g, "team", seed=2)
    pd.testing.assert_frame_equal(default, table)
    assert default.attrs["implementation"].startswith("leidenalg")


def test_silos_bad_input():
    g = small()
    with pytest.raises(rn.ArgumentError, match="'unit'"):
        rn.silos(g, "unit", partition=pd.Series(0, index=g.ids))
    with pytest.raises(rn.ArgumentError, match="'g'"):
        rn.silos(g, "team", partition=pd.Series(0, index=list("abcdef")))
    with pytest.raises(rn.ArgumentError, match="threshold"):
        rn.silos(g, "team", partition=pd.Series(0, index=g.ids), threshold=1.5)
