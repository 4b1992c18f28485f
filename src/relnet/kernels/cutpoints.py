"""Articulation points and bridges of an undirected graph (Hopcroft-Tarjan, iterative DFS).

Arrays in, arrays out: ``indptr`` int64 and ``indices`` of a symmetric CSR (each undirected
tie stored in both directions, no loops, no repeats).
"""

import numpy as np
from numba import njit


@njit(cache=True)
def cut_structure(indptr, indices):
    """Returns ``is_cut`` (bool[n]) and the bridges as two int64 arrays (u, v) with u < v.

    One depth-first pass with low-links (Hopcroft & Tarjan 1973): a non-root v is a cutpoint
    when some child w has low[w] >= disc[v]; the root when it has two or more children; the
    tree edge (v, w) is a bridge when low[w] > disc[v].
    """
    n = indptr.shape[0] - 1
    disc = np.full(n, -1, dtype=np.int64)
    low = np.zeros(n, dtype=np.int64)
    parent = np.full(n, -1, dtype=np.int64)
    cursor = np.zeros(n, dtype=np.int64)
    stack = np.empty(n, dtype=np.int64)
    is_cut = np.zeros(n, dtype=np.bool_)
    bridge_u = np.empty(n, dtype=np.int64)
    bridge_v = np.empty(n, dtype=np.int64)
    n_bridges = 0
    timer = 0
    for root in range(n):
        if disc[root] >= 0:
            continue
        disc[root] = timer
        low[root] = timer
        timer += 1
        cursor[root] = indptr[root]
        stack[0] = root
        top = 1
        root_children = 0
        while top > 0:
            v = stack[top - 1]
            if cursor[v] < indptr[v + 1]:
                w = indices[cursor[v]]
                cursor[v] += 1
                if disc[w] < 0:
                    parent[w] = v
                    disc[w] = timer
                    low[w] = timer
                    timer += 1
                    cursor[w] = indptr[w]
                    stack[top] = w
                    top += 1
                    if v == root:
                        root_children += 1
                elif w != parent[v]:
                    low[v] = min(low[v], disc[w])
            else:
                top -= 1
                p = parent[v]
                if p >= 0:
                    low[p] = min(low[p], low[v])
                    if low[v] > disc[p]:
                        bridge_u[n_bridges] = min(p, v)
                        bridge_v[n_bridges] = max(p, v)
                        n_bridges += 1
                    if p != root and low[v] >= disc[p]:
                        is_cut[p] = True
        if root_children > 1:
            is_cut[root] = True
    return is_cut, bridge_u[:n_bridges].copy(), bridge_v[:n_bridges].copy()
