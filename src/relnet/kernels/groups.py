"""Per-group structure in one pass over the whole graph: two-paths, brokerage roles, and
Brandes betweenness inside each group's induced subgraph (parallel over groups).

Arrays in, arrays out. ``indptr`` int64[n+1], ``indices`` int32/int64[m] with sorted rows and
no loops; ``codes`` int64[n] group codes.
"""

import numpy as np
from numba import njit, prange

from relnet.kernels.betweenness import _accumulate_bfs
from relnet.kernels.brokerage import add_broker_roles


@njit(cache=True, parallel=True)
def two_paths(indptr, indices, n_chunks):
    """Per u: number of two-paths u -> v -> w (w != u) and of those with u -> w.

    Returns (paths int64[n], closed int64[n]); their sums give sna's weak transitivity.
    """
    n = indptr.shape[0] - 1
    paths = np.zeros(n, dtype=np.int64)
    closed = np.zeros(n, dtype=np.int64)
    seen = np.full((n_chunks, n), -1, dtype=np.int64)  # scratch row per chunk
    for c in prange(n_chunks):
        mark = seen[c]
        for u in range(c, n, n_chunks):
            for p in range(indptr[u], indptr[u + 1]):
                mark[indices[p]] = u  # stamp with u: no reset needed
            count = 0
            hit = 0
            for p in range(indptr[u], indptr[u + 1]):
                v = indices[p]
                for q in range(indptr[v], indptr[v + 1]):
                    w = indices[q]
                    if w == u:
                        continue
                    count += 1
                    if mark[w] == u:
                        hit += 1
            paths[u] = count
            closed[u] = hit
    return paths, closed


@njit(cache=True, parallel=True)
def brokerage_roles(indptr, indices, t_indptr, t_indices, codes, n_chunks):
    """Gould-Fernandez roles of each broker v over two-paths i -> v -> k, i != k, no i -> k.

    int64[n, 5] columns as R sna ``brokerage``: coordinator (w_I), itinerant (w_O),
    representative (b_IO), gatekeeper (b_OI), liaison (b_O).
    """
    n = indptr.shape[0] - 1
    out = np.zeros((n, 5), dtype=np.int64)
    for c in prange(n_chunks):
        for v in range(c, n, n_chunks):
            add_broker_roles(indptr, indices, t_indptr, t_indices, codes, False, v, out[v])
    return out


@njit(cache=True, parallel=True)
def group_betweenness(indptr, indices, starts, todo, max_size, n_chunks):
    """Brandes betweenness inside each group, reduced to (max, sum) per group.

    Nodes are numbered so that group g holds positions ``starts[g]:starts[g+1]`` and the CSR
    holds only arcs inside groups, so a search from a member stays in its group. Each source
    is one step of the whole-graph kernel (:func:`relnet.kernels.betweenness._accumulate_bfs`);
    groups with ``todo[g]`` False are skipped (NaN). ``max_size`` is unused (the scratch is the
    whole-graph kernel's, sized n and m per chunk) and kept for callers. Returns float64[G, 2].
    """
    n = indptr.shape[0] - 1
    m = indices.shape[0]
    n_groups = starts.shape[0] - 1
    out = np.full((n_groups, 2), np.nan)
    for c in prange(n_chunks):
        hops = np.full(n, -1, dtype=np.int32)
        sigma = np.zeros(n, dtype=np.float64)
        coeff = np.zeros(n, dtype=np.float64)
        order = np.empty(n, dtype=np.int64)
        dag_start = np.empty(n + 1, dtype=np.int64)
        dag = np.empty(m, dtype=indices.dtype)
        row = np.zeros(n, dtype=np.float64)  # groups are disjoint: one row serves them all
        for g in range(c, n_groups, n_chunks):
            if not todo[g]:
                continue
            for s in range(starts[g], starts[g + 1]):
                if indptr[s + 1] > indptr[s]:
                    _accumulate_bfs(
                        indptr, indices, s, hops, sigma, coeff, order, dag_start, dag, row, False
                    )
            top = 0.0
            total = 0.0
            for x in range(starts[g], starts[g + 1]):
                total += row[x]
                if row[x] > top:
                    top = row[x]
            out[g, 0] = top
            out[g, 1] = total
    return out
