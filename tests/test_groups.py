"""group_metrics: sna parity on one group, and the per-group public functions on
g.subgraph(members) as the oracle for every group at once."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sna_reference import SNA_VERSION, model_cases, reference_cases, reference_network, roster

import relnet as rn
from relnet.kernels import groups as group_kernels
from relnet.metrics.groups import BROKER_ROLES, STRUCTURAL
from relnet.metrics.missing import reconstruct

# synthetic systems have non-respondents; the default treatment is tested on its own below
pytestmark = pytest.mark.filterwarnings("ignore::relnet.errors.MissingDataWarning")


def _with_attrs(g: rn.Network, nodes: pd.DataFrame) -> rn.Network:
    e = g.edges()
    return rn.Network.from_edges(e["source"], e["target"], weight=e["weight"], nodes=nodes,
                                 responded=g.responded)  # fmt: skip


# ---------------------------------------------------------------------- sna parity
@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_single_group_matches_sna(dataset, relation, ref):
    """One group holding everyone reproduces the network-level sna/igraph values."""
    g = reference_network(dataset, relation)
    g = _with_attrs(g, roster(dataset).assign(everyone="all"))
    row = rn.group_metrics(g, "everyone").iloc[0]
    assert row["size"] == ref["n"] and row["arcs"] == ref["arcs"]
    assert row["density"] == pytest.approx(ref["gden"], abs=1e-12)  # sna gden
    assert row["reciprocity"] == pytest.approx(ref["grecip"]["edgewise"], abs=1e-12)
    assert row["mutual_share"] == pytest.approx(ref["grecip"]["dyadic.nonnull"], abs=1e-12)
    assert row["transitivity"] == pytest.approx(ref["gtrans_weak"], abs=1e-12)
    constraint = np.array(ref["igraph_constraint"], dtype=float)
    assert row["mean_constraint"] == pytest.approx(np.nanmean(constraint), abs=1e-12)
    assert row["external_in"] == 0 and row["external_out"] == 0 and row["ei_index"] == -1


@pytest.mark.parametrize(("dataset", "ref"), model_cases())
def test_single_group_centralization_matches_sna(dataset, ref):
    g = reference_network(dataset, ref["y"])
    g = _with_attrs(g, roster(dataset).assign(everyone="all"))
    row = rn.group_metrics(g, "everyone").iloc[0]
    cent = ref["centralization"]  # sna::centralization(Y, degree/betweenness)
    assert row["indegree_centralization"] == pytest.approx(cent["indegree"], abs=1e-12)
    assert row["betweenness_centralization"] == pytest.approx(cent["betweenness"], abs=1e-12)


@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_brokerage_counts_match_sna(dataset, relation, ref):
    """Members' sna brokerage raw.nli counts, summed by the reference group attribute."""
    attr = ref["group_attr"]
    people = roster(dataset)
    g = _with_attrs(reference_network(dataset, relation), people)
    table = rn.group_metrics(g, attr, constraint=False)
    raw = pd.DataFrame(np.array(ref["brokerage"]["raw"], dtype=float)[:, :5],
                       columns=list(BROKER_ROLES))  # fmt: skip
    want = raw.groupby(people[attr].to_numpy()).sum()
    got = table[list(BROKER_ROLES)].astype(float)
    np.testing.assert_array_equal(got.to_numpy(), want.to_numpy(), err_msg=SNA_VERSION)


# ---------------------------------------------------------------------- subgraph oracle
def _oracle(g: rn.Network, by: str, min_size: int = 3, missing: str = "ignore") -> pd.DataFrame:
    """The public functions on g.subgraph(members), one group at a time.

    Under "reconstruct" every measure is taken on the reconstructed network (Stork &
    Richards), the dyad measures of its subgraphs then counting every cell."""
    if missing == "reconstruct":
        g = reconstruct(g)
        missing = "ignore"
    labels = g.attribute(by)
    edges = g.edges()
    src_group = labels.reindex(edges["source"]).to_numpy()
    dst_group = labels.reindex(edges["target"]).to_numpy()
    constraint = rn.structural_holes(g)["constraint"]
    ei_groups = rn.ei_index(g, by, ties="out").groups  # ties leaving vs staying
    rows = {}
    for group in sorted(labels.unique()):
        members = labels.index[labels == group]
        sub = g.subgraph(list(members))
        out = (src_group == group) & (dst_group != group)
        into = (src_group != group) & (dst_group == group)
        row = {"size": sub.n, "respondents": int(sub.responded.sum()), "arcs": sub.m}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            row.update(rn.dyad_census(sub, missing=missing))
            if sub.n >= min_size:
                row["density"] = rn.density(sub, missing=missing)
                row["reciprocity"] = rn.reciprocity(sub, mode="edgewise", missing=missing)
                row["mutual_share"] = rn.reciprocity(sub, mode="dyadic_nonnull", missing=missing)
                row["transitivity"] = rn.transitivity(sub, measure="weak")
                row["indegree_centralization"] = rn.centralization(sub, "indegree")
                row["betweenness_centralization"] = rn.centralization(sub, "betweenness")
                row["largest_component_share"] = (
                    rn.component_sizes(sub).max() / sub.n if sub.n else math.nan
                )
                row["mean_in_degree"] = sub.m / sub.n
                if g.has_weights:
                    row["weighted_reciprocity"] = rn.reciprocity(
                        sub, mode="weighted", missing=missing
                    )
            else:
                for c in STRUCTURAL:
                    if c != "weighted_reciprocity" or g.has_weights:
                        row[c] = math.nan
        if g.has_weights:
            row["mean_weight"] = sub.weights.mean() if sub.m else math.nan
        row["external_out"] = int(out.sum())
        row["external_in"] = int(into.sum())
        row["ei_index"] = ei_groups.loc[group, "ei"]
        c = constraint.reindex(members).dropna()
        row["mean_constraint"] = c.mean() if len(c) else math.nan
        rows[group] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def _compare(got: pd.DataFrame, want: pd.DataFrame) -> None:
    for column in want.columns:
        np.testing.assert_allclose(
            got[column].to_numpy(dtype=float),
            want[column].to_numpy(dtype=float),
            rtol=1e-10,
            atol=1e-12,
            equal_nan=True,
            err_msg=column,
        )


@pytest.mark.parametrize("missing", ["ignore", "observed", "reconstruct"])
def test_matches_subgraph_oracle_on_synthetic_system(missing):
    s = rn.synth.health_system(400, n_sites=2, seed=11, team_size=6)
    noms = s.nominations[s.nominations["relation"] == "trust"]
    g = rn.Network.from_edges(noms["respondent"], noms["nominee"], weight=noms["weight"],
                              nodes=s.roster.set_index("id"))  # fmt: skip
    for by in ("team", "unit", "site"):
        got = rn.group_metrics(g, by, missing=missing)
        want = _oracle(g, by, missing=missing)
        assert list(got.index) == list(want.index)
        assert got.index.name == by
        _compare(got, want)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=60),
    st.lists(st.integers(0, 3), min_size=12, max_size=12),
    st.lists(st.booleans(), min_size=12, max_size=12),
    st.sampled_from(["ignore", "observed", "reconstruct"]),
)
def test_matches_subgraph_oracle_on_random_graphs(pairs, groups, answered, missing):
    arcs = sorted({(u, v) for u, v in pairs if u != v})
    people = pd.DataFrame({"grp": [f"g{x}" for x in groups]}, index=range(12))
    g = rn.Network.from_edges([u for u, _ in arcs], [v for _, v in arcs], nodes=people,
                              responded=answered)  # fmt: skip
    got = rn.group_metrics(g, "grp", min_size=2, missing=missing)
    want = _oracle(g, "grp", min_size=2, missing=missing)
    _compare(got, want)


def test_brokerage_matches_public_brokerage():
    s = rn.synth.health_system(300, n_sites=2, seed=5)
    noms = s.nominations[s.nominations["relation"] == "advice"]
    g = rn.Network.from_edges(noms["respondent"], noms["nominee"], nodes=s.roster.set_index("id"))
    got = rn.group_metrics(g, "unit", constraint=False)[list(BROKER_ROLES)]
    raw = rn.brokerage(g, "unit").raw[list(BROKER_ROLES)]
    want = raw.groupby(g.attribute("unit").astype(str).to_numpy()).sum()
    np.testing.assert_array_equal(got.to_numpy(dtype=float), want.to_numpy(dtype=float))


# ---------------------------------------------------------------------- hand-worked
def test_hand_worked_two_teams_with_weights_and_small_group():
    # team a: 1<->2 (weights 4 and 2), 1->3 (weight 1); team b: 4->5; c: only 6 (size 1)
    # boundary: 3->4 (a->b), 5->6 (b->c)
    people = pd.DataFrame({"team": list("aaabbc")}, index=[1, 2, 3, 4, 5, 6])
    g = rn.Network.from_edges([1, 2, 1, 3, 4, 5], [2, 1, 3, 4, 5, 6],
                              weight=[4, 2, 1, 3, 3, 3], nodes=people,
                              responded=[True, True, False, True, True, True])  # fmt: skip
    t = rn.group_metrics(g, "team", min_size=2, constraint=False)
    a, b, c = t.loc["a"], t.loc["b"], t.loc["c"]
    assert (a["size"], a["respondents"], a["arcs"]) == (3, 2, 3)
    assert a["density"] == pytest.approx(3 / (3 * 2))  # missing="ignore": 3 arcs of 6 cells
    observed = rn.group_metrics(g, "team", min_size=2, constraint=False, missing="observed")
    assert observed.loc["a", "density"] == pytest.approx(3 / (2 * 2))  # 2 senders x 2 cells
    # observed dyads: only {1, 2} (3 did not respond), and it is mutual
    assert observed.loc["a", ["mutual", "asymmetric", "null"]].tolist() == [1, 0, 0]
    assert (a["mutual"], a["asymmetric"], a["null"]) == (1, 1, 1)  # {1,2} {1,3} {2,3}
    assert a["reciprocity"] == pytest.approx(2 / 3)  # 2M/(2M+A) = 2/(2+1)
    assert a["mutual_share"] == pytest.approx(1 / 2)  # M/(M+A)
    assert a["mean_weight"] == pytest.approx(7 / 3)
    assert a["weighted_reciprocity"] == pytest.approx((2 + 2) / 7)  # min(4,2) twice / 7
    assert a["transitivity"] == pytest.approx(0.0)  # 2->1->3 open (2 does not name 3)
    assert a["indegree_centralization"] == pytest.approx((3 * 1 - 3) / 4)  # all in-degree 1
    assert a["largest_component_share"] == 1.0
    assert (a["external_out"], a["external_in"]) == (1, 0)
    assert a["ei_index"] == pytest.approx((1 - 3) / (1 + 3))
    assert b["reciprocity"] == 0.0 and b["external_in"] == 1 and b["external_out"] == 1
    assert math.isnan(b["betweenness_centralization"])  # size 2: no betweenness
    assert c["size"] == 1 and c["reason"].startswith("size 1 < min_size 2")
    assert all(math.isnan(c[col]) for col in ("density", "reciprocity", "transitivity"))
    assert c["external_in"] == 1  # boundary counts stay
    # brokerage: 3 brokers 1->3->4 (a, a, b: representative); 4 brokers 3->4->5 (a, b, b:
    # gatekeeper); 5 brokers 4->5->6 (representative); 1 brokers 2->1->3 (coordinator)
    assert a["coordinator"] == 1 and a["representative"] == 1
    assert b["gatekeeper"] == 1 and b["representative"] == 1


def test_nested_groups_give_multiindex_and_link():
    s = rn.synth.health_system(500, n_sites=3, seed=2)
    noms = s.nominations[s.nominations["relation"] == "trust"]
    g = rn.Network.from_edges(noms["respondent"], noms["nominee"], nodes=s.roster.set_index("id"))
    nested = rn.group_metrics(g, ["site", "team"], constraint=False)
    assert nested.index.names == ["site", "team"]
    flat = rn.group_metrics(g, "team", constraint=False)
    assert len(nested) == len(flat)  # each team lies in one site
    np.testing.assert_allclose(nested["density"].to_numpy(), flat["density"].to_numpy())
    linked = rn.link_outcomes(nested, s.outcomes["team"].drop(columns="size"),
                              on=["site", "team"])  # fmt: skip
    assert len(linked) == len(flat)
    sites = rn.group_metrics(g, "site", constraint=False)
    site = rn.link_outcomes(sites, s.outcomes["site"].rename(columns={"size": "staff"}), on="site")
    assert len(site) == 3


def test_reason_for_groups_too_large_for_betweenness():
    s = rn.synth.health_system(300, n_sites=2, seed=3)
    noms = s.nominations[s.nominations["relation"] == "trust"]
    g = rn.Network.from_edges(noms["respondent"], noms["nominee"], nodes=s.roster.set_index("id"))
    t = rn.group_metrics(g, "site", max_path_size=50, constraint=False)
    assert t["betweenness_centralization"].isna().all()
    assert t["reason"].str.contains("max_path_size 50").all()
    assert t["density"].notna().all()


def test_default_missing_warns_once_with_nonrespondents():
    people = pd.DataFrame({"team": ["a", "a", "a"]}, index=[1, 2, 3])
    g = rn.Network.from_edges([1, 2], [2, 3], nodes=people, responded=[True, True, False])
    with pytest.warns(rn.MissingDataWarning, match="1 of 3 people did not respond"):
        rn.group_metrics(g, "team")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = rn.group_metrics(g, "team", missing="reconstruct")
    # 3 is imputed to name 2 back: arcs 1->2, 2->3, 3->2; mutual 2: 2 * 1 / 3
    assert t.loc["a", "reciprocity"] == pytest.approx(2 / 3)
    with pytest.raises(rn.ArgumentError, match="missing"):
        rn.group_metrics(g, "team", missing="drop")


def test_missing_group_attribute_is_refused():
    people = pd.DataFrame({"team": ["a", None, "b"]}, index=[1, 2, 3])
    g = rn.Network.from_edges([1], [2], nodes=people)
    with pytest.raises(rn.ArgumentError, match="missing for 1"):
        rn.group_metrics(g, "team")
    with pytest.raises(rn.ArgumentError, match="no node attribute"):
        rn.group_metrics(g, "unit")


# ---------------------------------------------------------------------- kernels
@pytest.mark.parametrize("chunks", [1, 4])
def test_kernels_agree_across_chunks(chunks):
    indptr = np.array([0, 2, 3, 4, 4], dtype=np.int64)  # 0->1, 0->2, 1->0, 2->1
    indices = np.array([1, 2, 0, 1], dtype=np.int32)
    paths, closed = group_kernels.two_paths(indptr, indices, chunks)
    # 0->1->0 skipped (returns to 0); 0->2->1 closed by 0->1; 1->0->1 skipped, 1->0->2 open;
    # 2->1->0 open
    np.testing.assert_array_equal(paths, [1, 1, 1, 0])
    np.testing.assert_array_equal(closed, [1, 0, 0, 0])
    starts = np.array([0, 4], dtype=np.int64)
    out = group_kernels.group_betweenness(indptr, indices, starts, np.array([True]), 4, chunks)
    # paths: 1->2 via 0 (1), 2->0 via 1 (1); others direct or absent: max 1, sum 2
    np.testing.assert_allclose(out, [[1.0, 2.0]])
