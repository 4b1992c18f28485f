"""Fit an ERGM: MPLE, MCMC-MLE (Hummel-Hunter-Handcock stepping, Geyer-Thompson), missing ties.

:func:`ergm` is the entry point; :class:`ErgmFit` the result.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, GraphKindError, RelnetError, check_choice
from relnet.inference.ergm import mcmc
from relnet.inference.ergm.terms import Model, build_model
from relnet.network import Network

_TRACE = bool(os.environ.get("RELNET_ERGM_TRACE"))


class ErgmDegeneracyError(RelnetError, RuntimeError):
    """The sampler piled up on the empty or full graph (a degenerate model)."""


class ErgmConvergenceError(RelnetError, RuntimeError):
    """MCMC-MLE hit its iteration or time limit before converging."""


#: control keys and defaults (statnet's names; Python spellings accepted, see _ALIASES)
CONTROL_DEFAULTS: dict[str, Any] = {
    "MCMC.burnin": None,  # default: 16 x interval
    "MCMC.interval": None,  # default: max(1024, ties)
    "MCMC.samplesize": 1024,
    "MCMC.chains": None,  # default: numba's thread count, at most 4
    "MCMLE.maxit": 40,
    "MCMLE.steplength.margin": 0.05,
    "MCMLE.tolerance": 0.15,
    "MPLE.max.dyads": 4_000_000,
    "time_limit": 600.0,
}
_ALIASES = {
    "burnin": "MCMC.burnin",
    "interval": "MCMC.interval",
    "samplesize": "MCMC.samplesize",
    "chains": "MCMC.chains",
    "maxit": "MCMLE.maxit",
    "tolerance": "MCMLE.tolerance",
    "max_dyads": "MPLE.max.dyads",
}


def _control(control: Mapping[str, Any] | None, m: int) -> dict[str, Any]:
    out = dict(CONTROL_DEFAULTS)
    for key, value in (control or {}).items():
        name = _ALIASES.get(key, key)
        if name not in out:
            allowed = ", ".join(sorted(set(CONTROL_DEFAULTS) | set(_ALIASES)))
            raise ArgumentError(f"control has no setting {key!r}; settings are: {allowed}.")
        out[name] = value
    if out["MCMC.interval"] is None:
        out["MCMC.interval"] = max(1024, m)
    if out["MCMC.burnin"] is None:
        out["MCMC.burnin"] = 16 * out["MCMC.interval"]
    if out["MCMC.chains"] is None:
        import numba

        out["MCMC.chains"] = max(1, min(4, numba.get_num_threads()))
    for key in ("MCMC.burnin", "MCMC.interval", "MCMC.samplesize", "MCMC.chains", "MCMLE.maxit"):
        v = out[key]
        if (
            isinstance(v, bool)
            or not isinstance(v, (int, np.integer))
            or v < (0 if key == "MCMC.burnin" else 1)
        ):
            raise ArgumentError(f"control[{key!r}]={v!r} must be a positive whole number.")
    if not out["time_limit"] > 0:
        raise ArgumentError(f"control['time_limit']={out['time_limit']!r} must be > 0 seconds.")
    return out


# ---------------------------------------------------------------- the result
@dataclass(frozen=True, eq=False)
class ErgmFit:
    """A fitted exponential random graph model.

    Attributes
    ----------
    coef, se, pvalues : pandas.Series
        Estimates, standard errors and two-sided Wald p-values, indexed by statnet's
        coefficient names. ``-inf``/``inf`` for terms whose observed statistic is at its
        minimum/maximum (see ``notes``).
    observed : pandas.Series
        The model's statistics of the observed network.
    estimate : str
        ``"MPLE"`` or ``"MLE"``; ``method`` says how it was reached.
    loglik, aic, bic : float
        Exact for dyad-independent models; NaN (not computed) for MCMC fits.
    """

    formula: str
    coef: pd.Series
    se: pd.Series
    observed: pd.Series
    estimate: str
    method: str
    directed: bool
    missing: str
    loglik: float
    n_obs_dyads: int
    iterations: int
    converged: bool
    notes: tuple[str, ...]
    covariance: pd.DataFrame
    sample: pd.DataFrame | None = field(repr=False)
    _context: Any = field(repr=False)

    @property
    def pvalues(self) -> pd.Series:
        from scipy.stats import norm

        z = self.coef / self.se
        p = pd.Series(2 * norm.sf(np.abs(z.to_numpy(dtype=float))), index=self.coef.index)
        return p.rename("p_value")

    @property
    def aic(self) -> float:
        k = int(np.isfinite(self.coef.to_numpy()).sum())
        return -2 * self.loglik + 2 * k

    @property
    def bic(self) -> float:
        k = int(np.isfinite(self.coef.to_numpy()).sum())
        return -2 * self.loglik + k * math.log(max(self.n_obs_dyads, 1))

    def summary(self) -> pd.DataFrame:
        """Coefficient table: ``estimate``, ``se``, ``z``, ``p_value`` indexed by ``term``."""
        table = pd.DataFrame(
            {
                "estimate": self.coef,
                "se": self.se,
                "z": self.coef / self.se,
                "p_value": self.pvalues,
            }
        )
        table.index.name = "term"
        return table

    def to_frame(self) -> pd.DataFrame:
        return self.summary()

    def mcmc_diagnostics(self) -> pd.DataFrame:
        """Per statistic: observed, sample mean and sd, t-ratio, effective sample size.

        Raises
        ------
        ArgumentError
            For a fit without MCMC (MPLE or dyad-independent).
        """
        if self.sample is None:
            raise ArgumentError(
                f"this fit used {self.method}; there is no MCMC sample to diagnose. "
                'Fit a dyad-dependent model with estimate="MLE".'
            )
        s = self.sample.drop(columns=["chain"])
        ctx = self._context
        target = ctx.final_target
        sd = s.std(ddof=1)
        ess = pd.Series([_ess_of(self.sample, c) for c in s.columns], index=s.columns, dtype=float)
        table = pd.DataFrame(
            {
                "observed": pd.Series(target, index=s.columns),
                "mean": s.mean(),
                "sd": sd,
                "t_ratio": (s.mean() - target) / sd,
                "ess": ess,
            }
        )
        table.index.name = "term"
        return table

    def simulate(self, n: int = 100, *, seed: Any = None, burnin: int | None = None,
                 interval: int | None = None) -> list[Network]:  # fmt: skip
        """Networks drawn from the fitted model (a chain started at the observed network).

        Parameters
        ----------
        n : int
            Number of networks.
        seed : int, numpy.random.Generator or None
        burnin, interval : int, optional
            Steps before the first network and between networks (default: the fit's).

        Returns
        -------
        list of Network
        """
        from relnet.inference.ergm.gof import simulate_ties

        ctx = self._context
        rng = np.random.default_rng(seed)
        draws = simulate_ties(ctx, self.coef.to_numpy(dtype=float), n, rng, burnin, interval)
        return [ctx.network_of(src, dst) for src, dst in draws]

    def gof(self, n_sims: int = 100, *, seed: Any = None) -> Any:
        """Goodness of fit: degree, edgewise shared partner and geodesic distributions.

        Returns
        -------
        ErgmGof
            ``summary()`` table and ``plot()`` (observed line over simulated boxes).
        """
        from relnet.inference.ergm.gof import goodness_of_fit

        return goodness_of_fit(self, n_sims, np.random.default_rng(seed))

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}={v:.3g}" for k, v in self.coef.items())
        return f"<ErgmFit {self.estimate} ({self.method}): {parts}>"

    def _repr_html_(self) -> str:
        return (
            f"<p><b>ERGM</b> {self.formula} — {self.estimate} by {self.method}</p>"
            + self.summary().to_html(float_format=lambda x: f"{x:.4g}")
        )


def _ess_of(sample: pd.DataFrame, column: str) -> float:
    total = 0.0
    for _, chain in sample.groupby("chain"):
        total += _ess(chain[column].to_numpy())
    return total


def _ess(x: np.ndarray) -> float:
    """Effective sample size by Geyer's initial positive sequence."""
    n = len(x)
    if n < 4 or np.var(x) == 0:
        return float(n)
    x = x - x.mean()
    f = np.fft.rfft(x, 2 * n)
    acf = np.fft.irfft(f * np.conj(f))[:n] / n
    acf = acf / acf[0]
    s = 0.0
    for k in range(1, n - 1, 2):
        pair = acf[k] + acf[k + 1]
        if pair <= 0:
            break
        s += pair
    tau = -1.0 + 2.0 * (1.0 + s) if s > 0 else 1.0
    tau = max(tau, 1.0)
    return n / tau


# ---------------------------------------------------------------- context
class _Context:
    """Everything the fit and its simulations need about the graph and the model."""

    def __init__(self, graph: Network, model: Model, src, dst, missing_keys, control) -> None:
        self.graph = graph
        self.model = model
        self.n = graph.n
        self.directed = model.directed
        self.src = src
        self.dst = dst
        self.missing_keys = missing_keys  # sorted int64 keys of unobserved dyads
        self.control = control
        self.final_target = None

    def free_dyads(self) -> tuple[np.ndarray, np.ndarray]:
        keys = self.missing_keys
        return keys // self.n, keys % self.n

    def network_of(self, src: np.ndarray, dst: np.ndarray) -> Network:
        g = self.graph
        if not self.directed:
            src, dst = np.r_[src, dst], np.r_[dst, src]
        return Network._from_positions(
            g.ids, g._nodes, g.responded, src, dst, np.ones(len(src)), check=False
        )


def _ties(graph: Network, directed: bool) -> tuple[np.ndarray, np.ndarray]:
    src = graph.sources.astype(np.int64)
    dst = graph.indices.astype(np.int64)
    if directed:
        return src, dst
    n = graph.n
    keys = src * n + dst
    reverse = dst * n + src
    lacking = ~np.isin(reverse, keys)
    if lacking.any():
        e = int(np.flatnonzero(lacking)[0])
        raise GraphKindError(
            f"directed=False needs a symmetric network, but the arc {graph.ids[src[e]]!r} -> "
            f"{graph.ids[dst[e]]!r} has no reverse ({int(lacking.sum())} such arcs). Use "
            "graph.symmetrize('any') or 'mutual' first, or fit with directed=True."
        )
    keep = src < dst
    return src[keep], dst[keep]


def _missing_keys(graph: Network, directed: bool, missing: str, missing_dyads: Any) -> np.ndarray:
    n = graph.n
    parts = []
    if missing == "observed":
        silent = np.flatnonzero(~graph.responded)
        if len(silent):
            if directed:
                others = np.arange(n)
                u = np.repeat(silent, n)
                v = np.tile(others, len(silent))
            else:
                u, v = np.meshgrid(silent, silent, indexing="ij")
                u, v = u.ravel(), v.ravel()
            keep = u != v
            parts.append((u[keep], v[keep]))
    if missing_dyads is not None and missing == "observed":
        pairs = (
            missing_dyads.to_numpy() if isinstance(missing_dyads, pd.DataFrame) else missing_dyads
        )
        pairs = list(pairs)
        if pairs:
            a = graph.positions([p[0] for p in pairs])
            b = graph.positions([p[1] for p in pairs])
            if (a == b).any():
                raise ArgumentError("missing_dyads names a self-pair; dyads join two people.")
            parts.append((a.astype(np.int64), b.astype(np.int64)))
    if not parts:
        return np.zeros(0, dtype=np.int64)
    u = np.concatenate([p[0] for p in parts]).astype(np.int64)
    v = np.concatenate([p[1] for p in parts]).astype(np.int64)
    if not directed:
        u, v = np.minimum(u, v), np.maximum(u, v)
    return np.unique(u * n + v)


# ---------------------------------------------------------------- MPLE
def _all_dyads(n: int, directed: bool) -> tuple[np.ndarray, np.ndarray]:
    u, v = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    u, v = u.ravel(), v.ravel()
    keep = u != v if directed else u < v
    return u[keep].astype(np.int64), v[keep].astype(np.int64)


def _mple_dyads(ctx: _Context, rng: np.random.Generator):
    """Observed dyads for the MPLE, with case weights (all dyads, or all ties + a sample)."""
    n, directed = ctx.n, ctx.directed
    total = mcmc.n_dyads(n, directed)
    limit = int(ctx.control["MPLE.max.dyads"])
    if total <= limit:
        u, v = _all_dyads(n, directed)
        w = np.ones(len(u))
        sampled = False
    else:
        tie_keys = ctx.src * n + ctx.dst
        want = limit - len(tie_keys)
        draw_u = rng.integers(0, n, size=int(want * 1.2) + 10)
        draw_v = rng.integers(0, n - 1, size=len(draw_u))
        draw_v = draw_v + (draw_v >= draw_u)
        if not directed:
            draw_u, draw_v = np.minimum(draw_u, draw_v), np.maximum(draw_u, draw_v)
        keys = np.unique(draw_u * n + draw_v)
        keys = keys[~np.isin(keys, tie_keys)]
        keys = rng.permutation(keys)[:want]
        non_ties = total - len(tie_keys)
        all_keys = np.r_[tie_keys, keys]
        w = np.r_[np.ones(len(tie_keys)), np.full(len(keys), non_ties / max(len(keys), 1))]
        u, v = all_keys // n, all_keys % n
        sampled = True
    if len(ctx.missing_keys):
        observed = ~np.isin(u * n + v, ctx.missing_keys)
        u, v, w = u[observed], v[observed], w[observed]
    return u, v, w, sampled


def _logit(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, penalty: float = 0.0
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Weighted logistic regression by Newton-Raphson: (beta, covariance, converged)."""
    from scipy.special import expit

    p = x.shape[1]
    beta = np.zeros(p)
    converged = False
    for _ in range(100):
        eta = x @ beta
        mu = expit(eta)
        g = x.T @ (w * (y - mu)) - penalty * beta
        h = (x * (w * mu * (1 - mu))[:, None]).T @ x + penalty * np.eye(p)
        try:
            step = np.linalg.solve(h, g)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(h, g, rcond=None)[0]
        beta = beta + step
        if np.max(np.abs(step)) < 1e-10:
            converged = True
            break
    eta = x @ beta
    mu = expit(eta)
    h = (x * (w * mu * (1 - mu))[:, None]).T @ x
    cov = np.linalg.pinv(h)
    return beta, cov, converged


def _compress(x: np.ndarray, y: np.ndarray, w: np.ndarray):
    """Merge dyads with equal change statistics and state, summing their weights."""
    rows = np.c_[x, y]
    # group by a random projection (one float sort), then check every row equals its group's
    mix = np.random.default_rng(12345).uniform(1.0, 2.0, size=rows.shape[1])
    _, first, inverse = np.unique(rows @ mix, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    if not np.allclose(rows, rows[first][inverse], rtol=1e-12, atol=1e-12):
        return x, y, w
    weights = np.bincount(inverse, weights=w)
    return x[first], y[first], weights


def _boundary(model: Model, at_empty: np.ndarray, x: np.ndarray, y: np.ndarray,
              notes: list[str]) -> np.ndarray:  # fmt: skip
    """Per coefficient: -inf / +inf when the observed statistic is at its min / max, else 0.

    Exact for dyad-independent terms (no observed dyad could move the statistic further).
    A dyad-dependent term is flagged only when its observed statistic is that of the empty
    graph and no tie changes it (e.g. no triangles at all); otherwise its MPLE may not
    exist while its MLE does, and MCMC-MLE takes over.
    """
    out = np.zeros(x.shape[1])
    tied = y == 1
    for k, name in enumerate(model.names):
        independent = model.term_of[k].split("(")[0] in _INDEPENDENT
        col = x[:, k]
        if not col.any():
            out[k] = np.nan
            notes.append(f"{name}: its change statistic is 0 on every dyad; the coefficient is "
                         "not estimable (NA), as in statnet.")  # fmt: skip
            continue
        for sign in (1.0, -1.0):
            c = sign * col
            if (c < 0).any():
                continue
            if not (c[tied] > 0).any() and (independent or at_empty[k]):
                out[k] = -np.inf * sign
                notes.append(f"{name}: the observed statistic is at its "
                             f"{'minimum' if sign > 0 else 'maximum'}; its estimate is "
                             f"{'-inf' if sign > 0 else 'inf'} (as statnet reports).")  # fmt: skip
            elif independent and not (c[~tied] > 0).any():
                out[k] = np.inf * sign
                notes.append(f"{name}: the observed statistic is at its "
                             f"{'maximum' if sign > 0 else 'minimum'}; its estimate is "
                             f"{'inf' if sign > 0 else '-inf'} (as statnet reports).")  # fmt: skip
            break
    return out


def _mple(ctx: _Context, states: mcmc.States, rng: np.random.Generator, notes: list[str],
          observed: np.ndarray, ridge: bool):  # fmt: skip
    """MPLE; with ``ridge``, a separated (non-converging) fit is redone with a ridge penalty
    (a start for MCMC-MLE only)."""
    model = ctx.model
    u, v, w, sampled = _mple_dyads(ctx, rng)
    x, y = mcmc.design(model, states, u, v)
    y = y.astype(np.float64)
    fixed = _boundary(model, observed == model.empty, x, y, notes)
    free = fixed == 0
    keep = np.ones(len(y), dtype=bool)
    for k in np.flatnonzero(~free & ~np.isnan(fixed)):
        keep &= x[:, k] == 0  # dyads a +-inf coefficient forces
    beta = fixed.copy()
    cov = np.full((model.p, model.p), np.nan)
    converged = True
    ll = 0.0
    if free.any():
        xf, yf, wf = _compress(x[keep][:, free], y[keep], w[keep])
        b, c, converged = _logit(xf, yf, wf)
        if not converged and ridge:
            b, c, _ = _logit(xf, yf, wf, penalty=1.0)
            notes.append("the MPLE does not exist (separation); MCMC-MLE started from a "
                         "ridge-penalised MPLE.")  # fmt: skip
            converged = True
        beta[free] = b
        cov[np.ix_(free, free)] = c
        eta = xf @ b
        ll = float(np.sum(wf * (yf * eta - np.logaddexp(0.0, eta))))
    if sampled:
        notes.append(f"the MPLE used all ties and a weighted sample of {int((y == 0).sum())} "
                     "non-ties (case-control), because the network has more dyads than "
                     "control['MPLE.max.dyads'].")  # fmt: skip
    if not converged:
        notes.append("the MPLE logistic regression did not converge (separation?).")
    return beta, cov, ll, int(w.sum())


# ---------------------------------------------------------------- MCMC-MLE
def _hull_gamma(points: np.ndarray, mean: np.ndarray, target: np.ndarray, margin: float) -> float:
    """Largest gamma in [0, 1] with mean + gamma (target - mean) / (1 - margin) in the hull."""
    from scipy.optimize import linprog

    d = (target - mean) / (1.0 - margin)
    if not np.any(d):
        return 1.0
    s, p = points.shape
    # variables: lambda (s), gamma; maximise gamma
    a_eq = np.zeros((p + 1, s + 1))
    a_eq[:p, :s] = points.T
    a_eq[:p, s] = -d
    a_eq[p, :s] = 1.0
    b_eq = np.r_[mean, 1.0]
    c = np.zeros(s + 1)
    c[s] = -1.0
    res = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * s + [(0, 1)], method="highs")
    if not res.success:
        return 0.0
    return float(min(max(res.x[s], 0.0), 1.0))


def _lw(z: np.ndarray, delta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """log mean exp(delta.z), and the weighted mean and covariance of z."""
    a = z @ delta
    top = a.max()
    wts = np.exp(a - top)
    total = wts.sum()
    wts = wts / total
    mean = wts @ z
    zc = z - mean
    cov = (zc * wts[:, None]).T @ zc
    return top + math.log(total / len(a)), mean, cov


def _gt_step(sc: np.ndarray, su: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Maximise log mean_c exp(d.sc) - log mean_u exp(d.su) over d (free coordinates)."""
    sc = sc[:, free]
    su = su[:, free]
    center = su.mean(axis=0)
    sc = sc - center
    su = su - center
    scale = su.std(axis=0)
    scale[scale == 0] = 1.0
    sc = sc / scale
    su = su / scale
    delta = np.zeros(su.shape[1])

    def value(dl):
        return _lw(sc, dl)[0] - _lw(su, dl)[0]

    current = value(delta)
    for _ in range(100):
        _, mc, cc = _lw(sc, delta)
        _, mu, cu = _lw(su, delta)
        grad = mc - mu
        hess = cc - cu
        try:
            evals = np.linalg.eigvalsh(hess)
            if evals.max() >= 0:
                hess = -cu
            step = -np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            step = grad
        if not np.all(np.isfinite(step)):
            break
        t = 1.0
        while t > 1e-6:
            cand = delta + t * step
            val = value(cand)
            if np.isfinite(val) and val >= current - 1e-12:
                break
            t /= 2
        if t <= 1e-6:
            break
        delta = delta + t * step
        gain = value(delta) - current
        current = value(delta)
        if np.max(np.abs(t * step)) < 1e-8 or abs(gain) < 1e-12:
            break
    return delta / scale


def _batch_cov(chains: np.ndarray) -> np.ndarray:
    """Covariance of the overall sample mean by batch means (chains: [c, s, p])."""
    c, s, p = chains.shape
    b = max(1, s // 20)
    nb = s // b
    means = chains[:, : nb * b].reshape(c, nb, b, p).mean(axis=2).reshape(c * nb, p)
    if c * nb < 2:
        return np.cov(chains.reshape(-1, p), rowvar=False) / max(c * s, 1)
    return np.atleast_2d(np.cov(means, rowvar=False)) / (c * nb)


def _degeneracy(ctx: _Context, ties: np.ndarray, status: np.ndarray, theta: np.ndarray) -> None:
    n_d = mcmc.n_dyads(ctx.n, ctx.directed)
    m = len(ctx.src)
    flat = ties.ravel()
    full = (status != 0).any() or (flat.mean() > 0.5 * n_d and m < 0.25 * n_d)
    empty = m > 0 and (flat == 0).mean() > 0.9
    if not (full or empty):
        return
    model = ctx.model
    dependent = [t for t in dict.fromkeys(model.term_of)
                 if t.split("(")[0] not in _INDEPENDENT]  # fmt: skip
    where = "full (or nearly full)" if full else "empty"
    coef = ", ".join(f"{k}={v:.3g}" for k, v in zip(model.names, theta, strict=True))
    raise ErgmDegeneracyError(
        f"the MCMC sample piled up on the {where} graph at {coef}: the model is degenerate "
        f"in {', '.join(dependent) or 'its terms'}. Try gwesp(0.5, fixed=TRUE) instead of "
        "triangle, gwdegree/gwidegree instead of kstar/istar, a smaller decay, or add "
        "nodematch/nodefactor terms that explain the ties; check the formula with "
        'estimate="MPLE" first.'
    )


_INDEPENDENT = {"edges", "nodematch", "nodefactor", "nodeifactor", "nodeofactor", "nodecov",
                "nodeicov", "nodeocov", "absdiff", "edgecov"}  # fmt: skip


def _sample(ctx, states, theta, stats, rng, *, burnin, free=None):
    c = ctx.control
    out, ties, status = mcmc.run(
        ctx.model, states, theta, stats, burnin=burnin, interval=c["MCMC.interval"],
        samples=c["MCMC.samplesize"], rng=rng, free=free,
    )  # fmt: skip
    if free is None:
        _degeneracy(ctx, ties, status, theta)
    return out


def _mcmle(ctx: _Context, theta0: np.ndarray, observed: np.ndarray, rng, notes: list[str]):
    c = ctx.control
    model = ctx.model
    chains = int(c["MCMC.chains"])
    free = np.isfinite(theta0)
    theta = np.where(free, theta0, theta0)
    missing = len(ctx.missing_keys) > 0
    states_u = mcmc.new_states(ctx.n, ctx.directed, ctx.src, ctx.dst, chains)
    stats_u = np.tile(observed, (chains, 1))
    if missing:
        states_c = mcmc.new_states(ctx.n, ctx.directed, ctx.src, ctx.dst, chains)
        stats_c = np.tile(observed, (chains, 1))
        free_dyads = ctx.free_dyads()
    start = time.monotonic()
    burnin = int(c["MCMC.burnin"])
    stepped_full = 0
    history = []
    for it in range(1, int(c["MCMLE.maxit"]) + 1):
        su3 = _sample(ctx, states_u, theta, stats_u, rng, burnin=burnin)
        su = su3.reshape(-1, model.p)
        if missing:
            sc3 = _sample(ctx, states_c, theta, stats_c, rng, burnin=burnin, free=free_dyads)
            sc = sc3.reshape(-1, model.p)
        else:
            sc3 = None
            sc = observed[None, :]
        mean_u = su.mean(axis=0)
        target = sc.mean(axis=0)
        diff = (target - mean_u)[free]
        cov_u = np.atleast_2d(np.cov(su[:, free], rowvar=False))
        mc_cov = _batch_cov(su3[:, :, free])
        if missing:
            mc_cov = mc_cov + _batch_cov(sc3[:, :, free])
        try:
            dist = float(diff @ np.linalg.solve(cov_u, diff))
            mc = float(diff @ np.linalg.solve(mc_cov, diff))
        except np.linalg.LinAlgError:
            dist, mc = np.inf, np.inf
        history.append(dist)
        tol = float(c["MCMLE.tolerance"])
        p_free = int(free.sum())
        gamma = _hull_gamma(su[:, free], mean_u[free], target[free], c["MCMLE.steplength.margin"])
        shifted = sc.copy()
        shifted[:, free] += (gamma - 1.0) * (target - mean_u)[free]
        step = np.zeros(model.p)
        step[free] = _gt_step(shifted, su, free)
        if not np.all(np.isfinite(step)):  # the approximation is unbounded: first-order step
            step[free] = gamma * np.linalg.lstsq(cov_u, (target - mean_u)[free], rcond=None)[0]
        # trust region: move the model's mean statistics by at most 3 sample SDs (Mahalanobis)
        # per iteration, so a poorly mixed sample cannot throw the estimate far away
        reach = float(step[free] @ cov_u @ step[free])
        if reach > 9.0:
            step *= 3.0 / math.sqrt(reach)
        converged = gamma >= 1.0 and (dist <= p_free * tol**2 or mc <= _chi2_q90(p_free))
        if converged and stepped_full >= 1:
            theta = theta + step
            ctx.final_target = target
            info = cov_u.copy()
            if missing:
                info = info - np.atleast_2d(np.cov(sc[:, free], rowvar=False))
            return theta, info, mc_cov, su3, it, True
        if _TRACE:
            print(f"it {it}: gamma={gamma:.3f} dist={dist:.4g} mc={mc:.4g} "
                  f"theta={_fmt(model.names, theta)} mean-target={mean_u - target}")  # fmt: skip
        stepped_full = stepped_full + 1 if gamma >= 1.0 else 0
        theta = theta + step
        if time.monotonic() - start > float(c["time_limit"]):
            raise ErgmConvergenceError(
                f"MCMC-MLE stopped at the time limit ({c['time_limit']} s) after {it} "
                f"iterations without converging (last estimates: {_fmt(model.names, theta)}). "
                "Raise control['time_limit'], or simplify the model."
            )
    raise ErgmConvergenceError(
        f"MCMC-MLE did not converge in control['MCMLE.maxit']={c['MCMLE.maxit']} iterations "
        f"(last estimates: {_fmt(model.names, theta)}; distance of the sample mean to the "
        f"observed statistics {history[-1]:.3g}). Raise MCMLE.maxit or MCMC.samplesize/"
        "MCMC.interval, or check the model for near-degeneracy."
    )


def _sqrt_diag(cov: np.ndarray) -> np.ndarray:
    d = np.diag(cov)
    return np.sqrt(np.where(d >= 0, d, np.nan))


def _chi2_q90(p: int) -> float:
    from scipy.stats import chi2

    return float(chi2.ppf(0.9, p))


def _fmt(names, theta) -> str:
    return ", ".join(f"{k}={v:.3g}" for k, v in zip(names, theta, strict=True))


# ---------------------------------------------------------------- public
def ergm(
    graph: Network,
    formula: str,
    *,
    directed: bool = True,
    estimate: str = "MLE",
    missing: str = "observed",
    missing_dyads: Iterable[tuple[Hashable, Hashable]] | pd.DataFrame | None = None,
    data: Mapping[str, Any] | None = None,
    seed: int | np.random.Generator | None = None,
    control: Mapping[str, Any] | None = None,
) -> ErgmFit:
    r"""Fit an exponential random graph model with statnet's model language.

    **Definition.** :math:`P(Y = y) = \exp(\theta^\top g(y)) / \kappa(\theta)` over all graphs
    on the people of ``graph``, where :math:`g` are the statistics named in ``formula``
    (``rn.ergm_terms()`` lists them). The MPLE maximises the product over dyads of
    :math:`P(Y_{ij} = y_{ij} \mid Y_{-ij})`, a logistic regression of tie states on change
    statistics; it is the MLE for dyad-independent models. Otherwise the MLE is found by
    MCMC: Hummel-Hunter-Handcock stepping towards the observed statistics, then
    Geyer-Thompson iterations, from a tie/no-tie Metropolis-Hastings sampler.

    Parameters
    ----------
    graph : Network
        The observed network (binary: weights are ignored).
    formula : str
        Terms joined by ``+``, e.g. ``"edges + mutual + gwesp(0.5, fixed=TRUE) +
        nodematch('role')"``; R and Python spellings of arguments are both accepted.
    directed : bool
        False reads a symmetric network as undirected (each tie once).
    estimate : {"MLE", "MPLE"}
    missing : {"observed", "ignore"}
        ``"observed"``: a non-respondent's outgoing dyads (undirected: dyads between two
        non-respondents) and ``missing_dyads`` are unobserved, and the likelihood of the
        observed part is maximised (Handcock & Gile 2010, statnet's default). ``"ignore"``:
        they count as absent ties.
    missing_dyads : iterable of (id, id) pairs or DataFrame, optional
        Further unobserved dyads.
    data : mapping, optional
        Dyadic covariates for ``edgecov('name')``: Network, n x n matrix or DataFrame.
    seed : int, numpy.random.Generator or None
    control : mapping, optional
        ``MCMC.burnin``, ``MCMC.interval``, ``MCMC.samplesize``, ``MCMC.chains``,
        ``MCMLE.maxit``, ``MCMLE.tolerance``, ``MPLE.max.dyads``, ``time_limit`` (seconds);
        see :data:`CONTROL_DEFAULTS`.

    Returns
    -------
    ErgmFit

    Raises
    ------
    ArgumentError
        Unknown term, attribute or argument.
    GraphKindError
        A term that does not apply to the network's kind; an asymmetric network with
        ``directed=False``.
    ErgmDegeneracyError
        The sampler piled up on the empty or full graph.
    ErgmConvergenceError
        MCMC-MLE hit ``MCMLE.maxit`` or ``time_limit``.

    Notes
    -----
    Coefficient names, factor-level order (R's sort, first level the baseline) and the
    handling of terms at their extremes (``-inf``/``inf``) follow R's ``ergm`` 4. MCMC
    standard errors add the Monte Carlo error of the sample mean (batch means) to the
    inverse Fisher information estimated from the sample. The log-likelihood is exact for
    dyad-independent models and not computed (NaN) for MCMC fits.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c", "d"], ["b", "a", "a", "c"])
    >>> fit = rn.ergm(g, "edges")  # 4 arcs of 12 dyads: log(4 / 8)
    >>> fit.coef.round(3).tolist()
    [-0.693]

    References
    ----------
    .. [1] Hunter, D. R., Handcock, M. S., Butts, C. T., Goodreau, S. M., Morris, M. (2008).
       ergm: A package to fit, simulate and diagnose exponential-family models for networks.
       Journal of Statistical Software 24(3).
    .. [2] Hummel, R. M., Hunter, D. R., Handcock, M. S. (2012). Improving simulation-based
       algorithms for fitting ERGMs. JCGS 21(4), 920-939.
    .. [3] Handcock, M. S., Gile, K. J. (2010). Modeling social networks from sampled data.
       Annals of Applied Statistics 4(1), 5-25.
    """
    if not isinstance(graph, Network):
        raise ArgumentError(f"graph must be a relnet Network, got {type(graph).__name__}.")
    check_choice("estimate", estimate, ("MLE", "MPLE"))
    check_choice("missing", missing, ("observed", "ignore"))
    if not isinstance(directed, bool):
        raise ArgumentError(f"directed={directed!r} must be True or False.")
    if graph.n < 3:
        raise ArgumentError(f"an ERGM needs at least 3 people; the graph has {graph.n}.")
    rng = np.random.default_rng(seed)
    src, dst = _ties(graph, directed)
    model = build_model(formula, graph, directed=directed, data=data)
    ctrl = _control(control, len(src))
    keys = _missing_keys(graph, directed, missing, missing_dyads)
    if len(keys):
        tie_keys = src * graph.n + dst
        known = ~np.isin(tie_keys, keys)
        src, dst = src[known], dst[known]
    ctx = _Context(graph, model, src, dst, keys, ctrl)
    notes = list(model.notes)
    if len(keys):
        notes.append(f"{len(keys)} dyads are unobserved (missing='observed'); the likelihood "
                     "is that of the observed dyads.")  # fmt: skip
    observed = mcmc.statistics(model, graph.n, directed, src, dst)
    states = mcmc.new_states(graph.n, directed, src, dst, 1)
    ridge = estimate == "MLE" and not model.dyad_independent
    beta, cov, ll, n_obs = _mple(ctx, states, rng, notes, observed, ridge)
    names = model.names
    sample = None
    iterations = 0
    converged = True
    if estimate == "MPLE" or model.dyad_independent:
        method = (
            "MPLE"
            if estimate == "MPLE" and not model.dyad_independent
            else "MPLE (= MLE, dyad-independent)"
        )
        est = "MPLE" if estimate == "MPLE" and not model.dyad_independent else "MLE"
        if not model.dyad_independent:
            ll = float("nan")
            notes.append("MPLE standard errors of a dyad-dependent model are too small; fit "
                         'estimate="MLE" for inference.')  # fmt: skip
        se = _sqrt_diag(cov)
        ctx.final_target = observed
        theta = beta
        covariance = cov
    else:
        if np.isnan(beta).any():
            raise ArgumentError(
                "some coefficients are not estimable ("
                + ", ".join(n for n, b in zip(names, beta, strict=True) if np.isnan(b))
                + "); drop those terms."
            )
        theta, info, mc_cov, su3, iterations, converged = _mcmle(ctx, beta, observed, rng, notes)
        free = np.isfinite(theta)
        inv = np.linalg.pinv(info)
        covariance = np.full((model.p, model.p), np.nan)
        covariance[np.ix_(free, free)] = inv + inv @ mc_cov @ inv
        se = _sqrt_diag(covariance)
        method = "MCMC-MLE"
        est = "MLE"
        ll = float("nan")
        notes.append("loglik (and so aic, bic) is not computed for a dyad-dependent model: "
                     "relnet has no bridge sampling yet.")  # fmt: skip
        sample = pd.DataFrame(su3.reshape(-1, model.p), columns=names)
        sample["chain"] = np.repeat(np.arange(su3.shape[0]), su3.shape[1])
    se = np.where(np.isfinite(theta), se, np.nan)
    return ErgmFit(
        formula=formula,
        coef=pd.Series(theta, index=names, name="estimate"),
        se=pd.Series(se, index=names, name="se"),
        observed=pd.Series(observed, index=names, name="observed"),
        estimate=est,
        method=method,
        directed=directed,
        missing=missing,
        loglik=ll,
        n_obs_dyads=n_obs,
        iterations=iterations,
        converged=converged,
        notes=tuple(notes),
        covariance=pd.DataFrame(covariance, index=names, columns=names),
        sample=sample,
        _context=ctx,
    )
