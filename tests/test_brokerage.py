"""Gould-Fernandez brokerage: parity with R sna, naive oracles, the moments in closed form."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sna_reference import SNA_VERSION, reference_cases, reference_network

import relnet as rn
from relnet.errors import ArgumentError
from relnet.metrics.brokerage import ROLES, _global_moments, _group_moments

N = 9


def as_array(values):
    if values and isinstance(values[0], list):
        return np.array([[np.nan if v is None else v for v in row] for row in values], float)
    return np.array([np.nan if v is None else v for v in values], float)


@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_parity_with_sna(dataset, relation, ref):
    """R sna 2.7-1 brokerage(A, roster[[group_attr]]): raw/exp/z, node and graph level."""
    assert SNA_VERSION
    g = reference_network(dataset, relation)
    result = rn.brokerage(g, ref["group_attr"])
    want = ref["brokerage"]
    assert want["roles"] == [rn.metrics.brokerage.SNA_NAMES[r] for r in ROLES]
    for ours, key in [(result.raw, "raw"), (result.expected, "expected"), (result.z, "z")]:
        np.testing.assert_allclose(ours.to_numpy(), as_array(want[key]), rtol=1e-9, atol=1e-9)
    for col, key in [("raw", "raw_gli"), ("expected", "exp_gli"), ("z", "z_gli")]:
        np.testing.assert_allclose(
            result.network[col].to_numpy(), as_array(want[key]), rtol=1e-9, atol=1e-9
        )


def test_hand_worked_roles():
    # groups: a, b in "n"; c, d in "s"; e in "w".
    # a->b->c: b representative (a with b, c apart); b->c->d: c gatekeeper (c with d, b apart)
    # c->d->c? no (i == k). d->e->a: e liaison (d:s, e:w, a:n). a->e->b: e itinerant.
    people = pd.DataFrame({"site": list("nnssw")}, index=list("abcde"))
    g = rn.Network.from_edges(list("abcdaee"), list("bcdeeab"), nodes=people)
    raw = rn.brokerage(g, "site").raw
    # two-paths through e: i in {d, a}, k in {a, b}: d->e->a (liaison), d->e->b (liaison),
    # a->e->b: a->b exists, not brokered; a->e->a: i == k.
    assert raw.loc["e"].to_dict() == {
        "coordinator": 0.0,
        "itinerant": 0.0,
        "representative": 0.0,
        "gatekeeper": 0.0,
        "liaison": 2.0,
        "total": 2.0,
    }
    # b: a->b->c (representative); e->b->c (i=e group w, b n, c s: liaison)
    assert raw.loc["b", "representative"] == 1.0 and raw.loc["b", "liaison"] == 1.0
    assert raw.loc["c", "gatekeeper"] == 1.0  # b->c->d


def test_partial_credit():
    # a->b->d and a->c->d, no a->d: two brokers for the same pair, each gets 1/2.
    people = pd.DataFrame({"unit": [1, 1, 1, 1]}, index=list("abcd"))
    g = rn.Network.from_edges(list("aabc"), list("bcdd"), nodes=people)
    full = rn.brokerage(g, "unit")
    part = rn.brokerage(g, "unit", partial_credit=True)
    assert full.raw.loc[["b", "c"], "coordinator"].tolist() == [1.0, 1.0]
    assert part.raw.loc[["b", "c"], "coordinator"].tolist() == [0.5, 0.5]
    assert part.expected.isna().all().all() and part.network["z"].isna().all()
    assert "BrokerageResult" in repr(full)
    assert list(full.to_frame().columns[:6]) == list(ROLES)


def test_errors():
    g = rn.Network.from_edges(["a"], ["b"])
    with pytest.raises(ArgumentError, match="site"):
        rn.brokerage(g, "site")


def naive_counts(pairs, groups, partial):
    arcs = set(pairs)
    out = np.zeros((N, 5))
    for v in range(N):
        for i in range(N):
            for k in range(N):
                if len({i, v, k}) < 3 or (i, v) not in arcs or (v, k) not in arcs:
                    continue
                if (i, k) in arcs:
                    continue
                c = sum((i, u) in arcs and (u, k) in arcs for u in range(N)) if partial else 1
                gi, gv, gk = groups[i], groups[v], groups[k]
                if gi == gv == gk:
                    role = 0
                elif gi == gk:
                    role = 1
                elif gi == gv:
                    role = 2
                elif gv == gk:
                    role = 3
                else:
                    role = 4
                out[v, role] += 1 / c
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1)), max_size=40),
    st.lists(st.integers(0, 2), min_size=N, max_size=N),
    st.booleans(),
)
def test_counts_match_naive_oracle(pairs, groups, partial):
    uniq = sorted({(u, v) for u, v in pairs if u != v})
    people = pd.DataFrame({"g": groups}, index=range(N))
    g = rn.Network.from_edges([u for u, _ in uniq], [v for _, v in uniq], nodes=people)
    ours = rn.brokerage(g, "g", partial_credit=partial).raw.to_numpy()
    want = naive_counts(uniq, groups, partial)
    np.testing.assert_allclose(ours[:, :5], want, atol=1e-12)
    np.testing.assert_allclose(ours[:, 5], want.sum(axis=1), atol=1e-12)


def comb(x, k):
    """R's choose(x, 2): x (x - 1) / 2 for any real x."""
    assert k == 2
    return x * (x - 1) / 2


def sna_moments(n, N, d):
    """A literal transcription of R sna's brokerage moments (loops, choose) as the oracle."""
    G = len(n)
    e = d**2 * (1 - d)
    a3 = d**3 * (1 - d) ** 3
    b4 = d**4 * (1 - d) ** 2
    c5 = d**5 * (1 - d)
    ebr = np.zeros((G, 6))
    vbr = np.zeros((G, 6))
    for i in range(G):
        rest = [n[j] for j in range(G) if j != i]
        ni = n[i]
        ebr[i, 0] = e * (ni - 1) * (ni - 2)
        vbr[i, 0] = ebr[i, 0] * (1 - e) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * a3
        ebr[i, 1] = e * sum(x * (x - 1) for x in rest)
        vbr[i, 1] = ebr[i, 1] * (1 - e) + 2 * sum(x * (x - 1) * (x - 2) for x in rest) * a3
        ebr[i, 2] = e * (N - ni) * (ni - 1)
        vbr[i, 2] = (
            ebr[i, 2] * (1 - e) + 2 * ((ni - 1) * comb(N - ni, 2) + (N - ni) * comb(ni - 1, 2)) * a3
        )
        ebr[i, 3], vbr[i, 3] = ebr[i, 2], vbr[i, 2]
        ebr[i, 4] = e * (sum(x * y for x in rest for y in rest) - sum(x * x for x in rest))
        vbr[i, 4] = ebr[i, 4] * (1 - e) + 4 * sum(x * comb(N - x - ni, 2) * a3 for x in rest)
        ebr[i, 5] = e * (N - 1) * (N - 2)
        vbr[i, 5] = ebr[i, 5] * (1 - e) + 2 * (N - 1) * (N - 2) * (N - 3) * a3
    eg = np.zeros(6)
    vg = np.zeros(6)
    eg[0] = e * sum(x * (x - 1) * (x - 2) for x in n)
    vg[0] = eg[0] * (1 - e) + sum(
        x * (x - 1) * (x - 2) * ((4 * x - 10) * a3 - 4 * (x - 3) * b4 + (x - 3) * c5) for x in n
    )
    eg[1] = e * sum(x * (N - x) * (x - 1) for x in n)
    vg[1] = eg[1] * (1 - e) + (
        sum(x * y * (x - 1) * ((2 * x + 2 * y - 6) * a3 + (N - x - 1) * c5) for x in n for y in n)
        - sum(x * x * (x - 1) * ((4 * x - 6) * a3 + (N - x - 1) * c5) for x in n)
    )
    eg[2] = e * sum(x * (N - x) * (x - 1) for x in n)
    vg[2] = eg[2] * (1 - e) + sum(x * (N - x) * (x - 1) * ((N - 3) * a3 + (x - 2) * c5) for x in n)
    eg[3], vg[3] = eg[2], vg[2]
    eg[4] = e * (
        sum(x * y * (N - x - y) for x in n for y in n) - sum(x * x * (N - 2 * x) for x in n)
    )
    vg[4] = eg[4] * (1 - e)
    for i in range(G):
        for j in range(G):
            for k in range(G):
                if i != j and j != k and i != k:
                    vg[4] += (
                        n[i]
                        * n[j]
                        * n[k]
                        * (
                            (4 * (N - n[j]) - 2 * (n[i] + n[k] + 1)) * a3
                            - (4 * (N - n[k]) - 2 * (n[i] + n[j] + 1)) * b4
                            + (N - (n[i] + n[k] + 1)) * c5
                        )
                    )
    eg[5] = e * N * (N - 1) * (N - 2)
    vg[5] = eg[5] * (1 - e) + N * (N - 1) * (N - 2) * (
        (4 * N - 10) * a3 - 4 * (N - 3) * b4 + (N - 3) * c5
    )
    return ebr, vbr, eg, vg


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(1, 30), min_size=1, max_size=7),
    st.floats(0.0, 1.0),
)
def test_closed_form_moments_match_sna_loops(sizes, d):
    n = np.array(sizes, dtype=float)
    N = float(n.sum())
    ebr, vbr, eg, vg = sna_moments(sizes, N, d)
    mean, var = _group_moments(n, N, d)
    np.testing.assert_allclose(mean, ebr, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(var, vbr, rtol=1e-9, atol=1e-7)
    gm, gv = _global_moments(n, N, d)
    np.testing.assert_allclose(gm, eg, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(gv, vg, rtol=1e-9, atol=1e-6)
