"""The Network core: construction, refusals, transforms against networkx and igraph."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet.errors import ArgumentError, GraphKindError, UnknownPersonError

# ---------------------------------------------------------------------- strategies


@st.composite
def weighted_digraphs(draw, max_nodes: int = 9, max_arcs: int = 30):
    """(n, arcs as {(u, v): weight}) with u != v, positive integer weights."""
    n = draw(st.integers(0, max_nodes))
    if n < 2:
        return n, {}
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1])
    arcs = draw(st.dictionaries(pairs, st.integers(1, 5), max_size=max_arcs))
    return n, arcs


def build(n: int, arcs: dict, ids=None) -> rn.Network:
    ids = list(range(n)) if ids is None else ids
    return rn.Network.from_edges(
        [ids[u] for u, _ in arcs],
        [ids[v] for _, v in arcs],
        weight=list(arcs.values()),
        nodes=ids,
    )


def arc_dict(g: rn.Network) -> dict:
    e = g.edges()
    return dict(zip(zip(e["source"], e["target"]), e["weight"]))


def nx_arc_dict(G) -> dict:
    if G.is_directed():
        return {(u, v): d.get("weight", 1.0) for u, v, d in G.edges(data=True)}
    out = {}
    for u, v, d in G.edges(data=True):
        out[(u, v)] = out[(v, u)] = d.get("weight", 1.0)
    return out


# ---------------------------------------------------------------------- construction


def test_small_network_by_hand():
    # ana -> ben (5), ben -> ana (3), ana -> cai (1); dan is an isolate
    g = rn.Network.from_edges(
        ["ana", "ben", "ana"],
        ["ben", "ana", "cai"],
        weight=[5, 3, 1],
        nodes=["ana", "ben", "cai", "dan"],
    )
    assert (g.n, g.m) == (4, 3)
    assert list(g.ids) == ["ana", "ben", "cai", "dan"]
    assert list(g.indptr) == [0, 2, 3, 3, 3]
    assert list(g.indices) == [1, 2, 0]
    assert list(g.weights) == [5.0, 1.0, 3.0]
    assert list(g.t_indptr) == [0, 1, 2, 3, 3]
    assert list(g.t_indices) == [1, 0, 0]
    assert list(g.t_weights) == [3.0, 5.0, 1.0]
    assert list(g.out_neighbors("ana")) == ["ben", "cai"]
    assert list(g.in_neighbors("ana")) == ["ben"]
    assert list(g.in_neighbors("dan")) == []
    assert g.indptr.dtype == np.int64 and g.indices.dtype == np.int32
    assert g.weights.dtype == np.float64
    assert g.responded.all()


@pytest.mark.parametrize(
    "ids",
    [
        [10, 20, 30],
        ["x", "y", "z"],
        [("site", 1), ("site", 2), ("site", 3)],
        [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")],
        [1.5, 2.5, 3.5],
    ],
)
def test_ids_of_several_types(ids):
    g = rn.Network.from_edges([ids[0], ids[1]], [ids[1], ids[2]])
    assert list(g.ids) == ids
    assert g.edges()["source"].tolist() == [ids[0], ids[1]]
    assert list(g.out_neighbors(ids[1])) == [ids[2]]


def test_without_nodes_people_are_those_named_in_order_of_appearance():
    g = rn.Network.from_edges(["c", "a"], ["b", "c"])
    assert list(g.ids) == ["c", "a", "b"]


def test_node_table_adds_isolates_attributes_and_responded():
    people = pd.DataFrame(
        {"site": ["n", "n", "s", "s"], "responded": [True, True, False, True]},
        index=pd.Index([1, 2, 3, 4], name="id"),
    )
    g = rn.Network.from_edges([1, 2], [2, 3], nodes=people)
    assert g.n == 4 and g.m == 2
    assert list(g.responded) == [True, True, False, True]
    assert list(g.nodes.columns) == ["site", "responded"]
    assert g.attribute("site").tolist() == ["n", "n", "s", "s"]
    # nodes is a copy: changing it leaves the network alone
    table = g.nodes
    table.loc[1, "site"] = "changed"
    assert g.attribute("site").iloc[0] == "n"


def test_responded_as_series_by_id():
    g = rn.Network.from_edges(
        ["a"], ["b"], nodes=["a", "b", "c"], responded=pd.Series({"c": False, "a": True, "b": 1})
    )
    assert list(g.responded) == [True, True, False]


def test_empty_network():
    g = rn.Network.from_edges([], [])
    assert (g.n, g.m) == (0, 0)
    assert g.edges().empty
    h = rn.Network.from_edges([], [], nodes=["a", "b"])
    assert (h.n, h.m) == (2, 0)
    assert list(h.indptr) == [0, 0, 0]


def test_network_is_immutable():
    g = rn.Network.from_edges(["a"], ["b"])
    for array in (g.indptr, g.indices, g.weights, g.t_indptr, g.t_indices, g.responded):
        with pytest.raises(ValueError):
            array[0] = 0


# ---------------------------------------------------------------------- refusals


def test_refuses_self_loop_with_fix():
    with pytest.raises(GraphKindError, match=r"self-loop \('b' -> 'b'\).*Drop self-nominations"):
        rn.Network.from_edges(["a", "b"], ["b", "b"])


def test_refuses_duplicate_arc_with_fix():
    with pytest.raises(GraphKindError, match=r"repeats the arc 'a' -> 'b'.*duplicates="):
        rn.Network.from_edges(["a", "a", "b"], ["b", "b", "a"])


def test_refuses_unknown_people():
    with pytest.raises(
        UnknownPersonError, match=r"target names 1 id\(s\) not among the nodes: 'z'"
    ):
        rn.Network.from_edges(["a"], ["z"], nodes=["a", "b"])


def test_refuses_mismatched_lengths_bad_weights_and_repeated_nodes():
    with pytest.raises(ArgumentError, match="source has 2 ids but target has 1"):
        rn.Network.from_edges(["a", "b"], ["b"])
    with pytest.raises(GraphKindError, match="missing or infinite"):
        rn.Network.from_edges(["a"], ["b"], weight=[np.nan])
    with pytest.raises(GraphKindError, match="weights must be numbers"):
        rn.Network.from_edges(["a"], ["b"], weight=["strong"])
    with pytest.raises(GraphKindError, match=r"nodes repeat the ids \['a'\]"):
        rn.Network.from_edges(["a"], ["b"], nodes=["a", "b", "a"])
    with pytest.raises(ArgumentError, match="responded has 1 values for 2 people"):
        rn.Network.from_edges(["a"], ["b"], responded=[True])


def test_unknown_lookups_and_attributes():
    g = rn.Network.from_edges(["a"], ["b"])
    with pytest.raises(UnknownPersonError, match="'q'"):
        g.out_neighbors("q")
    with pytest.raises(ArgumentError, match="no node attribute 'site'"):
        g.attribute("site")
    with pytest.raises(ArgumentError, match="rule='weak' is not one of"):
        g.symmetrize("weak")
    with pytest.raises(ArgumentError, match="suffix .txt"):
        g.write("net.txt")


# ---------------------------------------------------------------------- transforms


@settings(max_examples=100, deadline=None)
@given(weighted_digraphs(), st.data())
def test_subgraph_matches_networkx(graph, data):
    n, arcs = graph
    g = build(n, arcs)
    keep = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    kept_ids = [i for i in range(n) if keep[i]]
    G = g.to_networkx().subgraph(kept_ids)
    by_ids = g.subgraph(kept_ids)
    by_mask = g.subgraph(np.array(keep, dtype=bool))
    for h in (by_ids, by_mask):
        assert list(h.ids) == kept_ids
        assert arc_dict(h) == nx_arc_dict(G)


@settings(max_examples=100, deadline=None)
@given(weighted_digraphs(), st.integers(1, 5))
def test_binarize_threshold_reverse_match_networkx(graph, cut):
    n, arcs = graph
    g = build(n, arcs)
    G = g.to_networkx()
    assert arc_dict(g.binarize()) == {e: 1.0 for e in G.edges}
    strong = {(u, v): d["weight"] for u, v, d in G.edges(data=True) if d["weight"] >= cut}
    assert arc_dict(g.threshold(cut)) == strong
    assert arc_dict(g.reverse()) == nx_arc_dict(G.reverse())
    assert list(g.reverse().ids) == list(g.ids)


@settings(max_examples=100, deadline=None)
@given(weighted_digraphs())
def test_symmetrize_any_and_mutual_match_networkx(graph):
    n, arcs = graph
    g = build(n, arcs)
    G = g.to_networkx()
    union = {e: 1.0 for e in nx_arc_dict(G.to_undirected(reciprocal=False))}
    mutual = {e: 1.0 for e in nx_arc_dict(G.to_undirected(reciprocal=True))}
    assert arc_dict(g.symmetrize("any")) == union
    assert arc_dict(g.symmetrize("mutual")) == mutual


@settings(max_examples=100, deadline=None)
@pytest.mark.parametrize("rule", ["max", "min", "mean", "sum"])
@given(graph=weighted_digraphs())
def test_valued_symmetrize_matches_igraph_collapse(rule, graph):
    n, arcs = graph
    g = build(n, arcs)
    G = g.to_igraph()
    U = G.as_undirected(mode="collapse", combine_edges={"weight": rule})
    want = {}
    for edge in U.es:
        u, v = edge.tuple
        want[(u, v)] = want[(v, u)] = edge["weight"]
    assert arc_dict(g.symmetrize(rule)) == pytest.approx(want)


def test_symmetrize_by_hand():
    # a->b 4, b->a 2, a->c 1: pair ab has both arcs, pair ac one
    g = rn.Network.from_edges(["a", "b", "a"], ["b", "a", "c"], weight=[4, 2, 1])
    sym = {rule: arc_dict(g.symmetrize(rule)) for rule in ("max", "min", "sum", "mutual")}
    assert sym["max"][("a", "b")] == 4 and sym["min"][("a", "b")] == 2
    assert sym["sum"][("b", "a")] == 6 and sym["sum"][("c", "a")] == 1
    assert sym["mutual"] == {("a", "b"): 1.0, ("b", "a"): 1.0}


def test_transforms_keep_people_attributes_and_responded():
    people = pd.DataFrame({"team": ["x", "y", "y"]}, index=["a", "b", "c"])
    g = rn.Network.from_edges(["a", "b"], ["b", "c"], nodes=people, responded=[True, False, True])
    for h in (g.binarize(), g.threshold(2), g.reverse(), g.symmetrize("any")):
        assert list(h.ids) == ["a", "b", "c"]
        assert list(h.responded) == [True, False, True]
        assert h.attribute("team").tolist() == ["x", "y", "y"]
    sub = g.subgraph(["b", "c"])
    assert list(sub.responded) == [False, True]
    assert sub.attribute("team").tolist() == ["y", "y"]


# ---------------------------------------------------------------------- interop

ID_POOL = ["ana", "ben", "cai", "dan", "eve", "fay", "gus", "hal", "ivy"]


@settings(max_examples=100, deadline=None)
@given(weighted_digraphs(), st.data())
def test_networkx_round_trip_keeps_everything(graph, data):
    n, arcs = graph
    ids = ID_POOL[:n]
    teams = data.draw(st.lists(st.sampled_from(["x", "y"]), min_size=n, max_size=n))
    answered = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    people = pd.DataFrame({"team": teams, "age": range(n)}, index=pd.Index(ids, dtype=object))
    g = rn.Network.from_edges(
        [ids[u] for u, _ in arcs],
        [ids[v] for _, v in arcs],
        weight=list(arcs.values()),
        nodes=people,
        responded=answered,
    )
    G = g.to_networkx()
    assert nx_arc_dict(G) == arc_dict(g)
    assert [G.nodes[i]["team"] for i in ids] == teams
    back = rn.from_networkx(G)
    assert list(back.ids) == ids
    assert arc_dict(back) == arc_dict(g)
    assert list(back.responded) == answered
    if n:  # a graph without nodes has no attribute columns to carry
        assert back.attribute("team").tolist() == teams
        assert back.attribute("age").tolist() == list(range(n))


@settings(max_examples=100, deadline=None)
@given(weighted_digraphs(), st.data())
def test_igraph_round_trip_keeps_everything(graph, data):
    n, arcs = graph
    ids = ID_POOL[:n]
    teams = data.draw(st.lists(st.sampled_from(["x", "y"]), min_size=n, max_size=n))
    people = pd.DataFrame({"team": teams}, index=pd.Index(ids, dtype=object))
    g = rn.Network.from_edges(
        [ids[u] for u, _ in arcs], [ids[v] for _, v in arcs], list(arcs.values()), nodes=people
    )
    G = g.to_igraph()
    assert G.is_directed() and G.vcount() == n and G.ecount() == len(arcs)
    names = G.vs["name"]
    assert {(names[e.source], names[e.target]): e["weight"] for e in G.es} == arc_dict(g)
    back = rn.from_igraph(G)
    assert list(back.ids) == ids
    assert arc_dict(back) == arc_dict(g)
    if n:
        assert back.attribute("team").tolist() == teams


def test_from_undirected_graphs_gives_both_directions():
    G = nx.Graph()
    G.add_edge("a", "b", weight=2.0)
    assert arc_dict(rn.from_networkx(G)) == {("a", "b"): 2.0, ("b", "a"): 2.0}
    H = ig.Graph(n=2, edges=[(0, 1)])
    assert arc_dict(rn.from_igraph(H)) == {(0, 1): 1.0, (1, 0): 1.0}
    with pytest.raises(GraphKindError, match="multigraph"):
        rn.from_networkx(nx.MultiDiGraph([("a", "b")]))


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_graph_files_read_back_by_networkx(tmp_path, suffix):
    people = pd.DataFrame({"team": ["x", "y", "y"], "age": [30, 41, 52]}, index=["a", "b", "c"])
    g = rn.Network.from_edges(
        ["a", "b"], ["b", "c"], weight=[2.0, 5.0], nodes=people, responded=[True, False, True]
    )
    path = tmp_path / f"net{suffix}"
    g.write(path)
    G = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    assert G.is_directed()
    assert sorted(G.nodes) == ["a", "b", "c"]
    assert {(u, v): float(d["weight"]) for u, v, d in G.edges(data=True)} == arc_dict(g)
    assert G.nodes["b"]["team"] == "y" and int(G.nodes["c"]["age"]) == 52
    assert G.nodes["b"]["responded"] in (False, "false", "False")


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_edge_list_files(tmp_path, suffix):
    g = rn.Network.from_edges(["a", "b"], ["b", "c"], weight=[2.0, 5.0])
    path = tmp_path / f"net{suffix}"
    g.write(path)
    table = pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
    assert table.to_dict("list") == {
        "source": ["a", "b"],
        "target": ["b", "c"],
        "weight": [2.0, 5.0],
    }


def test_large_build_is_sorted_and_consistent():
    rng = np.random.default_rng(3)
    n = 5000
    key = np.unique(rng.integers(0, n * n, 40000))
    src, dst = key // n, key % n
    keep = src != dst
    src, dst = src[keep], dst[keep]
    order = rng.permutation(len(src))
    g = rn.Network.from_edges(src[order], dst[order], weight=order.astype(float), nodes=range(n))
    expected = np.lexsort((dst, src))
    assert np.array_equal(g.ids.take(g.indices), dst[expected])
    assert np.array_equal(g.ids.take(g.sources), src[expected])
    # arc j of the unshuffled list carries weight j; weights follow their arcs
    assert np.array_equal(g.weights, expected.astype(float))
    assert np.array_equal(g.sources[g.t_to_out], g.t_indices)
    assert np.array_equal(g.indices[g.t_to_out], np.repeat(np.arange(n), g.in_degree()))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=40))
def test_reverse_arc_and_sources_match_the_edge_list(pairs):
    arcs = sorted({(u, v) for u, v in pairs if u != v})
    g = rn.Network.from_edges([u for u, _ in arcs], [v for _, v in arcs], nodes=range(8))
    listed = list(zip(g.sources.tolist(), g.indices.tolist()))
    position = {arc: p for p, arc in enumerate(listed)}
    want = [position.get((v, u), -1) for u, v in listed]
    assert g.reverse_arc.tolist() == want
    assert not g.reverse_arc.flags.writeable and not g.sources.flags.writeable
    with pytest.raises(ValueError):
        g.sources[:1] = 0


def test_attribute_is_a_copy():
    people = pd.DataFrame({"team": ["a", "b"]}, index=["x", "y"])
    g = rn.Network.from_edges(["x"], ["y"], nodes=people)
    column = g.attribute("team")
    column.iloc[0] = "changed"
    assert g.attribute("team").tolist() == ["a", "b"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=40),
    st.lists(st.floats(0.5, 4.0), min_size=40, max_size=40),
)
def test_undirected_view_matches_the_edge_list(pairs, weights):
    from relnet.kernels.neighbors import union_values

    arcs = sorted({(u, v) for u, v in pairs if u != v})
    w = {a: weights[k] for k, a in enumerate(arcs)}
    g = rn.Network.from_edges(
        [u for u, _ in arcs], [v for _, v in arcs], weight=[w[a] for a in arcs], nodes=range(8)
    )
    view = g.undirected
    values = union_values(view.indptr, view.codes, g.indptr, g.weights, g.t_indptr, g.t_weights)
    for u in range(8):
        row = slice(view.indptr[u], view.indptr[u + 1])
        neighbours = sorted({v for a, v in arcs if a == u} | {a for a, v in arcs if v == u})
        assert view.indices[row].tolist() == neighbours
        codes = [((u, v) in w) + 2 * ((v, u) in w) for v in neighbours]
        assert view.codes[row].tolist() == codes
        sums = [w.get((u, v), 0.0) + w.get((v, u), 0.0) for v in neighbours]
        np.testing.assert_allclose(values[row], sums, rtol=1e-15)
