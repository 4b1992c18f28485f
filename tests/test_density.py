"""Density (sna gden): parity, hand-worked cases and the dense NaN-row oracle."""

from __future__ import annotations

import math

import numpy as np
import pytest
from dyad_oracle import dense, gden, reconstructed, with_na_rows
from hypothesis import given, settings
from hypothesis import strategies as st
from sna_reference import SNA_VERSION, reference_cases, reference_network

import relnet as rn

TOL = 1e-12


@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_density_matches_sna(dataset, relation, ref):
    """gden(A) and gden(W) from R sna 2.7-1; the datasets have no weights, so W = A."""
    g = reference_network(dataset, relation)
    assert rn.density(g) == pytest.approx(ref["gden"], abs=TOL), SNA_VERSION
    assert rn.density(g, weighted=True) == pytest.approx(ref["gden_valued"], abs=TOL)


def example() -> rn.Network:
    # a -> b (2), b -> a (1), a -> c (4); c did not respond (sends nothing); d an isolate
    return rn.Network.from_edges(
        ["a", "b", "a"],
        ["b", "a", "c"],
        weight=[2, 1, 4],
        nodes=["a", "b", "c", "d"],
        responded=[True, True, False, True],
    )


def test_hand_worked():
    g = example()
    # ignore: 3 arcs of 4 * 3 = 12 cells; weights 7 / 12
    assert rn.density(g, missing="ignore") == pytest.approx(3 / 12)
    assert rn.density(g, weighted=True, missing="ignore") == pytest.approx(7 / 12)
    # observed: rows of a, b, d observed: 3 * 3 = 9 cells, 3 arcs (c's row is NA)
    assert rn.density(g, missing="observed") == pytest.approx(3 / 9)
    assert rn.density(g, weighted=True, missing="observed") == pytest.approx(7 / 9)
    # reconstruct: c -> a imputed with weight 4: 4 arcs, weights 11, of 12 cells
    assert rn.density(g, missing="reconstruct") == pytest.approx(4 / 12)
    assert rn.density(g, weighted=True, missing="reconstruct") == pytest.approx(11 / 12)


def test_degenerate():
    assert math.isnan(rn.density(rn.Network.from_edges([], [])))
    assert math.isnan(rn.density(rn.Network.from_edges([], [], nodes=["a"])))
    assert rn.density(rn.Network.from_edges(["a"], ["b"])) == 0.5
    nobody = rn.Network.from_edges(["a"], ["b"], responded=[False, False])
    assert math.isnan(rn.density(nobody, missing="observed"))  # no observed cell


def test_default_warns_and_bad_missing():
    with pytest.warns(rn.MissingDataWarning, match="1 of 4 people did not respond"):
        rn.density(example())
    with pytest.raises(rn.ArgumentError, match="missing='na'"):
        rn.density(example(), missing="na")


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 9).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0)))),
            st.lists(st.booleans(), min_size=n, max_size=n),
        )
    )
)
def test_matches_dense_oracle(graph):
    n, pairs, responded = graph
    arcs = sorted({(u, v) for u, v in pairs if u != v})
    weights = [1.0 + (3 * u + v) % 4 for u, v in arcs]
    responded = np.array(responded, dtype=bool)
    g = rn.Network.from_edges(
        [u for u, _ in arcs],
        [v for _, v in arcs],
        weight=weights,
        nodes=range(n),
        responded=responded,
    )
    w = dense(n, arcs, weights)
    everyone = np.ones(n, dtype=bool)
    cases = {
        "ignore": with_na_rows(w, everyone),
        "observed": with_na_rows(w, responded),
        "reconstruct": with_na_rows(reconstructed(w, responded), everyone),
    }
    for missing, w_na in cases.items():
        for weighted in (False, True):
            got = rn.density(g, weighted=weighted, missing=missing)
            want = gden(w_na, weighted=weighted)
            if math.isnan(want):
                assert math.isnan(got)
            else:
                assert got == pytest.approx(want, abs=TOL), (missing, weighted)
