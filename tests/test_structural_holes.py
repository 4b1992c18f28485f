"""Structural holes: parity with igraph (sna reference JSON), networkx and igraph oracles."""

from __future__ import annotations

import math

import igraph as ig
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sna_reference import SNA_VERSION, reference_cases, reference_network

import relnet as rn
from relnet.errors import GraphKindError
from relnet.kernels import holes as hk

N = 9
weighted_arcs = st.lists(
    st.tuples(st.integers(0, N - 1), st.integers(0, N - 1), st.integers(1, 6)), max_size=40
)


def build(triples):
    seen = {}
    for u, v, w in triples:
        if u != v and (u, v) not in seen:
            seen[(u, v)] = float(w)
    uniq = sorted(seen)
    w = [seen[e] for e in uniq]
    g = rn.Network.from_edges([u for u, _ in uniq], [v for _, v in uniq], weight=w, nodes=range(N))
    G = nx.DiGraph()
    G.add_nodes_from(range(N))
    G.add_weighted_edges_from([(u, v, seen[(u, v)]) for u, v in uniq])
    H = ig.Graph(n=N, edges=uniq, directed=True)
    H.es["weight"] = w
    return g, G, H


def as_array(values):
    return np.array([np.nan if v is None else v for v in values], dtype=float)


@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_constraint_parity_with_igraph(dataset, relation, ref):
    """igraph 1.3.5 constraint on A and on W (the datasets are unweighted: W = A)."""
    assert SNA_VERSION
    g = reference_network(dataset, relation)
    ours = rn.structural_holes(g)["constraint"].to_numpy()
    np.testing.assert_allclose(ours, as_array(ref["igraph_constraint"]), atol=1e-9)
    ours = rn.structural_holes(g, weighted=True)["constraint"].to_numpy()
    np.testing.assert_allclose(ours, as_array(ref["igraph_constraint_weighted"]), atol=1e-9)


def test_hand_worked_star_with_one_tie():
    # ego -> a, b, c and a -> b. ego's strength 3, p = 1/3 each. a's contacts ego, b: p_ab = 1/2.
    # c_ego = (1/3 + 1/3*1/2)^2 [a] + (1/3 + 1/3*1/2)^2 [b] + (1/3)^2 [c] = 1/4 + 1/4 + 1/9
    # effective size = 3 - (p_eb m_ab + p_ea m_ba) = 3 - 2/3; efficiency = 7/9
    # hierarchy: r = (9/11 * 3/2, same, 9/11 * 2/3) -> sum r ln r / (3 ln 3)
    g = rn.Network.from_edges(["ego", "ego", "ego", "a"], ["a", "b", "c", "b"])
    row = rn.structural_holes(g).loc["ego"]
    assert row["constraint"] == pytest.approx(0.25 + 0.25 + 1 / 9)
    assert row["effective_size"] == pytest.approx(3 - 2 / 3)
    assert row["efficiency"] == pytest.approx(7 / 9)
    total = 0.25 + 0.25 + 1 / 9
    r = np.array([0.25, 0.25, 1 / 9]) / (total / 3)
    assert row["hierarchy"] == pytest.approx(float(np.sum(r * np.log(r)) / (3 * math.log(3))))
    # c has one contact: constraint 1, hierarchy undefined
    assert rn.structural_holes(g).loc["c", "constraint"] == pytest.approx(1.0)
    assert np.isnan(rn.structural_holes(g).loc["c", "hierarchy"])


def test_isolates_and_empty():
    g = rn.Network.from_edges(["a"], ["b"], nodes=["a", "b", "z"])
    table = rn.structural_holes(g)
    assert table.loc["z"].isna().all()
    assert table.loc["a", "constraint"] == 1.0
    assert table.loc["b", "effective_size"] == 1.0
    assert rn.structural_holes(rn.Network.from_edges([], [], nodes=[])).empty
    with pytest.raises(GraphKindError, match="positive"):
        rn.structural_holes(rn.Network.from_edges(["a"], ["b"], weight=[0.0]), weighted=True)


def test_kernel_chunks_agree():
    rng = np.random.default_rng(3)
    n = 50
    pairs = sorted({(int(a), int(b)) for a, b in rng.integers(0, n, (250, 2)) if a != b})
    g = rn.Network.from_edges(*zip(*pairs), weight=rng.uniform(0.5, 3, len(pairs)), nodes=range(n))
    args = (g.indptr, g.indices, g.weights, g.t_indptr, g.t_indices, g.t_weights)
    one = hk.structural_holes(*args, 1)
    four = hk.structural_holes(*args, 4)
    for a, b in zip(one, four):
        np.testing.assert_allclose(a, b, rtol=1e-12)


@settings(max_examples=200, deadline=None)
@given(weighted_arcs, st.booleans())
def test_matches_igraph_and_networkx(triples, weighted):
    g, G, H = build(triples)
    table = rn.structural_holes(g, weighted=weighted)
    # igraph: every non-isolate; NaN for isolates
    want = H.constraint(weights="weight" if weighted else None)
    np.testing.assert_allclose(table["constraint"].to_numpy(), want, atol=1e-12)
    # networkx: per-node general formula (nodes=...); it gives NaN to people nominating nobody.
    # (Its vectorised path, nodes=None, divides m_jq by q's largest tie, not j's: e.g. on
    # 0<->1, 1->2, 2->0, 0->3 it gives node 0 an effective size 2.5 instead of
    # 3 - p02 m12 - p01 m21 = 3 - 0.25 * 1/2 - 0.5 * 1 = 2.375.)
    key = "weight" if weighted else None
    senders = [v for v in G if G.out_degree(v) > 0]
    if not senders:
        return
    nc = nx.constraint(G, nodes=senders, weight=key)
    ne = nx.effective_size(G, nodes=senders, weight=key)
    np.testing.assert_allclose(
        table.loc[senders, "constraint"].to_numpy(), [nc[v] for v in senders], atol=1e-12
    )
    np.testing.assert_allclose(
        table.loc[senders, "effective_size"].to_numpy(), [ne[v] for v in senders], atol=1e-12
    )
    alters = np.array([len(set(nx.all_neighbors(G, v))) for v in senders])
    np.testing.assert_allclose(
        table.loc[senders, "efficiency"].to_numpy(),
        np.array([ne[v] for v in senders]) / alters,
        atol=1e-12,
    )


def test_hand_worked_effective_size_with_a_mutual_tie():
    # 0<->1, 1->2, 2->0, 0->3. Node 0: mutual weights 2 (to 1), 1 (2), 1 (3): p = .5, .25, .25.
    # Largest ties: node 1 -> 2 (with 0), node 2 -> 1. Redundancy of contact 1: p02 m12 =
    # .25 * 1/2; of contact 2: p01 m21 = .5 * 1/1; of 3: 0. Effective size 3 - .625 = 2.375.
    g = rn.Network.from_edges([0, 1, 1, 2, 0], [1, 0, 2, 0, 3])
    table = rn.structural_holes(g)
    assert table.loc[0, "effective_size"] == pytest.approx(2.375)
    assert table.loc[0, "efficiency"] == pytest.approx(2.375 / 3)
    # constraint of 0: c01 = (.5 + p02 p21)^2, p21 = 1/2 (2's ties: 1, 0) -> (.5 + .125)^2;
    # c02 = (.25 + p01 p12)^2, p12 = 1/3 (1's ties: 0 twice, 2) -> (.25 + 1/6)^2; c03 = .25^2
    want = (0.5 + 0.125) ** 2 + (0.25 + 1 / 6) ** 2 + 0.25**2
    assert table.loc[0, "constraint"] == pytest.approx(want)
