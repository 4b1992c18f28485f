"""exposure and adoption_threshold: hand-worked, and a dense-matrix oracle."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relnet as rn


def _line() -> rn.Network:
    # a -> b, a -> c, b -> c, c -> a, d isolated; weights 2, 1, 1, 1
    return rn.Network.from_edges(["a", "a", "b", "c"], ["b", "c", "c", "a"],
                                 weight=[2, 1, 1, 1], nodes=list("abcd"))  # fmt: skip


def test_exposure_by_hand():
    toa = pd.Series({"a": 3, "b": 1, "c": 2})  # d never adopts
    e = rn.exposure(_line(), toa)
    assert list(e.columns) == [1, 2, 3]
    np.testing.assert_allclose(e.loc["a"], [0.5, 1.0, 1.0])  # b at 1, c at 2
    np.testing.assert_allclose(e.loc["d"], [0, 0, 0])  # no contacts: 0, as netdiffuseR
    w = rn.exposure(_line(), toa, weighted=True)
    np.testing.assert_allclose(w.loc["a"], [2 / 3, 1.0, 1.0])  # b weighs 2 of 3
    raw = rn.exposure(_line(), toa, normalized=False)
    np.testing.assert_allclose(raw.loc["a"], [1, 2, 2])
    incoming = rn.exposure(_line(), toa, outgoing=False)  # c is named by a (3) and b (1)
    np.testing.assert_allclose(incoming.loc["c"], [0.5, 0.5, 1.0])
    lagged = rn.exposure(_line(), toa, lags=1)
    assert np.isnan(lagged[1]).all()
    np.testing.assert_allclose(lagged.loc["a", [2, 3]], [0.5, 1.0])


def test_threshold_by_hand():
    toa = pd.Series({"a": 3, "b": 1, "c": 2})
    t = rn.adoption_threshold(_line(), toa)
    # a adopts at 3 with both contacts adopted; c at 2 with a (3) not yet; b first: censored
    assert t["a"] == 1.0 and t["c"] == 0.0
    assert np.isnan(t["b"]) and np.isnan(t["d"])
    assert rn.adoption_threshold(_line(), toa, include_censored=True)["b"] == 0.0  # c at 2
    early = pd.Series({"a": 2, "b": 1, "c": 2})  # a adopts at 2: b (1) and c (2) both count
    assert rn.adoption_threshold(_line(), early)["a"] == 1.0
    assert rn.adoption_threshold(_line(), early, lags=1)["a"] == 0.5  # at t = 1 only b had


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=30),
    st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=8, max_size=8),
    st.integers(0, 2),
)
def test_exposure_matches_dense_oracle(pairs, times, lags):
    arcs = sorted({(u, v) for u, v in pairs if u != v})
    g = rn.Network.from_edges([u for u, _ in arcs], [v for _, v in arcs], nodes=range(8))
    toa = np.array([np.nan if t is None else t for t in times], dtype=float)
    if np.isnan(toa).all():
        return
    A = np.zeros((8, 8))
    for u, v in arcs:
        A[u, v] = 1
    periods = np.arange(np.nanmin(toa), np.nanmax(toa) + 1)
    X = (toa[:, None] <= periods[None, :]).astype(float)  # NaN compares False
    want = (A @ X) / np.maximum(A.sum(1), 1e-300)[:, None]
    want[A.sum(1) == 0] = 0.0
    if lags:
        shifted = np.full_like(want, np.nan)
        shifted[:, lags:] = want[:, :-lags] if lags < want.shape[1] else shifted[:, lags:]
        want = shifted
    got = rn.exposure(g, toa, lags=lags).to_numpy()
    np.testing.assert_allclose(got, want, equal_nan=True)


def test_refusals():
    with pytest.raises(rn.ArgumentError, match="not in the network"):
        rn.exposure(_line(), pd.Series({"z": 1}))
    with pytest.raises(rn.ArgumentError, match="one per"):
        rn.exposure(_line(), [1, 2])
    with pytest.raises(rn.ArgumentError, match="lags"):
        rn.exposure(_line(), [1, 2, 3, 4], lags=-1)


def test_nonrespondents_have_unobserved_outgoing_exposure():
    g = rn.Network.from_edges(["a", "b"], ["b", "a"], nodes=list("abc"),
                              responded=[True, True, False])  # fmt: skip
    toa = pd.Series({"a": 1, "b": 2})
    e = rn.exposure(g, toa)
    assert np.isnan(e.loc["c"]).all() and e.loc["a"].tolist() == [0.0, 1.0]
    assert rn.exposure(g, toa, outgoing=False).loc["c"].tolist() == [0.0, 0.0]
    assert np.isnan(rn.adoption_threshold(g, pd.Series({"a": 1, "b": 2, "c": 2}))["c"])
