"""Shared row helpers for the CSR kernels: merges of sorted rows and arc look-ups.

Arrays in, scalars out; every helper is inlined into its caller (``inline="always"``), so a
kernel pays no call for it. Rows are sorted with no repeats (``indices`` int32 or int64).
"""

from numba import njit


@njit(cache=True, inline="always")
def row_overlap(indices, p, p_end, other, q, q_end):
    """|indices[p:p_end] & other[q:q_end]| for two sorted rows (branch-free linear merge)."""
    count = 0
    while p < p_end and q < q_end:
        a = indices[p]
        b = other[q]
        count += a == b
        p += a <= b
        q += b <= a
    return count


@njit(cache=True, inline="always")
def mutual_count(indptr, indices, t_indptr, t_indices, u):
    """|out(u) & in(u)|: the number of u's mutual partners (merge of its out- and in-row)."""
    return row_overlap(indices, indptr[u], indptr[u + 1], t_indices, t_indptr[u], t_indptr[u + 1])


@njit(cache=True, inline="always")
def find_arc(indptr, indices, i, k):
    """CSR position of the arc i -> k in i's sorted out-row, or -1 (binary search)."""
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
            return mid
    return -1


@njit(cache=True)
def sizes_to_starts(starts):
    """In place: row sizes in ``starts[1:]`` (``starts[0]`` = 0) become CSR row starts
    (prefix sum); returns the total, ``starts[-1]``."""
    n = starts.shape[0] - 1
    for u in range(n):
        starts[u + 1] += starts[u]
    return starts[n]
