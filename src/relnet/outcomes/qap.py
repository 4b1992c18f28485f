"""QAP: graph correlation and multiple-regression QAP (MRQAP) between networks on one set
of people, with permutation tests that respect the dependence among dyads."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, GraphKindError, check_choice
from relnet.metrics.common import check_network
from relnet.network import Network
from relnet.outcomes.results import QAPCorrelation

QAP_MAX_PEOPLE = 5_000
QAP_METHODS = ("dsp", "y")
QAP_FAMILIES = ("linear", "logit")
_BATCH_CELLS = 4_000_000  # permuted cells held at once (32 MB of float64)


def qap_correlation(
    g1: Network,
    g2: Network,
    *,
    n_perm: int = 1000,
    seed: int | np.random.Generator | None = None,
    weighted: bool = False,
) -> QAPCorrelation:
    r"""Correlation of two networks on the same people, with a QAP permutation test.

    **Definition.** The graph correlation is Pearson's correlation of the off-diagonal cells
    :math:`\{(a_{ij}, b_{ij}) : i \ne j\}` of the two adjacency matrices. Its null
    distribution comes from relabelling the people of ``g2`` at random (the same
    permutation of rows and columns), which keeps each network's structure intact
    (Krackhardt 1987).

    Parameters
    ----------
    g1, g2 : Network
        Networks over the same people (any order; ``g2`` is aligned to ``g1``'s ids).
    n_perm : int, default 1000
        Number of permutations (0 for the estimate alone).
    seed : int or numpy.random.Generator, optional
        Seed for the permutations.
    weighted : bool, default False
        Use tie weights as cell values instead of 0/1.

    Returns
    -------
    QAPCorrelation
        ``estimate``, two-sided ``p_value``, one-sided ``p_greater``/``p_less`` (each
        :math:`(1 + \#\text{as extreme})/(1 + B)`), ``n_perm`` and the ``null`` draws.

    Raises
    ------
    ArgumentError
        When the networks are not on the same people or have more than 5,000 people (QAP
        holds dense :math:`n \times n` matrices).

    Notes
    -----
    The estimate equals R sna ``gcor(A, B)`` (checked to 1e-8 on the Krackhardt and Lazega
    data). sna's ``qaptest`` reports the share of permutations at least as extreme without
    the +1.

    Examples
    --------
    >>> a = Network.from_edges([1, 2, 3, 1], [2, 3, 1, 3], nodes=[1, 2, 3, 4])
    >>> b = Network.from_edges([1, 2, 3], [2, 3, 4], nodes=[1, 2, 3, 4])
    >>> r = qap_correlation(a, b, n_perm=200, seed=1)
    >>> round(r.estimate, 4)  # 12 cells, 4 and 3 arcs, 2 shared: (2 - 1)/sqrt(8/3 * 9/4)
    0.4082

    References
    ----------
    .. [1] Krackhardt, D. (1987). QAP partialling as a test of spuriousness. Social Networks
       9(2), 171-186.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software 24(6).
    """
    check_network(g1)
    check_network(g2)
    n_perm = _check_n_perm(n_perm)
    ids = g1.ids
    _check_size(len(ids))
    A = _dense(g1, ids, weighted, "g1")
    B = _dense(g2, ids, weighted, "g2")
    cells = _offdiagonal(len(ids))
    x = A.ravel()[cells]
    y = B.ravel()[cells]
    n_cells = len(cells)
    if n_cells == 0 or x.std() == 0 or y.std() == 0:
        raise GraphKindError(
            "the graph correlation is undefined: a network with fewer than 2 people or with all "
            "cells equal (no arcs, or every arc present) has no variance."
        )
    mx, my = x.mean(), y.mean()
    scale = n_cells * x.std() * y.std()
    estimate = float((x @ y - n_cells * mx * my) / scale)
    rng = np.random.default_rng(seed)
    null = np.empty(n_perm)
    for start, perms in _batches(rng, len(ids), n_perm):
        permuted = B[perms[:, :, None], perms[:, None, :]]  # diagonal stays on the diagonal
        dots = np.einsum("bij,ij->b", permuted, A)
        null[start : start + len(perms)] = (dots - n_cells * mx * my) / scale
    tol = 1e-12 * max(1.0, abs(estimate))
    return QAPCorrelation(
        estimate=estimate,
        p_value=_p(np.abs(null) >= abs(estimate) - tol, n_perm),
        p_greater=_p(null >= estimate - tol, n_perm),
        p_less=_p(null <= estimate + tol, n_perm),
        n_perm=n_perm,
        null=null,
    )


def mrqap(
    y: Network,
    xs: Mapping[str, Network],
    *,
    n_perm: int = 1000,
    method: str = "dsp",
    family: str = "linear",
    seed: int | np.random.Generator | None = None,
    weighted: bool = False,
) -> pd.DataFrame:
    r"""Multiple regression of one network on others (MRQAP), with QAP permutation p-values.

    **Definition.** The off-diagonal cells :math:`y_{ij}` (:math:`i \ne j`) are regressed on
    an intercept and the same cells of each :math:`X_k`: ordinary least squares for
    ``family="linear"`` (sna ``netlm``), a logistic GLM for ``family="logit"`` (sna
    ``netlogit``). Each coefficient is tested against permutations of people:

    - ``method="dsp"`` (double semi-partialling, Dekker, Krackhardt & Snijders 2007): regress
      :math:`X_k` on the other predictors, permute the rows and columns of the residual
      matrix jointly, refit :math:`Y` on the other predictors plus the permuted residual, and
      compare its t (or Wald z) statistic with the observed one; robust to collinear
      predictors and skewed networks. The intercept is not tested (NaN).
    - ``method="y"``: permute the rows and columns of :math:`Y` jointly and refit.

    p-values are two-sided, :math:`(1 + \#\{|t^*| \ge |t|\})/(1 + B)`.

    Parameters
    ----------
    y : Network
        Dependent network.
    xs : dict of str to Network
        Predictor networks on the same people, by name (the order of the rows).
    n_perm : int, default 1000
        Permutations per test (0: estimates only, p-values NaN).
    method : {"dsp", "y"}, default "dsp"
        Permutation scheme.
    family : {"linear", "logit"}, default "linear"
        OLS (netlm) or logistic regression (netlogit; ``y`` must be binary).
    seed : int or numpy.random.Generator, optional
        Seed for the permutations.
    weighted : bool, default False
        Use tie weights as cell values (for ``y`` only with ``family="linear"``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``intercept`` and the names of ``xs`` (index name ``term``), with columns
        ``estimate``, ``statistic`` (t for linear, Wald z for logit), ``p_value`` and
        ``r_squared`` (the model's :math:`R^2`, McFadden's pseudo :math:`R^2` for logit,
        the same on every row). ``attrs`` holds ``n_cells``, ``method``, ``family`` and
        ``n_perm``.

    Raises
    ------
    ArgumentError
        When the networks are not on the same people, ``xs`` is empty, an option is unknown,
        or there are more than 5,000 people (QAP holds dense matrices).
    GraphKindError
        When the design is singular (a predictor constant or collinear) or ``y`` is not
        binary with ``family="logit"``.

    Notes
    -----
    Estimates equal R sna ``netlm(Y, list(X1, ...))`` and ``netlogit`` coefficients (checked
    to 1e-8 on the Krackhardt and Lazega data). The logistic fit follows R's ``glm`` IRLS
    (start :math:`\mu = (y + 1/2)/2`, stop when the relative deviance change is below
    1e-8) and then polishes with Newton steps. sna's p-values use its own permutation counts;
    the ones here are exact-rank permutation p-values as defined above.

    Examples
    --------
    >>> people = list(range(6))
    >>> x = Network.from_edges([0, 1, 2, 3, 4, 5, 0], [1, 2, 3, 4, 5, 0, 3], nodes=people)
    >>> y = Network.from_edges([0, 1, 2, 3, 4, 0], [1, 2, 3, 4, 5, 2], nodes=people)
    >>> fit = mrqap(y, {"x": x}, n_perm=0)
    >>> fit["estimate"].round(4).tolist()  # y cells on x cells by OLS
    [0.0435, 0.6708]

    References
    ----------
    .. [1] Dekker, D., Krackhardt, D. & Snijders, T. A. B. (2007). Sensitivity of MRQAP tests
       to collinearity and autocorrelation conditions. Psychometrika 72(4), 563-581.
    .. [2] Krackhardt, D. (1988). Predicting with networks: nonparametric multiple regression
       analysis of dyadic data. Social Networks 10(4), 359-381.
    .. [3] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software 24(6).
    """
    check_network(y)
    check_choice("method", method, QAP_METHODS)
    check_choice("family", family, QAP_FAMILIES)
    n_perm = _check_n_perm(n_perm)
    if not isinstance(xs, Mapping) or not xs:
        raise ArgumentError("xs must be a non-empty dict of name -> Network (the predictors).")
    names = [str(k) for k in xs]
    if "intercept" in names:
        raise ArgumentError("a predictor may not be called 'intercept'; rename it.")
    ids = y.ids
    n = len(ids)
    _check_size(n)
    cells = _offdiagonal(n)
    Y = _dense(y, ids, weighted and family == "linear", "y")
    X_mats = [_dense(check_network(g), ids, weighted, f"xs[{k!r}]") for k, g in xs.items()]
    yv = Y.ravel()[cells]
    design = np.column_stack([np.ones(len(cells))] + [m.ravel()[cells] for m in X_mats])
    if np.linalg.matrix_rank(design) < design.shape[1]:
        raise GraphKindError(
            "the MRQAP design is singular: a predictor network is constant (empty or complete) "
            "or a copy/combination of others; drop it."
        )
    if family == "logit" and not np.isin(yv, (0.0, 1.0)).all():
        raise GraphKindError("family='logit' needs a binary y; pass weighted=False.")
    rng = np.random.default_rng(seed)
    if family == "linear":
        beta, stat, r2 = _ols(design, yv)
        p = _linear_pvalues(Y, X_mats, design, yv, stat, cells, method, n_perm, rng)
    else:
        beta, stat, r2 = _logit(design, yv)
        p = _logit_pvalues(Y, X_mats, design, yv, stat, cells, method, n_perm, rng)
    table = pd.DataFrame(
        {"estimate": beta, "statistic": stat, "p_value": p, "r_squared": r2},
        index=pd.Index(["intercept", *names], name="term"),
    )
    table.attrs.update(
        {"n_cells": len(cells), "method": method, "family": family, "n_perm": n_perm}
    )
    return table


# ---------------------------------------------------------------------- helpers
def _check_n_perm(n_perm: int) -> int:
    if isinstance(n_perm, bool) or not isinstance(n_perm, (int, np.integer)) or n_perm < 0:
        raise ArgumentError(f"n_perm={n_perm!r} must be a whole number >= 0.")
    return int(n_perm)


def _check_size(n: int) -> None:
    if n > QAP_MAX_PEOPLE:
        raise ArgumentError(
            f"QAP works on dense n x n matrices; {n:,} people is above the limit of "
            f"{QAP_MAX_PEOPLE:,}. Run it per site or team (g.subgraph(...)), where the "
            "permutation test is meaningful anyway."
        )


def _dense(graph: Network, ids: pd.Index, weighted: bool, name: str) -> np.ndarray:
    """Dense adjacency in the order of ``ids`` (0/1, or weights)."""
    if len(graph.ids) != len(ids) or not graph.ids.isin(ids).all():
        raise ArgumentError(
            f"{name} is not on the same people as the first network ({graph.n} vs {len(ids)} "
            "people, or other ids); build all networks from one roster (survey.network(...))."
        )
    n = len(ids)
    order = ids.get_indexer(graph.ids)  # position in ``ids`` of each of graph's people
    M = np.zeros((n, n))
    values = graph.weights if weighted else 1.0
    M[order[graph.sources], order[graph.indices]] = values
    return M


def _offdiagonal(n: int) -> np.ndarray:
    """Flat indices of the off-diagonal cells of an n x n matrix, row by row."""
    flat = np.arange(n * n)
    return flat[flat // n != flat % n] if n else flat


def _batches(rng: np.random.Generator, n: int, n_perm: int):
    """Yield (start, perms) with perms a (B, n) array of random permutations."""
    size = max(1, min(n_perm, _BATCH_CELLS // max(n * n, 1)))
    for start in range(0, n_perm, size):
        b = min(size, n_perm - start)
        yield start, rng.permuted(np.tile(np.arange(n), (b, 1)), axis=1)


def _p(hits: np.ndarray, n_perm: int) -> float:
    if n_perm == 0:
        return float("nan")
    return float((1 + np.count_nonzero(hits)) / (1 + n_perm))


def _ols(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """OLS coefficients, t statistics and R^2."""
    XtX_inv = np.linalg.inv(X.T @ X)
    beta = XtX_inv @ (X.T @ y)
    resid = y - X @ beta
    rss = float(resid @ resid)
    dof = len(y) - X.shape[1]
    s2 = rss / dof if dof > 0 else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        t = beta / np.sqrt(s2 * np.diag(XtX_inv))
    tss = float(((y - y.mean()) ** 2).sum())
    r2 = 1.0 - rss / tss if tss > 0 else np.nan
    return beta, t, r2


def _permuted_cells(M: np.ndarray, perms: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """(B, n_cells) off-diagonal cells of M with rows and columns permuted by each perm."""
    n = M.shape[0]
    rows, cols = np.divmod(cells, n)
    return M.ravel()[perms[:, rows] * n + perms[:, cols]]


def _linear_pvalues(Y, X_mats, design, yv, t_obs, cells, method, n_perm, rng) -> np.ndarray:
    p = np.full(design.shape[1], np.nan)
    if n_perm == 0:
        return p
    n_cells, k = design.shape
    dof = n_cells - k
    n = Y.shape[0]
    if method == "y":
        XtX_inv = np.linalg.inv(design.T @ design)
        se_unit = np.sqrt(np.diag(XtX_inv))
        hits = np.zeros(k, dtype=np.int64)
        for _, perms in _batches(rng, n, n_perm):
            Ys = _permuted_cells(Y, perms, cells)  # (B, N)
            XtY = (Ys @ design).T  # (k, B)
            beta = XtX_inv @ XtY
            rss = np.einsum("bn,bn->b", Ys, Ys) - np.einsum("kb,kb->b", beta, XtY)
            with np.errstate(divide="ignore", invalid="ignore"):
                t = beta / (np.sqrt(np.maximum(rss, 0) / dof) * se_unit[:, None])
            hits += np.count_nonzero(np.abs(t) >= np.abs(t_obs)[:, None] * (1 - 1e-12), axis=1)
        return (1 + hits) / (1 + n_perm)
    for j in range(1, k):
        Z = np.delete(design, j, axis=1)
        ZtZ_inv = np.linalg.inv(Z.T @ Z)
        resid_x = design[:, j] - Z @ (ZtZ_inv @ (Z.T @ design[:, j]))
        E = np.zeros(n * n)
        E[cells] = resid_x
        E = E.reshape(n, n)
        ry = yv - Z @ (ZtZ_inv @ (Z.T @ yv))
        ryy = float(ry @ ry)
        hits = 0
        for _, perms in _batches(rng, n, n_perm):
            Es = _permuted_cells(E, perms, cells)  # (B, N)
            # r = M_Z e*: r.ry = e*.ry (ry is orthogonal to Z), r.r = e*.e* - c' (Z'Z)^-1 c
            c = Es @ Z
            rr = np.einsum("bn,bn->b", Es, Es) - np.einsum("bk,kl,bl->b", c, ZtZ_inv, c)
            ry_dot = Es @ ry
            with np.errstate(divide="ignore", invalid="ignore"):
                b = ry_dot / rr
                rss = np.maximum(ryy - b * ry_dot, 0)
                t = b / np.sqrt(rss / dof / rr)
            hits += int(np.count_nonzero(np.abs(t) >= abs(t_obs[j]) * (1 - 1e-12)))
        p[j] = (1 + hits) / (1 + n_perm)
    return p


def _logit(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Logistic regression as R glm(binomial): coefficients, Wald z and McFadden R^2."""
    beta = _irls_logit(X, y, polish=False)
    eta = X @ beta
    mu = 1.0 / (1.0 + np.exp(-eta))
    w = mu * (1 - mu)
    cov = np.linalg.inv(X.T @ (X * w[:, None]))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = beta / np.sqrt(np.diag(cov))
    dev = _binomial_deviance(y, mu)
    ybar = y.mean()
    null_dev = _binomial_deviance(y, np.full_like(y, ybar))
    r2 = 1.0 - dev / null_dev if null_dev > 0 else np.nan
    return beta, z, r2


def _binomial_deviance(y: np.ndarray, mu: np.ndarray) -> float:
    mu = np.clip(mu, 1e-300, 1 - 1e-16)
    return float(-2.0 * np.sum(y * np.log(mu) + (1 - y) * np.log1p(-mu)))


def _irls_logit(X: np.ndarray, y: np.ndarray, *, polish: bool, max_iter: int = 50) -> np.ndarray:
    """R glm.fit's IRLS for the logit link (same start and stopping rule), then Newton polish."""
    mu = (y + 0.5) / 2.0
    eta = np.log(mu / (1 - mu))
    dev_old = _binomial_deviance(y, mu)
    beta = np.zeros(X.shape[1])
    for _ in range(max_iter):
        w = mu * (1 - mu)
        z = eta + (y - mu) / w
        Xw = X * w[:, None]
        beta = np.linalg.solve(X.T @ Xw, Xw.T @ z)
        eta = X @ beta
        mu = 1.0 / (1.0 + np.exp(-eta))
        dev = _binomial_deviance(y, mu)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < 1e-8:
            break
        dev_old = dev
    if polish:
        for _ in range(3):
            w = mu * (1 - mu)
            step = np.linalg.solve(X.T @ (X * w[:, None]), X.T @ (y - mu))
            beta = beta + step
            mu = 1.0 / (1.0 + np.exp(-(X @ beta)))
            if np.max(np.abs(step)) < 1e-13:
                break
    return beta


def _wald_z(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    beta = _irls_logit(X, y, polish=False, max_iter=25)
    mu = 1.0 / (1.0 + np.exp(-(X @ beta)))
    w = mu * (1 - mu)
    try:
        cov = np.linalg.inv(X.T @ (X * w[:, None]))
    except np.linalg.LinAlgError:
        return np.full(X.shape[1], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        return beta / np.sqrt(np.diag(cov))


def _logit_pvalues(Y, X_mats, design, yv, z_obs, cells, method, n_perm, rng) -> np.ndarray:
    p = np.full(design.shape[1], np.nan)
    if n_perm == 0:
        return p
    k = design.shape[1]
    n = Y.shape[0]
    if method == "y":
        hits = np.zeros(k, dtype=np.int64)
        for _, perms in _batches(rng, n, n_perm):
            for ys in _permuted_cells(Y, perms, cells):
                z = _wald_z(design, ys)
                hits += np.abs(z) >= np.abs(z_obs) * (1 - 1e-12)
        return (1 + hits) / (1 + n_perm)
    for j in range(1, k):
        Z = np.delete(design, j, axis=1)
        resid_x = design[:, j] - Z @ np.linalg.lstsq(Z, design[:, j], rcond=None)[0]
        E = np.zeros(n * n)
        E[cells] = resid_x
        E = E.reshape(n, n)
        hits = 0
        for _, perms in _batches(rng, n, n_perm):
            for es in _permuted_cells(E, perms, cells):
                z = _wald_z(np.column_stack([Z, es]), yv)
                hits += bool(abs(z[-1]) >= abs(z_obs[j]) * (1 - 1e-12))
        p[j] = (1 + hits) / (1 + n_perm)
    return p
