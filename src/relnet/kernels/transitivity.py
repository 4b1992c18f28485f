"""Two-path counts (sna gtrans) and directed clustering (Fagiolo 2007) over CSR arrays."""

import numpy as np
from numba import njit, prange


@njit(cache=True, parallel=True)
def two_path_counts(indptr, indices, n_chunks):
    """Counts of two-paths i->j->k with i != k: (all, closed), closed meaning i->k exists.

    int64 indptr, int32 indices (sorted rows, no loops). Returns two int64 totals.
    """
    n = indptr.shape[0] - 1
    total = np.zeros(n_chunks, dtype=np.int64)
    closed = np.zeros(n_chunks, dtype=np.int64)
    seen = np.full((n_chunks, n), -1, dtype=np.int64)
    for c in prange(n_chunks):
        mark = seen[c]
        t = 0
        w = 0
        for i in range(c, n, n_chunks):
            for p in range(indptr[i], indptr[i + 1]):
                mark[indices[p]] = i
            for p in range(indptr[i], indptr[i + 1]):
                j = indices[p]
                for q in range(indptr[j], indptr[j + 1]):
                    k = indices[q]
                    if k != i:
                        t += 1
                        if mark[k] == i:
                            w += 1
        total[c] = t
        closed[c] = w
    return total.sum(), closed.sum()


@njit(cache=True, parallel=True)
def fagiolo_triangles(u_indptr, u_indices, u_values, n_chunks):
    """Per node i: t_i = sum_{j,k} s_ij s_jk s_ki over the union CSR (float64[n]).

    With s = a + a^T this is [(A + A^T)^3]_ii, Fagiolo's count of directed triangles times 2.
    """
    n = u_indptr.shape[0] - 1
    out = np.zeros(n, dtype=np.float64)
    stamp = np.full((n_chunks, n), -1, dtype=np.int64)
    value = np.zeros((n_chunks, n), dtype=np.float64)
    for c in prange(n_chunks):
        mark = stamp[c]
        s_i = value[c]
        for i in range(c, n, n_chunks):
            for p in range(u_indptr[i], u_indptr[i + 1]):
                mark[u_indices[p]] = i
                s_i[u_indices[p]] = u_values[p]
            total = 0.0
            for p in range(u_indptr[i], u_indptr[i + 1]):
                j = u_indices[p]
                s_ij = u_values[p]
                for q in range(u_indptr[j], u_indptr[j + 1]):
                    k = u_indices[q]
                    if mark[k] == i:
                        total += s_ij * u_values[q] * s_i[k]
            out[i] = total
    return out
