"""Simulation from a fitted ERGM and goodness of fit (degree, ESP, geodesic distributions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

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


def _distributions(n: int, directed: bool, src: np.ndarray, dst: np.ndarray) -> dict:
    """Degree, edgewise shared partner and geodesic distance counts of one graph."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import shortest_path

    a = csr_matrix((np.ones(len(src)), (src, dst)), shape=(n, n))
    if not directed:
        a = a + a.T
    out: dict[str, np.ndarray] = {}
    if directed:
        out["idegree"] = np.bincount(np.asarray(a.sum(axis=0)).ravel().astype(int), minlength=n)
        out["odegree"] = np.bincount(np.asarray(a.sum(axis=1)).ravel().astype(int), minlength=n)
    else:
        out["degree"] = np.bincount(np.asarray(a.sum(axis=1)).ravel().astype(int), minlength=n)
    two = (a @ a).multiply(a)  # per tie i->j: two-paths i->k->j (undirected: shared partners)
    esp = np.zeros(len(src), dtype=int)
    if len(src):
        esp = np.asarray(two[src, dst]).ravel().astype(int)
    out["esp"] = np.bincount(esp, minlength=n - 1)[: n - 1]
    dist = shortest_path(a, method="D", directed=directed, unweighted=True)
    mask = ~np.eye(n, dtype=bool) if directed else np.triu(np.ones((n, n), dtype=bool), 1)
    d = dist[mask]
    finite = d[np.isfinite(d)].astype(int)
    counts = np.bincount(finite, minlength=n)[1:n]
    out["distance"] = np.r_[counts, np.sum(~np.isfinite(d))]
    return out


@dataclass(frozen=True, eq=False)
class ErgmGof:
    """Goodness of fit of an ERGM: observed distributions against simulated networks.

    ``table`` has one row per statistic and value: ``statistic`` (``degree``/``idegree``/
    ``odegree``, ``esp``, ``distance``), ``value`` (``Inf`` for unreachable pairs),
    ``observed``, the simulated ``mean``, ``min``, ``max``, ``q05``, ``q95`` and ``p_value``
    (twice the smaller tail share of simulations at least as extreme, capped at 1, as
    statnet's ``gof``).
    """

    table: pd.DataFrame
    simulated: dict
    n_sims: int

    def summary(self) -> pd.DataFrame:
        return self.table

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def plot(self, path: str | None = None) -> Any:
        """Boxes of the simulated counts with the observed counts as a line, one panel each."""
        from matplotlib.figure import Figure

        stats = list(dict.fromkeys(self.table["statistic"]))
        fig = Figure(figsize=(4.5 * len(stats), 4))
        for k, name in enumerate(stats):
            ax = fig.add_subplot(1, len(stats), k + 1)
            rows = self.table[self.table["statistic"] == name]
            sims = self.simulated[name]
            keep = (rows["observed"].to_numpy() > 0) | (sims.max(axis=0) > 0)
            last = int(np.flatnonzero(keep).max()) + 1 if keep.any() else 1
            if name == "distance":
                last = len(rows)
            positions = np.arange(1, last + 1)
            ax.boxplot(sims[:, :last], positions=positions, widths=0.6, showfliers=False)
            ax.plot(positions, rows["observed"].to_numpy()[:last], color="black", marker="o",
                    linewidth=1.5, label="observed")  # fmt: skip
            ax.set_xticks(positions)
            ax.set_xticklabels(rows["value"].astype(str).to_numpy()[:last], fontsize=7)
            ax.set_title(name)
            ax.set_ylabel("count")
        fig.axes[0].legend(loc="upper right")
        fig.tight_layout()
        if path is not None:
            fig.savefig(path)
        return fig

    def __repr__(self) -> str:
        worst = self.table.sort_values("p_value").head(1)
        row = worst.iloc[0]
        return (
            f"<ErgmGof {self.n_sims} simulations; smallest p={row.p_value:.3g} at "
            f"{row.statistic}={row.value}>"
        )

    def _repr_html_(self) -> str:
        return self.table.to_html(float_format=lambda x: f"{x:.3g}")


def goodness_of_fit(fit: Any, n_sims: int, rng: np.random.Generator) -> ErgmGof:
    """Simulate ``n_sims`` networks from ``fit`` and compare their distributions."""
    ctx = fit._context
    draws = simulate_ties(ctx, fit.coef.to_numpy(dtype=float), n_sims, rng, None, None)
    observed = _distributions(ctx.n, ctx.directed, ctx.src, ctx.dst)
    sims = [_distributions(ctx.n, ctx.directed, s, d) for s, d in draws]
    frames = []
    simulated = {}
    for name, obs in observed.items():
        sim = np.vstack([s[name] for s in sims])
        simulated[name] = sim
        lower = (sim <= obs).mean(axis=0)
        upper = (sim >= obs).mean(axis=0)
        values = [str(v) for v in range(len(obs))]
        if name == "distance":
            values = [str(v) for v in range(1, len(obs))] + ["Inf"]
        frames.append(
            pd.DataFrame(
                {
                    "statistic": name,
                    "value": values,
                    "observed": obs,
                    "mean": sim.mean(axis=0),
                    "min": sim.min(axis=0),
                    "max": sim.max(axis=0),
                    "q05": np.quantile(sim, 0.05, axis=0),
                    "q95": np.quantile(sim, 0.95, axis=0),
                    "p_value": np.minimum(1.0, 2 * np.minimum(lower, upper)),
                }
            )
        )
    return ErgmGof(pd.concat(frames, ignore_index=True), simulated, n_sims)
