"""Shared row helpers for the CSR kernels: merges of sorted rows, arc look-ups, and the
undirected union of out- and in-rows that a Network computes once (``Network.undirected``).

The row helpers take arrays and return scalars and are inlined into their callers
(``inline="always"``), so a kernel pays no call for them. Rows are sorted with no repeats
(``indices`` int32 or int64).
"""

import numpy as np
from numba import njit, prange


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


@njit(cache=True)
def _union_sizes_chunk(indptr, indices, t_indptr, t_indices, size, c, n_chunks):
    """size[u + 1] = |out(u) | in(u)| for the nodes u = c, c + n_chunks, ..."""
    n = indptr.shape[0] - 1
    for u in range(c, n, n_chunks):
        both = mutual_count(indptr, indices, t_indptr, t_indices, u)
        size[u + 1] = (indptr[u + 1] - indptr[u]) + (t_indptr[u + 1] - t_indptr[u]) - both


@njit(cache=True)
def _union_fill_chunk(indptr, indices, t_indptr, t_indices, out, c, n_chunks):
    """Write the merged rows of the nodes u = c, c + n_chunks, ... with their arc codes."""
    u_indptr, u_indices, u_codes = out
    n = indptr.shape[0] - 1
    for u in range(c, n, n_chunks):
        p = indptr[u]
        p_end = indptr[u + 1]
        q = t_indptr[u]
        q_end = t_indptr[u + 1]
        k = u_indptr[u]
        while p < p_end or q < q_end:
            if q >= q_end or (p < p_end and indices[p] < t_indices[q]):
                u_indices[k] = indices[p]
                u_codes[k] = 1
                p += 1
            elif p >= p_end or t_indices[q] < indices[p]:
                u_indices[k] = t_indices[q]
                u_codes[k] = 2
                q += 1
            else:
                u_indices[k] = indices[p]
                u_codes[k] = 3
                p += 1
                q += 1
            k += 1


@njit(cache=True)
def _union_buffers(u_indptr):
    """Turn the row sizes in ``u_indptr`` into row starts (in place); allocate the rows."""
    k = sizes_to_starts(u_indptr)
    return u_indptr, np.empty(k, dtype=np.int32), np.empty(k, dtype=np.int8)


@njit(cache=True, parallel=True)
def undirected_union(indptr, indices, t_indptr, t_indices, n_chunks):
    """Union of each node's sorted out- and in-rows, with arc codes.

    Returns ``u_indptr`` int64[n+1], ``u_indices`` int32[k] (rows sorted) and ``u_codes``
    int8[k]: 1 when the row node sends to the neighbour, 2 when it receives, 3 both.
    """
    u_indptr = np.zeros(indptr.shape[0], dtype=np.int64)
    for c in prange(n_chunks):
        _union_sizes_chunk(indptr, indices, t_indptr, t_indices, u_indptr, c, n_chunks)
    out = _union_buffers(u_indptr)
    for c in prange(n_chunks):
        _union_fill_chunk(indptr, indices, t_indptr, t_indices, out, c, n_chunks)
    return out


@njit(cache=True)
def union_values(u_indptr, u_codes, indptr, weights, t_indptr, t_weights):
    """Per undirected-union entry {u, v}: w_uv + w_vu (0 for an absent arc). float64[k].

    Walks each union row beside u's out- and in-rows: the union row is their sorted merge, so
    code bit 1 consumes the next out-arc and bit 2 the next in-arc.
    """
    n = u_indptr.shape[0] - 1
    out = np.zeros(u_codes.shape[0], dtype=np.float64)
    for u in range(n):
        a = indptr[u]
        b = t_indptr[u]
        for k in range(u_indptr[u], u_indptr[u + 1]):
            code = u_codes[k]
            value = 0.0
            if code & 1:
                value += weights[a]
                a += 1
            if code & 2:
                value += t_weights[b]
                b += 1
            out[k] = value
    return out
