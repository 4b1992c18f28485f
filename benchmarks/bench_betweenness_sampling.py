"""Sampled betweenness (issue 22): relnet uniform (Brandes-Pich) and linear (Geisberger-
Sanders-Schultes) estimators beside NetworKit ``EstimateBetweenness``, same graph, same run.

Graph: ``benchmarks/suite.py`` ``Graphs`` (the synthetic health system's wave-1 trust layer),
unweighted hop distances, directed. Error: the L1 error relative to the exact total,
sum_v |b_hat_v - b_v| / sum_v b_v, averaged over seeds; time: median wall time of a call.
The second table: ``betweenness(epsilon=, delta=)`` (KADABRA) beside NetworKit
``KadabraBetweenness``. The suite runs a small size and checks the estimators against the
exact values; the recorded tables::

    cd benchmarks && ../.venv/bin/python bench_betweenness_sampling.py 10000 256 10 100000
"""

from __future__ import annotations

import sys
import time

import numpy as np
from suite import NK_THREADS, Graphs

import relnet as rn


def l1(est: np.ndarray, exact: np.ndarray) -> float:
    return float(np.abs(est - exact).sum() / exact.sum())


def run(n_staff: int, k: int, seeds: int) -> dict[str, tuple[float, float]]:
    import networkit as nk

    graphs = Graphs(n_staff)
    g = graphs.g
    G = graphs.copy("networkit")
    nk.setNumberOfThreads(NK_THREADS)
    exact = rn.betweenness(g).to_numpy()
    rn.betweenness(g, samples=k, seed=0, estimator="uniform")  # compile outside the timing
    rn.betweenness(g, samples=k, seed=0, estimator="linear")

    def relnet_call(estimator, samples=k):
        return lambda s: rn.betweenness(g, samples=samples, seed=s, estimator=estimator).to_numpy()

    def nk_call(s):
        nk.setSeed(s, False)
        algo = nk.centrality.EstimateBetweenness(G, k, normalized=False, parallel=True)
        algo.run()
        return np.asarray(algo.scores())

    rows = {}
    for name, call in [
        ("relnet uniform", relnet_call("uniform")),
        ("relnet linear (GSS)", relnet_call("linear")),
        (f"relnet linear (GSS), {k // 2} sources", relnet_call("linear", k // 2)),
        (f"NetworKit EstimateBetweenness ({NK_THREADS} threads)", nk_call),
    ]:
        errors, times = [], []
        for s in range(seeds):
            t0 = time.perf_counter()
            est = call(s + 1)
            times.append(time.perf_counter() - t0)
            errors.append(l1(est, exact))
        rows[name] = (float(np.mean(errors)), float(np.median(times)))
    return rows


def table(n_staff: int, k: int, seeds: int) -> str:
    rows = run(n_staff, k, seeds)
    lines = [
        f"{n_staff:,} staff, {k} sources, mean over {seeds} seeds",
        f"{'estimator':<46} {'L1 error / total':>16} {'time (s)':>9}",
    ]
    for name, (err, sec) in rows.items():
        lines.append(f"{name:<46} {err:>16.3f} {sec:>9.3f}")
    return "\n".join(lines)


def kadabra_table(n_staff: int, epsilon: float, delta: float, seeds: int) -> str:
    """relnet ``betweenness(epsilon=, delta=)`` beside NetworKit ``KadabraBetweenness``: max
    error over nodes on the b / (n(n-1)) scale, pairs sampled and time."""
    import networkit as nk

    # NetworKit's KADABRA refuses directed graphs: both run on the symmetrized layer
    g = Graphs(n_staff).g.symmetrize("any")
    upper = g.sources < g.indices
    G = nk.GraphFromCoo(
        (np.ones(int(upper.sum())), (g.sources[upper].astype(np.uint64),
                                     g.indices[upper].astype(np.uint64))),
        n=g.n, weighted=False, directed=False,
    )  # fmt: skip
    nk.setNumberOfThreads(NK_THREADS)
    pairs = g.n * (g.n - 1)
    # exact values only where affordable (the max error column is nan above 20,000 staff)
    exact = rn.betweenness(g).to_numpy() / pairs if g.n <= 20_000 else np.full(g.n, np.nan)
    rn.betweenness(g, epsilon=0.2, seed=0)  # compile outside the timing
    out = {
        "relnet": ([], [], []),
        f"NetworKit KadabraBetweenness ({NK_THREADS} threads)": ([], [], []),
    }
    for s in range(1, seeds + 1):
        t0 = time.perf_counter()
        est = rn.betweenness(g, epsilon=epsilon, delta=delta, seed=s)
        out["relnet"][2].append(time.perf_counter() - t0)
        out["relnet"][0].append(float(np.max(np.abs(est.to_numpy() / pairs - exact))))
        out["relnet"][1].append(est.attrs["samples"])
        nk.setSeed(s, False)
        t0 = time.perf_counter()
        # its scores (and so its err) are on twice relnet's scale: err = 2 * epsilon is the
        # same guarantee on b / (n(n-1))
        algo = nk.centrality.KadabraBetweenness(G, 2 * epsilon, delta)
        algo.run()
        name = f"NetworKit KadabraBetweenness ({NK_THREADS} threads)"
        out[name][2].append(time.perf_counter() - t0)
        # on an undirected graph its scores are twice the pair fraction b / (n(n-1))
        nk_fraction = np.asarray(algo.scores()) / 2
        out[name][0].append(float(np.max(np.abs(nk_fraction - exact))))
        out[name][1].append(algo.getNumberOfIterations())
    lines = [
        f"{n_staff:,} staff (symmetrized), epsilon={epsilon}, delta={delta}, {seeds} seeds",
        f"{'tool':<42} {'max error':>10} {'pairs':>8} {'time (s)':>9}",
    ]
    for name, (err, used, sec) in out.items():
        lines.append(
            f"{name:<42} {max(err):>10.4f} {int(np.median(used)):>8} {np.median(sec):>9.3f}"
        )
    return "\n".join(lines)


def test_sampled_betweenness_small():
    # small size in the suite: both estimators are close to exact once most people are
    # sampled (k = n gives exact values), and both errors are finite at k = n/4
    graphs = Graphs(400)
    g = graphs.g
    exact = rn.betweenness(g).to_numpy()
    for estimator in ("uniform", "linear"):
        full = rn.betweenness(g, samples=g.n, estimator=estimator).to_numpy()
        np.testing.assert_allclose(full, exact, rtol=1e-9, atol=1e-9)
        est = rn.betweenness(g, samples=g.n // 4, seed=1, estimator=estimator).to_numpy()
        assert np.isfinite(l1(est, exact))
    print("\n" + table(400, 100, 2))
    print("\n" + kadabra_table(400, 0.05, 0.1, 1))


if __name__ == "__main__":
    args = sys.argv[1:4]
    n_staff, k, seeds = (int(a) for a in args + ["10000", "256", "5"][len(args) :])
    print(table(n_staff, k, seeds))
    for epsilon in (0.01, 0.005):
        print(kadabra_table(n_staff, epsilon, 0.1, min(seeds, 3)))
    if len(sys.argv) > 4:  # a larger size for the KADABRA table alone
        print(kadabra_table(int(sys.argv[4]), 0.01, 0.1, min(seeds, 3)))
