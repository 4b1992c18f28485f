"""Multiplexity of relations on the same people.

Oracles: set operations on arc lists with pandas merges (both, jaccard, conditional shares,
reciprocity split, per-person partners, dyads); ``rn.qap_correlation(...).estimate`` for the
graph correlation and R sna 2.7 ``gcor`` on the published data sets (../shared); a
hand-worked example in the docstring and below.
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sna_reference import reference_cases, reference_network

import relnet as rn

matplotlib.use("Agg")

N = 8
arc_lists = st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=25)


def layer(pairs, seed=0):
    arcs = sorted({(u, v) for u, v in pairs if u != v})
    w = [1.0 + (u * 5 + v * 3 + seed) % 4 for u, v in arcs]
    return rn.Network.from_edges(
        [u for u, _ in arcs], [v for _, v in arcs], weight=w, nodes=range(N)
    )


def arcs_of(g):
    return g.edges()[["source", "target", "weight"]]


def pair_oracle(ga, gb):
    a, b = arcs_of(ga), arcs_of(gb)
    inner = a.merge(b, on=["source", "target"])
    outer = a.merge(b, on=["source", "target"], how="outer")
    rev = a.rename(columns={"source": "target", "target": "source"})[["source", "target"]]
    a_flag = a.merge(b[["source", "target"]], on=["source", "target"], how="left", indicator=True)
    a_flag["in_b"] = a_flag["_merge"] == "both"
    a_flag = a_flag.drop(columns="_merge").merge(
        rev, on=["source", "target"], how="left", indicator=True
    )
    a_flag["recip"] = a_flag["_merge"] == "both"
    multi = a_flag[a_flag["in_b"]]
    single = a_flag[~a_flag["in_b"]]

    def share(num, den):
        return num / den if den else math.nan

    return {
        "arcs_a": len(a),
        "arcs_b": len(b),
        "both": len(inner),
        "jaccard": share(len(inner), len(outer)),
        "p_b_given_a": share(len(inner), len(a)),
        "p_a_given_b": share(len(inner), len(b)),
        "reciprocity_multiplex": share(multi["recip"].sum(), len(multi)),
        "reciprocity_single": share(single["recip"].sum(), len(single)),
    }


def same(x, y):
    if isinstance(y, float) and math.isnan(y):
        return math.isnan(x)
    return x == pytest.approx(y, rel=1e-10, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(arc_lists, arc_lists, arc_lists, st.booleans())
def test_pairs_match_pandas_sets_and_qap(p1, p2, p3, weighted):
    nets = {"trust": layer(p1), "advice": layer(p2, 1), "safety": layer(p3, 2)}
    result = rn.multiplexity(nets, weighted=weighted)
    assert len(result.pairs) == 6
    for (a, b), row in result.pairs.iterrows():
        want = pair_oracle(nets[a], nets[b])
        for column, value in want.items():
            assert same(row[column], value), (a, b, column)
        try:
            qap = rn.qap_correlation(nets[a], nets[b], n_perm=0, weighted=weighted).estimate
        except rn.GraphKindError:  # no variance: undefined
            qap = math.nan
        assert same(row["correlation"], qap), (a, b)


@settings(max_examples=60, deadline=None)
@given(arc_lists, arc_lists, arc_lists)
def test_nodes_match_pandas_counts(p1, p2, p3):
    nets = {"trust": layer(p1), "advice": layer(p2), "safety": layer(p3)}
    result = rn.multiplexity(nets)
    allarcs = pd.concat([arcs_of(g).assign(layer=k) for k, g in nets.items()])
    per_pair = allarcs.groupby(["source", "target"])["layer"].nunique().reset_index()
    per_pair["multi"] = per_pair["layer"] >= 2
    out_p = per_pair.groupby("source").size()
    in_p = per_pair.groupby("target").size()
    out_m = per_pair.groupby("source")["multi"].sum()
    in_m = per_pair.groupby("target")["multi"].sum()
    touched = pd.concat(
        [
            allarcs[["source", "layer"]].rename(columns={"source": "p"}),
            allarcs[["target", "layer"]].rename(columns={"target": "p"}),
        ]
    )
    n_rel = touched.groupby("p")["layer"].nunique()
    t = result.nodes
    for u in range(N):
        assert t.loc[u, "out_partners"] == out_p.get(u, 0)
        assert t.loc[u, "in_partners"] == in_p.get(u, 0)
        assert t.loc[u, "multiplex_out"] == out_m.get(u, 0)
        assert t.loc[u, "multiplex_in"] == in_m.get(u, 0)
        assert t.loc[u, "n_relations"] == n_rel.get(u, 0)
        total = out_p.get(u, 0) + in_p.get(u, 0)
        want = (out_m.get(u, 0) + in_m.get(u, 0)) / total if total else math.nan
        assert same(t.loc[u, "multiplex_share"], want)


@settings(max_examples=40, deadline=None)
@given(arc_lists, arc_lists)
def test_dyads_match_pandas(p1, p2):
    nets = {"trust": layer(p1), "advice": layer(p2)}
    d = rn.multiplexity(nets).dyads
    arcs = {k: set(zip(arcs_of(g)["source"], arcs_of(g)["target"])) for k, g in nets.items()}
    connected = {(min(u, v), max(u, v)) for s in arcs.values() for u, v in s}
    assert sorted(zip(d["i"], d["j"])) == sorted(connected)
    for row in d.itertuples(index=False):
        count = 0
        for k, s in arcs.items():
            ij, ji = (row.i, row.j) in s, (row.j, row.i) in s
            assert getattr(row, f"{k}_ij") == ij
            assert getattr(row, f"{k}_ji") == ji
            count += ij or ji
        assert row.n_relations == count
        assert row.multiplex == (count >= 2)


def test_hand_worked():
    # trust: a->b, b->a, a->c; advice: a->b, c->a, b->c (people a, b, c, d)
    people = ["a", "b", "c", "d"]
    trust = rn.Network.from_edges(["a", "b", "a"], ["b", "a", "c"], nodes=people)
    advice = rn.Network.from_edges(["a", "c", "b"], ["b", "a", "c"], nodes=people)
    m = rn.multiplexity({"trust": trust, "advice": advice})
    row = m.pairs.loc[("trust", "advice")]
    # both: a->b; union 3 + 3 - 1 = 5
    assert row["both"] == 1 and row["jaccard"] == pytest.approx(1 / 5)
    assert row["p_b_given_a"] == pytest.approx(1 / 3)
    # trust a->b is multiplex and returned in trust (b->a); single trust arcs b->a
    # (returned) and a->c (not): 1 / 2
    assert row["reciprocity_multiplex"] == 1.0
    assert row["reciprocity_single"] == 0.5
    # advice given trust, from advice's side: advice a->b is returned in advice? no (b->a
    # is not advice): 0 of 1; single advice c->a, b->c: neither returned in advice: 0 of 2
    back = m.pairs.loc[("advice", "trust")]
    assert back["reciprocity_multiplex"] == 0.0 and back["reciprocity_single"] == 0.0
    # correlation over 12 cells, 3 and 3 arcs, 1 shared: (1 - 9/12) / (3 - 9/12)
    assert row["correlation"] == pytest.approx((1 - 9 / 12) / (3 - 9 / 12))
    # d is an isolate in both
    assert m.nodes.loc["d", "n_relations"] == 0
    assert math.isnan(m.nodes.loc["d", "multiplex_share"])
    # a: out b (both), c (trust); in b (trust), c (advice): 1 of 4
    assert m.nodes.loc["a", "multiplex_share"] == 0.25
    assert m.nodes.loc["a", "n_relations"] == 2


def test_survey_input_and_waves():
    noms = pd.DataFrame(
        {
            "respondent": ["a", "b", "a", "a", "c", "a"],
            "nominee": ["b", "a", "c", "b", "a", "c"],
            "relation": ["trust", "trust", "trust", "advice", "advice", "advice"],
        }
    )
    survey = rn.read_survey(noms, relation="relation")
    from_survey = rn.multiplexity(survey)
    from_dict = rn.multiplexity({r: survey.network(r) for r in survey.relations})
    pd.testing.assert_frame_equal(from_survey.pairs, from_dict.pairs)
    pd.testing.assert_frame_equal(from_survey.nodes, from_dict.nodes)
    waved = rn.read_survey(noms.assign(wave=[1, 1, 2, 1, 2, 2]), relation="relation", wave="wave")
    with pytest.raises(rn.ArgumentError, match="wave="):
        rn.multiplexity(waved)
    w1 = rn.multiplexity(waved, wave=1)
    assert w1.pairs.loc[("trust", "advice"), "both"] == 1  # a->b in both in wave 1
    with pytest.raises(rn.ArgumentError, match="at least two"):
        rn.multiplexity(rn.read_survey(noms[noms["relation"] == "trust"]))


def test_layers_on_different_people():
    a = rn.Network.from_edges([1, 2], [2, 3], nodes=[1, 2, 3])
    b = rn.Network.from_edges([1], [2], nodes=[1, 2, 3, 4])
    with pytest.raises(rn.ArgumentError, match=r"4 \(in 'b'\) is not in 'a'"):
        rn.multiplexity({"a": a, "b": b})
    c = rn.Network.from_edges([1], [2], nodes=[1, 2])
    with pytest.raises(rn.ArgumentError, match=r"3 \(in 'a'\) is not in 'c'"):
        rn.multiplexity({"a": a, "c": c})
    # the same people in another order give the same answer
    shuffled = rn.Network.from_edges([1], [2], nodes=[3, 2, 1])
    ordered = rn.Network.from_edges([1], [2], nodes=[1, 2, 3])
    pd.testing.assert_frame_equal(
        rn.multiplexity({"a": a, "b": shuffled}).pairs,
        rn.multiplexity({"a": a, "b": ordered}).pairs,
    )
    with pytest.raises(rn.ArgumentError, match="at least two"):
        rn.multiplexity({"a": a})
    with pytest.raises(rn.ArgumentError, match="Survey only"):
        rn.multiplexity({"a": a, "b": ordered}, wave=1)
    with pytest.raises(rn.ArgumentError, match="Survey or a dict"):
        rn.multiplexity([a, ordered])


def test_result_object(tmp_path):
    people = pd.DataFrame({"role": ["rn", "rn", "md", "md"]}, index=["a", "b", "c", "d"])
    trust = rn.Network.from_edges(["a", "b", "c"], ["b", "a", "d"], nodes=people)
    advice = rn.Network.from_edges(["a", "c", "d"], ["b", "d", "c"], nodes=people)
    m = rn.multiplexity({"trust": trust, "advice": advice})
    assert list(m.pairs.columns) == [
        "arcs_a",
        "arcs_b",
        "both",
        "jaccard",
        "p_b_given_a",
        "p_a_given_b",
        "correlation",
        "reciprocity_multiplex",
        "reciprocity_single",
    ]
    assert "trust&advice" in repr(m)
    assert "<table" in m._repr_html_()
    assert m.summary().attrs["share_people_multiplex"] == 1.0
    fig = m.plot(tmp_path / "m.png")
    assert (tmp_path / "m.png").exists()
    assert len(fig.axes) >= 2
    m.plot(by="role")
    with pytest.raises(rn.ArgumentError, match="no node attribute 'team'"):
        m.plot(by="team")
    np.testing.assert_array_equal(m.dyads["multiplex"].to_numpy(), [True, True])


@pytest.mark.parametrize("dataset, relation, ref", reference_cases())
def test_correlation_matches_sna_gcor(dataset, relation, ref):
    # R sna 2.7 gcor(A, B) between the binary relations of the published data sets
    others = list(ref.get("gcor", {}))
    if not others:
        pytest.skip("one relation only")
    layers = {r: reference_network(dataset, r) for r in [relation, *others]}
    pairs = rn.multiplexity(layers).pairs
    for other, value in ref["gcor"].items():
        assert pairs.loc[(relation, other), "correlation"] == pytest.approx(value, abs=1e-10)
        assert pairs.loc[(other, relation), "correlation"] == pytest.approx(value, abs=1e-10)
