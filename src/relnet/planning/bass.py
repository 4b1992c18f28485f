"""The Bass diffusion model fitted to adoption times (netdiffuseR's ``fitbass``)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
from relnet.metrics.common import finish_figure, result_card

FITS = ("cumulative", "increments")


def bass_cdf(t: np.ndarray, p: float, q: float) -> np.ndarray:
    r"""Share of eventual adopters adopted by time ``t``:
    :math:`F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})`."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=np.float64))
    return (1.0 - e) / (1.0 + (q / p) * e)


@dataclass(frozen=True, eq=False)
class BassResult:
    """Bass model estimates.

    Attributes
    ----------
    p, q, m : float
        Innovation and imitation coefficients and the number of eventual adopters.
    estimates : pandas.DataFrame
        Index ``term`` (p, q, m); columns ``estimate``, ``se``, ``ci_low``, ``ci_high``
        (95%, t distribution with ``n_obs - 3`` degrees of freedom).
    fitted : pandas.DataFrame
        Per period (index ``period``): ``t`` (time since the start), ``cumulative``
        (observed adopters by then), ``fitted`` (m F(t)), ``new`` and ``fitted_new``.
    n_obs : int
        Number of periods fitted.
    fit : str
        ``"cumulative"`` or ``"increments"``.
    peak : float
        Time of the highest adoption rate, ln(q/p)/(p + q) (0 when q <= p).
    """

    p: float
    q: float
    m: float
    estimates: pd.DataFrame
    fitted: pd.DataFrame = field(repr=False)
    n_obs: int
    fit: str
    peak: float

    def summary(self) -> pd.DataFrame:
        """The ``estimates`` table."""
        return self.estimates.copy()

    def to_frame(self) -> pd.DataFrame:
        """Same as :meth:`summary`."""
        return self.summary()

    def predict(self, t: Sequence[float] | np.ndarray) -> np.ndarray:
        """Cumulative adopters m F(t) at times ``t`` since the start."""
        return self.m * bass_cdf(np.asarray(t, dtype=np.float64), self.p, self.q)

    def plot(self, path: str | None = None):
        """Observed and fitted cumulative adoption (a matplotlib Figure)."""
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 3.5))
        x = self.fitted.index.to_numpy()
        ax.plot(x, self.fitted["cumulative"], "o", label="observed")
        ax.plot(x, self.fitted["fitted"], "-", label="Bass fit")
        ax.set_xlabel("period")
        ax.set_ylabel("cumulative adopters")
        ax.set_title(f"Bass: p={self.p:.3g}, q={self.q:.3g}, m={self.m:.4g}")
        ax.legend(loc="lower right")
        return finish_figure(fig, path)

    def _repr_html_(self) -> str:
        return result_card(self)

    def __repr__(self) -> str:
        return (
            f"<BassResult p={self.p:.3g}, q={self.q:.3g}, m={self.m:.4g} "
            f"({self.n_obs} periods, {self.fit})>"
        )


def _times(adoption_times: object) -> np.ndarray:
    if isinstance(adoption_times, pd.Series | pd.Index):
        values = pd.to_numeric(adoption_times, errors="coerce").to_numpy(dtype=np.float64)
        bad = adoption_times.notna().to_numpy() & np.isnan(values)
    else:
        try:
            values = np.asarray(adoption_times, dtype=np.float64).ravel()
        except (TypeError, ValueError):
            raise ArgumentError(
                "adoption_times must be numbers (a Series or array of times; NaN = never adopted)."
            ) from None
        bad = np.zeros(len(values), dtype=bool)
    if bad.any():
        raise ArgumentError(
            f"adoption_times has {int(bad.sum())} values that are not numbers; give times as "
            "numbers (periods), NaN for people who never adopted."
        )
    if np.isinf(values).any():
        raise ArgumentError("adoption_times has infinite values; use NaN for never adopted.")
    return values[~np.isnan(values)]


def _jacobian(model, t: np.ndarray, est: np.ndarray) -> np.ndarray:
    """Central-difference Jacobian of ``model(t, *est)`` in the parameters."""
    jac = np.empty((len(t), len(est)))
    for i, value in enumerate(est):
        h = 1e-6 * max(abs(value), 1e-8)
        up, down = est.copy(), est.copy()
        up[i] += h
        down[i] = max(value - h, 1e-12) if i != 1 else value - h
        jac[:, i] = (model(t, *up) - model(t, *down)) / (up[i] - down[i])
    return jac


def _cumulative_cov(model, t: np.ndarray, y: np.ndarray, est: np.ndarray) -> np.ndarray:
    """Covariance of the least-squares estimates on cumulative counts when the errors of the
    per-period increments are independent with a common variance: the cumulative errors
    then have covariance sigma^2 min(i, j), and the sandwich
    (J'J)^-1 J' Omega J (J'J)^-1 replaces the usual sigma^2 (J'J)^-1, which assumes
    independent cumulative errors and is far too small."""
    jac = _jacobian(model, t, est)
    resid = y - model(t, *est)
    increments = np.diff(np.r_[0.0, resid])
    sigma2 = float(np.sum(increments**2) / max(len(t) - 3, 1))
    idx = np.arange(1, len(t) + 1)
    omega = sigma2 * np.minimum.outer(idx, idx)
    bread = np.linalg.pinv(jac.T @ jac)
    return bread @ (jac.T @ omega @ jac) @ bread


def fit_bass(
    adoption_times: pd.Series | Sequence[float] | np.ndarray,
    *,
    periods: Sequence[float] | None = None,
    fit: str = "cumulative",
) -> BassResult:
    r"""Fit the Bass diffusion model to when people adopted.

    **Definition.** The number adopted by time :math:`t` is :math:`N(t) = m F(t)` with
    :math:`F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})` (Bass 1969): :math:`p`
    the coefficient of innovation (adoption from outside influence), :math:`q` of imitation
    (from earlier adopters), :math:`m` the number who eventually adopt. :math:`p`,
    :math:`q`, :math:`m` are estimated by non-linear least squares
    (:func:`scipy.optimize.curve_fit`) on the cumulative counts :math:`N(t)` per period
    (``fit="cumulative"``, as netdiffuseR ``fitbass``) or on the new adopters per period,
    :math:`m(F(t) - F(t - 1))` (``fit="increments"``, Srinivasan & Mason 1986). Standard
    errors come from the Jacobian at the optimum, scaled by the residual variance; 95%
    intervals use the t distribution with :math:`T - 3` degrees of freedom.

    Time runs from the start of the first period: with periods :math:`t_1 < \dots < t_T`
    (step :math:`h`, usually 1), period :math:`t_k` is time :math:`t_k - t_1 + h`, and people
    who adopted at or before :math:`t_k` count in :math:`N`.

    Parameters
    ----------
    adoption_times : pandas.Series or array-like
        Time (period) each person adopted; NaN for people who never did (they are not
        counted; :math:`m` estimates the eventual adopters).
    periods : sequence of float, optional
        Periods to fit; default every whole period from the first to the last adoption
        (the sorted distinct times when they are not whole numbers).
    fit : {"cumulative", "increments"}, default "cumulative"
        Least squares on cumulative adopters (netdiffuseR) or on new adopters per period.

    Returns
    -------
    BassResult
        ``p``, ``q``, ``m``, ``estimates`` (se, ci_low, ci_high), ``fitted``, ``peak``.

    Raises
    ------
    ArgumentError
        Non-numeric times, fewer than 4 periods, no adopters, or a fit that does not
        converge.

    Notes
    -----
    Matches the model of netdiffuseR ``fitbass`` and of R ``DIMORA``/``BassModel`` style
    NLS fits; estimates agree up to the optimiser's tolerance.

    Examples
    --------
    >>> import numpy as np
    >>> import relnet as rn
    >>> t = np.arange(1, 13)
    >>> from relnet.planning.bass import bass_cdf
    >>> counts = np.round(200 * bass_cdf(t, 0.03, 0.5))  # planted curve
    >>> times = np.repeat(t, np.diff(np.r_[0, counts]).astype(int))  # one time per adopter
    >>> fit = rn.fit_bass(times)
    >>> round(fit.p, 2), round(fit.q, 1), round(fit.m / 10) * 10
    (0.03, 0.5, 200)

    References
    ----------
    .. [1] Bass, F. M. (1969). A new product growth for model consumer durables. Management
       Science 15(5), 215-227.
    .. [2] Srinivasan, V. & Mason, C. H. (1986). Nonlinear least squares estimation of new
       product diffusion models. Marketing Science 5(2), 169-178.
    .. [3] Vega Yon, G. G. & Valente, T. W. (2017). netdiffuseR. R package.
    """
    from scipy import stats
    from scipy.optimize import OptimizeWarning, curve_fit

    if fit not in FITS:
        raise ArgumentError(f"fit={fit!r} is not one of 'cumulative', 'increments'.")
    times = _times(adoption_times)
    if len(times) == 0:
        raise ArgumentError("adoption_times has no adopters (all NaN); nothing to fit.")
    if periods is None:
        whole = bool(np.all(times == np.round(times)))
        grid = np.arange(times.min(), times.max() + 1.0) if whole else np.unique(times)
    else:
        grid = np.unique(np.asarray(periods, dtype=np.float64))
    if len(grid) < 4:
        raise ArgumentError(
            f"{len(grid)} periods is too few to fit p, q and m; give at least 4 periods "
            "(periods=...)."
        )
    step = float(np.min(np.diff(grid)))
    t = grid - grid[0] + step
    cumulative = np.searchsorted(np.sort(times), grid, side="right").astype(np.float64)
    new = np.diff(np.r_[0.0, cumulative])
    # earlier adopters (before the first period) count in the first period's increment
    total = cumulative[-1]

    def cum_model(tt, p, q, m):
        return m * bass_cdf(tt, p, q)

    def new_model(tt, p, q, m):
        return m * (bass_cdf(tt, p, q) - bass_cdf(tt - step, p, q))

    model, y = (cum_model, cumulative) if fit == "cumulative" else (new_model, new)
    best = None
    for p0, q0, m0 in ((0.03, 0.4, 1.2), (0.01, 0.8, 1.5), (0.1, 0.1, 1.05), (0.3, 0.3, 1.0)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", OptimizeWarning)
                warnings.simplefilter("ignore", RuntimeWarning)
                est, cov = curve_fit(
                    model,
                    t,
                    y,
                    p0=(p0, q0, m0 * total),
                    bounds=([1e-9, 0.0, 1e-9], [np.inf, np.inf, np.inf]),
                    max_nfev=20_000,
                )
        except (RuntimeError, ValueError):
            continue
        sse = float(np.sum((model(t, *est) - y) ** 2))
        if best is None or sse < best[2] - 1e-12 * max(1.0, best[2]):
            best = (est, cov, sse)
    if best is None:
        raise ArgumentError(
            "the Bass model did not converge on these adoption times; check that adoption "
            "rises over the periods given (periods=...)."
        )
    est, cov, _ = best
    if fit == "cumulative":
        cov = _cumulative_cov(cum_model, t, cumulative, est)
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    df = len(t) - 3
    crit = float(stats.t.ppf(0.975, df))
    estimates = pd.DataFrame(
        {
            "estimate": est,
            "se": se,
            "ci_low": est - crit * se,
            "ci_high": est + crit * se,
        },
        index=pd.Index(["p", "q", "m"], name="term"),
    )
    p, q, m = (float(v) for v in est)
    fitted = pd.DataFrame(
        {
            "t": t,
            "cumulative": cumulative,
            "fitted": cum_model(t, p, q, m),
            "new": new,
            "fitted_new": new_model(t, p, q, m),
        },
        index=pd.Index(grid, name="period"),
    )
    peak = math.log(q / p) / (p + q) if q > p else 0.0
    return BassResult(
        p=p, q=q, m=m, estimates=estimates, fitted=fitted, n_obs=len(t), fit=fit, peak=peak
    )
