"""Brandes betweenness over CSR, parallel over sources with per-chunk buffers.

Arrays in, arrays out: the out-CSR (``indptr`` int64, ``indices``, ``lengths`` float64).
The backward pass pulls each node's dependency from its successors on shortest paths: the
unweighted forward pass lists them per node as it scans (one buffer of m entries a chunk); the
weighted one finds them again from the distances.
"""

import numpy as np
from numba import njit, prange

from relnet.kernels.paths import EPS, heap_pop, heap_push


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


@njit(cache=True)
def _forward_bfs(indptr, indices, s, hops, sigma, order, dag_start, dag):
    """BFS from s counting shortest paths; returns the number of nodes reached.

    ``order[:tail]`` lists them by hops; the r-th node's successors on shortest paths are
    ``dag[dag_start[r]:dag_start[r + 1]]`` (a node is scanned once, so they are contiguous).
    ``hops`` (int32) must be all -1 on entry; the caller resets it.
    """
    hops[s] = 0
    sigma[s] = 1.0
    order[0] = s
    head = 0
    tail = 1
    filled = 0
    while head < tail:
        v = order[head]
        dag_start[head] = filled
        head += 1
        hv = hops[v] + 1
        sv = sigma[v]
        for p in range(indptr[v], indptr[v + 1]):
            w = indices[p]
            hw = hops[w]
            if hw < 0:
                hops[w] = hv
                sigma[w] = sv
                order[tail] = w
                tail += 1
                dag[filled] = w
                filled += 1
            elif hw == hv:
                sigma[w] += sv
                dag[filled] = w
                filled += 1
    dag_start[tail] = filled
    return tail


@njit(cache=True)
def _accumulate_bfs(indptr, indices, s, hops, sigma, coeff, order, dag_start, dag, row, endpoints):
    """One source of unweighted Brandes: BFS forward, then dependencies pulled from successors.

    The forward pass records, for the r-th node reached, its successors on shortest paths in
    ``dag[dag_start[r]:dag_start[r + 1]]`` (a node is scanned once, so they are contiguous);
    the backward pass reads only those. ``hops`` (int32) is all -1 on entry and on exit.
    """
    tail = _forward_bfs(indptr, indices, s, hops, sigma, order, dag_start, dag)
    # backward: delta[v] = sigma[v] * sum over successors w of (1 + delta[w]) / sigma[w];
    # coeff[w] holds (1 + delta[w]) / sigma[w] once w is done (successors finish first).
    for r in range(tail - 1, -1, -1):
        v = order[r]
        total = 0.0
        for q in range(dag_start[r], dag_start[r + 1]):
            total += coeff[dag[q]]
        delta = sigma[v] * total
        coeff[v] = (1.0 + delta) / sigma[v]
        if v != s:
            row[v] += delta + 1.0 if endpoints else delta
    if endpoints:
        row[s] += tail - 1
    for r in range(tail):
        hops[order[r]] = -1
    return tail


@njit(cache=True)
def _accumulate_dijkstra(
    indptr, indices, lengths, s, dist, sigma, coeff, order, done, hkeys, hitems, row, endpoints
):
    """One source of weighted Brandes: Dijkstra forward, dependencies pulled from successors
    (w is a successor of v when dist[v] + l(v, w) equals dist[w] within EPS, relative)."""
    count = _forward_dijkstra(indptr, indices, lengths, s, dist, sigma, order, done, hkeys, hitems)
    for r in range(count - 1, -1, -1):
        v = order[r]
        dv = dist[v]
        total = 0.0
        for p in range(indptr[v], indptr[v + 1]):
            w = indices[p]
            dw = dist[w]
            if dw > dv and abs(dv + lengths[p] - dw) <= EPS * dw:
                total += coeff[w]
        delta = sigma[v] * total
        coeff[v] = (1.0 + delta) / sigma[v]
        if v != s:
            row[v] += delta + 1.0 if endpoints else delta
    if endpoints:
        row[s] += count - 1
    for r in range(count):
        v = order[r]
        dist[v] = -1.0
        done[v] = False
    return count


@njit(cache=True, parallel=True)
def brandes(indptr, indices, lengths, sources, weighted, endpoints, n_chunks):
    """Betweenness summed over the given sources (Brandes 2001).

    ``sources`` (int64) are the source nodes to accumulate (all nodes for exact betweenness,
    a sample for the Brandes-Pich estimate; the caller scales). With ``weighted`` the path
    length is the sum of ``lengths`` (float64, > 0) and shortest paths are found by Dijkstra;
    lengths within a relative 1e-10 are equal (as igraph). With ``endpoints`` the source and
    target of each path count as on it (networkx ``endpoints=True``). Returns float64[n]: raw
    ordered-pair counts. Each chunk owns its sigma/coefficient/distance/order buffers and a
    score row; rows are summed after the parallel loop.
    """
    n = indptr.shape[0] - 1
    m = indices.shape[0]
    k = sources.shape[0]
    scores = np.zeros((n_chunks, n), dtype=np.float64)
    for c in prange(n_chunks):
        sigma = np.zeros(n, dtype=np.float64)
        coeff = np.zeros(n, dtype=np.float64)
        order = np.empty(n, dtype=np.int64)
        row = scores[c]
        if weighted:
            dist = np.full(n, -1.0)
            done = np.zeros(n, dtype=np.bool_)
            hkeys = np.empty(m + 1, dtype=np.float64)
            hitems = np.empty(m + 1, dtype=np.int64)
            for idx in range(c, k, n_chunks):
                _accumulate_dijkstra(
                    indptr,
                    indices,
                    lengths,
                    sources[idx],
                    dist,
                    sigma,
                    coeff,
                    order,
                    done,
                    hkeys,
                    hitems,
                    row,
                    endpoints,
                )
        else:
            hops = np.full(n, -1, dtype=np.int32)
            dag_start = np.empty(n + 1, dtype=np.int64)
            dag = np.empty(m, dtype=indices.dtype)
            for idx in range(c, k, n_chunks):
                s = sources[idx]
                if indptr[s + 1] == indptr[s] and not endpoints:
                    continue  # reaches nobody: contributes nothing
                _accumulate_bfs(
                    indptr, indices, s, hops, sigma, coeff, order, dag_start, dag, row, endpoints
                )
    out = np.zeros(n, dtype=np.float64)
    for c in range(n_chunks):
        out += scores[c]
    return out


# ------------------------------------------------------------------ linear scaling (GSS 2008)
# One pass from s credits v, for each target t, with (sigma_st(v) / sigma_st) * d(s,v)/d(s,t).
# With gamma[v] = sum_t (sigma_st(v) / sigma_st) / d(s,t), the successors w of v give
#     gamma[v] = sigma[v] * sum_w (1/d(s,w) + gamma[w]) / sigma[w]
# (t = w itself adds sigma_sv/sigma_sw / d(s,w); t beyond w adds sigma_sv/sigma_sw * gamma[w]),
# and v's linear dependency is d(s,v) * gamma[v]. coeff[w] holds (1/d(s,w) + gamma[w]) / sigma[w].


@njit(cache=True)
def _accumulate_bfs_linear(
    indptr, indices, s, hops, sigma, coeff, order, dag_start, dag, row, endpoints
):
    """One source of linearly scaled unweighted Brandes (contract as ``_accumulate_bfs``).

    With ``endpoints`` every node reached (not s) also gets 1: the pair's target carries the
    full weight d(s,t)/d(s,t) and its source none.
    """
    tail = _forward_bfs(indptr, indices, s, hops, sigma, order, dag_start, dag)
    for r in range(tail - 1, 0, -1):  # the source (r = 0) gets nothing
        v = order[r]
        total = 0.0
        for q in range(dag_start[r], dag_start[r + 1]):
            total += coeff[dag[q]]
        gamma = sigma[v] * total
        dv = float(hops[v])
        coeff[v] = (1.0 / dv + gamma) / sigma[v]
        row[v] += dv * gamma + 1.0 if endpoints else dv * gamma
    for r in range(tail):
        hops[order[r]] = -1
    return tail


@njit(cache=True)
def _accumulate_dijkstra_linear(
    indptr, indices, lengths, s, dist, sigma, coeff, order, done, hkeys, hitems, row, endpoints
):
    """One source of linearly scaled weighted Brandes (contract as ``_accumulate_dijkstra``)."""
    count = _forward_dijkstra(indptr, indices, lengths, s, dist, sigma, order, done, hkeys, hitems)
    for r in range(count - 1, 0, -1):
        v = order[r]
        dv = dist[v]
        total = 0.0
        for p in range(indptr[v], indptr[v + 1]):
            w = indices[p]
            dw = dist[w]
            if dw > dv and abs(dv + lengths[p] - dw) <= EPS * dw:
                total += coeff[w]
        gamma = sigma[v] * total
        coeff[v] = (1.0 / dv + gamma) / sigma[v]
        row[v] += dv * gamma + 1.0 if endpoints else dv * gamma
    for r in range(count):
        v = order[r]
        dist[v] = -1.0
        done[v] = False
    return count
