"""Gould-Fernandez brokerage counts over CSR, parallel over brokers.

Arrays in, arrays out. ``indptr``/``indices`` the out-CSR (rows sorted), ``t_indptr``/
``t_indices`` the in-CSR (rows sorted), ``groups`` int64[n] group codes.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True, inline="always")
def _has_arc(indptr, indices, i, k):
    """True when the sorted out-row of i holds k (binary search)."""
    lo = indptr[i]
    hi = indptr[i + 1]
    while lo < hi:
        mid = (lo + hi) >> 1
        x = indices[mid]
        if x < k:
            lo = mid + 1
        elif x > k:
            hi = mid
        else:
            return True
    return False


@njit(cache=True, inline="always")
def _common(indptr, indices, t_indptr, t_indices, i, k):
    """Number of two-paths i -> v -> k: |out(i) & in(k)| by merging two sorted rows."""
    p = indptr[i]
    p_end = indptr[i + 1]
    q = t_indptr[k]
    q_end = t_indptr[k + 1]
    count = 0
    while p < p_end and q < q_end:
        a = indices[p]
        b = t_indices[q]
        if a < b:
            p += 1
        elif a > b:
            q += 1
        else:
            count += 1
            p += 1
            q += 1
    return count


@njit(cache=True, parallel=True)
def brokerage_counts(indptr, indices, t_indptr, t_indices, groups, partial_credit):
    """Brokerage roles of each node v over the two-paths i -> v -> k with i != k, no i -> k.

    Columns (float64[n, 5]), as R sna ``brokerage``: 0 coordinator (i, v, k in one group),
    1 itinerant (i, k in one group, v in another), 2 representative (i with v, k apart),
    3 gatekeeper (v with k, i apart), 4 liaison (all three apart). With ``partial_credit``
    a two-path whose ends are joined by c brokers counts 1/c for each (UCINET).
    """
    n = indptr.shape[0] - 1
    out = np.zeros((n, 5), dtype=np.float64)
    for v in prange(n):
        gv = groups[v]
        for p in range(t_indptr[v], t_indptr[v + 1]):
            i = t_indices[p]
            gi = groups[i]
            for q in range(indptr[v], indptr[v + 1]):
                k = indices[q]
                if k == i or _has_arc(indptr, indices, i, k):
                    continue
                credit = 1.0
                if partial_credit:
                    credit = 1.0 / _common(indptr, indices, t_indptr, t_indices, i, k)
                gk = groups[k]
                if gi == gv:
                    if gv == gk:
                        out[v, 0] += credit
                    else:
                        out[v, 2] += credit
                elif gv == gk:
                    out[v, 3] += credit
                elif gi == gk:
                    out[v, 1] += credit
                else:
                    out[v, 4] += credit
    return out
