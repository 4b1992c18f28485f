"""Association between network measures and outcomes: correlations with bootstrap intervals,
regressions (OLS with HC3 errors, logit, Poisson) and mixed models, in one tidy table."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from relnet.deprecation import renamed_keyword
from relnet.errors import ArgumentError, SmallSampleWarning, check_choice

MODELS = ("spearman", "pearson", "ols", "logit", "poisson", "mixed")
ADJUSTMENTS = ("holm", "bonferroni", "fdr_bh", "none")
COLUMNS = [
    "term",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "n",
    "model",
]


@renamed_keyword("group", "by")
def associate(
    table: pd.DataFrame,
    outcome: str,
    predictors: str | Sequence[str],
    *,
    model: str = "spearman",
    covariates: Sequence[str] | None = None,
    by: str | None = None,
    trials: str | None = None,
    n_boot: int = 2000,
    n_perm: int = 0,
    seed: int | np.random.Generator | None = None,
    adjust: str = "holm",
    standardize: bool = False,
    alpha: float = 0.05,
) -> pd.DataFrame:
    r"""Estimate how outcomes go with network measures, as one tidy table.

    **Definition.** Rows with a missing value in any used column are dropped (listwise);
    ``n`` counts the rest.

    - ``spearman`` / ``pearson``: one correlation per predictor (a partial correlation when
      ``covariates`` are given: both sides residualised on the covariates, on ranks for
      Spearman). The interval is the bootstrap percentile interval over ``n_boot``
      resamples of rows (of whole groups when ``by`` is given), ``se`` the
      bootstrap standard deviation; ``p_value`` is the permutation p-value
      :math:`(1 + \#\{|r^*| \ge |r|\})/(1 + B)` over ``n_perm`` shuffles of the outcome
      (residuals) when ``n_perm > 0``, else the t-test of :math:`r` with
      :math:`n - 2 - k` degrees of freedom.
    - ``ols``: least squares of the outcome on all predictors and covariates jointly, with
      HC3 heteroskedasticity-robust errors (MacKinnon & White 1985), or cluster-robust
      errors by ``by``.
    - ``logit`` and ``poisson``: binomial and Poisson GLMs (outcome 0/1, or the number of
      successes out of ``trials`` for logit; counts for Poisson); cluster-robust errors by
      ``by`` when given.
    - ``mixed``: linear mixed model with a random intercept per ``by`` (REML), for
      person-level outcomes nested in teams or sites.

    Regression intervals and p-values are Wald (normal) ones. ``p_adjusted`` corrects the
    predictors' p-values for multiplicity (``adjust``); intercept and covariate rows get
    NaN there.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per unit (group or person), e.g. the result of :func:`relnet.link_outcomes`.
    outcome : str
        Outcome column.
    predictors : str or list of str
        Network measure columns.
    model : {"spearman", "pearson", "ols", "logit", "poisson", "mixed"}
        The model.
    covariates : list of str, optional
        Adjustment columns (numeric).
    by : str, optional
        Column (or index level) of the cluster: random intercept for ``mixed``, cluster
        bootstrap for correlations, cluster-robust errors for ``ols``/``logit``/``poisson``.
    trials : str, optional
        For ``logit`` on grouped data: column with the number of trials (e.g. team size);
        ``outcome`` then holds the number of successes (e.g. adopters).
    n_boot : int, default 2000
        Bootstrap resamples for correlations.
    n_perm : int, default 0
        Permutations for a correlation's p-value (0: t-test).
    seed : int or numpy.random.Generator, optional
        Seed for resampling.
    adjust : {"holm", "bonferroni", "fdr_bh", "none"}, default "holm"
        Multiplicity correction across predictors.
    standardize : bool, default False
        z-score the predictors first, so effects compare across measures.
    alpha : float, default 0.05
        1 - confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        Columns ``term``, ``estimate``, ``se``, ``ci_low``, ``ci_high``,
        ``p_value``, ``p_adjusted``, ``n``, ``model``; regressions add an ``intercept`` row
        and one per covariate.

    Warns
    -----
    SmallSampleWarning
        When there are fewer than 10 observations per predictor (and covariate).

    Raises
    ------
    ArgumentError
        On unknown columns or options, non-numeric columns, a non-binary logit outcome, or
        fewer than 3 complete rows.

    Notes
    -----
    Regressions are fitted with statsmodels (``OLS(...).fit(cov_type="HC3")``, ``GLM``,
    ``MixedLM``); correlations match ``scipy.stats.spearmanr``/``pearsonr``.

    Examples
    --------
    >>> import relnet as rn
    >>> import pandas as pd
    >>> teams = pd.DataFrame({"density": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
    ...                       "fidelity": [50, 52, 51, 58, 60, 63, 61, 66, 70, 71]})
    >>> res = rn.associate(teams, "fidelity", "density", n_boot=200, seed=0)
    >>> res[["term", "estimate", "n", "model"]]  # two swapped pairs: 1 - 6 * 4 / 990
          term  estimate   n     model
    0  density  0.975758  10  spearman

    References
    ----------
    .. [1] MacKinnon, J. G. & White, H. (1985). Some heteroskedasticity-consistent covariance
       matrix estimators with improved finite sample properties. Journal of Econometrics
       29(3), 305-325.
    .. [2] Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap. Chapman &
       Hall.
    .. [3] Holm, S. (1979). A simple sequentially rejective multiple test procedure.
       Scandinavian Journal of Statistics 6(2), 65-70.
    """
    check_choice("model", model, MODELS)
    check_choice("adjust", adjust, ADJUSTMENTS)
    if not isinstance(table, pd.DataFrame):
        raise ArgumentError(f"table must be a DataFrame, got {type(table).__name__}.")
    group = by
    predictors = [predictors] if isinstance(predictors, str) else list(predictors)
    covariates = [] if covariates is None else list(covariates)
    if not predictors:
        raise ArgumentError("predictors must name at least one column.")
    if not 0 < alpha < 1:
        raise ArgumentError(f"alpha={alpha} must be between 0 and 1.")
    if model == "mixed" and group is None:
        raise ArgumentError("model='mixed' needs by= (the column of the random intercept).")
    if trials is not None and model != "logit":
        raise ArgumentError("trials= applies to model='logit' only.")
    data = _frame(table, outcome, predictors, covariates, group, trials)
    n = len(data)
    n_terms = len(predictors) + len(covariates)
    if n < 3:
        raise ArgumentError(f"only {n} complete rows; associate needs at least 3.")
    if n < 10 * n_terms:
        warnings.warn(
            f"{n} observations for {n_terms} predictor(s) and covariate(s): fewer than 10 per "
            "term, so estimates and intervals are unstable.",
            SmallSampleWarning,
            stacklevel=2,
        )
    if standardize:
        for column in predictors:
            sd = data[column].std(ddof=1)
            data[column] = (data[column] - data[column].mean()) / sd if sd > 0 else 0.0
    rng = np.random.default_rng(seed)
    if model in ("spearman", "pearson"):
        result = _correlations(data, outcome, predictors, covariates, group, model, n_boot,
                               n_perm, rng, alpha)  # fmt: skip
    else:
        result = _regression(data, outcome, predictors, covariates, group, trials, model, alpha)
    result["n"] = n
    result["model"] = model
    is_predictor = result["term"].isin(predictors).to_numpy()
    result["p_adjusted"] = np.nan
    pvals = result.loc[is_predictor, "p_value"].to_numpy(dtype=float)
    result.loc[is_predictor, "p_adjusted"] = _adjust(pvals, adjust)
    return result[COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------------- data
def _frame(table, outcome, predictors, covariates, group, trials) -> pd.DataFrame:
    frame = table.reset_index() if any(n is not None for n in table.index.names) else table
    wanted = [outcome, *predictors, *covariates]
    extra = [c for c in (group, trials) if c is not None]
    missing = [c for c in wanted + extra if c not in frame.columns]
    if missing:
        raise ArgumentError(f"table has no column(s) {missing}; it has {list(frame.columns)[:15]}.")
    if len(set(wanted)) != len(wanted):
        raise ArgumentError("outcome, predictors and covariates must be distinct columns.")
    data = frame[list(dict.fromkeys(wanted + extra))].copy()
    for column in wanted + ([trials] if trials else []):
        values = data[column]
        if values.dtype == bool:
            data[column] = values.astype(float)
        elif not pd.api.types.is_numeric_dtype(values):
            raise ArgumentError(
                f"column {column!r} is not numeric ({values.dtype}); encode it as numbers "
                "(e.g. pd.get_dummies) first."
            )
        else:
            data[column] = values.astype(float)
    data = data.replace([np.inf, -np.inf], np.nan).dropna()
    return data.reset_index(drop=True)


def _adjust(pvals: np.ndarray, method: str) -> np.ndarray:
    """Holm, Bonferroni or Benjamini-Hochberg adjusted p-values (NaN stay NaN)."""
    out = np.full(len(pvals), np.nan)
    ok = ~np.isnan(pvals)
    p = pvals[ok]
    m = len(p)
    if method == "none" or m == 0:
        return pvals.copy()
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    if method == "bonferroni":
        adjusted = np.minimum(1.0, ranked * m)
    elif method == "holm":
        adjusted = np.minimum(1.0, np.maximum.accumulate(ranked * (m - np.arange(m))))
    else:  # fdr_bh
        scaled = ranked * m / np.arange(1, m + 1)
        adjusted = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    result = np.empty(m)
    result[order] = adjusted
    out[ok] = result
    return out


# ---------------------------------------------------------------------- correlations
def _residualize(values: np.ndarray, C: np.ndarray | None) -> np.ndarray:
    """Residuals of the columns of ``values`` (..., n) on [1, C] along the last axis."""
    if C is None:
        return values - values.mean(axis=-1, keepdims=True)
    design = np.column_stack([np.ones(C.shape[0]), C])
    coef, *_ = np.linalg.lstsq(design, values.T, rcond=None)
    return values - (design @ coef).T


def _row_corr(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Row-wise Pearson correlation of two (B, n) arrays."""
    xc = x - x.mean(axis=1, keepdims=True)
    yc = y - y.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (xc * yc).sum(1) / np.sqrt((xc * xc).sum(1) * (yc * yc).sum(1))


def _corr_stat(x: np.ndarray, y: np.ndarray, C: np.ndarray | None, rank: bool) -> np.ndarray:
    """(Partial) correlation for each row of (B, n) x and y (C: (B, n, k) or None)."""
    if rank:
        x = stats.rankdata(x, axis=1)
        y = stats.rankdata(y, axis=1)
        if C is not None:
            C = stats.rankdata(C, axis=1)
    if C is None:
        return _row_corr(x, y)
    out = np.empty(x.shape[0])
    for b in range(x.shape[0]):  # per bootstrap resample: a small lstsq
        rx = _residualize(x[b][None, :], C[b])[0]
        ry = _residualize(y[b][None, :], C[b])[0]
        out[b] = _row_corr(rx[None, :], ry[None, :])[0]
    return out


def _correlations(data, outcome, predictors, covariates, group, model, n_boot, n_perm, rng,
                  alpha) -> pd.DataFrame:  # fmt: skip
    rank = model == "spearman"
    n = len(data)
    y = data[outcome].to_numpy()
    C = data[covariates].to_numpy() if covariates else None
    k = len(covariates)
    boot_index = _boot_index(data, group, n_boot, rng)
    rows = []
    for term in predictors:
        x = data[term].to_numpy()
        r = float(_corr_stat(x[None, :], y[None, :], None if C is None else C[None], rank)[0])
        if boot_index is not None:
            boot = _corr_stat(x[boot_index], y[boot_index],
                              None if C is None else C[boot_index], rank)  # fmt: skip
            boot = boot[np.isfinite(boot)]
        else:
            boot = np.empty(0)
        if len(boot) >= 2:
            se = float(boot.std(ddof=1))
            lo, hi = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
        else:
            se, lo, hi = np.nan, np.nan, np.nan
        if n_perm > 0:
            xs = stats.rankdata(x) if rank else x
            ys = stats.rankdata(y) if rank else y
            Cs = None if C is None else (stats.rankdata(C, axis=0) if rank else C)
            rx = _residualize(xs[None, :], Cs)[0]
            ry = _residualize(ys[None, :], Cs)[0]
            perms = rng.permuted(np.tile(np.arange(n), (n_perm, 1)), axis=1)
            null = _row_corr(np.broadcast_to(rx, (n_perm, n)), ry[perms])
            p = float((1 + np.count_nonzero(np.abs(null) >= abs(r) * (1 - 1e-12)))
                      / (1 + n_perm))  # fmt: skip
        else:
            dof = n - 2 - k
            if dof > 0 and np.isfinite(r) and abs(r) < 1:
                t = r * np.sqrt(dof / (1 - r * r))
                p = float(2 * stats.t.sf(abs(t), dof))
            else:
                p = 0.0 if np.isfinite(r) and abs(r) == 1 else np.nan
        rows.append({"term": term, "estimate": r, "se": se, "ci_low": float(lo),
                     "ci_high": float(hi), "p_value": p})  # fmt: skip
    return pd.DataFrame(rows)


def _boot_index(data, group, n_boot, rng) -> np.ndarray | None:
    if n_boot <= 0:
        return None
    n = len(data)
    if group is None:
        return rng.integers(0, n, size=(n_boot, n))
    # cluster bootstrap: draw whole groups, then cut or pad each resample to n rows
    codes, _ = pd.factorize(data[group])
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    n_groups = len(sizes)
    out = np.empty((n_boot, n), dtype=np.int64)
    for b in range(n_boot):  # per resample: concatenate the drawn groups' rows
        drawn = rng.integers(0, n_groups, size=n_groups)
        rows = np.concatenate([order[starts[g] : starts[g] + sizes[g]] for g in drawn])
        out[b] = rows[:n] if len(rows) >= n else np.resize(rows, n)
    return out


# ---------------------------------------------------------------------- regressions
def _regression(data, outcome, predictors, covariates, group, trials, model, alpha):
    import statsmodels.api as sm

    terms = [*predictors, *covariates]
    X = np.column_stack([np.ones(len(data)), data[terms].to_numpy()])
    names = ["intercept", *terms]
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise ArgumentError(
            f"the predictors {terms} are collinear or constant in the {len(data)} complete "
            "rows; drop one."
        )
    y = data[outcome].to_numpy()
    cov = {}
    if group is not None and model != "mixed":
        codes, _ = pd.factorize(data[group])
        cov = {"cov_type": "cluster", "cov_kwds": {"groups": codes}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)
        if model == "ols":
            fit = sm.OLS(y, X).fit(**(cov or {"cov_type": "HC3"}))
        elif model == "logit":
            endog = _binomial_endog(y, data, trials, outcome)
            fit = sm.GLM(endog, X, family=sm.families.Binomial()).fit(**cov)
        elif model == "poisson":
            if (y < 0).any() or not np.allclose(y, np.round(y)):
                raise ArgumentError(f"model='poisson' needs counts; {outcome!r} is not.")
            fit = sm.GLM(y, X, family=sm.families.Poisson()).fit(**cov)
        else:
            codes, _ = pd.factorize(data[group])
            if len(np.unique(codes)) < 2:
                raise ArgumentError("model='mixed' needs at least 2 groups.")
            fit = _fit_mixed(sm, y, X, codes)
    k = X.shape[1]
    params = np.asarray(fit.params)[:k]
    bse = np.asarray(fit.bse)[:k]
    pvalues = np.asarray(fit.pvalues)[:k]
    ci = np.asarray(fit.conf_int(alpha=alpha))[:k]
    lo, hi = ci[:, 0], ci[:, 1]
    return pd.DataFrame(
        {
            "term": names,
            "estimate": params,
            "se": bse,
            "ci_low": lo,
            "ci_high": hi,
            "p_value": pvalues,
        }  # fmt: skip
    )


def _binomial_endog(y: np.ndarray, data: pd.DataFrame, trials: str | None, outcome: str):
    if trials is None:
        if not np.isin(y, (0.0, 1.0)).all():
            raise ArgumentError(
                f"model='logit' needs a 0/1 outcome; {outcome!r} has other values. For "
                "grouped data pass trials= (the column of group sizes)."
            )
        return y
    n_trials = data[trials].to_numpy()
    if (n_trials <= 0).any():
        raise ArgumentError(f"trials column {trials!r} must be positive.")
    successes = y
    if (successes < -1e-9).any() or (successes > n_trials + 1e-9).any():
        raise ArgumentError(f"{outcome!r} must lie between 0 and {trials!r}.")
    return np.column_stack([successes, n_trials - successes])


def _fit_mixed(sm, y, X, codes):
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        fit = sm.MixedLM(y, X, groups=codes).fit(reml=True)
    if any(issubclass(w.category, ConvergenceWarning) for w in caught):
        warnings.warn(
            "the mixed model did not fully converge (often: almost no between-group variance); "
            "read its estimates with care or use model='ols' with by= (cluster errors).",
            SmallSampleWarning,
            stacklevel=4,
        )
    return fit
