"""The shared missing-data machinery: option checks, the warning, reconstruction."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import relnet as rn
from relnet.metrics.missing import (
    MISSING_DEFAULT,
    check_missing,
    missing_plan,
    reconstruct,
)


def network(responded=(True, True, False, False)) -> rn.Network:
    # a -> c (3), b -> c (1), b -> a (2), d -> a (5): d did not respond but has an arc
    return rn.Network.from_edges(
        ["a", "b", "b", "d"],
        ["c", "c", "a", "a"],
        weight=[3, 1, 2, 5],
        nodes=["a", "b", "c", "d"],
        responded=list(responded),
    )


def test_default_equals_ignore_but_is_distinguishable():
    assert MISSING_DEFAULT == "ignore"
    assert MISSING_DEFAULT is not "ignore"  # noqa: F632 - identity is the point
    assert repr(MISSING_DEFAULT) == "'ignore'"
    assert check_missing(MISSING_DEFAULT) == "ignore"
    assert type(check_missing(MISSING_DEFAULT)) is str


def test_check_missing_rejects_unknown():
    with pytest.raises(rn.ArgumentError, match="'ignore', 'observed', 'reconstruct'"):
        check_missing("impute")
    with pytest.raises(ValueError):
        check_missing(None)


def test_warning_only_at_default_with_nonrespondents():
    g = network()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = missing_plan(g, MISSING_DEFAULT, measure="density", stacklevel=2)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert caught[0].category is rn.MissingDataWarning
    assert "2 of 4 people did not respond" in message
    for option in ("'ignore'", "'observed'", "'reconstruct'"):
        assert option in message
    assert caught[0].filename == __file__  # points at the caller
    assert plan.mode == "ignore" and not plan.use_mask and plan.n_nonrespondents == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for option in ("ignore", "observed", "reconstruct"):
            missing_plan(g, option, measure="density")
        missing_plan(network((True,) * 4), MISSING_DEFAULT, measure="density")


def test_public_functions_warn_once_per_call_at_the_caller():
    g = network()
    for call in (
        lambda: rn.dyad_census(g),
        lambda: rn.reciprocity(g, mode="weighted"),
        lambda: rn.reciprocity(g, by="responded"),
        lambda: rn.density(g, weighted=True),
    ):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        assert [w.category for w in caught] == [rn.MissingDataWarning]
        assert caught[0].filename == __file__


def test_plan_observed():
    plan = missing_plan(network(), "observed", measure="x")
    assert plan.use_mask
    assert plan.n_observed_senders == 2
    assert plan.observed_dyads() == 1  # only {a, b}
    np.testing.assert_array_equal(plan.responded, [True, True, False, False])
    everyone = missing_plan(network((True,) * 4), "observed", measure="x")
    assert not everyone.use_mask and everyone.observed_dyads() == 6


def test_reconstruct_hand_worked():
    g = network()
    # c (non-respondent) received a -> c (3) and b -> c (1): imputes c -> a (3), c -> b (1).
    # d (non-respondent) received nothing: nothing imputed; its own d -> a (5) is kept.
    edges = reconstruct(g).edges()
    got = sorted(zip(edges["source"], edges["target"], edges["weight"], strict=True))
    assert got == [
        ("a", "c", 3.0),
        ("b", "a", 2.0),
        ("b", "c", 1.0),
        ("c", "a", 3.0),
        ("c", "b", 1.0),
        ("d", "a", 5.0),
    ]
    assert list(reconstruct(g).responded) == [True, True, False, False]
    plan = missing_plan(g, "reconstruct", measure="x")
    assert plan.graph.m == 6 and not plan.use_mask


def test_reconstruct_keeps_existing_reverse_arc():
    # b did not respond but has b -> a (4); a -> b (1) exists: nothing to impute
    g = rn.Network.from_edges(["a", "b"], ["b", "a"], weight=[1, 4], responded=[True, False])
    assert reconstruct(g) is g
    everyone = network((True,) * 4)
    assert reconstruct(everyone) is everyone


def test_warning_memory_same_people_subsets_and_scope():
    g = network()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        missing_plan(g, MISSING_DEFAULT, measure="density", stacklevel=2)
        # same people in another Network object (same order): already told
        missing_plan(network(), MISSING_DEFAULT, measure="reciprocity", stacklevel=2)
        missing_plan(g.subgraph(["a", "c"]), MISSING_DEFAULT, measure="density", stacklevel=2)
        assert len(caught) == 1
        # other people: told again
        other = rn.Network.from_edges(["x"], ["y"], responded=[True, False])
        missing_plan(other, MISSING_DEFAULT, measure="density", stacklevel=2)
        assert len(caught) == 2
    # a new catch_warnings block starts afresh, as Python's own once-only registries do
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        missing_plan(g, MISSING_DEFAULT, measure="density", stacklevel=2)
        assert len(caught) == 1
