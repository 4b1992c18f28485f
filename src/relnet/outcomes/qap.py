"""QAP: graph correlation and multiple-regression QAP (MRQAP) between networks on one set
of people, with permutation tests that respect the dependence among dyads."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from relnet.distributed import batch_ranges, batch_seeds, batch_size, map_batches
from relnet.errors import ArgumentError, GraphKindError, check_choice
from relnet.kernels import qap as qap_kernels
from relnet.metrics.common import check_network
from relnet.network import Network
from relnet.outcomes.results import QAPCorrelation
from relnet.threads import kernel_chunks

#: Largest network for the dense methods (mrqap with method="dsp" or family="logit").
QAP_MAX_PEOPLE = 5_000
#: Above this many people qap_correlation and mrqap(method="y", family="linear") work from
#: the arcs alone (O(m log d) a permutation, no n x n matrix).
QAP_SPARSE_ABOVE = 1_000
QAP_METHODS = ("dsp", "y")
QAP_FAMILIES = ("linear", "logit")
_BATCH_CELLS = 4_000_000  # permuted cells held at once (32 MB of float64)
_PERM_ENTRIES = 2**21  # permutation entries a batch: batch size = this / n (from the data)
_LOCAL_PERM_BYTES = 2**27  # permutations one local sparse kernel call holds


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
        When the networks are not on the same people.

    Notes
    -----
    The estimate equals R sna ``gcor(A, B)`` (checked to 1e-8 on the Krackhardt and Lazega
    data). sna's ``qaptest`` reports the share of permutations at least as extreme without
    the +1.

    Up to :data:`QAP_SPARSE_ABOVE` people the cells are held as dense matrices; above, only
    the arcs: each permuted cross-product :math:`\sum_{ij} a_{ij} b_{\pi(i)\pi(j)}` is a
    sorted-row look-up per arc of ``g1`` (:math:`O(m \log d)`), with the same permutations
    and the same results to 1e-12. Permutations come in batches with seeds spawned from
    ``seed`` (``SeedSequence.spawn``); inside ``rn.distributed`` the batches run on the
    cluster with the same null draws.

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
    n = len(ids)
    order = _alignment(g2, ids, "g2")
    n_cells = n * (n - 1)
    if n > QAP_SPARSE_ABOVE:
        a = _csr(g1, np.arange(n), weighted)
        b = _csr(g2, order, weighted)
        mx, vx = _moments(a[2], n_cells)
        my, vy = _moments(b[2], n_cells)
        if vx <= 0 or vy <= 0:
            raise _no_variance()
        dot = float(_sparse_dots(np.arange(n, dtype=np.int64)[None, :], a, b)[0])
        fn, many, shared = _gcor_sparse_batch, _gcor_sparse_many, {"a": a, "b": b}
        scale = n_cells * np.sqrt(vx) * np.sqrt(vy)
    else:
        A = _dense(g1, ids, weighted, "g1")
        B = _dense(g2, ids, weighted, "g2")
        cells = _offdiagonal(n)
        x = A.ravel()[cells]
        y = B.ravel()[cells]
        if n_cells == 0 or x.std() == 0 or y.std() == 0:
            raise _no_variance()
        mx, my = x.mean(), y.mean()
        dot = float(x @ y)
        fn, many, shared = _gcor_dense_batch, None, {"A": A, "B": B}
        scale = n_cells * x.std() * y.std()
    estimate = float((dot - n_cells * mx * my) / scale)
    batches = _perm_batches(n, n_perm, seed)
    parts = map_batches(fn, batches, shared=shared, many=many,
                        group=_local_perm_group(n), label="relnet-qap")  # fmt: skip
    dots = np.concatenate(parts) if parts else np.empty(0)
    null = (dots - n_cells * mx * my) / scale
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
        or there are more than 5,000 people with ``method="dsp"`` or ``family="logit"``
        (these hold dense matrices).
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

    ``method="y"`` with ``family="linear"`` works from the arcs alone above
    :data:`QAP_SPARSE_ABOVE` people (:math:`X'X`, :math:`X'y` and each permuted
    :math:`X'y^*` are sums over arcs), at any size. Permutation batches have seeds spawned
    from ``seed``; under DSP every predictor is tested on the same permutations. Inside
    ``rn.distributed`` the batches run on the cluster with the same p-values.

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
    for k, g in xs.items():
        _alignment(check_network(g), ids, f"xs[{k!r}]")
    if n > QAP_SPARSE_ABOVE and method == "y" and family == "linear":
        beta, stat, r2, n_cells, p = _mrqap_sparse(y, xs, ids, weighted, n_perm, seed)
    else:
        _check_size(n, method, family)
        cells = _offdiagonal(n)
        n_cells = len(cells)
        Y = _dense(y, ids, weighted and family == "linear", "y")
        X_mats = [_dense(g, ids, weighted, f"xs[{k!r}]") for k, g in xs.items()]
        yv = Y.ravel()[cells]
        design = np.column_stack([np.ones(len(cells))] + [m.ravel()[cells] for m in X_mats])
        if np.linalg.matrix_rank(design) < design.shape[1]:
            raise _singular()
        if family == "logit" and not np.isin(yv, (0.0, 1.0)).all():
            raise GraphKindError("family='logit' needs a binary y; pass weighted=False.")
        if family == "linear":
            beta, stat, r2 = _ols(design, yv)
            p = _linear_pvalues(Y, design, yv, stat, cells, method, n_perm, seed)
        else:
            beta, stat, r2 = _logit(design, yv)
            p = _logit_pvalues(Y, design, yv, stat, cells, method, n_perm, seed)
    table = pd.DataFrame(
        {"estimate": beta, "statistic": stat, "p_value": p, "r_squared": r2},
        index=pd.Index(["intercept", *names], name="term"),
    )
    table.attrs.update({"n_cells": n_cells, "method": method, "family": family, "n_perm": n_perm})
    return table


# ---------------------------------------------------------------------- helpers
def _check_n_perm(n_perm: int) -> int:
    if isinstance(n_perm, bool) or not isinstance(n_perm, (int, np.integer)) or n_perm < 0:
        raise ArgumentError(f"n_perm={n_perm!r} must be a whole number >= 0.")
    return int(n_perm)


def _check_size(n: int, method: str = "y", family: str = "linear") -> None:
    if n > QAP_MAX_PEOPLE:
        raise ArgumentError(
            f"mrqap(method={method!r}, family={family!r}) works on dense n x n matrices; "
            f"{n:,} people is above its limit of {QAP_MAX_PEOPLE:,}. Use method='y', "
            "family='linear' (sparse at any size), or run it per site or team (g.subgraph(...))."
        )


def _no_variance() -> GraphKindError:
    return GraphKindError(
        "the graph correlation is undefined: a network with fewer than 2 people or with all "
        "cells equal (no arcs, or every arc present) has no variance."
    )


def _singular() -> GraphKindError:
    return GraphKindError(
        "the MRQAP design is singular: a predictor network is constant (empty or complete) "
        "or a copy/combination of others; drop it."
    )


def _alignment(graph: Network, ids: pd.Index, name: str) -> np.ndarray:
    """Position in ``ids`` of each of ``graph``'s people (int64); refuses other people."""
    if len(graph.ids) != len(ids) or not graph.ids.isin(ids).all():
        raise ArgumentError(
            f"{name} is not on the same people as the first network ({graph.n} vs {len(ids)} "
            "people, or other ids); build all networks from one roster (survey.network(...))."
        )
    if graph.ids.equals(ids):
        return np.arange(len(ids), dtype=np.int64)
    return ids.get_indexer(graph.ids).astype(np.int64)


def _dense(graph: Network, ids: pd.Index, weighted: bool, name: str) -> np.ndarray:
    """Dense adjacency in the order of ``ids`` (0/1, or weights)."""
    order = _alignment(graph, ids, name)
    n = len(ids)
    M = np.zeros((n, n))
    values = graph.weights if weighted else 1.0
    M[order[graph.sources], order[graph.indices]] = values
    return M


def _csr(graph: Network, order: np.ndarray, weighted: bool):
    """(indptr, indices, values) of ``graph`` on the positions ``order`` (rows sorted)."""
    n = len(order)
    values = np.asarray(graph.weights if weighted else np.ones(graph.m), dtype=np.float64)
    if np.array_equal(order, np.arange(n)):
        return graph.indptr, graph.indices.astype(np.int64), np.ascontiguousarray(values)
    src = order[graph.sources]
    dst = order[graph.indices]
    sort = np.lexsort((dst, src))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr, np.ascontiguousarray(dst[sort]), np.ascontiguousarray(values[sort])


def _moments(values: np.ndarray, n_cells: int) -> tuple[float, float]:
    """Mean and (population) variance of the n_cells off-diagonal cells, given the arcs'."""
    if n_cells == 0:
        return 0.0, 0.0
    mean = float(values.sum()) / n_cells
    var = (float(((values - mean) ** 2).sum()) + (n_cells - len(values)) * mean**2) / n_cells
    return mean, (var if var > 1e-13 * mean**2 else 0.0)


def _sparse_dots(perms: np.ndarray, a, b) -> np.ndarray:
    """sum over A's arcs of a_ij * B[p(i), p(j)] for each permutation p (a row of perms)."""
    with kernel_chunks(len(a[1]) * len(perms)):
        return qap_kernels.permuted_dots(a[0], a[1], a[2], b[0], b[1], b[2], perms)


def _offdiagonal(n: int) -> np.ndarray:
    """Flat indices of the off-diagonal cells of an n x n matrix, row by row."""
    flat = np.arange(n * n)
    return flat[flat // n != flat % n] if n else flat


# ---------------------------------------------------------------------- permutation batches
def _perm_batches(n: int, n_perm: int, seed) -> list:
    """((start, stop), SeedSequence) per batch: sizes from n, streams from the seed alone."""
    size = batch_size(max(1, min(1024, _PERM_ENTRIES // max(n, 1))))
    ranges = batch_ranges(n_perm, size)
    return list(zip(ranges, batch_seeds(seed, len(ranges))))


def _perms(batch, n: int) -> np.ndarray:
    """The batch's permutations, int64[count, n], drawn from its own seed."""
    (start, stop), child = batch
    rng = np.random.default_rng(child)
    return rng.permuted(np.tile(np.arange(n, dtype=np.int64), (stop - start, 1)), axis=1)


def _local_perm_group(n: int) -> int:
    """Batches per local sparse kernel call (their permutations in ~128 MB)."""
    size = batch_size(max(1, min(1024, _PERM_ENTRIES // max(n, 1))))
    return max(1, _LOCAL_PERM_BYTES // (8 * max(n, 1) * size))


def _dense_chunks(perms: np.ndarray, n: int):
    """Sub-chunks of a batch's permutations small enough for dense permuted matrices."""
    step = max(1, _BATCH_CELLS // max(n * n, 1))
    for i in range(0, len(perms), step):
        yield perms[i : i + step]


def _gcor_dense_batch(batch, *, A, B):
    n = A.shape[0]
    dots = [np.einsum("bij,ij->b", B[p[:, :, None], p[:, None, :]], A)
            for p in _dense_chunks(_perms(batch, n), n)]  # fmt: skip
    return np.concatenate(dots) if dots else np.empty(0)


def _gcor_sparse_batch(batch, *, a, b):
    return _sparse_dots(_perms(batch, len(a[0]) - 1), a, b)


def _gcor_sparse_many(batches, *, a, b):
    n = len(a[0]) - 1
    perms = [_perms(batch, n) for batch in batches]
    dots = _sparse_dots(np.concatenate(perms), a, b)
    return np.split(dots, np.cumsum([len(p) for p in perms])[:-1])


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


def _hits_to_p(hits: np.ndarray, n_perm: int, k: int, method: str) -> np.ndarray:
    p = np.full(k, np.nan)
    if n_perm == 0:
        return p
    p[:] = (1 + np.asarray(hits)) / (1 + n_perm)
    if method == "dsp":
        p[0] = np.nan  # the intercept is not tested under DSP
    return p


def _dsp_terms(design: np.ndarray, yv: np.ndarray, cells: np.ndarray, n: int) -> list:
    """Per predictor j: (Z, (Z'Z)^-1, residual matrix E of x_j on Z, ry, ry.ry)."""
    terms = []
    for j in range(1, design.shape[1]):
        Z = np.delete(design, j, axis=1)
        ZtZ_inv = np.linalg.inv(Z.T @ Z)
        resid_x = design[:, j] - Z @ (ZtZ_inv @ (Z.T @ design[:, j]))
        E = np.zeros(n * n)
        E[cells] = resid_x
        ry = yv - Z @ (ZtZ_inv @ (Z.T @ yv))
        terms.append((Z, ZtZ_inv, E.reshape(n, n), ry, float(ry @ ry)))
    return terms


def _linear_pvalues(Y, design, yv, t_obs, cells, method, n_perm, seed) -> np.ndarray:
    n_cells, k = design.shape
    if n_perm == 0:
        return np.full(k, np.nan)
    n = Y.shape[0]
    plan = {"cells": cells, "t_obs": t_obs, "dof": n_cells - k, "k": k}
    if method == "y":
        XtX_inv = np.linalg.inv(design.T @ design)
        plan.update(Y=Y, design=design, XtX_inv=XtX_inv, se_unit=np.sqrt(np.diag(XtX_inv)))
        fn = _linear_y_batch
    else:
        plan.update(terms=_dsp_terms(design, yv, cells, n), n=n)
        fn = _linear_dsp_batch
    hits = map_batches(fn, _perm_batches(n, n_perm, seed), shared={"plan": plan},
                       reduce="sum", label="relnet-mrqap")  # fmt: skip
    return _hits_to_p(hits, n_perm, k, method)


def _linear_y_batch(batch, *, plan):
    Y, design, XtX_inv, t_obs = plan["Y"], plan["design"], plan["XtX_inv"], plan["t_obs"]
    n = Y.shape[0]
    hits = np.zeros(plan["k"], dtype=np.int64)
    for perms in _dense_chunks(_perms(batch, n), n):
        Ys = _permuted_cells(Y, perms, plan["cells"])  # (B, N)
        XtY = (Ys @ design).T  # (k, B)
        beta = XtX_inv @ XtY
        rss = np.einsum("bn,bn->b", Ys, Ys) - np.einsum("kb,kb->b", beta, XtY)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = beta / (np.sqrt(np.maximum(rss, 0) / plan["dof"]) * plan["se_unit"][:, None])
        hits += np.count_nonzero(np.abs(t) >= np.abs(t_obs)[:, None] * (1 - 1e-12), axis=1)
    return hits


def _linear_dsp_batch(batch, *, plan):
    n, dof, t_obs, cells = plan["n"], plan["dof"], plan["t_obs"], plan["cells"]
    hits = np.zeros(plan["k"], dtype=np.int64)
    perms_all = _perms(batch, n)
    for j, (Z, ZtZ_inv, E, ry, ryy) in enumerate(plan["terms"], 1):
        for perms in _dense_chunks(perms_all, n):
            Es = _permuted_cells(E, perms, cells)  # (B, N)
            # r = M_Z e*: r.ry = e*.ry (ry is orthogonal to Z), r.r = e*.e* - c' (Z'Z)^-1 c
            c = Es @ Z
            rr = np.einsum("bn,bn->b", Es, Es) - np.einsum("bk,kl,bl->b", c, ZtZ_inv, c)
            ry_dot = Es @ ry
            with np.errstate(divide="ignore", invalid="ignore"):
                b = ry_dot / rr
                rss = np.maximum(ryy - b * ry_dot, 0)
                t = b / np.sqrt(rss / dof / rr)
            hits[j] += int(np.count_nonzero(np.abs(t) >= abs(t_obs[j]) * (1 - 1e-12)))
    return hits


def _mrqap_sparse(y: Network, xs: Mapping[str, Network], ids: pd.Index, weighted: bool,
                  n_perm: int, seed) -> tuple:  # fmt: skip
    """OLS and Y-permutation p-values from the arcs alone (no n x n matrix).

    X'X, X'y and y'y are sums over arcs (cross-products by sorted-row look-up); a permuted
    y* changes only X'y*, which is a permuted dot product per predictor.
    """
    n = len(ids)
    n_cells = n * (n - 1)
    Yc = _csr(y, np.arange(n), weighted)
    Xc = [_csr(g, _alignment(g, ids, f"xs[{k!r}]"), weighted) for k, g in xs.items()]
    ident = np.arange(n, dtype=np.int64)[None, :]
    k = 1 + len(Xc)
    XtX = np.zeros((k, k))
    Xty = np.zeros(k)
    XtX[0, 0] = n_cells
    Xty[0] = Yc[2].sum()
    for a, xa in enumerate(Xc, 1):
        XtX[0, a] = XtX[a, 0] = xa[2].sum()
        Xty[a] = _sparse_dots(ident, xa, Yc)[0]
        for b in range(a, k):
            XtX[a, b] = XtX[b, a] = _sparse_dots(ident, xa, Xc[b - 1])[0]
    if np.linalg.matrix_rank(XtX) < k:
        raise _singular()
    yty = float((Yc[2] ** 2).sum())
    XtX_inv = np.linalg.inv(XtX)
    beta = XtX_inv @ Xty
    rss = max(yty - float(beta @ Xty), 0.0)
    dof = n_cells - k
    se_unit = np.sqrt(np.diag(XtX_inv))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = beta / (np.sqrt(rss / dof) * se_unit)
    tss = yty - Xty[0] ** 2 / n_cells
    r2 = 1.0 - rss / tss if tss > 0 else np.nan
    if n_perm == 0:
        return beta, t, r2, n_cells, np.full(k, np.nan)
    plan = {"y": Yc, "xs": Xc, "XtX_inv": XtX_inv, "se_unit": se_unit, "dof": dof,
            "t_obs": t, "sum_y": Xty[0], "yty": yty}  # fmt: skip
    hits = map_batches(_sparse_y_batch, _perm_batches(n, n_perm, seed), shared={"plan": plan},
                       reduce="sum", label="relnet-mrqap")  # fmt: skip
    return beta, t, r2, n_cells, _hits_to_p(hits, n_perm, k, "y")


def _sparse_y_batch(batch, *, plan):
    Yc, Xc = plan["y"], plan["xs"]
    perms = _perms(batch, len(Yc[0]) - 1)
    XtY = np.empty((1 + len(Xc), len(perms)))
    XtY[0] = plan["sum_y"]
    for a, xa in enumerate(Xc, 1):
        # sum_ij x_ij y_p(i)p(j): Y permuted by p, rows and columns together
        XtY[a] = _sparse_dots(perms, xa, Yc)
    beta = plan["XtX_inv"] @ XtY
    rss = plan["yty"] - np.einsum("kb,kb->b", beta, XtY)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = beta / (np.sqrt(np.maximum(rss, 0) / plan["dof"]) * plan["se_unit"][:, None])
    t_obs = plan["t_obs"]
    return np.count_nonzero(np.abs(t) >= np.abs(t_obs)[:, None] * (1 - 1e-12), axis=1)


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


def _logit_pvalues(Y, design, yv, z_obs, cells, method, n_perm, seed) -> np.ndarray:
    k = design.shape[1]
    if n_perm == 0:
        return np.full(k, np.nan)
    n = Y.shape[0]
    plan = {"cells": cells, "z_obs": z_obs, "k": k, "n": n, "yv": yv}
    if method == "y":
        plan.update(Y=Y, design=design)
        fn = _logit_y_batch
    else:
        plan.update(terms=[(term[0], term[2]) for term in _dsp_terms(design, yv, cells, n)])
        fn = _logit_dsp_batch
    hits = map_batches(fn, _perm_batches(n, n_perm, seed), shared={"plan": plan},
                       reduce="sum", label="relnet-mrqap")  # fmt: skip
    return _hits_to_p(hits, n_perm, k, method)


def _logit_y_batch(batch, *, plan):
    z_obs = plan["z_obs"]
    hits = np.zeros(plan["k"], dtype=np.int64)
    for perms in _dense_chunks(_perms(batch, plan["n"]), plan["n"]):
        for ys in _permuted_cells(plan["Y"], perms, plan["cells"]):
            z = _wald_z(plan["design"], ys)
            hits += np.abs(z) >= np.abs(z_obs) * (1 - 1e-12)
    return hits


def _logit_dsp_batch(batch, *, plan):
    z_obs, yv = plan["z_obs"], plan["yv"]
    hits = np.zeros(plan["k"], dtype=np.int64)
    perms_all = _perms(batch, plan["n"])
    for j, (Z, E) in enumerate(plan["terms"], 1):
        for perms in _dense_chunks(perms_all, plan["n"]):
            for es in _permuted_cells(E, perms, plan["cells"]):
                z = _wald_z(np.column_stack([Z, es]), yv)
                hits[j] += bool(abs(z[-1]) >= abs(z_obs[j]) * (1 - 1e-12))
    return hits
