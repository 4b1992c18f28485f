"""Dyad census, reciprocity and triad census: relnet beside igraph (and networkx) on one graph.

The graph is the trust layer (wave 1) of ``relnet.synth.health_system(n_staff, seed=1)``; the
same arcs go into an igraph Graph and, up to 10,000 staff, a networkx DiGraph. Default size is
small so the suite stays quick. The recorded run::

    .venv/bin/python benchmarks/bench_reciprocity.py 10000 100000 1000000

prints one row per size and measure: the best of ``RELNET_BENCH_ROUNDS`` (default 15) timed
calls of each tool (at least 3, fewer past 15 s), after a warm-up call (numba compiles or loads
its cache there), and the ratio relnet / peer. The best of many calls filters out the moments
when other processes hold the cores. Under pytest (``--benchmark-enable``),
``RELNET_BENCH_SIZES`` (comma separated staff counts, or ``full`` for the recorded sizes;
default 2000) picks the sizes and pytest-benchmark reports each call.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable

import igraph as ig
import networkx as nx
import numba
import numpy as np
import pytest

import relnet as rn

# other suites read RELNET_BENCH_SIZES too ("full" for some): use its numbers only;
# "full" means the recorded sizes
_SIZES_ENV = os.environ.get("RELNET_BENCH_SIZES", "")
SIZES = [int(s) for s in _SIZES_ENV.split(",") if s.strip().isdigit()] or (
    [10_000, 100_000, 1_000_000] if _SIZES_ENV.strip() == "full" else [2000]
)
ROUNDS = int(os.environ.get("RELNET_BENCH_ROUNDS", "15"))
NX_MAX_STAFF = 10_000


@functools.lru_cache(maxsize=2)
def graphs(n_staff: int) -> tuple[rn.Network, ig.Graph, nx.DiGraph | None]:
    """The trust network of a synthetic health system as relnet, igraph and networkx graphs."""
    survey = rn.synth.health_system(n_staff, seed=1)
    noms = survey.nominations
    trust = noms[(noms["relation"] == "trust") & (noms["wave"] == noms["wave"].min())]
    roster = survey.roster.set_index("id")
    g = rn.Network.from_edges(
        trust["respondent"], trust["nominee"], weight=trust["weight"], nodes=roster
    )
    arcs = np.column_stack([g.sources, g.indices])
    h = ig.Graph(n=g.n, edges=arcs, directed=True)
    G = None
    if n_staff <= NX_MAX_STAFF:
        G = nx.DiGraph()
        G.add_nodes_from(range(g.n))
        G.add_edges_from(arcs.tolist())
    return g, h, G


def calls(n_staff: int) -> dict[str, dict[str, Callable[[], object]]]:
    """measure -> tool -> a no-argument call computing it on the same graph."""
    g, h, G = graphs(n_staff)
    table = {
        "dyad_census": {
            # missing="ignore": unobserved = absent, as igraph does (and no warning)
            "relnet": lambda: rn.dyad_census(g, missing="ignore"),
            "igraph": h.dyad_census,
        },
        "reciprocity": {
            "relnet": lambda: rn.reciprocity(g, missing="ignore"),
            "igraph": h.reciprocity,
        },
        "triad_census": {"relnet": lambda: rn.triad_census(g), "igraph": h.triad_census},
    }
    if G is not None:
        table["reciprocity"]["networkx"] = lambda: nx.overall_reciprocity(G)
        table["triad_census"]["networkx"] = lambda: nx.triadic_census(G)
    return table


def best_time(call: Callable[[], object], rounds: int, budget: float = 15.0) -> float:
    """Best of ``rounds`` timed calls (at least 3; fewer than ``rounds`` past ``budget`` s)."""
    call()  # warm-up: numba compiles or loads its cache
    best = np.inf
    spent = 0.0
    for k in range(rounds):
        start = time.perf_counter()
        call()
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        spent += elapsed
        if k >= 2 and spent > budget:
            break
    return best


def ratio_table(sizes: list[int], rounds: int = ROUNDS) -> str:
    """Markdown table of best times (ms) and ratios relnet / peer."""
    lines = [
        "| staff | arcs | measure | relnet ms | igraph ms | relnet/igraph | networkx ms "
        "| relnet/networkx |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n_staff in sizes:
        g, _, _ = graphs(n_staff)
        for measure, tools in calls(n_staff).items():
            times = {tool: best_time(call, rounds) * 1e3 for tool, call in tools.items()}
            nx_ms = times.get("networkx")
            nx_cells = (
                f"{nx_ms:.2f} | {times['relnet'] / nx_ms:.2g}" if nx_ms is not None else "- | -"
            )
            lines.append(
                f"| {n_staff:,} | {g.m:,} | {measure} | {times['relnet']:.2f} "
                f"| {times['igraph']:.2f} | {times['relnet'] / times['igraph']:.3f} | {nx_cells} |"
            )
    return "\n".join(lines)


CASES = [
    (n_staff, measure, tool)
    for n_staff in SIZES
    for measure in ("dyad_census", "reciprocity", "triad_census")
    for tool in ("relnet", "igraph", "networkx")
    if not (tool == "networkx" and (measure == "dyad_census" or n_staff > NX_MAX_STAFF))
]


@pytest.mark.parametrize(("n_staff", "measure", "tool"), CASES)
def test_benchmark(benchmark, n_staff, measure, tool):
    call = calls(n_staff)[measure][tool]
    call()  # warm-up outside the timing
    benchmark.group = f"{measure} {n_staff} staff"
    got = benchmark.pedantic(call, rounds=3, iterations=1)
    want = calls(n_staff)[measure]["igraph"]()  # the same answer as igraph on this graph
    assert as_numbers(got) == pytest.approx(as_numbers(want), rel=1e-12)


def as_numbers(result: object) -> list[float]:
    """A census (dict, Series, tuple or list) or a single value as a flat list of floats."""
    if isinstance(result, dict):
        result = list(result.values())
    if hasattr(result, "tolist"):
        result = result.tolist()
    if isinstance(result, (list, tuple)):
        return [float(x) for x in result]
    return [float(result)]


def test_same_answers():
    """The tools agree on the benchmark graph, so the timings compare like with like."""
    for n_staff in SIZES:
        table = calls(n_staff)
        assert table["dyad_census"]["relnet"]().tolist() == list(table["dyad_census"]["igraph"]())
        assert table["reciprocity"]["relnet"]() == pytest.approx(table["reciprocity"]["igraph"]())
        assert table["triad_census"]["relnet"]().tolist() == list(table["triad_census"]["igraph"]())


if __name__ == "__main__":
    chosen = [int(a) for a in sys.argv[1:]] or SIZES
    print(f"rounds={ROUNDS}, numba threads={numba.get_num_threads()}")
    print(ratio_table(chosen))
