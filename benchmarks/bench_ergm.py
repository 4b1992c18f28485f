"""ERGM on a synthetic health system: sampler toggles per second and MCMC-MLE, beside ergmx.

The network is the wave-1 trust layer of ``relnet.synth.health_system(n, seed=1)`` (about 3
arcs a person, 62% of nominations within the team, 15% non-respondents); the model is the
issue's ``edges + mutual + gwesp(0.5, fixed=TRUE) + gwidegree(0.5, fixed=TRUE) +
nodematch('team')``. The default size (300 staff) keeps the suite short; the recorded run
uses 2,000 and 10,000 staff::

    RELNET_BENCH_ERGM_SIZES=2000,10000 .venv/bin/python -m pytest benchmarks/bench_ergm.py \
        --benchmark-enable -s -p no:cacheprovider

ergmx (a Python ERGM package with a Rust core, ``pip install ergmx``) fits the same model on
the same graph when it is installed; both print their coefficients and times.
"""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

import relnet as rn
from relnet.inference.ergm import mcmc

SIZES = [int(s) for s in os.environ.get("RELNET_BENCH_ERGM_SIZES", "300").split(",")]
FORMULA = "edges + mutual + gwesp(0.5, fixed=TRUE) + gwidegree(0.5, fixed=TRUE) + nodematch('team')"
_graphs: dict[int, rn.Network] = {}


def trust_network(n: int) -> rn.Network:
    if n not in _graphs:
        survey = rn.synth.health_system(n, seed=1)
        noms = survey.nominations
        noms = noms[(noms.relation == "trust") & (noms.wave == noms.wave.min())]
        _graphs[n] = rn.Network.from_edges(
            noms.respondent, noms.nominee, nodes=survey.roster.set_index("id")
        )
    return _graphs[n]


def _aligned(values, names) -> np.ndarray:
    """ergmx's coefficients (a dict or sequence) in relnet's order, NaN where absent."""
    if isinstance(values, dict):
        return np.array([float(values.get(k, np.nan)) for k in names])
    out = np.asarray(values, dtype=float)
    return out if len(out) == len(names) else np.full(len(names), np.nan)


def timed(fn):
    start, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - start, time.process_time() - cpu


@pytest.mark.parametrize("n", SIZES)
def test_ergm_toggles_per_second(benchmark, n):
    g = trust_network(n)
    fit = rn.ergm(g, FORMULA, estimate="MPLE", missing="ignore")
    ctx = fit._context
    states = mcmc.new_states(ctx.n, True, ctx.src, ctx.dst, 1)
    stats = fit.observed.to_numpy()[None, :].copy()
    theta = fit.coef.to_numpy()
    rng = np.random.default_rng(1)
    mcmc.run(ctx.model, states, theta, stats, burnin=1000, interval=1, samples=1, rng=rng)
    steps = 2_000_000
    _, wall, cpu = timed(
        lambda: mcmc.run(
            ctx.model, states, theta, stats, burnin=steps, interval=1, samples=1, rng=rng
        )  # fmt: skip
    )
    print(f"\nERGM sampler (n={g.n:,}, m={g.m:,}): {steps / wall:,.0f} toggles/s "
          f"({steps:,} proposals in {wall:.2f} s, cpu {cpu:.2f} s)")  # fmt: skip
    # the chain's running statistics equal those recomputed from its final graph
    src, dst = states.ties(0)
    again = mcmc.statistics(ctx.model, ctx.n, True, src, dst)
    np.testing.assert_allclose(stats[0], again, rtol=1e-9, atol=1e-6)
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)


@pytest.mark.parametrize("n", SIZES)
def test_ergm_mcmle(benchmark, n):
    g = trust_network(n)
    control = {"time_limit": 1800}
    fit, wall, cpu = timed(lambda: rn.ergm(g, FORMULA, missing="ignore", seed=1, control=control))
    assert fit.converged
    print(f"\nrelnet MCMC-MLE (n={g.n:,}, m={g.m:,}): {wall:.1f} s (cpu {cpu:.1f} s), "
          f"{fit.iterations} iterations")  # fmt: skip
    print(fit.summary().round(4).to_string())
    try:
        import ergmx
        import igraph as ig
    except ImportError:
        print("ergmx is not installed: no side-by-side")
        benchmark.pedantic(lambda: None, rounds=1, iterations=1)
        return
    G = ig.Graph(n=g.n, edges=np.column_stack([g.sources, g.indices]).tolist(), directed=True)
    G.vs["team"] = g.attribute("team").tolist()
    theirs, wall_x, cpu_x = timed(lambda: ergmx.ergm(G, FORMULA, seed=1, eval_loglik=False))
    coef = _aligned(theirs.coef, fit.coef.index)
    se = _aligned(theirs.stderr, fit.coef.index)
    print(f"ergmx MCMC-MLE: {wall_x:.1f} s (cpu {cpu_x:.1f} s); relnet/ergmx = "
          f"{wall / wall_x:.2f} (cpu {cpu / cpu_x:.2f})")  # fmt: skip
    for name, ours, s_ours, their, s_their in zip(
        fit.coef.index, fit.coef, fit.se, coef, se, strict=True
    ):
        print(f"  {name:20s} relnet {ours:9.4f} ({s_ours:.4f})  ergmx {their:9.4f} ({s_their:.4f})")
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
