"""Triad census: sna parity, networkx and igraph on random digraphs, exact 003 at n = 10^7."""

from __future__ import annotations

import os

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sna_reference import SNA_VERSION, reference_cases, reference_network

import relnet as rn
from relnet.kernels import neighbors as neighbor_kernels
from relnet.kernels import triads as triad_kernels
from relnet.metrics.triads import TRIAD_TYPES


@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_triad_census_matches_sna(dataset, relation, ref):
    """Every triad.census count in the reference JSONs (R sna 2.7-1), in sna's order."""
    census = rn.triad_census(reference_network(dataset, relation))
    assert list(census.index) == list(ref["triad_census"]), SNA_VERSION
    assert census.to_dict() == ref["triad_census"], SNA_VERSION
    assert census.dtype == np.int64


def test_hand_worked():
    # a <-> b, b -> c, d alone. Triads: abc = 111U (one mutual dyad, one asymmetric arc leaving
    # the mutual pair: a<->b->c), abd = 102 (only the mutual dyad), bcd = 012 (only b -> c),
    # acd = 003.
    g = rn.Network.from_edges(["a", "b", "b"], ["b", "a", "c"], nodes=["a", "b", "c", "d"])
    census = rn.triad_census(g)
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    G.add_node("d")
    assert census.to_dict() == nx.triadic_census(G)
    assert census[["003", "012", "102", "111U"]].tolist() == [1, 1, 1, 1]
    assert census.sum() == 4  # C(4, 3)


def test_three_cycle_and_transitive():
    cycle = rn.Network.from_edges([0, 1, 2], [1, 2, 0])
    assert rn.triad_census(cycle)["030C"] == 1
    transitive = rn.Network.from_edges([0, 0, 1], [1, 2, 2])
    assert rn.triad_census(transitive)["030T"] == 1
    complete = rn.Network.from_edges([0, 0, 1, 1, 2, 2], [1, 2, 0, 2, 0, 1])
    assert rn.triad_census(complete)["300"] == 1


def test_small_and_empty():
    for n in range(3):
        census = rn.triad_census(rn.Network.from_edges([], [], nodes=range(n)))
        assert list(census.index) == list(TRIAD_TYPES)
        assert (census == 0).all()
        assert census.dtype == np.int64
    assert rn.triad_census(rn.Network.from_edges([], [], nodes=range(5)))["003"] == 10


@pytest.mark.skipif(
    os.environ.get("NUMBA_DISABLE_JIT") == "1",
    reason="pure-Python kernels would loop over 10^7 nodes for minutes",
)
def test_ten_million_people_exact_003():
    """n = 10^7: C(n, 3) ~ 1.67e20 overflows int64 and uint64, so the Series holds Python ints.

    Arcs 0 <-> 1 and 2 -> 3. Every triad with the pair {0, 1} and a third person is 102
    (n - 2 of them), every one with {2, 3} is 012 (n - 2); none holds both ties; the rest are
    003 = C(n, 3) - 2 (n - 2).
    """
    n = 10_000_000
    g = rn.Network._from_positions(
        pd.RangeIndex(n),
        pd.DataFrame(index=pd.RangeIndex(n)),
        np.ones(n, dtype=bool),
        np.array([0, 1, 2]),
        np.array([1, 0, 3]),
        np.ones(3),
    )
    census = rn.triad_census(g)
    assert census.dtype == object
    total = n * (n - 1) * (n - 2) // 6
    assert total > np.iinfo(np.uint64).max
    assert census["102"] == n - 2
    assert census["012"] == n - 2
    assert census["003"] == total - 2 * (n - 2)
    assert isinstance(census["003"], int)
    assert sum(census) == total


def test_kernel_chunks_agree():
    rng = np.random.default_rng(7)
    src = rng.integers(0, 60, 500)
    dst = rng.integers(0, 60, 500)
    keep = src != dst
    pairs = sorted(set(zip(src[keep].tolist(), dst[keep].tolist(), strict=True)))
    g = rn.Network.from_edges([u for u, _ in pairs], [v for _, v in pairs], nodes=range(60))
    results = []
    unions = []
    for chunks in (1, 2, 4):
        nbrs = neighbor_kernels.undirected_union(
            g.indptr, g.indices, g.t_indptr, g.t_indices, chunks
        )
        unions.append(nbrs)
        results.append(triad_kernels.triad_counts(*nbrs, triad_kernels.TRICODE_TYPE, chunks))
    for one, other in zip(unions[0], unions[2]):
        np.testing.assert_array_equal(one, other)
    np.testing.assert_array_equal(results[0], results[1])
    np.testing.assert_array_equal(results[0], results[2])


@st.composite
def digraphs(draw):
    n = draw(st.integers(0, 10))
    kind = draw(st.sampled_from(["random", "random", "random", "empty", "complete"]))
    if n < 2 or kind == "empty":
        return n, []
    if kind == "complete":
        return n, [(i, j) for i in range(n) for j in range(n) if i != j]
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=50))
    return n, sorted({(u, v) for u, v in pairs if u != v})


@settings(max_examples=200, deadline=None)
@given(digraphs())
@example((0, []))
@example((1, []))
@example((2, [(0, 1), (1, 0)]))
@example((4, [(i, j) for i in range(4) for j in range(4) if i != j]))
@example((7, [(0, 1), (1, 2), (2, 0), (3, 4)]))  # a 3-cycle, a lone arc and isolates
def test_matches_networkx_and_igraph(graph):
    n, arcs = graph
    g = rn.Network.from_edges([u for u, _ in arcs], [v for _, v in arcs], nodes=range(n))
    census = rn.triad_census(g)
    G = nx.DiGraph(arcs)
    G.add_nodes_from(range(n))
    if n >= 3:  # networkx's 003 formula goes negative below 3 nodes
        assert census.to_dict() == nx.triadic_census(G)
    assert census.tolist() == list(ig.Graph(n=n, edges=arcs, directed=True).triad_census())
