"""Independent dense-matrix oracles for dyad census, density and reciprocity with missing data.

They mimic R sna's NA handling: a non-respondent's row is NaN; ``dyad.census`` skips a dyad
with any NaN cell; ``gden`` divides the sum of the non-NaN off-diagonal cells by their count.
Written from the definitions with numpy loops, sharing no code with relnet's kernels.
"""

from __future__ import annotations

import math

import numpy as np


def dense(n: int, arcs: list[tuple[int, int]], weights: list[float] | None = None) -> np.ndarray:
    """n x n float matrix, W[i, j] = weight of i -> j (1 when unweighted), 0 elsewhere."""
    w = np.zeros((n, n))
    for k, (i, j) in enumerate(arcs):
        w[i, j] = 1.0 if weights is None else weights[k]
    return w


def with_na_rows(w: np.ndarray, responded: np.ndarray) -> np.ndarray:
    """Copy of W with the non-respondents' rows and the diagonal set to NaN (sna style)."""
    out = w.astype(float).copy()
    out[~responded, :] = np.nan
    np.fill_diagonal(out, np.nan)
    return out


def reconstructed(w: np.ndarray, responded: np.ndarray) -> np.ndarray:
    """Stork & Richards: for non-respondent i, W[i, j] = W[j, i] where W[i, j] is 0."""
    out = w.copy()
    n = w.shape[0]
    for i in range(n):
        if responded[i]:
            continue
        for j in range(n):
            if i != j and w[i, j] == 0 and w[j, i] != 0:
                out[i, j] = w[j, i]
    return out


def census(w_na: np.ndarray) -> tuple[int, int, int]:
    """(M, A, N) over dyads with both cells non-NaN (binary: cell != 0)."""
    n = w_na.shape[0]
    m = a = z = 0
    for i in range(n):
        for j in range(i + 1, n):
            x, y = w_na[i, j], w_na[j, i]
            if np.isnan(x) or np.isnan(y):
                continue
            links = int(x != 0) + int(y != 0)
            if links == 2:
                m += 1
            elif links == 1:
                a += 1
            else:
                z += 1
    return m, a, z


def gden(w_na: np.ndarray, weighted: bool = False) -> float:
    """Sum of non-NaN off-diagonal cells over their count (binary unless weighted)."""
    n = w_na.shape[0]
    cells = [w_na[i, j] for i in range(n) for j in range(n) if i != j]
    seen = [c for c in cells if not np.isnan(c)]
    if not seen:
        return math.nan
    vals = [c if weighted else float(c != 0) for c in seen]
    return sum(vals) / len(seen)


def pairs_observed(w_na: np.ndarray) -> list[tuple[float, float]]:
    """(W[i, j], W[j, i]) for every ordered pair i != j whose dyad is fully observed."""
    n = w_na.shape[0]
    return [
        (w_na[i, j], w_na[j, i])
        for i in range(n)
        for j in range(n)
        if i != j and not np.isnan(w_na[i, j]) and not np.isnan(w_na[j, i])
    ]


def reciprocity(w_na: np.ndarray, mode: str) -> float:
    """Each reciprocity mode straight from its definition, on fully observed dyads."""
    m, a, z = census(w_na)
    pairs = pairs_observed(w_na)
    nan = math.nan
    if mode == "edgewise":
        return 2 * m / (2 * m + a) if 2 * m + a else nan
    if mode == "dyadic":
        return (m + z) / (m + a + z) if m + a + z else nan
    if mode == "dyadic_nonnull":
        return m / (m + a) if m + a else nan
    if mode == "edgewise_lrr":
        if m + a == 0:
            return nan
        return math.log(m * (m + a + z) / (m + a / 2) ** 2) if m else -math.inf
    if mode == "correlation":
        x = np.array([float(p != 0) for p, _ in pairs])
        y = np.array([float(q != 0) for _, q in pairs])
        if len(x) == 0 or x.std() == 0:
            return nan
        return float(np.corrcoef(x, y)[0, 1])
    if mode == "weighted":
        num = sum(min(p, q) for p, q in pairs)
        den = sum(p for p, _ in pairs)
        return num / den if den else nan
    if mode == "garlaschelli":
        if 2 * m + a == 0 or m + a + z == 0:
            return nan
        r = 2 * m / (2 * m + a)
        d = (2 * m + a) / (2 * (m + a + z))
        return (r - d) / (1 - d) if d != 1 else nan
    raise ValueError(mode)
