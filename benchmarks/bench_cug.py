"""CUG tests: rn.cug_test draws beside igraph's random graph generators on the same graphs.

The graph is ``relnet.synth.health_system(n, n_sites=10, seed=1)`` with trust and advice
merged into one layer (``synthetic_graphs.health_system_network``, about 5.5 arcs a person).
Three jobs:

* ``edges`` and ``dyad_census``: ``rn.cug_test(g, "transitivity", n_sims=1000)``; the peer
  is igraph ``Erdos_Renyi(n, m=m, directed=True)`` called 1000 times (drawing only: igraph
  has no directed gtrans nor U|MAN), beside relnet's drawing alone;
* ``degree``: one draw of degree-preserving rewiring at 10 moves per arc; the peer is
  igraph ``rewire(n=10 m, mode="simple")`` on a copy of the graph (one draw).

Default sizes are small so the suite stays quick (and assert correctness); the recorded
run uses the issue's sizes (10,000 staff for 1,000 draws, 100,000 staff for rewiring)::

    RELNET_BENCH_SIZES=full .venv/bin/python benchmarks/bench_cug.py

Each line prints the best wall time of ``RELNET_BENCH_ROUNDS`` (default 3) calls after a
warm-up call, and relnet's time over igraph's.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable

import igraph as ig
import numpy as np
import pytest
from synthetic_graphs import health_system_network

import relnet as rn
from relnet.inference.random_graphs import draw_seeds, null_model, seed_sequence

FULL = os.environ.get("RELNET_BENCH_SIZES", "") == "full"
N_DRAWS_STAFF = 10_000 if FULL else 1_000
N_DRAWS = 1000 if FULL else 100
N_REWIRE_STAFF = 100_000 if FULL else 5_000
ROUNDS = int(os.environ.get("RELNET_BENCH_ROUNDS", "3"))


@functools.lru_cache(maxsize=2)
def graphs(n: int) -> tuple[rn.Network, ig.Graph]:
    g = health_system_network(n).binarize()
    return g, ig.Graph(n=g.n, edges=np.column_stack([g.sources, g.indices]), directed=True)


def best(fn: Callable[[], object], rounds: int = ROUNDS) -> float:
    """Best wall time of ``fn()`` over ``rounds`` calls, after a warm-up call; the best
    process CPU time (all threads) goes to ``CPU`` for the printout: on a loaded shared
    machine it is the steadier figure."""
    fn()
    times, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU.append(min(cpu))
    return min(times)


CPU: list[float] = []


def draws_only(g: rn.Network, condition: str, k: int) -> int:
    """relnet's drawing alone: k draws of the null model, in batches (no statistic)."""
    model = null_model(g, condition, observed_only=False)
    total = 0
    for keys, _, _ in model.batches(draw_seeds(seed_sequence(1), k)):
        total += len(keys)
    return total


def run(out=sys.stdout) -> list[tuple[str, float, float]]:
    rows = []
    g, h = graphs(N_DRAWS_STAFF)
    print(f"health system {g.n:,} staff, {g.m:,} arcs; {N_DRAWS} draws", file=out)
    er = best(lambda: [ig.Graph.Erdos_Renyi(n=g.n, m=g.m, directed=True) for _ in range(N_DRAWS)])
    for condition in ("edges", "dyad_census"):
        cug = best(
            lambda c=condition: rn.cug_test(
                g, "transitivity", condition=c, n_sims=N_DRAWS, seed=1, missing="ignore"
            )
        )
        cug_cpu = CPU[-1]
        draw = best(lambda c=condition: draws_only(g, c, N_DRAWS))
        print(
            f"  {condition:12s} cug_test(transitivity) {cug:7.2f} s (cpu {cug_cpu:6.2f} s)"
            f" | draws only {draw:6.2f} s"
            f" | igraph Erdos_Renyi x{N_DRAWS} {er:6.2f} s | draws/igraph {draw / er:5.2f}",
            file=out,
        )
        rows.append((condition, cug, draw / er))
    g, h = graphs(N_REWIRE_STAFF)
    moves = 10 * g.m
    one = best(
        lambda: rn.cug_test(g, "density", condition="degree", n_sims=1, seed=1, missing="ignore")
    )

    def igraph_rewire() -> None:
        copy = h.copy()
        copy.rewire(n=moves, allowed_edge_types="simple")

    one_cpu = CPU[-1]
    peer = best(igraph_rewire)
    print(
        f"health system {g.n:,} staff, {g.m:,} arcs; degree rewiring, 10 moves per arc:\n"
        f"  relnet {one:6.2f} s per draw (cpu {one_cpu:5.2f} s) | "
        f"igraph rewire(simple) {peer:6.2f} s | relnet/igraph {one / peer:5.2f}",
        file=out,
    )
    rows.append(("degree", one, one / peer))
    return rows


@pytest.mark.parametrize("condition", ["edges", "dyad_census", "degree"])
def test_cug_draws(benchmark, condition):
    """Suite size: one CUG test per condition; the null keeps what its condition fixes."""
    g, _ = graphs(N_DRAWS_STAFF if condition != "degree" else N_REWIRE_STAFF)
    n_sims = 20
    result = benchmark.pedantic(
        rn.cug_test,
        args=(g, "density"),
        kwargs={"condition": condition, "n_sims": n_sims, "seed": 1, "missing": "ignore"},
        rounds=1,
        iterations=1,
    )
    assert np.all(result.null == rn.density(g, missing="ignore"))
    recip = rn.cug_test(g, "reciprocity", condition=condition, n_sims=5, seed=1, missing="ignore")
    if condition == "dyad_census":
        assert np.all(recip.null == recip.observed)
    else:
        assert recip.observed > recip.null.max()  # survey trust is far more reciprocal


if __name__ == "__main__":
    run()
