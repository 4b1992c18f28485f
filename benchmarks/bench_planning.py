"""Champions: key players, group centrality and simulated diffusion, beside networkx.

The graph is ``relnet.synth.health_system(n, n_sites=10, seed=1)`` with trust and advice
nominations merged into one layer (about 5.1 arcs a person), as in ``bench_brokers.py``.
Default sizes are small so the suite stays quick; the recorded run uses::

    RELNET_BENCH_SIZES=full .venv/bin/python -m pytest benchmarks/bench_planning.py \
        --benchmark-enable -s -p no:cacheprovider            # 100,000 staff
    RELNET_BENCH_HUGE=1 .venv/bin/python -m pytest benchmarks/bench_planning.py \
        --benchmark-enable -s -p no:cacheprovider -k huge     # 1,000,000 staff

- ``key_players(k=20, objective="reach", m=2)`` (greedy + swaps, 10 starts, and 1 start)
  at 2,000 / 100,000 / 1,000,000 staff; at 2,000 staff beside a networkx greedy (a radius-2
  ball per person with ``single_source_shortest_path_length``, then k passes of set
  unions), whose score relnet must match or beat.
- ``group_centrality`` of the chosen set beside networkx ``group_*_centrality`` at 1,000
  staff (equal values asserted).
- ``simulate_diffusion`` 100 runs x 20 steps (threshold 0.2 and cascade p = 0.1, and the
  heavy cases threshold 0 and cascade p = 0.5, where most of the network adopts in every
  run) at the same sizes as key players; at 2,000 staff beside a plain networkx cascade
  loop.
"""

from __future__ import annotations

import os
import time

import networkx as nx
import numpy as np
import pytest
from synthetic_graphs import health_system_network

import relnet as rn

FULL = os.environ.get("RELNET_BENCH_SIZES", "") == "full"
N_BIG = 100_000 if FULL else 5_000
N_PEER = 2_000
N_GROUP = 1_000
_graphs: dict[int, rn.Network] = {}


def graph_of(n: int) -> rn.Network:
    if n not in _graphs:
        _graphs[n] = health_system_network(n)
    return _graphs[n]


def best_of(fn, rounds: int = 2) -> float:
    """Best wall time of ``fn()`` over ``rounds`` after one warm-up (JIT compile or cache)."""
    fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def timed(fn) -> tuple[float, float]:
    """Wall and process CPU seconds of one ``fn()`` after a warm-up call. On a shared
    machine the CPU time is the steadier figure (it counts both threads' work)."""
    fn()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def nx_greedy_reach(G: nx.DiGraph, k: int, m: int) -> tuple[list, float]:
    """Plain greedy for reach within m steps against the arcs (direction "in")."""
    R = G.reverse(copy=False)
    balls = {v: set(nx.single_source_shortest_path_length(R, v, cutoff=m)) for v in R}
    chosen: list = []
    covered: set = set()
    for _ in range(k):
        best = max((v for v in balls if v not in chosen), key=lambda v: len(balls[v] - covered))
        chosen.append(best)
        covered |= balls[best]
    n = G.number_of_nodes()
    return chosen, (len(covered) - k) / (n - k)


def nx_cascade(G: nx.DiGraph, seeds: list, p: float, steps: int, runs: int, seed: int) -> float:
    """Independent cascade against the arcs in plain Python; mean final share."""
    rng = np.random.default_rng(seed)
    R = G.reverse(copy=False)
    total = 0
    for _ in range(runs):
        adopted = set(seeds)
        frontier = list(seeds)
        for _ in range(steps):
            new = []
            for x in frontier:
                for y in R.successors(x):
                    if y not in adopted and rng.random() < p:
                        adopted.add(y)
                        new.append(y)
            frontier = new
        total += len(adopted)
    return total / runs / G.number_of_nodes()


def to_nx(g: rn.Network) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_nodes_from(range(g.n))
    G.add_edges_from(zip(g.sources.tolist(), g.indices.tolist()))
    return G


def test_key_players_vs_networkx_greedy(benchmark):
    g = graph_of(N_PEER)
    G = to_nx(g)
    ours = best_of(lambda: rn.key_players(g, 20, m=2, seed=1))
    one = best_of(lambda: rn.key_players(g, 20, m=2, n_starts=1))
    theirs = best_of(lambda: nx_greedy_reach(G, 20, 2), rounds=1)
    kp = rn.key_players(g, 20, m=2, seed=1)
    _, nx_score = nx_greedy_reach(G, 20, 2)
    print(
        f"\nkey_players reach m=2 k=20 (n={g.n:,}, m={g.m:,}): relnet {ours:.3f} s "
        f"(1 start {one:.3f} s, score {kp.score:.5f}), networkx greedy {theirs:.3f} s "
        f"(score {nx_score:.5f}); relnet/networkx = {ours / theirs:.3f}"
    )
    assert kp.score >= nx_score - 1e-12
    benchmark.pedantic(lambda: rn.key_players(g, 20, m=2, seed=1), rounds=1, iterations=1)


@pytest.mark.parametrize("measure", ["degree", "closeness", "betweenness"])
def test_group_centrality_vs_networkx(benchmark, measure):
    g = graph_of(N_GROUP)
    G = to_nx(g)
    group = [int(v) for v in g.positions(rn.key_players(g, 10, n_starts=1).players)]
    if measure == "degree":
        peer = lambda: nx.group_out_degree_centrality(G, group)  # noqa: E731
        kwargs = {"mode": "out"}
    elif measure == "closeness":
        peer = lambda: nx.group_closeness_centrality(G, group)  # noqa: E731
        kwargs = {"mode": "in"}
    else:
        U = G.to_undirected()
        giant = max(nx.connected_components(U), key=len)
        U = U.subgraph(giant).copy()
        keep = np.isin(np.arange(g.n), sorted(giant))
        g = rn.Network.from_edges(
            [u for u, v in U.edges] + [v for u, v in U.edges],
            [v for u, v in U.edges] + [u for u, v in U.edges],
            nodes=sorted(giant),
        )
        group = [v for v in group if keep[v]]
        G = U
        peer = lambda: nx.group_betweenness_centrality(U, group)  # noqa: E731
        kwargs = {"mode": "all"}
    # the betweenness graph is rebuilt with positions as ids; the others keep roster ids
    ids = group if measure == "betweenness" else list(g.ids.take(group))
    ours = best_of(lambda: rn.group_centrality(g, ids, measure=measure, **kwargs))
    theirs = best_of(peer, rounds=1)
    value = rn.group_centrality(g, ids, measure=measure, **kwargs)
    assert value == pytest.approx(peer())
    print(
        f"\ngroup {measure} (n={g.n:,}): relnet {ours:.4f} s, networkx {theirs:.4f} s, "
        f"relnet/networkx = {ours / theirs:.4f}"
    )
    benchmark.pedantic(
        lambda: rn.group_centrality(g, ids, measure=measure, **kwargs), rounds=1, iterations=1
    )


def test_diffusion_vs_networkx_cascade(benchmark):
    g = graph_of(N_PEER)
    G = to_nx(g)
    players = rn.key_players(g, 20, n_starts=1).players
    seeds = [int(v) for v in g.positions(players)]  # positions: the networkx node names
    ours = best_of(
        lambda: rn.simulate_diffusion(g, players, model="cascade", p=0.1, n_runs=100, seed=1)
    )
    theirs = best_of(lambda: nx_cascade(G, seeds, 0.1, 20, 100, 1), rounds=1)
    res = rn.simulate_diffusion(g, players, model="cascade", p=0.1, n_runs=400, seed=1)
    peer_share = nx_cascade(G, seeds, 0.1, 20, 400, 2)
    print(
        f"\ncascade p=0.1, 100 runs x 20 steps (n={g.n:,}): relnet {ours:.3f} s "
        f"(share {res.final_share:.4f}), networkx loop {theirs:.3f} s "
        f"(share {peer_share:.4f}); relnet/networkx = {ours / theirs:.4f}"
    )
    # two Monte Carlo estimates of the same mean share (400 runs each)
    assert res.final_share == pytest.approx(peer_share, abs=0.01)
    benchmark.pedantic(
        lambda: rn.simulate_diffusion(g, seeds, model="cascade", p=0.1, n_runs=100, seed=1),
        rounds=1,
        iterations=1,
    )


def _at_scale(n: int) -> None:
    start = time.perf_counter()
    g = graph_of(n)
    build = time.perf_counter() - start
    start = time.perf_counter()
    kp = rn.key_players(g, 20, m=2, seed=1)
    first = time.perf_counter() - start
    ten, ten_cpu = timed(lambda: rn.key_players(g, 20, m=2, seed=1))
    one, one_cpu = timed(lambda: rn.key_players(g, 20, m=2, n_starts=1))
    print(
        f"\nkey_players reach m=2 k=20 (n={g.n:,}, m={g.m:,}; graph built in {build:.1f} s): "
        f"10 starts {ten:.2f} s (cpu {ten_cpu:.2f} s; first call {first:.2f} s), "
        f"1 start {one:.2f} s (cpu {one_cpu:.2f} s), "
        f"score {kp.score:.5f}, swaps per start {kp.search['swaps'].tolist()}"
    )
    assert kp.search["converged"].all()
    cases = (
        ("threshold", {"threshold": 0.2}),
        ("threshold", {"threshold": "random"}),
        ("cascade", {"p": 0.1}),
        # heavy: most people adopt (threshold 0: BFS, deterministic, so computed once)
        ("threshold", {"threshold": 0.0}),
        ("cascade", {"p": 0.5}),
    )
    for model, kwargs in cases:
        seconds, cpu = timed(
            lambda model=model, kwargs=kwargs: rn.simulate_diffusion(
                g, kp, model=model, n_runs=100, steps=20, seed=1, **kwargs
            )
        )
        res = rn.simulate_diffusion(g, kp, model=model, n_runs=100, steps=20, seed=1, **kwargs)
        print(
            f"simulate_diffusion {model} {kwargs} 100 runs x 20 steps (n={g.n:,}): "
            f"{seconds:.2f} s (cpu {cpu:.2f} s), final share {res.final_share:.4f}"
        )


def test_champions_at_scale(benchmark):
    _at_scale(N_BIG)
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)


@pytest.mark.huge
def test_champions_huge(benchmark):
    _at_scale(1_000_000)
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
