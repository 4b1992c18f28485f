"""Ego networks, multiplexity and eigenvector centrality on a synthetic health system.

The graph is ``relnet.synth.health_system(n, n_sites=10, seed=1)`` with trust and advice
nominations merged into one layer (about 5.1 arcs a person), as in ``bench_cohesion.py``.
Default sizes are small so the suite stays quick; the recorded run uses the full sizes::

    RELNET_BENCH_SIZES=full .venv/bin/python -m pytest benchmarks/bench_ego.py \
        --benchmark-enable -s -p no:cacheprovider            # add --huge for 1,000,000

Full sizes:

- ``ego_metrics`` beside a networkx loop at 10,000 staff, every ego: per person the ego
  network is ``G.subgraph(ego_graph(U, u))`` with ``U = G.to_undirected(as_view=True)``
  (networkx's own ``ego_graph(G, u, undirected=True)`` copies the whole graph on each call:
  0.43 s an ego at 10,000 staff, so it is not the peer), then ``density`` and
  ``number_weakly_connected_components`` of the alters and ``betweenness_centrality`` of
  the ego network. The networkx loop runs once (it takes seconds); relnet best of 3. Every
  ego's five numbers are compared.
- ``ego_metrics`` (with and without ``by="role"``) alone at 100,000 staff, and at
  1,000,000 with ``--huge`` (target: under 30 s).
- ``eigenvector`` beside igraph ``eigenvector_centrality`` and ``multiplexity`` (trust and
  advice, wave 1) beside the pandas merges that are its test oracle, at 100,000.
"""

from __future__ import annotations

import os
import time

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from synthetic_graphs import health_system_network

import relnet as rn

FULL = os.environ.get("RELNET_BENCH_SIZES", "") == "full"
N_PEER = 10_000 if FULL else 1_000
N_BIG = 100_000 if FULL else 5_000
N_HUGE = 1_000_000
ROUNDS = 3
_graphs: dict[int, rn.Network] = {}


def graph(n: int) -> rn.Network:
    if n not in _graphs:
        _graphs[n] = health_system_network(n)
    return _graphs[n]


def best_of(fn, rounds: int = ROUNDS) -> float:
    """Best wall time of ``fn()`` over ``rounds`` after one warm-up call (JIT or cache load)."""
    fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def networkx_ego_loop(G: nx.DiGraph, people) -> pd.DataFrame:
    U = G.to_undirected(as_view=True)
    rows = []
    for u in people:
        H = G.subgraph(nx.ego_graph(U, u).nodes)
        A = H.subgraph([v for v in H if v != u])
        k = A.number_of_nodes()
        rows.append(
            (
                k,
                A.number_of_edges(),
                nx.density(A) if k >= 2 else np.nan,
                nx.number_weakly_connected_components(A) if k else 0,
                nx.betweenness_centrality(H, normalized=False)[u],
            )
        )
    return pd.DataFrame(
        rows,
        index=list(people),
        columns=["size", "alter_ties", "ego_density", "ego_components", "ego_betweenness"],
    )


def test_ego_metrics_vs_networkx(benchmark):
    g = graph(N_PEER)
    G = nx.DiGraph()
    G.add_nodes_from(g.ids)
    G.add_edges_from(zip(g.ids.take(g.sources), g.ids.take(g.indices)))
    ours = best_of(lambda: rn.ego_metrics(g, missing="ignore"))
    start = time.perf_counter()
    theirs = networkx_ego_loop(G, list(g.ids))
    peer = time.perf_counter() - start
    print(
        f"\nego_metrics (synth, n={g.n:,}, m={g.m:,}): relnet {ours:.3f} s, networkx loop "
        f"{peer:.3f} s (all {g.n:,} egos, one run); relnet/networkx = {ours / peer:.4f} "
        f"({peer / ours:,.0f}x faster)"
    )
    got = rn.ego_metrics(g, missing="ignore")
    for column in theirs.columns:
        np.testing.assert_allclose(
            got[column].to_numpy(dtype=float), theirs[column].to_numpy(dtype=float), atol=1e-9
        )
    benchmark.pedantic(lambda: rn.ego_metrics(g, missing="ignore"), rounds=1, iterations=1)


@pytest.mark.parametrize("by", [None, "role"])
def test_ego_metrics_large(benchmark, by):
    g = graph(N_BIG)
    seconds = best_of(lambda: rn.ego_metrics(g, by=by, missing="ignore"))
    print(f"\nego_metrics by={by} (synth, n={g.n:,}, m={g.m:,}): relnet {seconds:.3f} s")
    benchmark.pedantic(lambda: rn.ego_metrics(g, by=by, missing="ignore"), rounds=1, iterations=1)


@pytest.mark.huge
@pytest.mark.parametrize("by", [None, "role"])
def test_ego_metrics_huge(benchmark, by):
    start = time.perf_counter()
    g = graph(N_HUGE)
    built = time.perf_counter() - start
    seconds = best_of(lambda: rn.ego_metrics(g, by=by, missing="ignore"), rounds=2)
    print(
        f"\nego_metrics by={by} (synth, n={g.n:,}, m={g.m:,}; graph built in {built:.1f} s): "
        f"relnet {seconds:.3f} s (target < 30 s)"
    )
    benchmark.pedantic(lambda: rn.ego_metrics(g, by=by, missing="ignore"), rounds=1, iterations=1)


def test_eigenvector_vs_igraph(benchmark):
    g = graph(N_BIG)
    h = ig.Graph(n=g.n, edges=np.column_stack([g.sources, g.indices]), directed=True)
    ours = best_of(lambda: rn.eigenvector(g))
    peer = best_of(lambda: h.eigenvector_centrality(directed=True))
    print(
        f"\neigenvector in (synth, n={g.n:,}, m={g.m:,}): relnet {ours:.3f} s, igraph "
        f"{peer:.3f} s; relnet/igraph = {ours / peer:.2f}"
    )
    x = rn.eigenvector(g).to_numpy()
    y = np.asarray(h.eigenvector_centrality(directed=True))
    np.testing.assert_allclose(x / x.max(), y, atol=1e-6)
    benchmark.pedantic(lambda: rn.eigenvector(g), rounds=1, iterations=1)


def _layers(n: int):
    survey = rn.synth.health_system(n, n_sites=10, seed=1)
    noms = survey.nominations[survey.nominations["wave"] == 1]
    roster = survey.roster.set_index("id")
    out = {}
    for relation in ("trust", "advice"):
        part = noms[noms["relation"] == relation]
        out[relation] = rn.Network.from_edges(
            part["respondent"], part["nominee"], weight=part["weight"], nodes=roster
        )
    return out


def _pandas_overlap(a: rn.Network, b: rn.Network) -> int:
    ea, eb = a.edges(), b.edges()
    both = ea.merge(eb, on=["source", "target"])
    rev = ea.rename(columns={"source": "target", "target": "source"})[["source", "target"]]
    ea.merge(rev, on=["source", "target"], how="left", indicator=True)
    return len(both)


def test_multiplexity_vs_pandas(benchmark):
    layers = _layers(N_BIG)
    ours = best_of(lambda: rn.multiplexity(layers))
    peer = best_of(
        lambda: (
            _pandas_overlap(layers["trust"], layers["advice"]),
            _pandas_overlap(layers["advice"], layers["trust"]),
        )
    )
    result = rn.multiplexity(layers)
    m = sum(g.m for g in layers.values())
    print(
        f"\nmultiplexity trust/advice (synth wave 1, n={N_BIG:,}, arcs={m:,}): relnet "
        f"{ours:.3f} s (pairs, nodes), pandas merges (overlap and reciprocity only) "
        f"{peer:.3f} s; relnet/pandas = {ours / peer:.2f}"
    )
    assert result.pairs.loc[("trust", "advice"), "both"] == _pandas_overlap(
        layers["trust"], layers["advice"]
    )
    benchmark.pedantic(lambda: rn.multiplexity(layers), rounds=1, iterations=1)


def test_bonacich_large(benchmark):
    g = graph(N_BIG)
    radius = rn.eigenvector(g, mode="out").attrs["eigenvalue"]
    beta = 0.5 / radius
    seconds = best_of(lambda: rn.bonacich(g, beta=beta))
    c = rn.bonacich(g, beta=beta)
    print(
        f"\nbonacich beta=0.5/lambda_max={beta:.4f} (synth, n={g.n:,}, m={g.m:,}): relnet "
        f"{seconds:.3f} s (spectral radius check and fixed-point solve; no peer in Python)"
    )
    assert float((c**2).sum()) == pytest.approx(g.n)
    benchmark.pedantic(lambda: rn.bonacich(g, beta=beta), rounds=1, iterations=1)
