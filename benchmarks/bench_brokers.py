"""Brokers and centrality on a synthetic health system, beside igraph, NetworKit and networkx.

The graph is ``relnet.synth.health_system(n, n_sites=10, seed=1)`` with trust and advice
nominations merged into one layer (any tie, the stronger weight), about 5.5 arcs a person.
Default sizes are small so the suite stays quick; the recorded run uses the full sizes::

    RELNET_BENCH_SIZES=full .venv/bin/python -m pytest benchmarks/bench_brokers.py \
        --benchmark-enable -s -p no:cacheprovider

Full sizes: exact betweenness at 20,000 staff (relnet, igraph, NetworKit with 2 threads),
constraint at 1,000,000 (relnet, igraph), effective size at 10,000 (relnet, networkx) and
brokerage by site at 1,000,000 (relnet: time and peak memory, in a fresh subprocess).
Each peer group prints relnet's time over the peer's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import igraph as ig
import networkit as nk
import networkx as nx
import numpy as np
import pytest
from synthetic_graphs import health_system_network

import relnet as rn

FULL = os.environ.get("RELNET_BENCH_SIZES", "") == "full"
SIZES = {
    "betweenness": 20_000 if FULL else 2_000,
    "constraint": 1_000_000 if FULL else 20_000,
    "effective_size": 10_000 if FULL else 2_000,
    "brokerage": 1_000_000 if FULL else 20_000,
}
THREADS = 2
_timings: dict[tuple[str, str], float] = {}


_graphs: dict[int, rn.Network] = {}


def graph_of(n: int) -> rn.Network:
    if n not in _graphs:
        _graphs[n] = health_system_network(n)
    return _graphs[n]


def record(measure: str, tool: str, seconds: float) -> None:
    _timings[(measure, tool)] = seconds
    peers = {t: s for (m, t), s in _timings.items() if m == measure and t != "relnet"}
    if (measure, "relnet") in _timings:
        ours = _timings[(measure, "relnet")]
        for tool_name, peer in peers.items():
            print(
                f"\n{measure}: relnet {ours:.3f} s, {tool_name} {peer:.3f} s, "
                f"ratio relnet/{tool_name} = {ours / peer:.3f}"
            )


def timed(benchmark, fn, rounds=3):
    if FULL:
        rounds = min(rounds, 2)
    result = benchmark.pedantic(fn, rounds=rounds, iterations=1, warmup_rounds=0)
    stats = benchmark.stats.stats if benchmark.enabled else None
    return result, (stats.min if stats is not None else None)


@pytest.fixture(scope="module", autouse=True)
def warm_up():
    """Compile the kernels once on a tiny graph so timings exclude JIT."""
    g = health_system_network(200)
    rn.betweenness(g)
    rn.structural_holes(g)
    rn.brokerage(g, "site")


# ------------------------------------------------------------------------- betweenness
def test_betweenness_relnet(benchmark):
    g = graph_of(SIZES["betweenness"])
    result, best = timed(benchmark, lambda: rn.betweenness(g), rounds=3)
    assert len(result) == g.n
    if best is not None:
        record("betweenness", "relnet", best)


def test_betweenness_igraph(benchmark):
    g = graph_of(SIZES["betweenness"])
    H = ig.Graph(n=g.n, edges=np.column_stack([g.sources, g.indices]), directed=True)
    result, best = timed(benchmark, lambda: H.betweenness(directed=True), rounds=1 if FULL else 3)
    np.testing.assert_allclose(result, rn.betweenness(g).to_numpy(), rtol=1e-9, atol=1e-6)
    if best is not None:
        record("betweenness", "igraph", best)


def test_betweenness_networkit(benchmark):
    g = graph_of(SIZES["betweenness"])
    nk.setNumberOfThreads(THREADS)
    G = nk.Graph(g.n, directed=True)
    G.addEdges((g.sources.astype(np.uint64), g.indices.astype(np.uint64)))

    def run():
        algo = nk.centrality.Betweenness(G, normalized=False)
        algo.run()
        return algo.scores()

    result, best = timed(benchmark, run, rounds=1 if FULL else 3)
    np.testing.assert_allclose(result, rn.betweenness(g).to_numpy(), rtol=1e-9, atol=1e-6)
    if best is not None:
        record("betweenness", "networkit", best)


# ------------------------------------------------------------------------- constraint
def test_constraint_relnet(benchmark):
    g = graph_of(SIZES["constraint"])
    result, best = timed(benchmark, lambda: rn.structural_holes(g), rounds=3)
    assert len(result) == g.n
    if best is not None:
        record("constraint", "relnet", best)


def test_constraint_igraph(benchmark):
    g = graph_of(SIZES["constraint"])
    H = ig.Graph(n=g.n, edges=np.column_stack([g.sources, g.indices]), directed=True)
    result, best = timed(benchmark, lambda: H.constraint(), rounds=1 if FULL else 3)
    ours = rn.structural_holes(g)["constraint"].to_numpy()
    np.testing.assert_allclose(result, ours, rtol=1e-9, equal_nan=True)
    if best is not None:
        record("constraint", "igraph", best)


# ------------------------------------------------------------------------- effective size
def test_effective_size_relnet(benchmark):
    g = graph_of(SIZES["effective_size"])
    result, best = timed(benchmark, lambda: rn.structural_holes(g), rounds=3)
    assert len(result) == g.n
    if best is not None:
        record("effective_size", "relnet", best)


def test_effective_size_networkx(benchmark):
    g = graph_of(SIZES["effective_size"])
    G = g.to_networkx()
    result, best = timed(benchmark, lambda: nx.effective_size(G), rounds=1)
    assert len(result) == g.n
    if best is not None:
        record("effective_size", "networkx", best)


# ------------------------------------------------------------------------- brokerage
BROKERAGE_SCRIPT = textwrap.dedent(
    """
    import gc, resource, sys, time
    sys.path.insert(0, {bench_dir!r})
    from synthetic_graphs import health_system_network
    import relnet as rn

    def status(key):
        for line in open("/proc/self/status"):
            if line.startswith(key):
                return int(line.split()[1]) / 1024  # MiB
        return float("nan")

    g = health_system_network({n})
    rn.brokerage(health_system_network(200), "site")  # compile
    gc.collect()
    with open("/proc/self/clear_refs", "w") as f:  # reset the peak RSS (VmHWM) to now
        f.write("5")
    before = status("VmRSS")
    cpu = time.process_time()
    t = time.perf_counter()
    result = rn.brokerage(g, "site")
    seconds = time.perf_counter() - t
    cpu = time.process_time() - cpu
    peak = status("VmHWM")
    total = float(result.network.loc["total", "raw"])
    print(seconds, cpu, peak - before, peak, g.m, total, open_two_paths(g))
    """
)


def open_two_paths(g: rn.Network) -> int:
    """Two-paths i -> v -> k (i != k) with no arc i -> k, by sparse matrix algebra.

    Every such path has exactly one broker v whatever the groups, so it is the total of
    Gould and Fernandez's five roles: an oracle independent of relnet's two-path walk.
    """
    import scipy.sparse as sp

    A = sp.csr_matrix((np.ones(g.m), g.indices, g.indptr), shape=(g.n, g.n))
    paths = (A @ A).tolil()
    paths.setdiag(0)
    paths = paths.tocsr()
    closed = paths.multiply(A)
    return int(paths.sum() - closed.sum())


def test_brokerage_relnet_time_and_memory(benchmark):
    """Time and peak memory in a fresh process (printed); the total checked by an oracle."""
    n = SIZES["brokerage"]
    if not benchmark.enabled:
        g = graph_of(min(n, 20_000))
        total = rn.brokerage(g, "site").network.loc["total", "raw"]
        assert total == open_two_paths(g)
        return
    script = BROKERAGE_SCRIPT.format(bench_dir=os.path.dirname(__file__), n=n)
    script = script.replace(
        "import relnet as rn", "import relnet as rn\nfrom bench_brokers import open_two_paths"
    )

    def run() -> list[str]:  # the whole fresh process; the call itself is timed inside it
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    out = benchmark.pedantic(run, rounds=1, iterations=1)
    seconds, cpu, peak_mib, max_rss_mib, arcs, total, oracle = map(float, out)
    benchmark.extra_info.update(seconds=seconds, cpu_seconds=cpu, peak_mib=peak_mib)
    assert total == oracle
    print(
        f"\nbrokerage by site, {n:,} staff, {int(arcs):,} arcs: {seconds:.2f} s wall, "
        f"{cpu:.2f} s CPU (2 threads), peak memory {peak_mib:.0f} MiB above the loaded graph "
        f"(process peak {max_rss_mib:.0f} MiB), {total:,.0f} brokered two-paths"
    )


def test_timing_table():
    """Print a summary of the ratios measured in this run (nothing when benchmarks are off)."""
    for (measure, tool), seconds in sorted(_timings.items()):
        print(f"{measure:15s} {tool:10s} {seconds:9.3f} s")
