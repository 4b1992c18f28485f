"""Ego networks and ego metrics.

Oracles: networkx ``ego_graph`` (+ ``density``, ``number_weakly_connected_components`` and
``betweenness_centrality`` on the ego graph, the Everett-Borgatti definition) on hypothesis
graphs; Blau, IQV, same-category share and E-I from pandas group counts over an alter table
built with merges; hand-worked small cases with the arithmetic in comments.
"""

from __future__ import annotations

import math
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.kernels import ego as ego_kernels
from relnet.metrics.missing import reconstruct

N = 9
arcs = st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=35)


def build(pairs, n=N, groups=None, responded=None):
    uniq = sorted({(u, v) for u, v in pairs if u != v})
    people = pd.DataFrame(index=range(n))
    if groups is not None:
        people["team"] = [f"t{x}" for x in groups]
    g = rn.Network.from_edges(
        [u for u, _ in uniq], [v for _, v in uniq], nodes=people, responded=responded
    )
    G = nx.DiGraph(uniq)
    G.add_nodes_from(range(n))
    return g, G, uniq


def nx_ego(G, u, mode, radius=1):
    if mode == "all":
        return nx.ego_graph(G, u, radius=radius, undirected=True)
    if mode == "out":
        return nx.ego_graph(G, u, radius=radius)
    keep = nx.ego_graph(G.reverse(copy=True), u, radius=radius).nodes
    return G.subgraph(keep)


@settings(max_examples=120, deadline=None)
@given(arcs, st.sampled_from(["all", "out", "in"]))
def test_ego_metrics_match_networkx(pairs, mode):
    g, G, _ = build(pairs)
    table = rn.ego_metrics(g, mode=mode)
    for u in range(N):
        H = nx_ego(G, u, mode)
        alters = [v for v in H if v != u]
        A = H.subgraph(alters)
        k = len(alters)
        row = table.loc[u]
        assert row["size"] == k
        assert row["alter_ties"] == A.number_of_edges()
        if k < 2:
            assert math.isnan(row["ego_density"])
        else:
            assert row["ego_density"] == pytest.approx(nx.density(A))
        want_comp = nx.number_weakly_connected_components(A) if k else 0
        assert row["ego_components"] == want_comp
        want_bet = nx.betweenness_centrality(H, normalized=False)[u]
        assert row["ego_betweenness"] == pytest.approx(want_bet, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(arcs, st.sampled_from(["all", "out", "in"]), st.integers(0, 4), st.integers(0, N - 1))
def test_ego_network_matches_networkx(pairs, mode, radius, ego):
    g, G, _ = build(pairs)
    h = rn.ego_network(g, ego, radius=radius, mode=mode)
    H = nx_ego(G, ego, mode, radius=radius)
    assert sorted(h.ids) == sorted(H.nodes)
    got = set(zip(h.edges()["source"], h.edges()["target"]))
    assert got == set(H.edges)


def alter_table(g, mode):
    """One row per (ego, alter) pair built by pandas from the arc list."""
    e = g.edges()[["source", "target"]]
    parts = []
    if mode in ("all", "out"):
        parts.append(e.rename(columns={"source": "ego", "target": "alter"}))
    if mode in ("all", "in"):
        parts.append(e.rename(columns={"target": "ego", "source": "alter"}))
    return pd.concat(parts).drop_duplicates()


@settings(max_examples=60, deadline=None)
@given(
    arcs,
    st.lists(st.integers(0, 3), min_size=N, max_size=N),
    st.sampled_from(["all", "out", "in"]),
)
def test_diversity_matches_pandas_counts(pairs, groups, mode):
    g, _, _ = build(pairs, groups=groups)
    table = rn.ego_metrics(g, by="team", mode=mode)
    team = g.attribute("team")
    K = team.nunique()
    alters = alter_table(g, mode)
    alters["alter_team"] = team.reindex(alters["alter"]).to_numpy()
    alters["ego_team"] = team.reindex(alters["ego"]).to_numpy()
    counts = alters.groupby(["ego", "alter_team"]).size()
    size = counts.groupby(level="ego").sum()
    share = counts / size.reindex(counts.index.get_level_values("ego")).to_numpy()
    blau = 1 - (share**2).groupby(level="ego").sum()
    same = (alters["alter_team"] == alters["ego_team"]).groupby(alters["ego"]).mean()
    n_cat = counts.groupby(level="ego").size()
    # E-I over arcs (not alters): sent and/or received arcs of each person
    e = g.edges()
    e["inside"] = team.reindex(e["source"]).to_numpy() == team.reindex(e["target"]).to_numpy()
    sides = []
    if mode in ("all", "out"):
        sides.append(e[["source", "inside"]].rename(columns={"source": "person"}))
    if mode in ("all", "in"):
        sides.append(e[["target", "inside"]].rename(columns={"target": "person"}))
    by_person = pd.concat(sides).groupby("person")["inside"].agg(["sum", "size"])
    ei = (by_person["size"] - 2 * by_person["sum"]) / by_person["size"]
    for u in range(N):
        row = table.loc[u]
        if u not in size.index:
            assert row["size"] == 0 and row["n_categories"] == 0
            assert math.isnan(row["blau"]) and math.isnan(row["same_share"])
            assert math.isnan(row["iqv"])
        else:
            assert row["blau"] == pytest.approx(blau[u])
            assert row["same_share"] == pytest.approx(same[u])
            assert row["n_categories"] == n_cat[u]
            if K > 1:
                assert row["iqv"] == pytest.approx(blau[u] / (1 - 1 / K))
            else:
                assert math.isnan(row["iqv"])
        if u in ei.index:
            assert row["ego_ei"] == pytest.approx(ei[u])
        else:
            assert math.isnan(row["ego_ei"])


def test_ego_ei_equals_ei_index_per_person():
    rng = np.random.default_rng(3)
    n = 40
    src, dst = rng.integers(0, n, 200), rng.integers(0, n, 200)
    pairs = list(zip(src.tolist(), dst.tolist()))
    g, _, _ = build(pairs, n=n, groups=rng.integers(0, 3, n).tolist())
    for mode in ("all", "out", "in"):
        want = rn.ei_index(g, "team", ties=mode).nodes["ei"]
        got = rn.ego_metrics(g, by="team", mode=mode)["ego_ei"]
        pd.testing.assert_series_equal(got, want, check_names=False)


@pytest.fixture
def clinic():
    # nurses ana, ben; doctors cai, dan; eve (nurse) is an isolate.
    # arcs: ana->ben, ben->ana, ana->cai, cai->dan, dan->ana
    staff = pd.DataFrame(
        {"role": ["nurse", "nurse", "doctor", "doctor", "nurse"]},
        index=["ana", "ben", "cai", "dan", "eve"],
    )
    return rn.Network.from_edges(
        ["ana", "ben", "ana", "cai", "dan"], ["ben", "ana", "cai", "dan", "ana"], nodes=staff
    )


def test_hand_worked_clinic(clinic):
    t = rn.ego_metrics(clinic, by="role")
    # ana: alters ben, cai, dan; one tie among them (cai->dan) of 3*2 cells
    assert t.loc["ana", "size"] == 3
    assert t.loc["ana", "alter_ties"] == 1
    assert t.loc["ana", "ego_density"] == pytest.approx(1 / 6)
    assert t.loc["ana", "ego_components"] == 2  # {ben}, {cai, dan}
    # shortest paths between alters, each unique and through ana: ben>cai, ben>dan
    # (ben-ana-cai-dan), dan>ben, dan>cai, cai>ben (cai-dan-ana-ben): 5
    assert t.loc["ana", "ego_betweenness"] == 5.0
    # alters' roles nurse, doctor, doctor: blau 1 - (1/9 + 4/9) = 4/9; K = 2: IQV 8/9
    assert t.loc["ana", "blau"] == pytest.approx(4 / 9)
    assert t.loc["ana", "iqv"] == pytest.approx(8 / 9)
    assert t.loc["ana", "same_share"] == pytest.approx(1 / 3)
    assert t.loc["ana", "n_categories"] == 2
    # ana's arcs: ana->ben, ben->ana (I), ana->cai, dan->ana (E): 0
    assert t.loc["ana", "ego_ei"] == 0.0
    # ben: one alter (ana), reciprocated: 2 internal arcs: E-I = -1; density NaN
    assert t.loc["ben", "size"] == 1
    assert math.isnan(t.loc["ben", "ego_density"])
    assert t.loc["ben", "ego_ei"] == -1.0
    assert t.loc["ben", "blau"] == 0.0
    # cai: alters ana (in), dan (out); dan->ana is a tie: 1 of 2 cells; ana reaches dan
    # only through cai (ana->cai->dan), dan reaches ana directly: betweenness 1
    assert t.loc["cai", "ego_density"] == 0.5
    assert t.loc["cai", "ego_betweenness"] == 1.0
    # eve: isolate
    assert t.loc["eve", "size"] == 0
    assert t.loc["eve", "ego_components"] == 0
    assert t.loc["eve", "ego_betweenness"] == 0.0
    assert math.isnan(t.loc["eve", "blau"]) and math.isnan(t.loc["eve", "ego_ei"])
    assert list(t.columns) == [
        "size",
        "alter_ties",
        "ego_density",
        "ego_components",
        "ego_betweenness",
        "blau",
        "iqv",
        "same_share",
        "ego_ei",
        "n_categories",
    ]


def test_lone_dyad_and_empty():
    g = rn.Network.from_edges(["a"], ["b"])
    t = rn.ego_metrics(g)
    assert t["size"].tolist() == [1, 1]
    assert t["ego_betweenness"].tolist() == [0.0, 0.0]
    assert t["ego_density"].isna().all()
    empty = rn.Network.from_edges([], [], nodes=[])
    assert len(rn.ego_metrics(empty)) == 0


def test_undirected_star_betweenness_closed_form():
    # a symmetric star with centre 0 and 5 leaves, leaves 1-2 tied both ways: every ordered
    # pair of unlinked leaves has one shortest path via 0: 5*4 ordered pairs - 2 linked = 18
    pairs = [(0, j) for j in range(1, 6)] + [(j, 0) for j in range(1, 6)] + [(1, 2), (2, 1)]
    g, _, _ = build(pairs, n=6)
    assert rn.ego_metrics(g).loc[0, "ego_betweenness"] == 18.0


def test_missing_observed_counts_only_responding_senders():
    # ego 0 with alters 1, 2, 3 (0 -> each); ties 1->2, 2->1, 3->1; 3 did not respond.
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (2, 1), (3, 1)]
    responded = [True, True, True, False]
    g, _, _ = build(pairs, n=4, responded=responded)
    with pytest.warns(rn.MissingDataWarning):
        rn.ego_metrics(g)
    ignore = rn.ego_metrics(g, missing="ignore")
    assert ignore.loc[0, "alter_ties"] == 3
    assert ignore.loc[0, "ego_density"] == pytest.approx(3 / 6)
    observed = rn.ego_metrics(g, missing="observed")
    # 3->1 is unobserved: ties 1->2, 2->1 of 2 responding alters * 2 other alters = 4 cells
    assert observed.loc[0, "alter_ties"] == 2
    assert observed.loc[0, "ego_density"] == pytest.approx(2 / 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rec = rn.ego_metrics(g, missing="reconstruct")
    pd.testing.assert_frame_equal(rec, rn.ego_metrics(reconstruct(g), missing="ignore"))


@settings(max_examples=40, deadline=None)
@given(arcs, st.lists(st.booleans(), min_size=N, max_size=N))
def test_missing_observed_matches_pandas(pairs, responded):
    g, _, _ = build(pairs, responded=responded)
    got = rn.ego_metrics(g, missing="observed")
    e = g.edges()[["source", "target"]]
    alters = alter_table(g, "all")
    resp = pd.Series(responded, index=range(N))
    for u in range(N):
        mine = set(alters.loc[alters["ego"] == u, "alter"])
        among = e[e["source"].isin(mine) & e["target"].isin(mine)]
        if resp.all():
            observed_ties = len(among)
            r = len(mine)
        else:
            observed_ties = int(resp.reindex(among["source"]).sum())
            r = int(resp.reindex(list(mine)).sum())
        assert got.loc[u, "alter_ties"] == observed_ties
        cells = r * (len(mine) - 1)
        if len(mine) < 2 or cells == 0:
            assert math.isnan(got.loc[u, "ego_density"])
        else:
            assert got.loc[u, "ego_density"] == pytest.approx(observed_ties / cells)


def test_kernel_chunks_agree():
    rng = np.random.default_rng(7)
    n = 60
    key = np.unique(rng.integers(0, n * n, 400))
    src, dst = key // n, key % n
    keep = src != dst
    g = rn.Network.from_edges(src[keep], dst[keep], nodes=np.arange(n))
    codes = rng.integers(0, 4, n).astype(np.int64)
    args = (g.indptr, g.indices, g.t_indptr, g.t_indices, 0, g.responded, False, codes, 4)
    one = ego_kernels.ego_measures(*args, 1)
    four = ego_kernels.ego_measures(*args, 4)
    for a, b in zip(one, four):
        np.testing.assert_array_equal(a, b)


def test_bad_input(clinic):
    with pytest.raises(rn.UnknownPersonError, match="'zed' is not a person"):
        rn.ego_network(clinic, "zed")
    with pytest.raises(rn.ArgumentError, match="radius"):
        rn.ego_network(clinic, "ana", radius=-1)
    with pytest.raises(rn.ArgumentError, match="mode"):
        rn.ego_metrics(clinic, mode="both")
    with pytest.raises(rn.ArgumentError, match="no node attribute 'unit'"):
        rn.ego_metrics(clinic, by="unit")
    with pytest.raises(rn.ArgumentError, match="missing"):
        rn.ego_metrics(clinic, missing="drop")


def test_ego_network_keeps_attributes_and_weights():
    people = pd.DataFrame({"site": ["n", "n", "s"]}, index=["a", "b", "c"])
    g = rn.Network.from_edges(["a", "b"], ["b", "c"], weight=[3, 2], nodes=people)
    h = rn.ego_network(g, "a", radius=2, mode="out")
    assert list(h.ids) == ["a", "b", "c"]
    assert h.edges()["weight"].tolist() == [3.0, 2.0]
    assert h.attribute("site").tolist() == ["n", "n", "s"]
    assert list(rn.ego_network(g, "c", radius=0).ids) == ["c"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=20))
def test_symmetric_network_twice_undirected_ego_betweenness(pairs):
    # each tie both ways: ordered pairs of alters count once each direction, so the value is
    # twice Everett & Borgatti's undirected ego betweenness (networkx on the undirected graph)
    edges = {(u, v) for u, v in pairs if u != v}
    both = sorted(edges | {(v, u) for u, v in edges})
    g, _, _ = build(both)
    U = nx.Graph(sorted(edges))
    U.add_nodes_from(range(N))
    got = rn.ego_metrics(g)["ego_betweenness"]
    for u in range(N):
        want = nx.betweenness_centrality(nx.ego_graph(U, u), normalized=False)[u]
        assert got[u] == pytest.approx(2 * want, abs=1e-9)
