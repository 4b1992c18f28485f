"""Scale-out: relnet.distributed overhead and scatter cost, and sparse QAP at health-system size.

In the suite (small, asserts correctness): sparse QAP equals dense QAP at 1,500 staff and
exact betweenness equals igraph's at 2,000 staff, each printing its time ratio to the peer
(dense path / igraph) on the same graph in the same run.

The recorded numbers (BENCHMARKS.md, "Scale-out") come from running this file as a script,
one measurement a process (each prints one JSON line)::

    .venv/bin/python benchmarks/bench_distributed.py overhead 20000     # local vs 2 workers
    .venv/bin/python benchmarks/bench_distributed.py scatter 1000000    # bytes, seconds
    .venv/bin/python benchmarks/bench_distributed.py per_source 1000000 # for the model
    .venv/bin/python benchmarks/bench_distributed.py batch_overhead 1000000
    .venv/bin/python benchmarks/bench_distributed.py cluster_run 50000   # the real thing
    .venv/bin/python benchmarks/bench_distributed.py qap 100000 1000    # sparse QAP
    .venv/bin/python benchmarks/bench_distributed.py dense_vs_sparse 5000 100

Graphs: ``synthetic_graphs.health_system_network(n)`` for betweenness (about 5 arcs a
person); for QAP the wave-1 trust and advice layers of ``relnet.synth.health_system(n,
n_sites=10, seed=1)`` on the same people.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import relnet as rn  # noqa: E402
from relnet import distributed as rd  # noqa: E402
from relnet.outcomes import qap as qap_module  # noqa: E402


def qap_layers(n: int) -> tuple[rn.Network, rn.Network]:
    survey = rn.synth.health_system(n, n_sites=10, seed=1)
    ids = survey.roster["id"]
    noms = survey.nominations[survey.nominations["wave"] == 1]
    layers = []
    for relation in ("trust", "advice"):
        arcs = noms[noms["relation"] == relation].drop_duplicates(["respondent", "nominee"])
        layers.append(rn.Network.from_edges(arcs["respondent"], arcs["nominee"],
                                            weight=arcs["weight"], nodes=ids))  # fmt: skip
    return layers[0], layers[1]


def clock(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


# ----------------------------------------------------------------------------- in the suite
def test_sparse_qap_equals_dense_and_times_both():
    g1, g2 = qap_layers(1_500)
    rn.qap_correlation(g1, g2, n_perm=2, seed=0)  # compile
    sparse, t_sparse = clock(rn.qap_correlation, g1, g2, n_perm=50, seed=1)
    mp = pytest.MonkeyPatch()
    mp.setattr(qap_module, "QAP_SPARSE_ABOVE", 10**9)
    try:
        dense, t_dense = clock(rn.qap_correlation, g1, g2, n_perm=50, seed=1)
    finally:
        mp.undo()
    assert sparse.estimate == pytest.approx(dense.estimate, abs=1e-12)
    np.testing.assert_allclose(sparse.null, dense.null, atol=1e-12, rtol=0)
    print(f"\nQAP 1,500 staff, 50 permutations: sparse {t_sparse:.3f} s, dense {t_dense:.3f} s, "
          f"sparse/dense {t_sparse / t_dense:.3f}")  # fmt: skip


def test_batched_betweenness_equals_igraph_and_times_both():
    from synthetic_graphs import health_system_network

    g = health_system_network(2_000)
    H = g.to_igraph()
    rn.betweenness(g, samples=5, seed=0)  # compile
    ours, t_ours = clock(rn.betweenness, g)
    want, t_ig = clock(H.betweenness, directed=True)
    np.testing.assert_allclose(ours.to_numpy(), want, rtol=1e-9, atol=1e-9)
    print(f"\nexact betweenness 2,000 staff: relnet {t_ours:.3f} s, igraph {t_ig:.3f} s, "
          f"relnet/igraph {t_ours / t_ig:.2f}")  # fmt: skip


# ----------------------------------------------------------------------------- recorded runs
def overhead(n: int, rounds: int = 3) -> dict:
    """Exact betweenness: local (numba, 2 threads) against a 2-worker LocalCluster."""
    from synthetic_graphs import health_system_network

    g = health_system_network(n)
    rn.betweenness(g, samples=4, seed=0)  # compile here
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=None, env={"NUMBA_NUM_THREADS": "1"}
    )  # as rn.distributed() makes it
    client = Client(cluster)
    with rn.distributed(client):
        rn.betweenness(g, samples=4, seed=0)  # compile on the workers
    t_local, t_remote = [], []
    for _ in range(rounds):  # alternate, so both see the same machine load
        local, took = clock(rn.betweenness, g)
        t_local.append(took)
        with rn.distributed(client):  # a new handle: scatters g again, inside the timing
            remote, took = clock(rn.betweenness, g)
        t_remote.append(took)
        assert np.array_equal(local.to_numpy(), remote.to_numpy())
    workers = len(client.scheduler_info()["workers"])
    client.close()
    cluster.close()
    size = rd.default_batch(n, max(g.m, n))
    return {"n": n, "m": g.m, "workers": workers, "batches": -(-n // size),
            "batch_size": size, "local_s": t_local, "cluster_s": t_remote,
            "ratio_of_best": min(t_remote) / min(t_local),
            "ratios": [r / loc for r, loc in zip(t_remote, t_local)],
            "same_floats": True}  # fmt: skip


def scatter(n: int) -> dict:
    """Bytes Dask sends for a Network (protocol-5 frames) and the time to scatter it."""
    from distributed.protocol import serialize
    from synthetic_graphs import health_system_network

    g, t_build = clock(health_system_network, n)
    header, frames = serialize(g)
    nbytes = sum(memoryview(f).nbytes for f in frames)
    arrays = sum(
        a.nbytes
        for a in (g.indptr, g.indices, g.weights, g.t_indptr, g.t_indices, g.t_to_out,
                  g.responded)
    )  # fmt: skip
    with rn.distributed(n_workers=2) as handle:
        future, t_scatter = clock(handle.scatter, g)
        _, t_replicate = clock(handle.client.replicate, [future])  # to the second worker
    return {"n": n, "m": g.m, "serializer": header.get("serializer"), "frames": len(frames),
            "bytes": nbytes, "csr_array_bytes": arrays, "scatter_s": t_scatter,
            "replicate_s": t_replicate, "build_s": t_build}  # fmt: skip


def per_source(n: int, k: int = 32) -> dict:
    """Seconds a source of exact betweenness on one thread (k sampled sources)."""
    import numba
    from synthetic_graphs import health_system_network

    g = health_system_network(n)
    numba.set_num_threads(1)
    rn.betweenness(g, samples=2, seed=0)
    cpu = time.process_time()
    _, took = clock(rn.betweenness, g, samples=k, seed=1)
    cpu = time.process_time() - cpu  # CPU seconds: what a dedicated core would take
    size = rd.default_batch(n, max(g.m, n))
    return {"n": n, "m": g.m, "sources": k, "per_source_s": took / k,
            "per_source_cpu_s": cpu / k, "batch_size": size,
            "batches": -(-n // size)}  # fmt: skip


def cluster_run(n: int) -> dict:
    """Exact betweenness on a 2-worker LocalCluster, beside the model's prediction from the
    single-thread time of 16 sampled sources on the same graph."""
    import numba
    from synthetic_graphs import health_system_network

    g = health_system_network(n)
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    rn.betweenness(g, samples=2, seed=0)
    _, took = clock(rn.betweenness, g, samples=16, seed=1)
    numba.set_num_threads(threads)
    size = rd.default_batch(n, max(g.m, n))
    batches = -(-n // size)
    with rn.distributed(n_workers=2) as handle:
        rn.betweenness(g, samples=2, seed=0)
        before = handle.client.run(_cpu_seconds)
        _, t_cluster = clock(rn.betweenness, g)
        after = handle.client.run(_cpu_seconds)
    worker_cpu = sum(after.values()) - sum(before.values())
    predicted = -(-batches // 2) * size * took / 16
    return {"n": n, "m": g.m, "batches": batches, "batch_size": size,
            "per_source_s": took / 16, "cluster_s": t_cluster, "predicted_s": predicted,
            "worker_cpu_s": worker_cpu, "predicted_cpu_s": n * took / 16}  # fmt: skip


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _row_batch(batch, *, n):
    return np.full(n, float(batch[0]))


def batch_overhead(n: int, count: int = 64) -> dict:
    """Cluster cost of a batch with no work: a task returning an n-float row, summed."""
    batches = rd.batch_ranges(count, 1)
    with rn.distributed(n_workers=2):
        rd.map_batches(_row_batch, batches[:4], shared={"n": n}, reduce="sum")  # warm
        total, took = clock(rd.map_batches, _row_batch, batches, shared={"n": n}, reduce="sum")
    assert total[0] == sum(range(count))
    return {"n": n, "batches": count, "workers": 2, "per_batch_s": took / count * 2}


def qap(n: int, n_perm: int) -> dict:
    g1, g2 = qap_layers(n)
    rn.qap_correlation(g1, g2, n_perm=2, seed=0)
    result, took = clock(rn.qap_correlation, g1, g2, n_perm=n_perm, seed=1)
    return {"n": n, "m1": g1.m, "m2": g2.m, "n_perm": n_perm, "seconds": took,
            "estimate": result.estimate, "p_value": result.p_value}  # fmt: skip


def dense_vs_sparse(n: int, n_perm: int) -> dict:
    g1, g2 = qap_layers(n)
    rn.qap_correlation(g1, g2, n_perm=2, seed=0)
    sparse, t_sparse = clock(rn.qap_correlation, g1, g2, n_perm=n_perm, seed=1)
    qap_module.QAP_SPARSE_ABOVE = 10**9
    dense, t_dense = clock(rn.qap_correlation, g1, g2, n_perm=n_perm, seed=1)
    diff = float(np.abs(sparse.null - dense.null).max())
    return {"n": n, "n_perm": n_perm, "sparse_s": t_sparse, "dense_s": t_dense,
            "dense_over_sparse": t_dense / t_sparse, "max_null_diff": diff,
            "estimate_diff": abs(sparse.estimate - dense.estimate)}  # fmt: skip


if __name__ == "__main__":
    what, *args = sys.argv[1:]
    out = globals()[what](*(int(a) for a in args))
    print(json.dumps(out))
