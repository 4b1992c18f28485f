"""Building a Network from edge arrays, beside igraph's Graph(n, edges) and networkx's DiGraph.

Default size is small so the suite stays quick; the recorded run uses 10,000,000 edges::

    RELNET_BENCH_EDGES=10000000 .venv/bin/python -m pytest benchmarks/bench_network.py \
        --benchmark-enable -s -p no:cacheprovider

Peak memory of relnet's build alone, per arc, at the sizes given (issue 22 item 6)::

    .venv/bin/python benchmarks/bench_network.py 100000 5000000

Peak memory is measured in a fresh subprocess per builder (ru_maxrss above the baseline with
the input arrays in memory), so C-level allocations of igraph count too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import igraph as ig
import networkx as nx
import numpy as np
import pytest

import relnet as rn

N_EDGES = int(os.environ.get("RELNET_BENCH_EDGES", "200000"))
NX_MAX_EDGES = 1_000_000


def edge_arrays(m: int, seed: int = 0) -> tuple[int, np.ndarray, np.ndarray]:
    """m distinct arcs without loops among n = m / 10 people, in random order."""
    n = max(m // 10, 10)
    rng = np.random.default_rng(seed)
    key = rng.integers(0, n * n, int(m * 1.1))
    key = np.unique(key)
    src, dst = key // n, key % n
    keep = src != dst
    src, dst = src[keep][:m], dst[keep][:m]
    order = rng.permutation(len(src))
    return n, src[order], dst[order]


@pytest.fixture(scope="module")
def arrays():
    return edge_arrays(N_EDGES)


def build_relnet(n, src, dst):
    return rn.Network.from_edges(src, dst, nodes=np.arange(n))


def build_igraph(n, src, dst):
    return ig.Graph(n=n, edges=np.column_stack([src, dst]), directed=True)


def build_networkx(n, src, dst):
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    G.add_edges_from(zip(src.tolist(), dst.tolist()))
    return G


def test_build_relnet(benchmark, arrays):
    n, src, dst = arrays
    g = benchmark.pedantic(build_relnet, args=arrays, rounds=3, iterations=1)
    assert g.m == len(src) and g.n == n


def test_build_igraph(benchmark, arrays):
    n, src, dst = arrays
    G = benchmark.pedantic(build_igraph, args=arrays, rounds=3, iterations=1)
    assert G.ecount() == len(src)


def test_build_networkx(benchmark, arrays):
    n, src, dst = arrays
    if len(src) > NX_MAX_EDGES:
        arrays = (n, src[:NX_MAX_EDGES], dst[:NX_MAX_EDGES])
    G = benchmark.pedantic(build_networkx, args=arrays, rounds=1, iterations=1)
    assert G.number_of_edges() == len(arrays[1])


def test_same_graph_from_all_builders():
    n, src, dst = edge_arrays(5000, seed=1)
    g = build_relnet(n, src, dst)
    G = build_igraph(n, src, dst)
    H = build_networkx(n, src, dst)
    ours = set(zip(g.sources.tolist(), g.indices.tolist()))
    assert ours == set(G.get_edgelist()) == set(H.edges())


MEMORY_SCRIPT = textwrap.dedent(
    """
    import resource, sys, time
    sys.path.insert(0, {bench_dir!r})
    from bench_network import edge_arrays, build_relnet, build_igraph, build_networkx
    builder = {{"relnet": build_relnet, "igraph": build_igraph, "networkx": build_networkx}}
    builder[{name!r}](*edge_arrays(1000))  # warm: load compiled kernels, import modules
    import numpy as np
    arrays = np.load({path!r})
    n, src, dst = int(arrays["n"]), arrays["src"], arrays["dst"]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    graph = builder[{name!r}](n, src, dst)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    held = 0
    if {name!r} == "relnet":
        held = sum(a.nbytes for a in (graph.indptr, graph.indices, graph.weights,
                                      graph.t_indptr, graph.t_indices, graph.t_to_out))
    print(seconds, (peak - base) * 1024, held)
    """
)


def measure(name: str, m: int, folder) -> tuple[float, float, int]:
    """(seconds, peak bytes above baseline, bytes held by the structure) in a subprocess."""
    path = str(folder / f"edges_{m}.npz")
    if not os.path.exists(path):
        n, src, dst = edge_arrays(m)
        np.savez(path, n=n, src=src, dst=dst)
    script = MEMORY_SCRIPT.format(bench_dir=os.path.dirname(__file__), path=path, name=name)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def test_print_build_table(tmp_path):
    """Print time and memory per edge of each builder on the same arrays (one run each)."""
    rows = []
    for name in ("relnet", "igraph", "networkx"):
        m = min(N_EDGES, NX_MAX_EDGES) if name == "networkx" else N_EDGES
        seconds, peak, held = measure(name, m, tmp_path)
        rows.append((name, m, seconds, peak / m, held / m))
    relnet_seconds = rows[0][2]
    print(
        f"\n{'builder':<10}{'edges':>12}{'seconds':>10}{'peak B/edge':>13}{'held B/edge':>13}"
        f"{'relnet/peer':>13}"
    )
    for name, m, seconds, peak, held in rows:
        ratio = relnet_seconds / seconds if m == N_EDGES else float("nan")
        print(f"{name:<10}{m:>12}{seconds:>10.3f}{peak:>13.1f}{held:>13.1f}{ratio:>13.2f}")
    assert rows[0][4] <= 40.0  # the stored structure, independent of timing noise


if __name__ == "__main__":
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        for m in [int(a) for a in sys.argv[1:]] or [N_EDGES]:
            seconds, peak, held = measure("relnet", m, Path(folder))
            print(f"{m:>10,} arcs: {seconds:.3f} s, peak {peak / m:.1f} B/arc, held {held / m:.1f}")
