"""Compactness and fragmentation (Borgatti 2006): sna parity, networkx oracle, sampling."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sna_reference import SNA_VERSION, reference_cases, reference_network

import relnet as rn
from relnet.metrics import distance

N = 10


@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_parity_with_sna(dataset, relation, ref):
    """Compactness = mean of R sna 2.7-1 closeness(gmode="digraph", cmode="suminvdir")."""
    assert SNA_VERSION
    g = reference_network(dataset, relation)
    want = float(np.mean(ref["closeness_suminvdir"]))
    result = rn.compactness(g)
    assert result.exact and result.se == 0.0 and result.samples == g.n
    assert result.value == pytest.approx(want, abs=1e-9)
    assert float(rn.fragmentation(g)) == pytest.approx(1 - want, abs=1e-9)


def test_hand_worked_and_edges():
    # a->b->c: 1/d = 1 (a,b), 1/2 (a,c), 1 (b,c), others 0 -> 2.5 / 6
    g = rn.Network.from_edges(["a", "b"], ["b", "c"])
    assert float(rn.compactness(g)) == pytest.approx(2.5 / 6)
    assert float(rn.fragmentation(g)) == pytest.approx(1 - 2.5 / 6)
    assert "exact" in repr(rn.compactness(g))
    complete = rn.Network.from_edges(list("aabbcc"), list("bcacab"))
    assert float(rn.fragmentation(complete)) == 0.0
    empty = rn.Network.from_edges([], [], nodes=list("abc"))
    assert float(rn.fragmentation(empty)) == 1.0
    assert math.isnan(float(rn.compactness(rn.Network.from_edges([], [], nodes=["a"]))))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=40))
def test_matches_networkx(pairs):
    uniq = sorted({(u, v) for u, v in pairs if u != v})
    g = rn.Network.from_edges([u for u, _ in uniq], [v for _, v in uniq], nodes=range(N))
    G = nx.DiGraph(uniq)
    G.add_nodes_from(range(N))
    want = sum(nx.harmonic_centrality(G).values()) / (N * (N - 1))
    assert float(rn.compactness(g)) == pytest.approx(want, abs=1e-12)


def test_sampled_estimate(monkeypatch):
    rng = np.random.default_rng(5)
    n = 300
    pairs = sorted({(int(a), int(b)) for a, b in rng.integers(0, n, (900, 2)) if a != b})
    g = rn.Network.from_edges(*zip(*pairs), nodes=range(n))
    exact = rn.compactness(g).value
    est = rn.compactness(g, samples=60, seed=1)
    assert not est.exact and est.samples == 60 and est.se > 0
    assert est.value == rn.compactness(g, samples=60, seed=1).value
    # fixed seeds: the mean of 200 estimates is within 3 standard errors of the mean
    values = [rn.compactness(g, samples=60, seed=s).value for s in range(200)]
    assert abs(np.mean(values) - exact) < 3 * est.se / math.sqrt(200) + 1e-3
    # beyond the exact limit the default samples
    monkeypatch.setattr(distance, "EXACT_LIMIT", 100)
    monkeypatch.setattr(distance, "DEFAULT_SAMPLES", 50)
    auto = rn.fragmentation(g, seed=2)
    assert not auto.exact and auto.samples == 50 and "estimate" in repr(auto)
