"""Outcome linkage at scale: group_metrics over every team and site, beside a per-group loop.

The graph is the wave-1 trust layer of ``relnet.synth.health_system(n, n_sites=3, seed=1)``
(about 3.1 arcs a person, teams of about 10). Default size 5,000 staff and 100 MRQAP
permutations, so the suite stays quick; the recorded run uses 20,000 staff and 1,000
permutations (``RELNET_BENCH_SIZES=full``), and the 1,000,000-staff run is marked ``huge`` and
runs in a fresh subprocess that reports time and peak memory::

    RELNET_BENCH_SIZES=full .venv/bin/python -m pytest benchmarks/bench_outcomes.py \
        --benchmark-enable --huge -s -p no:cacheprovider

Peers: there is no library call for "every measure of every group"; the yardstick is the
loop a user would write with igraph (``induced_subgraph`` per team, then density,
reciprocity, transitivity and betweenness), on the same graph in the same run. MRQAP (DSP,
1,000 permutations, 2 predictors) is timed at 200 people.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import pytest

import relnet as rn

FULL = os.environ.get("RELNET_BENCH_SIZES", "") == "full"
N = 20_000 if FULL else 5_000
N_PERM = 1_000 if FULL else 100
_timings: dict[str, float] = {}
_graphs: dict[int, rn.Network] = {}


def timed(label, fn, *args, **kwargs):
    """Run ``fn`` and keep the fastest wall time under ``label`` (works with benchmarks off)."""

    def run():
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        took = time.perf_counter() - start
        _timings[label] = min(took, _timings.get(label, float("inf")))
        return result

    return run


def trust_network(n: int) -> rn.Network:
    if n not in _graphs:
        s = rn.synth.health_system(n, n_sites=3, seed=1)
        noms = s.nominations[(s.nominations["relation"] == "trust") & (s.nominations["wave"] == 1)]
        _graphs[n] = rn.Network.from_edges(
            noms["respondent"].to_numpy(),
            noms["nominee"].to_numpy(),
            weight=noms["weight"].to_numpy(),
            nodes=s.roster.set_index("id"),
        )
    return _graphs[n]


def _igraph_team_loop(g: rn.Network) -> int:
    G = g.to_igraph()
    teams = pd.factorize(g.attribute("team"))[0]
    order = np.argsort(teams, kind="stable")
    cuts = np.flatnonzero(np.diff(teams[order])) + 1
    done = 0
    for members in np.split(order, cuts):
        sub = G.induced_subgraph(members.tolist())
        sub.density(loops=False)
        sub.reciprocity()
        sub.transitivity_undirected()
        if sub.vcount() > 2:
            max(sub.betweenness(directed=True))
        done += 1
    return done


def test_group_metrics_teams_relnet(benchmark):
    g = trust_network(N)
    rn.group_metrics(g, "team")  # compile / load kernels
    run = timed("relnet teams", rn.group_metrics, g, "team")
    table = benchmark.pedantic(run, rounds=3, iterations=1)
    assert len(table) == g.attribute("team").nunique()


def test_group_metrics_teams_igraph_loop(benchmark):
    g = trust_network(N)
    done = benchmark.pedantic(timed("igraph loop teams", _igraph_team_loop, g), rounds=1,
                              iterations=1)  # fmt: skip
    assert done == g.attribute("team").nunique()
    if "relnet teams" in _timings:
        ratio = _timings["relnet teams"] / _timings["igraph loop teams"]
        print(
            f"\ngroup_metrics(team) at {N:,} staff: relnet {_timings['relnet teams']:.3f}s, "
            f"igraph loop {_timings['igraph loop teams']:.3f}s, relnet/peer = {ratio:.3f}"
        )


def test_group_metrics_sites_relnet(benchmark):
    g = trust_network(N)
    table = benchmark.pedantic(timed("relnet sites", rn.group_metrics, g, "site"), rounds=3,
                               iterations=1)  # fmt: skip
    print(f"\ngroup_metrics(site) at {N:,} staff: {_timings['relnet sites']:.3f}s")
    assert len(table) == 3


def test_mrqap_dsp_200_people(benchmark):
    rng = np.random.default_rng(1)
    n = 200

    def random_net(p):
        A = rng.random((n, n)) < p
        np.fill_diagonal(A, False)
        src, dst = np.nonzero(A)
        return rn.Network.from_edges(src, dst, nodes=range(n))

    y, x1, x2 = random_net(0.05), random_net(0.05), random_net(0.1)
    run = timed("mrqap", rn.mrqap, y, {"x1": x1, "x2": x2}, n_perm=N_PERM, seed=1)
    fit = benchmark.pedantic(run, rounds=1, iterations=1)
    print(f"\nmrqap DSP, 200 people, 2 predictors, {N_PERM:,} permutations: "
          f"{_timings['mrqap']:.2f}s")  # fmt: skip
    assert fit["p_value"].notna().sum() == 2


SCRIPT = textwrap.dedent(
    """
    import gc, sys, time, warnings
    import relnet as rn
    sys.path.insert(0, {bench!r})
    from bench_outcomes import trust_network, _graphs
    warnings.simplefilter("ignore")

    def status(key):
        for line in open("/proc/self/status"):
            if line.startswith(key):
                return int(line.split()[1]) / 1024

    rn.group_metrics(trust_network(2000), "team")  # kernels from the cache
    g = trust_network({n})
    _graphs.clear()
    gc.collect()
    for by in ("team", "site", ["site", "team"]):
        base = status("VmRSS")
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak (VmHWM) to the current RSS
        start = time.perf_counter()
        table = rn.group_metrics(g, by, missing="ignore")
        took = time.perf_counter() - start
        extra = status("VmHWM") - base
        print(f"RESULT {{by}} groups={{len(table)}} seconds={{took:.2f}}",
              f"peak_extra_mb={{extra:.0f}}")
        del table
        gc.collect()
    start = time.perf_counter()
    rn.group_metrics(g, "team", missing="ignore")
    rn.group_metrics(g, "site", missing="ignore")
    both = time.perf_counter() - start
    print(f"RESULT teams+sites seconds={{both:.2f}} people={{g.n}} arcs={{g.m}}")
    print(f"RESULT rss_with_graph_mb={{status('VmRSS'):.0f}}")
    """
)


@pytest.mark.huge
def test_group_metrics_million_staff_time_and_memory():
    bench = os.path.dirname(os.path.abspath(__file__))
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(bench=bench, n=1_000_000)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT")]
    print("\n" + "\n".join(lines) + f"\n(subprocess wall {time.perf_counter() - start:.1f}s)")
    assert any("teams+sites" in line for line in lines)
