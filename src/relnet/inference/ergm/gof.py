"""Simulation from a fitted ERGM and goodness of fit (degree, ESP, geodesic distributions)."""

from __future__ import annotations

from typing import Any

import numpy as np

from relnet.inference.ergm import mcmc


def simulate_ties(
    ctx: Any,
    theta: np.ndarray,
    n: int,
    rng: np.random.Generator,
    burnin: int | None,
    interval: int | None,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``n`` tie lists drawn by one chain started at the observed network."""
    from relnet.errors import ArgumentError

    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ArgumentError(f"n={n!r} must be a positive whole number of networks.")
    c = ctx.control
    burnin = int(c["MCMC.burnin"] if burnin is None else burnin)
    interval = int(c["MCMC.interval"] if interval is None else interval)
    model = ctx.model
    states = mcmc.new_states(ctx.n, ctx.directed, ctx.src, ctx.dst, 1)
    stats = np.zeros((1, model.p))
    theta = np.asarray(theta, dtype=float)
    out = []
    for k in range(n):
        _, _, status = mcmc.run(model, states, theta, stats, burnin=burnin if k == 0 else 0,
                                interval=interval, samples=1, rng=rng)  # fmt: skip
        if status[0] != 0:
            from relnet.inference.ergm.fit import ErgmDegeneracyError

            raise ErgmDegeneracyError(
                "the simulated network outgrew its tie capacity: the fitted model is "
                "degenerate at these estimates; see fit.mcmc_diagnostics()."
            )
        src, dst = states.ties(0)
        out.append((src.copy(), dst.copy()))
    return out
