"""networkx alone beside networkx with the relnet backend, function by function.

The graph is the trust relation (wave 1) of ``relnet.synth.health_system(n, seed=1)`` as a
networkx DiGraph with the roster as node attributes and the trust rating as ``weight``. Each
function runs three ways: ``networkx`` (``backend="networkx"``), ``relnet+convert`` (the
conversion cache cleared first, so the conversion is timed) and ``relnet`` (the converted
graph already cached on ``G``, conversion excluded).

The default size is small so ``make test`` stays quick. The recorded figures::

    RELNET_BENCH_SIZES=10000 .venv/bin/python benchmarks/bench_nx_backend.py

or through pytest-benchmark::

    RELNET_BENCH_SIZES=10000 .venv/bin/python -m pytest benchmarks/bench_nx_backend.py \
        --benchmark-enable -p no:cacheprovider
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest

import relnet as rn

SIZES = [int(s) for s in os.environ.get("RELNET_BENCH_SIZES", "300").split(",")]

# (label, networkx function, keyword arguments)
CALLS: list[tuple[str, Callable[..., Any], dict[str, Any]]] = [
    ("triadic_census", nx.triadic_census, {}),
    ("overall_reciprocity", nx.overall_reciprocity, {}),
    ("reciprocity(nodes=all)", nx.reciprocity, {"nodes": "ALL"}),
    ("constraint", nx.constraint, {}),
    ("effective_size(nodes=n/10)", nx.effective_size, {"nodes": "TENTH"}),
    ("betweenness_centrality", nx.betweenness_centrality, {}),
    ("betweenness_centrality(weight)", nx.betweenness_centrality, {"weight": "weight"}),
    ("betweenness_centrality(k=n/10)", nx.betweenness_centrality, {"k": "TENTH", "seed": 1}),
    ("core_number", nx.core_number, {}),
    ("number_strongly_connected_components", nx.number_strongly_connected_components, {}),
    ("strongly_connected_components", nx.strongly_connected_components, {}),
    ("weakly_connected_components", nx.weakly_connected_components, {}),
    ("attribute_assortativity_coefficient", nx.attribute_assortativity_coefficient, {}),
    ("pagerank", nx.pagerank, {}),
    ("harmonic_centrality", nx.harmonic_centrality, {}),
    ("clustering", nx.clustering, {}),
    ("average_clustering", nx.average_clustering, {}),
]
MODES = ("networkx", "relnet+convert", "relnet")
_graphs: dict[int, nx.DiGraph] = {}


def trust_digraph(n: int) -> nx.DiGraph:
    """Trust, wave 1, of the synthetic health system as a DiGraph (roster attributes)."""
    if n not in _graphs:
        survey = rn.synth.health_system(n, seed=1)
        noms = survey.nominations
        noms = noms[(noms["relation"] == "trust") & (noms["wave"] == 1)]
        G = nx.DiGraph()
        roster = survey.roster.set_index("id")
        G.add_nodes_from((i, row) for i, row in zip(roster.index, roster.to_dict("records")))
        G.add_weighted_edges_from(
            zip(noms["respondent"].tolist(), noms["nominee"].tolist(), noms["weight"].tolist())
        )
        _graphs[n] = G
    return _graphs[n]


def runner(G: nx.DiGraph, func: Callable[..., Any], kwargs: dict[str, Any], mode: str):
    """A no-argument callable running one call in one mode (generators consumed)."""
    kwargs = dict(kwargs)
    if kwargs.get("nodes") == "ALL":
        kwargs["nodes"] = list(G)
    if kwargs.get("nodes") == "TENTH":
        kwargs["nodes"] = list(G)[: max(len(G) // 10, 1)]
    if kwargs.get("k") == "TENTH":
        kwargs["k"] = max(len(G) // 10, 1)
    args = (G, "unit") if func is nx.attribute_assortativity_coefficient else (G,)
    backend = "networkx" if mode == "networkx" else "relnet"

    def run():
        if mode == "relnet+convert":
            G.__networkx_cache__.clear()
        result = func(*args, backend=backend, **kwargs)
        return list(result) if not isinstance(result, (dict, float, int)) else result

    if mode == "relnet":
        run()  # convert (and compile) once, outside the timing
    return run


@pytest.fixture(autouse=True)
def _quiet_cache_warning():
    nx.config.warnings_to_ignore.add("cache")
    yield


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("label", "func", "kwargs"), CALLS, ids=[c[0] for c in CALLS])
def test_nx_backend(benchmark, n, mode, label, func, kwargs):
    G = trust_digraph(n)
    benchmark.group = f"nx backend {label} n={n}"
    run = runner(G, func, kwargs, mode)
    got = benchmark.pedantic(run, rounds=1, iterations=1, warmup_rounds=0)
    if mode != "networkx":  # the timings compare like with like: same answer as networkx
        want = runner(G, func, kwargs, "networkx")()
        assert same_answer(got, want), label


def same_answer(got: Any, want: Any) -> bool:
    """Equal results: floats to 1e-9 (NaN = NaN), components as sets, dicts key by key."""
    if isinstance(want, dict):
        return got.keys() == want.keys() and all(same_answer(got[k], want[k]) for k in want)
    if isinstance(want, list) and want and isinstance(want[0], set):
        return {frozenset(c) for c in got} == {frozenset(c) for c in want}
    if isinstance(want, float):
        if math.isnan(want):
            return math.isnan(got)
        return abs(got - want) <= 1e-9 * max(1.0, abs(want))
    return got == want


def best_of(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    nx.config.warnings_to_ignore.add("cache")
    for n in SIZES:
        G = trust_digraph(n)
        print(
            f"\nn={n} staff, {G.number_of_edges()} trust arcs (wave 1); "
            "seconds, best of 3 (networkx: 1 run from 5,000)"
        )
        print(f"{'function':40s} {'networkx':>10s} {'relnet+conv':>12s} {'relnet':>10s} {'x':>7s}")
        only = os.environ.get("RELNET_BENCH_ONLY")  # e.g. "core_number,pagerank"
        for label, func, kwargs in CALLS:
            if only and label not in only.split(","):
                continue
            times = {}
            for mode in MODES:
                run = runner(G, func, kwargs, mode)
                repeat = 1 if mode == "networkx" and n >= 5000 else 3
                times[mode] = best_of(run, repeat)
            ratio = times["networkx"] / times["relnet"]
            print(
                f"{label:40s} {times['networkx']:10.4f} {times['relnet+convert']:12.4f} "
                f"{times['relnet']:10.4f} {ratio:7.1f}"
            )


if __name__ == "__main__":
    main()
