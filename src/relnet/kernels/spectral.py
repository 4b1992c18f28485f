"""Power iterations over CSR: PageRank and HITS. Arrays in, arrays out; parallel over nodes."""

import numpy as np
from numba import njit, prange


@njit(cache=True, parallel=True)
def pagerank(t_indptr, t_indices, t_weights, out_strength, alpha, tol, max_iter):
    """PageRank by power iteration, pulling along in-arcs.

    ``t_weights`` (float64, in-CSR order) are arc weights and ``out_strength`` (float64[n]) the
    sum of each node's out-weights; a node with out-strength 0 is dangling and spreads its
    score uniformly (networkx). Stops when the L1 change is below ``n * tol`` (networkx's
    rule). Returns (scores float64[n], iterations used; -1 when ``max_iter`` was reached).
    """
    n = t_indptr.shape[0] - 1
    x = np.full(n, 1.0 / n)
    share = np.zeros(n, dtype=np.float64)
    new = np.zeros(n, dtype=np.float64)
    for it in range(max_iter):
        dangling = 0.0
        for u in range(n):
            if out_strength[u] > 0.0:
                share[u] = x[u] / out_strength[u]
            else:
                share[u] = 0.0
                dangling += x[u]
        base = (alpha * dangling + 1.0 - alpha) / n
        for v in prange(n):
            total = 0.0
            for p in range(t_indptr[v], t_indptr[v + 1]):
                total += share[t_indices[p]] * t_weights[p]
            new[v] = alpha * total + base
        err = 0.0
        for v in range(n):
            err += abs(new[v] - x[v])
            x[v] = new[v]
        if err < n * tol:
            return x, it + 1
    return x, -1


@njit(cache=True, parallel=True)
def hits(indptr, indices, weights, t_indptr, t_indices, t_weights, tol, max_iter):
    """HITS hubs and authorities by power iteration (a = A^T h, h = A a, L1-normalised).

    Converges to the principal left/right singular vectors of the weighted adjacency A (as
    networkx ``hits``, which takes them from an SVD). Stops when the L1 change of the hub
    vector is below ``tol``. Returns (hubs, authorities, iterations; -1 if not converged).
    """
    n = indptr.shape[0] - 1
    h = np.full(n, 1.0 / n)
    a = np.zeros(n, dtype=np.float64)
    h_new = np.zeros(n, dtype=np.float64)
    for it in range(max_iter):
        for v in prange(n):
            total = 0.0
            for p in range(t_indptr[v], t_indptr[v + 1]):
                total += h[t_indices[p]] * t_weights[p]
            a[v] = total
        s = a.sum()
        if s > 0.0:
            a /= s
        for u in prange(n):
            total = 0.0
            for p in range(indptr[u], indptr[u + 1]):
                total += a[indices[p]] * weights[p]
            h_new[u] = total
        s = h_new.sum()
        if s > 0.0:
            h_new /= s
        err = 0.0
        for u in range(n):
            err += abs(h_new[u] - h[u])
            h[u] = h_new[u]
        if err < tol:
            return h, a, it + 1
    return h, a, -1
