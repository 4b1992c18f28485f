"""Brandes betweenness over CSR, parallel over sources with per-chunk buffers.

Arrays in, arrays out. Out-CSR (``indptr``, ``indices``, ``lengths``) drives the forward
search; the in-CSR (``t_indptr``, ``t_indices``, ``t_lengths``) finds each node's
predecessors in the backward pass, so no predecessor lists are stored.
"""

import numpy as np
from numba import njit, prange

from relnet.kernels.paths import EPS, heap_pop, heap_push


@njit(cache=True)
def _forward_bfs(indptr, indices, s, dist, sigma, order):
    """BFS from s counting shortest paths; ``dist`` all -1 on entry. Returns count reached."""
    dist[s] = 0.0
    sigma[s] = 1.0
    order[0] = s
    head = 0
    tail = 1
    while head < tail:
        v = order[head]
        head += 1
        dv = dist[v] + 1.0
        sv = sigma[v]
        for p in range(indptr[v], indptr[v + 1]):
            w = indices[p]
            if dist[w] < 0.0:
                dist[w] = dv
                sigma[w] = sv
                order[tail] = w
                tail += 1
            elif dist[w] == dv:
                sigma[w] += sv
    return tail


@njit(cache=True)
def _forward_dijkstra(indptr, indices, lengths, s, dist, sigma, order, done, hkeys, hitems):
    """Dijkstra from s counting shortest paths (ties within EPS, relative, are equal)."""
    dist[s] = 0.0
    sigma[s] = 1.0
    size = heap_push(hkeys, hitems, 0, 0.0, s)
    count = 0
    while size > 0:
        d, v, size = heap_pop(hkeys, hitems, size)
        if done[v] or d > dist[v]:
            continue
        done[v] = True
        order[count] = v
        count += 1
        sv = sigma[v]
        for p in range(indptr[v], indptr[v + 1]):
            w = indices[p]
            if done[w]:
                continue
            nd = d + lengths[p]
            if dist[w] < 0.0:
                dist[w] = nd
                sigma[w] = sv
                size = heap_push(hkeys, hitems, size, nd, w)
            else:
                tol = EPS * max(nd, dist[w])
                if nd < dist[w] - tol:
                    dist[w] = nd
                    sigma[w] = sv
                    size = heap_push(hkeys, hitems, size, nd, w)
                elif abs(nd - dist[w]) <= tol:
                    sigma[w] += sv
    return count


@njit(cache=True, parallel=True)
def brandes(
    indptr,
    indices,
    lengths,
    t_indptr,
    t_indices,
    t_lengths,
    sources,
    weighted,
    endpoints,
    n_chunks,
):
    """Betweenness summed over the given sources (Brandes 2001).

    ``sources`` (int64) are the source nodes to accumulate (all nodes for exact betweenness,
    a sample for the Brandes-Pich estimate; the caller scales). With ``weighted`` the path
    length is the sum of ``lengths`` (> 0) and shortest paths are found by Dijkstra; lengths
    within a relative 1e-10 are equal (as igraph). With ``endpoints`` the source and target of
    each path count as on it (networkx ``endpoints=True``). Returns float64[n]: raw ordered-
    pair counts (a directed graph: each ordered pair (s, t) once).
    """
    n = indptr.shape[0] - 1
    m = indices.shape[0]
    k = sources.shape[0]
    scores = np.zeros((n_chunks, n), dtype=np.float64)
    for c in prange(n_chunks):
        dist = np.full(n, -1.0)
        sigma = np.zeros(n, dtype=np.float64)
        delta = np.zeros(n, dtype=np.float64)
        order = np.empty(n, dtype=np.int64)
        done = np.zeros(n, dtype=np.bool_)
        hkeys = np.empty(m + 1 if weighted else 1, dtype=np.float64)
        hitems = np.empty(m + 1 if weighted else 1, dtype=np.int64)
        row = scores[c]
        for idx in range(c, k, n_chunks):
            s = sources[idx]
            if weighted:
                count = _forward_dijkstra(
                    indptr, indices, lengths, s, dist, sigma, order, done, hkeys, hitems
                )
            else:
                count = _forward_bfs(indptr, indices, s, dist, sigma, order)
            if endpoints:
                row[s] += count - 1
            # backward pass: dependencies, predecessors found through the in-CSR
            for r in range(count - 1, 0, -1):
                w = order[r]
                coeff = (1.0 + delta[w]) / sigma[w]
                dw = dist[w]
                for p in range(t_indptr[w], t_indptr[w + 1]):
                    v = t_indices[p]
                    dv = dist[v]
                    if dv < 0.0:
                        continue
                    if weighted:
                        if abs(dv + t_lengths[p] - dw) > EPS * dw:
                            continue
                    elif dv != dw - 1.0:
                        continue
                    delta[v] += sigma[v] * coeff
                if endpoints:
                    row[w] += delta[w] + 1.0
                else:
                    row[w] += delta[w]
            for r in range(count):
                v = order[r]
                dist[v] = -1.0
                sigma[v] = 0.0
                delta[v] = 0.0
                done[v] = False
    out = np.zeros(n, dtype=np.float64)
    for c in range(n_chunks):
        out += scores[c]
    return out
