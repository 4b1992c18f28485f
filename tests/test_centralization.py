"""Freeman centralization.

Oracles: R sna 2.7 ``centralization`` values in the ``*__models.json`` reference files (parity
to 1e-12), hand-worked stars, and the definition computed from networkx centralities on
hypothesis graphs.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sna_reference import model_cases, nominations, roster

import relnet as rn

SNA_KEYS = {
    "indegree": "indegree",
    "outdegree": "outdegree",
    "freeman_degree": "degree",
    "betweenness": "betweenness",
}


def model_network(dataset: str, relation: str) -> rn.Network:
    people = roster(dataset)
    noms = nominations(dataset)
    arcs = noms[noms["relation"] == relation]
    arcs = arcs[arcs["respondent"] != arcs["nominee"]].drop_duplicates(["respondent", "nominee"])
    return rn.Network.from_edges(arcs["respondent"], arcs["nominee"], nodes=people)


@pytest.mark.parametrize("dataset, ref", model_cases())
def test_sna_parity(dataset, ref):
    """R sna 2.7-1 centralization(Y, FUN, cmode=) on the models' y relation."""
    g = model_network(dataset, ref["y"])
    for key, measure in SNA_KEYS.items():
        want = ref["centralization"][key]
        assert rn.centralization(g, measure) == pytest.approx(want, abs=1e-12), key


def test_hand_worked_stars():
    n = 5
    in_star = rn.Network.from_edges(["b", "c", "d", "e"], ["a"] * 4)
    assert rn.centralization(in_star, "indegree") == 1.0  # 4 * 4 / (4 * 4)
    out_star = in_star.reverse()
    assert rn.centralization(out_star, "outdegree") == 1.0
    # out-star: centre's harmonic closeness 1, leaves 0: (n - 1) / (n - 1)
    assert rn.centralization(out_star, "closeness") == 1.0
    # in-star: leaves reach a at distance 1 -> 1/4 each, a reaches nobody -> 0
    # deviations: a 1/4, others 0 -> (1/4) / 4
    assert rn.centralization(in_star, "closeness") == pytest.approx(1 / 16)
    # a two-way star: centre lies on all 4*3 leaf-to-leaf paths, leaves on none
    both = rn.Network.from_edges(["a"] * 4 + ["b", "c", "d", "e"], ["b", "c", "d", "e"] + ["a"] * 4)
    assert rn.centralization(both, "betweenness") == pytest.approx(
        4 * 12 / ((n - 1) ** 2 * (n - 2))
    )
    # Freeman degree: centre 8, leaves 2: 4 * 6 / (4 * (2 * 4 - 2))
    assert rn.centralization(both, "degree") == pytest.approx(24 / 24)
    assert rn.centralization(both, "degree", normalized=False) == 24.0


def test_regular_graph_is_not_centralized():
    cycle = rn.Network.from_edges(["a", "b", "c", "d"], ["b", "c", "d", "a"])
    for measure in ("indegree", "outdegree", "degree", "betweenness", "closeness"):
        assert rn.centralization(cycle, measure) == 0.0


def test_tiny_networks():
    assert math.isnan(rn.centralization(rn.Network.from_edges(["a"], ["b"]), "degree"))
    assert math.isnan(rn.centralization(rn.Network.from_edges([], [], nodes=[]), "indegree"))
    with pytest.raises(rn.ArgumentError):
        rn.centralization(rn.Network.from_edges(["a"], ["b"]), "eigenvector")
    with pytest.raises(rn.ArgumentError, match="samples"):
        rn.centralization(rn.Network.from_edges(["a"], ["b"]), "degree", samples=3)


@settings(max_examples=200, deadline=None)
@given(st.integers(3, 9), st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=30))
def test_matches_definition_with_networkx_scores(n, pairs):
    arcs = sorted({(u % n, v % n) for u, v in pairs if u % n != v % n})
    g = rn.Network.from_edges([u for u, _ in arcs], [v for _, v in arcs], nodes=range(n))
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from(arcs)
    scores = {
        "indegree": np.array([G.in_degree(i) for i in range(n)], dtype=float),
        "outdegree": np.array([G.out_degree(i) for i in range(n)], dtype=float),
        "degree": np.array([G.degree(i) for i in range(n)], dtype=float),
        "betweenness": np.array(
            [nx.betweenness_centrality(G, normalized=False)[i] for i in range(n)]
        ),
        "closeness": np.array([nx.harmonic_centrality(G.reverse())[i] for i in range(n)]) / (n - 1),
    }
    maxima = {
        "indegree": (n - 1) ** 2,
        "outdegree": (n - 1) ** 2,
        "degree": (n - 1) * (2 * (n - 1) - 2),
        "betweenness": (n - 1) ** 2 * (n - 2),
        "closeness": n - 1,
    }
    for measure, c in scores.items():
        want = (c.max() - c).sum() / maxima[measure]
        assert rn.centralization(g, measure) == pytest.approx(want, abs=1e-12), measure
