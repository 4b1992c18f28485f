"""rn.distributed on a real LocalCluster (processes, 2 workers, 1 thread each): every adopted
call returns the same floats as locally, and the exact values still match networkx/igraph."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import cloudpickle
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import relnet as rn
from relnet import distributed as rd

dd = pytest.importorskip("dask.distributed")
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests/

EXAMPLE = Path(__file__).resolve().parents[1] / "datasets" / "example_health_system"
N = 12
arcs = st.lists(
    st.tuples(st.integers(0, N - 1), st.integers(0, N - 1), st.integers(1, 5)), max_size=50
)
FEW = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = dd.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        c = dd.Client(cluster)
    yield c
    c.close()
    cluster.close()


def network(triples):
    seen = {}
    for u, v, w in triples:
        if u != v:
            seen.setdefault((u, v), float(w))
    uniq = sorted(seen)
    return rn.Network.from_edges(
        [u for u, _ in uniq], [v for _, v in uniq], weight=[seen[e] for e in uniq], nodes=range(N)
    )


def both(client, call, batch_size=None):
    """(local result, result inside rn.distributed(client))."""
    if batch_size is None:
        local = call()
    else:
        with rd.local_batches(batch_size):
            local = call()
    with rn.distributed(client, batch_size=batch_size) as handle:
        assert rd.active() is handle
        remote = call()
    assert rd.active() is None
    return local, remote


# ----------------------------------------------------------------------------- the mechanism
def test_streamed_tree_sum_equals_the_cluster_tree():
    # OrderedSum (local, streaming) must add in exactly the tree ordered_sum (cluster) uses
    rng = np.random.default_rng(0)
    for count in [1, 2, 7, 8, 9, 63, 64, 65, 100]:
        parts = [rng.normal(size=5) * 10.0 ** rng.integers(-8, 8) for _ in range(count)]
        streamed = rd.OrderedSum()
        for p in parts:
            streamed.add(p)
        assert np.array_equal(streamed.result(), rd.ordered_sum(parts)), count
    assert rd.ordered_sum([]) is None and rd.OrderedSum().result() is None
    assert rd.ordered_sum([1, 2, 3, 4, 5], fan_in=2) == 15


def _square_batch(batch, *, offset):
    start, stop = batch
    if start == 6 and offset < 0:
        raise rn.GraphKindError("no arcs in this part")
    return np.array([start, stop]) ** 2 / 7 + offset


def test_map_batches_same_results_and_errors_name_the_batch(client):
    batches = rd.batch_ranges(20, 3)
    local_list = rd.map_batches(_square_batch, batches, shared={"offset": 0.5})
    local_sum = rd.map_batches(_square_batch, batches, shared={"offset": 0.5}, reduce="sum")
    seen = []
    with rn.distributed(client, progress=lambda done, total: seen.append((done, total))):
        remote_list = rd.map_batches(_square_batch, batches, shared={"offset": 0.5})
        remote_sum = rd.map_batches(_square_batch, batches, shared={"offset": 0.5}, reduce="sum")
        with pytest.raises(rn.GraphKindError, match=r"batch 3 of 7 \(items 6-8\).*no arcs"):
            rd.map_batches(_square_batch, batches, shared={"offset": -1.0})
    np.testing.assert_array_equal(remote_list[-1], np.array([18, 20]) ** 2 / 7 + 0.5)
    assert all(np.array_equal(a, b) for a, b in zip(local_list, remote_list))
    assert np.array_equal(local_sum, remote_sum)
    assert seen[:7] == [(i, 7) for i in range(1, 8)]  # progress: one call per finished batch


def _dies_once_batch(batch, *, marker):
    start, stop = batch
    if start == 4 and not Path(marker).exists():
        Path(marker).write_text("killed")
        os._exit(1)  # the worker process dies mid-run, as a lost machine would
    return np.array([start, stop]) ** 2 / 7


def test_a_lost_worker_has_its_batch_recomputed(client, tmp_path):
    batches = rd.batch_ranges(12, 2)
    with rn.distributed(client):
        total = rd.map_batches(
            _dies_once_batch, batches, shared={"marker": str(tmp_path / "m")}, reduce="sum"
        )
    assert (tmp_path / "m").exists()  # a worker really died
    want = rd.ordered_sum([np.array([a, b]) ** 2 / 7 for a, b in batches])
    assert np.array_equal(total, want)
    client.wait_for_workers(2, timeout=60)  # the nanny restarts it for the next tests


def test_futures_of_another_client_are_refused(client):
    g = rn.Network.from_edges([0, 1], [1, 2])
    other = dd.Client(client.scheduler.address, set_as_default=False)
    try:
        future = other.scatter(g)
        with rn.distributed(client), pytest.raises(rd.DistributedError, match="another Dask"):
            rd.map_batches(_square_batch, [(0, 2)], shared={"offset": future})
    finally:
        other.close()


def test_unreachable_scheduler_fails_fast_naming_it():
    with pytest.raises(rn.RelnetError, match=r"tcp://127\.0\.0\.1:9.*within 1 s"):
        rn.distributed("tcp://127.0.0.1:9", timeout=1)
    assert rd.active() is None


def test_bad_arguments_and_missing_dask(monkeypatch):
    with pytest.raises(rn.ArgumentError, match="batch_size"):
        rn.distributed(batch_size=0)
    with pytest.raises(rn.ArgumentError, match="n_workers"):
        rn.distributed("tcp://127.0.0.1:9", n_workers=2)
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(rn.MissingDependencyError, match=r"relnet\[distributed\]"):
        rn.distributed()


def test_without_a_client_it_starts_and_closes_its_own_cluster():
    g = rn.Network.from_edges(["a", "b", "c"], ["b", "c", "d"])
    with rn.distributed(n_workers=1) as handle:
        assert handle.n_workers == 1 and handle.cluster is not None
        assert rn.betweenness(g).tolist() == [0.0, 2.0, 2.0, 0.0]  # b: a->c, a->d; c: a->d, b->d
    assert handle.client.status == "closed" and rd.active() is None


def test_plain_call_returns_a_handle_to_close(client):
    handle = rn.distributed(client)
    assert rd.active() is handle and "2 workers" in repr(handle)
    handle.close()
    assert rd.active() is None and client.status == "running"  # a given client stays open


# ----------------------------------------------------------------------------- adopted calls
@FEW
@given(arcs)
def test_betweenness_same_floats_on_the_cluster(client, triples):
    g = network(triples)
    for kwargs in ({}, {"weighted": True}, {"endpoints": True}, {"samples": 5, "seed": 3}):
        local, remote = both(client, lambda kw=kwargs: rn.betweenness(g, **kw))
        pd.testing.assert_series_equal(local, remote, check_exact=True)
    # small batches: several tasks and a two-level sum, still the oracle's values
    local, remote = both(client, lambda: rn.betweenness(g, weighted=True), batch_size=1)
    pd.testing.assert_series_equal(local, remote, check_exact=True)
    G = nx.DiGraph()
    G.add_nodes_from(range(N))
    G.add_weighted_edges_from(
        (u, v, 1.0 / w)
        for (u, v), w in zip(g.edges()[["source", "target"]].itertuples(index=False), g.weights)
    )
    want = nx.betweenness_centrality(G, normalized=False, weight="weight")
    np.testing.assert_allclose(remote.to_numpy(), [want[i] for i in range(N)], atol=1e-9)


@FEW
@given(arcs)
def test_harmonic_closeness_same_floats_on_the_cluster(client, triples):
    g = network(triples)
    for kwargs in ({}, {"weighted": True}, {"samples": 4, "seed": 1}):
        local, remote = both(client, lambda kw=kwargs: rn.harmonic_closeness(g, **kw))
        pd.testing.assert_series_equal(local, remote, check_exact=True)
    local, remote = both(client, lambda: rn.harmonic_closeness(g), batch_size=2)
    pd.testing.assert_series_equal(local, remote, check_exact=True)
    want = nx.harmonic_centrality(g.to_networkx().reverse())
    np.testing.assert_allclose(remote.to_numpy(), [want[i] / (N - 1) for i in range(N)],
                               atol=1e-12)  # fmt: skip


def test_qap_and_mrqap_same_results_on_the_cluster(client, monkeypatch):
    rng = np.random.default_rng(4)
    nets = [network(rng.integers(0, N, size=(40, 3)) + [0, 0, 1]) for _ in range(3)]
    y, x1, x2 = nets
    calls = [
        lambda: rn.qap_correlation(y, x1, n_perm=300, seed=2, weighted=True).null,
        lambda: rn.mrqap(y, {"a": x1, "b": x2}, n_perm=99, seed=5, method="y"),
        lambda: rn.mrqap(y, {"a": x1, "b": x2}, n_perm=99, seed=5, method="dsp"),
        lambda: rn.mrqap(y, {"a": x1}, n_perm=9, seed=5, family="logit", method="dsp"),
    ]
    for call in calls:
        local, remote = both(client, call)
        assert np.array_equal(np.asarray(local), np.asarray(remote), equal_nan=True)
    # several batches: batch_size=40 permutations, per-batch seeds spawned from seed=2
    local, remote = both(client, lambda: rn.qap_correlation(y, x1, n_perm=300, seed=2))
    local_b, batched = both(client, lambda: rn.qap_correlation(y, x1, n_perm=300, seed=2),
                            batch_size=40)  # fmt: skip
    assert local.estimate == batched.estimate and len(batched.null) == 300
    assert np.array_equal(local_b.null, batched.null)
    monkeypatch.setattr("relnet.outcomes.qap.QAP_SPARSE_ABOVE", 0)  # the sparse path
    for call in calls[:2]:
        local, remote = both(client, call, batch_size=40)
        assert np.array_equal(np.asarray(local), np.asarray(remote), equal_nan=True)


@pytest.mark.skipif(not EXAMPLE.exists(), reason="bundled example survey missing")
def test_bundled_survey_same_results_on_the_cluster(client):
    survey = rn.read_survey(EXAMPLE / "nominations.csv", roster=EXAMPLE / "roster.csv")
    trust = survey.network("trust", wave=1)
    advice = survey.network("advice", wave=1)
    calls = [
        lambda: rn.betweenness(trust).to_numpy(),
        lambda: rn.betweenness(trust, weighted=True, samples=50, seed=1).to_numpy(),
        lambda: rn.harmonic_closeness(advice, weighted=True).to_numpy(),
        lambda: rn.qap_correlation(trust, advice, n_perm=200, seed=9).null,
    ]
    for call in calls:
        local, remote = both(client, call, batch_size=37)
        assert np.array_equal(local, remote)
    # and the cluster's exact betweenness is igraph's
    want = trust.to_igraph().betweenness(directed=True)
    with rn.distributed(client, batch_size=37):
        np.testing.assert_allclose(rn.betweenness(trust).to_numpy(), want, atol=1e-9)
