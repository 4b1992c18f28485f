"""Building CSR arrays from edge lists by counting sort, in O(n + m), and the structure
derived from them once per Network (transpose, arc sources, reverse arcs)."""

import numpy as np
from numba import njit, prange


@njit(cache=True)
def csr_from_pairs(src, dst, n):
    """Sort arcs (src[e], dst[e]) by source then target, in O(m) memory beyond the output.

    ``src`` and ``dst`` are int32 or int64 positions in [0, n). Returns ``indptr``
    (int64[n+1]), ``indices`` (int32[m]) and ``order`` (int64[m]): arc ``order[p]`` of the
    input sits at CSR position ``p``. One counting sort by source, then each row sorted by
    target (insertion sort for short rows, a stable merge sort for long ones); equal targets
    keep their input order. Peak memory: 12 bytes per arc plus ``indptr``.
    """
    m = src.shape[0]
    indptr = np.zeros(n + 1, dtype=np.int64)
    for e in range(m):
        indptr[src[e] + 1] += 1
    for u in range(n):
        indptr[u + 1] += indptr[u]
    fill = indptr[:-1].copy()
    order = np.empty(m, dtype=np.int64)
    indices = np.empty(m, dtype=np.int32)
    for e in range(m):
        u = src[e]
        p = fill[u]
        order[p] = e
        indices[p] = dst[e]
        fill[u] = p + 1
    for u in range(n):
        lo = indptr[u]
        hi = indptr[u + 1]
        if hi - lo <= 32:
            for p in range(lo + 1, hi):
                key = indices[p]
                arc = order[p]
                q = p - 1
                while q >= lo and indices[q] > key:
                    indices[q + 1] = indices[q]
                    order[q + 1] = order[q]
                    q -= 1
                indices[q + 1] = key
                order[q + 1] = arc
        else:
            perm = np.argsort(indices[lo:hi], kind="mergesort")
            row = indices[lo:hi][perm]
            arcs = order[lo:hi][perm]
            indices[lo:hi] = row
            order[lo:hi] = arcs
    return indptr, indices, order


@njit(cache=True)
def first_bad_arc(indptr, indices):
    """Position of the first self-loop or repeated arc in sorted CSR rows, or -1 if none."""
    n = indptr.shape[0] - 1
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            if indices[p] == u:
                return p
            if p > indptr[u] and indices[p] == indices[p - 1]:
                return p
    return -1


@njit(cache=True)
def transpose(indptr, indices, n):
    """In-direction CSR of a sorted CSR: (t_indptr, t_indices, t_to_out).

    ``t_to_out[q]`` is the out-position of the arc at in-position ``q``, so in-weights are
    ``weights[t_to_out]``. Rows of the result are sorted because sources are visited in order.
    """
    m = indices.shape[0]
    t_indptr = np.zeros(n + 1, dtype=np.int64)
    for p in range(m):
        t_indptr[indices[p] + 1] += 1
    for v in range(n):
        t_indptr[v + 1] += t_indptr[v]
    fill = t_indptr[:-1].copy()
    t_indices = np.empty(m, dtype=np.int32)
    t_to_out = np.empty(m, dtype=np.int64)
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            q = fill[v]
            t_indices[q] = u
            t_to_out[q] = p
            fill[v] = q + 1
    return t_indptr, t_indices, t_to_out


@njit(cache=True)
def row_of_arc(indptr):
    """Source position of every arc of a CSR (the expanded row index), int32[m]."""
    n = indptr.shape[0] - 1
    out = np.empty(indptr[n], dtype=np.int32)
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            out[p] = u
    return out


@njit(cache=True, parallel=True)
def reverse_arcs(indptr, indices, n_chunks):
    """For each arc p = u -> v, the out-CSR position of v -> u, or -1. int64[m].

    Binary search of u in v's sorted row; chunk c owns the rows c, c + n_chunks, ...
    """
    n = indptr.shape[0] - 1
    out = np.full(indices.shape[0], -1, dtype=np.int64)
    for c in prange(n_chunks):
        for u in range(c, n, n_chunks):
            for p in range(indptr[u], indptr[u + 1]):
                v = indices[p]
                lo = indptr[v]
                hi = indptr[v + 1]
                while lo < hi:
                    mid = (lo + hi) // 2
                    if indices[mid] < u:
                        lo = mid + 1
                    else:
                        hi = mid
                if lo < indptr[v + 1] and indices[lo] == u:
                    out[p] = lo
    return out
