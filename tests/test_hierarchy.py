"""Krackhardt's connectedness, hierarchy, efficiency and LUB.

Oracles: R sna 2.7 reference JSON (parity to 1e-12); sna's R/C definitions written out
literally on small matrices (reachability by matrix powers, the lubness_con_R loops) for
hypothesis graphs; sampled estimates against exact values within 3 standard errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sna_reference import SNA_VERSION, reference_cases, reference_network

import relnet as rn
from relnet.kernels import reachability as reach_kernels

KEYS = {
    "connectedness": "connectedness",
    "hierarchy": "hierarchy_krackhardt",
    "efficiency": "efficiency",
    "lub": "lubness",
}


@pytest.mark.parametrize("dataset, relation, ref", reference_cases())
def test_sna_parity(dataset, relation, ref):
    """Matches R sna 2.7-1 connectedness, hierarchy(krackhardt), efficiency, lubness."""
    assert SNA_VERSION.startswith("R sna 2.7")
    g = reference_network(dataset, relation)
    result = rn.krackhardt(g)
    assert result.exact
    for ours, theirs in KEYS.items():
        assert result[ours] == pytest.approx(ref[theirs], abs=1e-12), ours


# ---------------------------------------------------------------- sna, written out literally
def reach_matrix(A: np.ndarray) -> np.ndarray:
    """sna reachability: R[i, j] = 1 when a path (length >= 0) leads from i to j."""
    n = len(A)
    R = np.eye(n, dtype=bool) | A.astype(bool)
    for _ in range(n):
        R = R | ((R.astype(int) @ R.astype(int)) > 0)
    return R


def weak_components(A: np.ndarray) -> list[list[int]]:
    R = reach_matrix(A | A.T)
    seen, comps = set(), []
    for i in range(len(A)):
        if i not in seen:
            comp = [j for j in range(len(A)) if R[i, j]]
            seen.update(comp)
            comps.append(comp)
    return comps


def sna_krackhardt(A: np.ndarray) -> dict:
    n = len(A)
    comps = weak_components(A)
    sizes = [len(c) for c in comps]
    con = (
        sum(s * (s - 1) / 2 for s in sizes) / (n * (n - 1) / 2) if n > 1 else math.nan
    )  # gden of the reachability of the symmetrised graph
    maxv = sum(s * (s - 1) - (s - 1) for s in sizes)
    eff = 1 - (A.sum() - sum(s - 1 for s in sizes)) / maxv if maxv else math.nan
    R = reach_matrix(A)
    mut = sum(R[i, j] and R[j, i] for i in range(n) for j in range(i + 1, n))
    asym = sum(R[i, j] != R[j, i] for i in range(n) for j in range(i + 1, n))
    hier = 1 - mut / (mut + asym) if mut + asym else math.nan
    nolub = maxnolub = 0
    for comp in comps:  # lubness_con_R, per weak component of size > 2
        if len(comp) <= 2:
            continue
        r = R[np.ix_(comp, comp)]
        k = len(comp)
        for i in range(k):
            for j in range(i + 1, k):
                ub = [u for u in range(k) if r[u, i] and r[u, j]]
                has_lub = any(all(r[u, v] for v in ub) for u in ub)
                nolub += not has_lub
        maxnolub += (k - 1) * (k - 2) / 2
    lub = 1 - nolub / maxnolub if maxnolub else math.nan
    return {"connectedness": con, "hierarchy": hier, "efficiency": eff, "lub": lub}


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 9),
    st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=30),
    st.sampled_from(["pairs", "sweep"]),
)
def test_matches_sna_definitions(n, pairs, method):
    import relnet.metrics.hierarchy as hierarchy

    hierarchy._LUB_METHOD = method  # both exact LUB counts
    try:
        check_against_sna(n, pairs)
    finally:
        hierarchy._LUB_METHOD = "auto"


def check_against_sna(n, pairs):

    arcs = sorted({(u % n, v % n) for u, v in pairs if u % n != v % n})
    g = rn.Network.from_edges([u for u, _ in arcs], [v for _, v in arcs], nodes=range(n))
    A = np.zeros((n, n), dtype=int)
    for u, v in arcs:
        A[u, v] = 1
    want = sna_krackhardt(A)
    got = rn.krackhardt(g)
    for key, value in want.items():
        if math.isnan(value):
            assert math.isnan(got[key]), key
        else:
            assert got[key] == pytest.approx(value, abs=1e-12), key
    # sampling everyone is the exact computation
    assert rn.krackhardt(g, samples=n).exact  # sampling everyone is exact


# ---------------------------------------------------------------- sampled estimates
def synth_network(n_staff: int, seed: int) -> rn.Network:
    survey = rn.synth.health_system(n_staff, seed=seed)
    noms = survey.nominations
    noms = noms[(noms["relation"] == "trust") & (noms["wave"] == noms["wave"].min())]
    return rn.Network.from_edges(noms["respondent"], noms["nominee"], nodes=survey.roster["id"])


@pytest.mark.parametrize("seed", [1, 2])
def test_sampled_within_three_standard_errors(seed):
    g = synth_network(3000, seed)
    exact = rn.krackhardt(g)
    est = rn.krackhardt(g, samples=800, seed=seed)
    assert exact.exact and not est.exact and est.samples == 800
    assert est["connectedness"] == exact["connectedness"]
    assert est["efficiency"] == exact["efficiency"]
    for key in ("hierarchy", "lub"):
        se = est.se[key]
        assert se > 0
        assert abs(est[key] - exact[key]) <= 3 * se, (key, est[key], exact[key], se)


def test_large_network_is_sampled_by_default(monkeypatch):
    import relnet.metrics.hierarchy as hierarchy

    g = synth_network(600, 3)
    monkeypatch.setattr(hierarchy, "EXACT_LIMIT", 100)
    monkeypatch.setattr(hierarchy, "DEFAULT_SAMPLES", 50)
    result = rn.krackhardt(g, seed=0)
    assert not result.exact and result.samples == 50
    assert set(result.to_frame().columns) == {"value", "se"}


# ---------------------------------------------------------------- hand-worked and API
def test_hand_worked_chain_and_cycle():
    # a -> b -> c: one weak component of 3. Reachable pairs a>b, a>c, b>c all one way:
    # hierarchy 3/3 = 1. Efficiency: 2 arcs = the spanning tree, 1 - 0/4 = 1.
    # LUB: the upper bounds of a pair are those reaching both (paths of length 0 count):
    # (a,b) -> {a}, (a,c) -> {a}, (b,c) -> {a, b}; a reaches every upper bound in each set,
    # so no pair violates: lub = 1.
    chain = rn.krackhardt(rn.Network.from_edges(["a", "b"], ["b", "c"]))
    assert dict(chain) == {"connectedness": 1.0, "hierarchy": 1.0, "efficiency": 1.0, "lub": 1.0}
    # a -> c <- b: pair (a, b) has no upper bound at all; 1 violation of max (2*1)/2 = 1
    vee = rn.krackhardt(rn.Network.from_edges(["a", "b"], ["c", "c"]))
    assert vee["lub"] == 0.0
    # a 3-cycle: every pair mutually reachable, hierarchy 0; 3 arcs vs 2 needed: 1 - 1/4
    cycle = rn.krackhardt(rn.Network.from_edges(["a", "b", "c"], ["b", "c", "a"]))
    assert cycle["hierarchy"] == 0.0 and cycle["efficiency"] == 0.75 and cycle["lub"] == 1.0


def test_undefined_scores_are_nan():
    result = rn.krackhardt(rn.Network.from_edges([], [], nodes=["a", "b"]))
    assert result["connectedness"] == 0.0  # one pair, not joined
    assert all(math.isnan(result[k]) for k in ("hierarchy", "efficiency", "lub"))
    empty = rn.krackhardt(rn.Network.from_edges([], [], nodes=[]))
    assert all(math.isnan(v) for v in empty.values())


def test_result_object():
    result = rn.krackhardt(rn.Network.from_edges(["a", "b"], ["b", "c"]))
    assert list(result) == ["connectedness", "hierarchy", "efficiency", "lub"]
    assert result.to_series().name == "krackhardt"
    assert "exact" in repr(result)
    with pytest.raises(KeyError):
        result["reciprocity"]
    with pytest.raises(rn.ArgumentError, match="positive integer"):
        rn.krackhardt(rn.Network.from_edges(["a"], ["b"]), samples=0)


def test_single_root_pairs_chunks_agree():
    rng = np.random.default_rng(0)
    sig = rng.integers(0, 2**63, size=(30, 2), dtype=np.int64).astype(np.uint64)
    sig &= rng.integers(0, 2**63, size=(30, 2), dtype=np.int64).astype(np.uint64)
    weight = rng.integers(0, 5, 30).astype(np.int64)
    one = reach_kernels.single_root_pairs(sig, weight, 1)
    four = reach_kernels.single_root_pairs(sig, weight, 4)
    assert one == four
