"""QAP on sparse networks: the permuted cross-product of two networks from their arcs alone.

Arrays in, arrays out. ``a_indptr`` int64 / ``a_indices`` / ``a_values`` float64 are the
out-CSR of A; ``b_indptr`` int64 / ``b_indices`` (each row sorted) / ``b_values`` float64 the
out-CSR of B on the same positions. ``perms`` int64[P, n] holds one permutation per row.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True)
def _lookup(b_indptr, b_indices, b_values, u, v):
    """B[u, v] by binary search in row u (0.0 when there is no arc u -> v)."""
    lo = b_indptr[u]
    end = b_indptr[u + 1]
    hi = end
    while lo < hi:
        mid = (lo + hi) >> 1
        if b_indices[mid] < v:
            lo = mid + 1
        else:
            hi = mid
    if lo < end and b_indices[lo] == v:
        return b_values[lo]
    return 0.0


@njit(cache=True, parallel=True)
def permuted_dots(a_indptr, a_indices, a_values, b_indptr, b_indices, b_values, perms):
    """For each permutation p: sum over arcs i -> j of A of a_ij * B[p(i), p(j)].

    O(m_A log d_B) per permutation: the sum visits A's arcs row by row, in CSR order (so the
    float sum does not depend on the threads), and finds each permuted cell in B's sorted row.
    Returns float64[P]. Parallel over permutations.
    """
    n = a_indptr.shape[0] - 1
    n_perm = perms.shape[0]
    out = np.zeros(n_perm, dtype=np.float64)
    for p in prange(n_perm):
        perm = perms[p]
        total = 0.0
        for i in range(n):
            u = perm[i]
            for q in range(a_indptr[i], a_indptr[i + 1]):
                value = _lookup(b_indptr, b_indices, b_values, u, perm[a_indices[q]])
                if value != 0.0:
                    total += a_values[q] * value
        out[p] = total
    return out
