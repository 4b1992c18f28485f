"""Ingestion kernels: repeated nominations and respondents in O(m + n), no comparison sort."""

import numpy as np
from numba import njit

SHORT_RUN = 48  # a respondent's nominations up to this many are compared pairwise


@njit(cache=True)
def _combine(f, e, weights, counts, how):
    if how == 0:
        if weights[e] > weights[f]:
            weights[f] = weights[e]
    elif how == 1:
        weights[f] += weights[e]
        counts[f] += 1
    elif how == 2:
        weights[f] += weights[e]


@njit(cache=True)
def _run(
    order, lo, hi, src, rel, wave, dst, n, n_waves, stamp, first, repeat, weights, counts, how
):
    """Mark repeats within one respondent's nominations order[lo:hi] (in input order)."""
    if hi - lo <= SHORT_RUN:
        for a in range(lo, hi):
            e = order[a]
            for b in range(lo, a):
                f = order[b]
                if not repeat[f] and dst[f] == dst[e] and rel[f] == rel[e] and wave[f] == wave[e]:
                    repeat[e] = True
                    _combine(f, e, weights, counts, how)
                    break
        return
    s = src[order[lo]]
    for a in range(lo, hi):
        e = order[a]
        k = (rel[e] * n_waves + wave[e]) * n + dst[e]
        if stamp[k] == s:
            repeat[e] = True
            _combine(first[k], e, weights, counts, how)
        else:
            stamp[k] = s
            first[k] = e


@njit(cache=True)
def mark_repeats(src, rel, wave, dst, valid, n, n_relations, n_waves, weights, how):
    """Flag nominations that repeat an earlier one (same src, rel, wave, dst).

    ``src``, ``dst`` are positions in [0, n) (int32 or int64), ``rel`` in [0, n_relations),
    ``wave`` in [0, n_waves) (int32), ``valid`` (bool) masks the rows to consider, ``weights``
    (float64) is updated in place: the first occurrence of each group gets the combined weight
    (``how`` 0 max, 1 mean, 2 sum, 3 first). Rows are grouped by ``src`` in input order (a
    stable counting sort, skipped when ``src`` is already non-decreasing); a respondent's
    short run is checked pairwise, a long one with a stamp per (rel, wave, dst).
    Preconditions: n, m < 2**31. Returns ``repeat`` (bool[m]): every occurrence after the first.
    """
    m = src.shape[0]
    repeat = np.zeros(m, dtype=np.bool_)
    counts = np.ones(m if how == 1 else 0, dtype=np.int32)
    is_sorted = True
    last = -1
    n_valid = 0
    for e in range(m):
        if valid[e]:
            n_valid += 1
            if src[e] < last:
                is_sorted = False
            last = src[e]
    order = np.empty(n_valid, dtype=np.int32)  # m < 2**31
    if is_sorted:
        p = 0
        for e in range(m):
            if valid[e]:
                order[p] = e
                p += 1
    else:
        indptr = np.zeros(n + 1, dtype=np.int64)
        for e in range(m):
            if valid[e]:
                indptr[src[e] + 1] += 1
        for u in range(n):
            indptr[u + 1] += indptr[u]
        for e in range(m):
            if valid[e]:
                s = src[e]
                order[indptr[s]] = e
                indptr[s] += 1
    # runs of one respondent; the stamp arrays only if some run is long
    long_run = False
    lo = 0
    while lo < n_valid:
        hi = lo + 1
        while hi < n_valid and src[order[hi]] == src[order[lo]]:
            hi += 1
        if hi - lo > SHORT_RUN:
            long_run = True
        lo = hi
    size = n_relations * n_waves * n if long_run else 0
    stamp = np.full(size, -1, dtype=np.int32)
    first = np.zeros(size, dtype=np.int32)
    lo = 0
    while lo < n_valid:
        hi = lo + 1
        while hi < n_valid and src[order[hi]] == src[order[lo]]:
            hi += 1
        _run(
            order,
            lo,
            hi,
            src,
            rel,
            wave,
            dst,
            n,
            n_waves,
            stamp,
            first,
            repeat,
            weights,
            counts,
            how,
        )
        lo = hi
    if how == 1:
        for e in range(m):
            if counts[e] > 1:
                weights[e] /= counts[e]
    return repeat


@njit(cache=True)
def respondent_marks(src, wave, n, n_waves):
    """Who appears as a respondent: overall (bool[n]) and by wave (bool[n_waves, n]).

    ``src`` holds positions (negative = unresolved, skipped), ``wave`` codes in [0, n_waves).
    """
    appears = np.zeros(n, dtype=np.bool_)
    by_wave = np.zeros((n_waves, n), dtype=np.bool_)
    for e in range(src.shape[0]):
        s = src[e]
        if s >= 0:
            appears[s] = True
            by_wave[wave[e], s] = True
    return appears, by_wave


@njit(cache=True)
def lookup_dense(values, lo, lut):
    """Positions of integer ids through a dense table: ``lut[v - lo]``, -1 outside it.

    ``values`` int64[m], ``lut`` int64[k] (-1 for ids not present). Returns int64[m].
    """
    m = values.shape[0]
    k = lut.shape[0]
    out = np.empty(m, dtype=np.int64)
    for i in range(m):
        j = values[i] - lo
        out[i] = lut[j] if 0 <= j < k else -1
    return out
