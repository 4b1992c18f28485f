"""Communities, modularity and partition comparison against igraph and leidenalg."""

from __future__ import annotations

import sys
from pathlib import Path

import igraph as ig
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
la = pytest.importorskip("leidenalg")


def arcs_strategy(n_max: int = 10, size: int = 40):
    return st.lists(
        st.tuples(
            st.integers(0, n_max - 1),
            st.integers(0, n_max - 1),
            st.integers(1, 5),
        ),
        max_size=size,
    )


def network_of(arcs, n: int) -> rn.Network:
    seen: dict[tuple[int, int], int] = {}
    for u, v, w in arcs:
        if u != v:
            seen.setdefault((u, v), w)
    src = [f"p{u}" for u, _ in seen]
    dst = [f"p{v}" for _, v in seen]
    return rn.Network.from_edges(
        src, dst, weight=list(seen.values()), nodes=[f"p{i}" for i in range(n)]
    )


def igraph_of(g: rn.Network) -> ig.Graph:
    G = ig.Graph(n=g.n, edges=np.column_stack([g.sources, g.indices]).tolist(), directed=True)
    G.es["weight"] = g.weights.tolist()
    return G


# ------------------------------------------------------------------------- modularity
@settings(max_examples=150, deadline=None)
@given(
    arcs_strategy(),
    st.lists(st.integers(0, 3), min_size=10, max_size=10),
    st.sampled_from([0.5, 1.0, 1.7]),
    st.booleans(),
    st.booleans(),
)
def test_modularity_matches_igraph(arcs, labels, resolution, weighted, directed):
    g = network_of(arcs, 10)
    part = pd.Series(labels, index=g.ids)
    got = rn.modularity(g, part, weighted=weighted, directed=directed, resolution=resolution)
    G = igraph_of(g)
    want = G.modularity(
        labels,
        weights=G.es["weight"] if weighted and g.m else None,
        resolution=resolution,
        directed=directed,
    )
    if np.isnan(want):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(want, abs=1e-12, rel=0)


def test_modularity_hand_worked_and_alignment():
    g = rn.Network.from_edges(["a", "b", "c", "a"], ["b", "a", "d", "c"])
    # inside a->b, b->a, c->d: 3/4; K_x out 3 in 2, K_y out 1 in 2: 3/4 - 8/16 = 0.25
    shuffled = pd.Series({"d": "y", "a": "x", "c": "y", "b": "x"})
    assert rn.modularity(g, shuffled) == pytest.approx(0.25, abs=1e-15)
    assert rn.modularity(g, ["x", "x", "y", "y"]) == pytest.approx(0.25, abs=1e-15)
    with pytest.raises(rn.ArgumentError, match="'d'"):
        rn.modularity(g, pd.Series({"a": 1, "b": 1, "c": 2}))
    with pytest.raises(rn.ArgumentError, match="'zoe'"):
        rn.modularity(g, pd.Series({"a": 1, "b": 1, "c": 2, "d": 2, "zoe": 3}))
    with pytest.raises(rn.ArgumentError, match="missing"):
        rn.modularity(g, pd.Series({"a": 1, "b": 1, "c": 2, "d": None}))
    with pytest.raises(rn.ArgumentError, match="3 labels"):
        rn.modularity(g, [1, 1, 2])
    empty = rn.Network.from_edges([], [], nodes=["a", "b"])
    assert np.isnan(rn.modularity(empty, [0, 1]))


# ------------------------------------------------------------------------- comparison
IGRAPH_METHODS = {
    "nmi": "nmi",
    "ari": "adjusted_rand",
    "vi": "vi",
    "split_join": "split-join",
    "rand": "rand",
}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 6)), min_size=2, max_size=40),
)
def test_compare_partitions_matches_igraph(pairs):
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    got = rn.compare_partitions(a, b)
    assert list(got) == ["nmi", "ari", "vi", "split_join", "rand"]
    for key, method in IGRAPH_METHODS.items():
        want = ig.compare_communities(a, b, method=method)
        if np.isnan(want):
            assert np.isnan(got[key]), key
        else:
            assert got[key] == pytest.approx(want, abs=1e-12, rel=0), key


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 6)), min_size=2, max_size=30),
    st.randoms(use_true_random=False),
)
def test_compare_partitions_invariant_to_relabelling(pairs, rnd):
    ids = [f"id{i}" for i in range(len(pairs))]
    a = pd.Series([p[0] for p in pairs], index=ids)
    b = pd.Series([p[1] for p in pairs], index=ids)
    base = rn.compare_partitions(a, b)
    # rename the groups of each partition and list the people in another order
    names_a = {g: f"team{(g * 7 + 3) % 11}" for g in range(5)}
    names_b = {g: -g * 13 for g in range(7)}
    order = list(ids)
    rnd.shuffle(order)
    a2 = a.map(names_a).reindex(order)
    order2 = list(ids)
    rnd.shuffle(order2)
    b2 = b.map(names_b).reindex(order2)
    moved = rn.compare_partitions(a2, b2)
    swapped = rn.compare_partitions(b, a)
    for key in base:
        if np.isnan(base[key]):
            assert np.isnan(moved[key]) and np.isnan(swapped[key])
        else:
            assert moved[key] == pytest.approx(base[key], abs=1e-12)
            assert swapped[key] == pytest.approx(base[key], abs=1e-12)


def test_compare_partitions_hand_worked_and_refusals():
    team = pd.Series({"a": 1, "b": 1, "c": 2, "d": 2})
    found = pd.Series({"d": 0, "c": 0, "b": 0, "a": 1})
    scores = rn.compare_partitions(team, found)
    # agreeing pairs c-d, a-c, a-d of 6; split-join 8 - 3 - 3
    assert scores["rand"] == 0.5 and scores["split_join"] == 2.0
    same = rn.compare_partitions(team, team.map({1: "x", 2: "y"}))
    assert same["nmi"] == pytest.approx(1.0) and same["ari"] == pytest.approx(1.0)
    assert same["vi"] == pytest.approx(0.0, abs=1e-15) and same["split_join"] == 0
    with pytest.raises(rn.ArgumentError, match="'d' is in partition a but not in b"):
        rn.compare_partitions(team, found.drop("d"))
    with pytest.raises(rn.ArgumentError, match="'e' is in partition b"):
        rn.compare_partitions(team, pd.concat([found, pd.Series({"e": 3})]))
    with pytest.raises(rn.ArgumentError, match="both"):
        rn.compare_partitions(team, [0, 0, 1, 1])
    with pytest.raises(rn.ArgumentError, match="4 and 3"):
        rn.compare_partitions([0, 0, 1, 1], [0, 1, 1])
    with pytest.raises(rn.ArgumentError, match="missing"):
        rn.compare_partitions([0, None], [0, 1])
    one = rn.compare_partitions([0], [0])
    assert np.isnan(one["rand"]) and np.isnan(one["ari"]) and one["nmi"] == 1.0


# ------------------------------------------------------------------------- communities
def two_triangles() -> rn.Network:
    return rn.Network.from_edges(
        ["a", "b", "c", "d", "e", "f", "a", "g"],
        ["b", "c", "a", "e", "f", "d", "d", "d"],
        nodes=list("abcdefgh"),
    )


def test_communities_two_triangles():
    g = two_triangles()
    labels = rn.communities(g, seed=3)
    # {d,e,f,g} (4 people) is the largest -> 0; {a,b,c} -> 1; isolate h alone -> 2
    assert labels.tolist() == [1, 1, 1, 0, 0, 0, 0, 2]
    assert labels.index.equals(g.ids) and labels.name == "community"
    assert labels.attrs["implementation"].startswith("leidenalg")
    assert labels.attrs["modularity"] == pytest.approx(rn.modularity(g, labels), abs=1e-15)
    for method in ("louvain",):
        assert rn.communities(g, method=method, seed=3).tolist() == labels.tolist()
    assert rn.communities(g, directed=False, seed=3).tolist() == labels.tolist()


def test_communities_matches_leidenalg_same_seed():
    survey = rn.synth.health_system(600, n_sites=3, seed=2)
    noms = survey.nominations.sort_values("weight", ascending=False)
    noms = noms.drop_duplicates(["respondent", "nominee"])
    g = rn.Network.from_edges(noms["respondent"], noms["nominee"], weight=noms["weight"])
    G = igraph_of(g)
    for seed in (0, 7):
        got = rn.communities(g, seed=seed)
        part = la.find_partition(G, la.ModularityVertexPartition, weights="weight", seed=seed)
        want = pd.Series(part.membership, index=g.ids)
        scores = rn.compare_partitions(got, want)
        assert scores["split_join"] == 0  # the same partition, labels aside
        # largest community first
        sizes = got.value_counts().sort_index()
        assert sizes.is_monotonic_decreasing
        assert got.attrs["quality"] == pytest.approx(part.quality(), abs=1e-12)
        assert got.attrs["modularity"] == pytest.approx(
            G.modularity(part.membership, weights="weight", directed=True), abs=1e-12
        )
    # deterministic for a seed, also through a Generator
    assert rn.communities(g, seed=5).equals(rn.communities(g, seed=5))
    a = rn.communities(g, seed=np.random.default_rng(1))
    b = rn.communities(g, seed=np.random.default_rng(1))
    assert a.equals(b)
    # resolution and CPM
    fine = rn.communities(g, resolution=3.0, seed=1)
    assert fine.nunique() > rn.communities(g, seed=1).nunique()
    cpm = rn.communities(g, objective="cpm", resolution=0.05, seed=1)
    part = la.find_partition(
        G, la.CPMVertexPartition, weights="weight", resolution_parameter=0.05, seed=1
    )
    assert rn.compare_partitions(cpm.to_numpy(), part.membership)["split_join"] == 0


def test_communities_bad_input():
    g = two_triangles()
    with pytest.raises(rn.ArgumentError, match="method"):
        rn.communities(g, method="walktrap")
    with pytest.raises(rn.ArgumentError, match="objective"):
        rn.communities(g, objective="surprise")
    with pytest.raises(rn.ArgumentError, match="resolution"):
        rn.communities(g, resolution=-1)
    with pytest.raises(rn.ArgumentError, match="n_iterations"):
        rn.communities(g, n_iterations=0)
    with pytest.raises(rn.ArgumentError, match="seed"):
        rn.communities(g, seed=-3)


def test_communities_without_leidenalg(monkeypatch):
    monkeypatch.setitem(sys.modules, "leidenalg", None)  # import leidenalg -> ImportError
    g = two_triangles()
    with pytest.raises(rn.MissingDependencyError, match=r"relnet\[communities\]"):
        rn.communities(g)
    # undirected: igraph's own Leiden is the honest fallback
    labels = rn.communities(g, directed=False, seed=3)
    assert "igraph" in labels.attrs["implementation"]
    assert labels.tolist() == [1, 1, 1, 0, 0, 0, 0, 2]
    assert rn.communities(g, directed=False, seed=4).equals(
        rn.communities(g, directed=False, seed=4)
    )
    louvain = rn.communities(g, directed=False, method="louvain", seed=3)
    assert louvain.tolist() == [1, 1, 1, 0, 0, 0, 0, 2]


# ------------------------------------------------------------------------- quality yardstick
def yardstick_graphs():
    cases = []
    for dataset, relation in [
        ("krackhardt_hightech", "advice"),
        ("lazega_lawfirm", "cowork"),
        ("ckm_physicians", "discussion"),
    ]:
        path = SHARED / dataset / "nominations.csv"
        if path.exists():
            cases.append(pytest.param(dataset, relation, id=dataset))
        else:
            cases.append(
                pytest.param(dataset, relation, id=dataset, marks=pytest.mark.skip("no data"))
            )
    cases.append(pytest.param("synthetic", None, id="synthetic"))
    return cases


@pytest.mark.parametrize("method", ["leiden", "louvain"])
@pytest.mark.parametrize(("dataset", "relation"), yardstick_graphs())
def test_best_of_20_reaches_leidenalg_best_of_10(dataset, relation, method):
    if dataset == "synthetic":
        survey = rn.synth.health_system(800, n_sites=4, seed=5)
        noms = survey.nominations.drop_duplicates(["respondent", "nominee"])
    else:
        noms = pd.read_csv(SHARED / dataset / "nominations.csv")
        noms = noms[noms["relation"] == relation].drop_duplicates(["respondent", "nominee"])
        noms = noms[noms["respondent"] != noms["nominee"]]
    g = rn.Network.from_edges(noms["respondent"], noms["nominee"])
    G = igraph_of(g)
    ours = max(
        G.modularity(
            rn.communities(g, method=method, seed=s, weighted=False).to_numpy(), directed=True
        )
        for s in range(20)
    )
    theirs = max(
        G.modularity(
            la.find_partition(
                G, la.ModularityVertexPartition, seed=100 + s, n_iterations=-1
            ).membership,
            directed=True,
        )
        for s in range(10)
    )
    assert ours >= theirs - 0.005


def test_communities_without_ties():
    g = rn.Network.from_edges([], [], nodes=["x", "y", "z"])
    labels = rn.communities(g, seed=1)
    assert labels.tolist() == [0, 1, 2]  # three singletons, ties broken by position
    assert np.isnan(labels.attrs["modularity"])
    empty = rn.Network.from_edges([], [], nodes=[])
    assert rn.communities(empty, seed=1).empty


# ------------------------------------------------------------------------- Louvain kernel
def random_weighted(n: int, m: int, seed: int) -> rn.Network:
    rng = np.random.default_rng(seed)
    # two planted halves: 80% of arcs inside a half
    src = rng.integers(0, n, m)
    same = rng.random(m) < 0.8
    half = src < n // 2
    dst = np.where(
        same,
        np.where(half, rng.integers(0, n // 2, m), rng.integers(n // 2, n, m)),
        rng.integers(0, n, m),
    )
    keep = src != dst
    frame = pd.DataFrame({"s": src[keep], "t": dst[keep]}).drop_duplicates()
    w = rng.integers(1, 6, len(frame)).astype(float)
    return rn.Network.from_edges(frame["s"], frame["t"], weight=w, nodes=range(n))


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("seed", [1, 2])
def test_louvain_is_locally_optimal(directed, seed):
    """No single person can raise modularity (igraph's) by joining a neighbour's group."""
    g = random_weighted(30, 90, seed)
    labels = rn.communities(g, method="louvain", directed=directed, seed=seed)
    assert labels.attrs["implementation"].startswith("relnet numba Louvain")
    G = igraph_of(g)
    membership = labels.to_numpy().copy()
    q = G.modularity(membership, weights="weight", directed=directed)
    assert labels.attrs["modularity"] == pytest.approx(q, abs=1e-12)
    for i in range(g.n):
        neighbours = set(G.neighbors(i, mode="all"))
        for c in {membership[j] for j in neighbours} - {membership[i]}:
            moved = membership.copy()
            moved[i] = c
            assert G.modularity(moved, weights="weight", directed=directed) <= q + 1e-12


def test_louvain_kernel_aggregate_keeps_modularity():
    """Collapsing groups into nodes keeps the partition's modularity (igraph on both)."""
    from relnet.kernels import modularity as kernels

    g = random_weighted(40, 150, 3)
    membership = np.random.default_rng(0).integers(0, 6, g.n)
    codes, k = kernels.compact_labels(membership.astype(np.int64))
    indptr, indices = g.indptr, g.indices.astype(np.int64)
    ptr, idx, w = kernels.aggregate(indptr, indices, np.asarray(g.weights), codes, k)
    src, dst = g.sources, g.indices
    inside = codes[src] == codes[dst]
    # aggregated graph plus the groups' inside weight as loops
    H = ig.Graph(n=k, directed=True)
    rows = np.repeat(np.arange(k), np.diff(ptr))
    H.add_edges(np.column_stack([rows, idx]).tolist())
    loops = np.bincount(codes[src[inside]], weights=g.weights[inside], minlength=k)
    H.add_edges([(c, c) for c in range(k)])
    weights = list(w) + list(loops)
    want = igraph_of(g).modularity(codes.tolist(), weights="weight", directed=True)
    got = H.modularity(list(range(k)), weights=weights, directed=True)
    assert got == pytest.approx(want, abs=1e-12)
    # the in-direction aggregate is the transpose of the out-direction one
    t_ptr, t_idx, t_w = kernels.aggregate(
        g.t_indptr, g.t_indices.astype(np.int64), np.asarray(g.t_weights), codes, k
    )
    out = {(int(r), int(c)): x for r, c, x in zip(rows, idx, w)}
    t_rows = np.repeat(np.arange(k), np.diff(t_ptr))
    back = {(int(c), int(r)): x for r, c, x in zip(t_rows, t_idx, t_w)}
    assert out.keys() == back.keys()
    for key, value in out.items():
        assert back[key] == pytest.approx(value)


def test_louvain_deterministic_resolution_and_no_leidenalg(monkeypatch):
    g = random_weighted(300, 1500, 4)
    a = rn.communities(g, method="louvain", seed=9)
    assert a.equals(rn.communities(g, method="louvain", seed=9))
    # groups nest in the planted halves: most people share their group's majority half
    half = pd.Series(np.arange(g.n) < 150, index=g.ids)
    majority = half.groupby(a).transform(lambda x: x.mean() >= 0.5)
    assert (majority == half).mean() > 0.8
    fine = rn.communities(g, method="louvain", resolution=4.0, seed=9)
    assert fine.nunique() > a.nunique()
    assert rn.communities(g, method="louvain", n_iterations=1, seed=9).nunique() >= 2
    monkeypatch.setitem(sys.modules, "leidenalg", None)
    assert rn.communities(g, method="louvain", seed=9).equals(a)  # needs no extra
