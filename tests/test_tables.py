"""node_metrics and network_metrics: each column equals its function and the sna references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sna_reference import SNA_VERSION, reference_cases, reference_network

import relnet as rn
from relnet.errors import MissingDataWarning
from relnet.metrics import tables
from relnet.metrics.tables import network_metrics
from relnet.network import Network


def as_array(values):
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def small_graph():
    rng = np.random.default_rng(11)
    n = 60
    pairs = sorted({(int(a), int(b)) for a, b in rng.integers(0, n, (240, 2)) if a != b})
    people = pd.DataFrame({"site": rng.integers(0, 3, n)}, index=range(n))
    return rn.Network.from_edges(
        *zip(*pairs), weight=rng.integers(1, 5, len(pairs)).astype(float), nodes=people
    )


@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_node_metrics_parity_with_sna(dataset, relation, ref):
    """Columns against R sna 2.7-1 / igraph 1.3.5 reference values."""
    assert SNA_VERSION
    g = reference_network(dataset, relation)
    table = rn.node_metrics(g, ref["group_attr"])
    np.testing.assert_allclose(table["in_degree"], ref["indegree"], atol=1e-9)
    np.testing.assert_allclose(table["out_degree"], ref["outdegree"], atol=1e-9)
    np.testing.assert_allclose(table["betweenness"], ref["betweenness"], atol=1e-9)
    np.testing.assert_allclose(table["harmonic_closeness"], ref["closeness_suminvdir"], atol=1e-9)
    np.testing.assert_allclose(table["constraint"], as_array(ref["igraph_constraint"]), atol=1e-9)
    np.testing.assert_allclose(table["core_number"], ref["kcores_all"], atol=1e-9)
    raw = np.array(ref["brokerage"]["raw"], dtype=float)
    np.testing.assert_allclose(table["coordinator"], raw[:, 0], atol=1e-9)
    np.testing.assert_allclose(table["brokerage"], raw[:, 5], atol=1e-9)
    assert table.attrs["betweenness_exact"] and table.attrs["closeness_exact"]


def test_node_metrics_columns_equal_their_functions():
    g = small_graph()
    table = rn.node_metrics(g, "site")
    pd.testing.assert_series_equal(table["in_degree"], rn.degree(g, "in"), check_names=False)
    pd.testing.assert_series_equal(
        table["out_strength"], rn.degree(g, "out", weighted=True), check_names=False
    )
    pd.testing.assert_series_equal(
        table["node_reciprocity"], rn.node_reciprocity(g), check_names=False
    )
    pd.testing.assert_series_equal(table["betweenness"], rn.betweenness(g), check_names=False)
    pd.testing.assert_series_equal(table["pagerank"], rn.pagerank(g), check_names=False)
    pd.testing.assert_frame_equal(
        table[["constraint", "effective_size", "efficiency", "hierarchy"]],
        rn.structural_holes(g),
    )
    pd.testing.assert_series_equal(table["core_number"], rn.core_number(g), check_names=False)
    pd.testing.assert_series_equal(table["component"], rn.components(g), check_names=False)
    roles = rn.brokerage(g, "site").raw
    np.testing.assert_array_equal(table["liaison"], roles["liaison"])
    np.testing.assert_array_equal(table["brokerage"], roles["total"])
    assert "coordinator" not in rn.node_metrics(g).columns


def test_node_metrics_samples_beyond_the_limit(monkeypatch):
    g = small_graph()
    monkeypatch.setattr(tables, "EXACT_LIMIT", 10)
    monkeypatch.setattr(tables, "DEFAULT_SAMPLES", 20)
    table = rn.node_metrics(g)
    assert table.attrs == {
        "betweenness_exact": False,
        "betweenness_samples": 20,
        "closeness_exact": False,
        "closeness_samples": 20,
        "missing": "ignore",
    }
    pd.testing.assert_series_equal(
        table["betweenness"], rn.betweenness(g, samples=20, seed=0), check_names=False
    )


def test_node_metrics_empty_graph():
    g = rn.Network.from_edges([], [], nodes=[])
    assert rn.node_metrics(g).empty


@pytest.mark.parametrize(("dataset", "relation", "ref"), reference_cases())
def test_network_metrics_parity_with_sna(dataset, relation, ref):
    assert SNA_VERSION
    g = reference_network(dataset, relation)
    values = rn.network_metrics(g)
    assert values["n"] == ref["n"] and values["arcs"] == ref["arcs"]
    assert values["density"] == pytest.approx(ref["gden"], abs=1e-9)
    assert values["reciprocity"] == pytest.approx(ref["grecip"]["edgewise"], abs=1e-9)
    assert values["mutual"] == ref["dyad_census"]["Mut"]
    assert values["components_weak"] == ref["components_weak"]
    assert values["components_strong"] == ref["components_strong"]
    assert values["transitivity"] == pytest.approx(ref["gtrans_weak"], abs=1e-9)
    assert values["compactness"] == pytest.approx(np.mean(ref["closeness_suminvdir"]), abs=1e-9)
    assert values["krackhardt_hierarchy"] == pytest.approx(ref["hierarchy_krackhardt"], abs=1e-9)
    assert values["krackhardt_lub"] == pytest.approx(ref["lubness"], abs=1e-9)
    assert values.attrs["distance_exact"]


def test_network_metrics_equal_their_functions():
    g = small_graph()
    values = rn.network_metrics(g)
    assert values["fragmentation"] == pytest.approx(float(rn.fragmentation(g)))
    for measure in tables.CENTRALIZATION_MEASURES:
        assert values[f"centralization_{measure}"] == pytest.approx(
            float(rn.centralization(g, measure)), nan_ok=True
        )
    assert values["mean_degree"] == g.m / g.n
    assert not values.isna().any()


def test_network_metrics_samples_beyond_the_limit(monkeypatch):
    from relnet.metrics import distance

    g = small_graph()
    monkeypatch.setattr(tables, "EXACT_LIMIT", 10)
    monkeypatch.setattr(tables, "DEFAULT_SAMPLES", 20)
    monkeypatch.setattr(distance, "EXACT_LIMIT", 10)
    monkeypatch.setattr(distance, "DEFAULT_SAMPLES", 20)
    values = rn.network_metrics(g)
    assert values.attrs["centralization_exact"] is False
    assert values.attrs["distance_exact"] is False and values.attrs["distance_samples"] == 20
    assert values["centralization_betweenness"] == pytest.approx(
        rn.centralization(g, "betweenness", samples=20, seed=0)
    )


def test_network_metrics_states_its_missing_data_choice_and_warns_once():
    # a <-> b, b -> c; c did not respond. Observed cells: senders a, b -> 4 cells, 3 arcs.
    g = Network.from_edges(["a", "b", "b"], ["b", "a", "c"], responded=[True, True, False])
    with pytest.warns(MissingDataWarning) as caught:
        default = network_metrics(g)
    assert len([w for w in caught if issubclass(w.category, MissingDataWarning)]) == 1
    assert default.attrs["missing"] == "ignore"
    assert default["density"] == pytest.approx(3 / 6)
    observed = network_metrics(g, missing="observed")
    assert observed.attrs["missing"] == "observed"
    assert observed["density"] == pytest.approx(3 / 4)
    # only the a-b dyad has both ends observed, and it is mutual
    assert (observed["mutual"], observed["asymmetric"], observed["null"]) == (1, 0, 0)


def test_network_metrics_krackhardt_reproducible_beyond_exact_limit(monkeypatch):
    """Issue 13 bug: seed/samples reach krackhardt, so sampled hierarchy and LUB repeat."""
    from relnet.metrics import hierarchy

    g = small_graph()  # 60 people; krackhardt samples above its lowered exact limit
    monkeypatch.setattr(hierarchy, "EXACT_LIMIT", 10)
    monkeypatch.setattr(hierarchy, "DEFAULT_SAMPLES", 15)
    first = network_metrics(g, seed=3)
    second = network_metrics(g, seed=3)
    assert first.attrs["krackhardt_exact"] is False and first.attrs["krackhardt_samples"] == 15
    want = rn.krackhardt(g, seed=3)  # the oracle: the function with the same seed
    for key in ("hierarchy", "lub"):
        assert first[f"krackhardt_{key}"] == second[f"krackhardt_{key}"]
        assert first[f"krackhardt_{key}"] == pytest.approx(want[key], abs=0)
    generator = network_metrics(g, seed=np.random.default_rng(3))  # a Generator works too
    assert np.isfinite(generator["krackhardt_hierarchy"])
    exact = network_metrics(g, samples=g.n)  # samples >= n: exact again
    assert exact.attrs["krackhardt_exact"] is True
    assert exact["krackhardt_lub"] == pytest.approx(rn.krackhardt(g, samples=g.n)["lub"])


def _observed_example():
    # a <-> b, a -> c, c -> a, b -> d; c and d did not respond (c's arc c -> a is kept, as
    # a roster-based export may hold it)
    return Network.from_edges(
        ["a", "b", "a", "c", "b"],
        ["b", "a", "c", "a", "d"],
        weight=[2, 1, 3, 4, 5],
        nodes=["a", "b", "c", "d"],
        responded=[True, True, False, False],
    )


def test_node_metrics_follow_the_rule():
    g = _observed_example()
    observed = rn.node_metrics(g, missing="observed")
    assert observed.attrs["missing"] == "observed"
    # in-degree from respondents only: a gets b->a (c->a is an unobserved cell); b gets a->b;
    # c gets a->c; d gets b->d
    assert observed["in_degree"].tolist() == [1.0, 1.0, 1.0, 1.0]
    assert observed["in_strength"].tolist() == [1.0, 2.0, 3.0, 5.0]
    # out-degree unobserved for c and d
    assert observed["out_degree"].iloc[:2].tolist() == [2.0, 2.0]
    assert observed["out_degree"].iloc[2:].isna().all()
    # node reciprocity over dyads with both ends observed: only {a, b}, mutual
    assert observed["node_reciprocity"].iloc[:2].tolist() == [1.0, 1.0]
    assert observed["node_reciprocity"].iloc[2:].isna().all()
    # reconstruct: d gets d -> b (5); every column on the reconstructed network
    rebuilt = rn.node_metrics(g, missing="reconstruct")
    want = rn.node_metrics(rn.Network.from_edges(
        ["a", "b", "a", "c", "b", "d"], ["b", "a", "c", "a", "d", "b"],
        weight=[2, 1, 3, 4, 5, 5], nodes=["a", "b", "c", "d"]))  # fmt: skip
    pd.testing.assert_frame_equal(rebuilt, want, check_like=True, check_exact=False)
    ignored = rn.node_metrics(g, missing="ignore")
    assert ignored["out_degree"].tolist() == [2.0, 2.0, 1.0, 0.0]
