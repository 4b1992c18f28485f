"""Path measures summed over batches of sources, one result row per batch.

Arrays in, arrays out. A batch is ``sources[starts[b]:starts[b + 1]]``; its row is the sum of
its sources' contributions taken one source after another, in order, so a row does not depend
on how many threads run or on which machine (relnet.distributed sends single batches to
workers and must get the same floats). Batches run in parallel (prange), each with its own
scratch buffers; the caller adds the rows up in batch order.
"""

import numpy as np
from numba import njit, prange

from relnet.kernels.betweenness import (
    _accumulate_bfs,
    _accumulate_bfs_linear,
    _accumulate_dijkstra,
    _accumulate_dijkstra_linear,
)
from relnet.kernels.paths import bfs_order, dijkstra_order


@njit(cache=True, parallel=True)
def brandes_rows(indptr, indices, lengths, sources, starts, weighted, endpoints):
    """Brandes betweenness of each batch of sources: float64[n_batches, n].

    ``sources`` int64, ``starts`` int64 (n_batches + 1 offsets into ``sources``), ``lengths``
    float64 (> 0, used when ``weighted``). Contract as ``betweenness.brandes``.
    """
    n = indptr.shape[0] - 1
    m = indices.shape[0]
    n_batches = starts.shape[0] - 1
    rows = np.zeros((n_batches, n), dtype=np.float64)
    for b in prange(n_batches):
        row = rows[b]
        sigma = np.zeros(n, dtype=np.float64)
        coeff = np.zeros(n, dtype=np.float64)
        order = np.empty(n, dtype=np.int64)
        if weighted:
            dist = np.full(n, -1.0)
            done = np.zeros(n, dtype=np.bool_)
            hkeys = np.empty(m + 1, dtype=np.float64)
            hitems = np.empty(m + 1, dtype=np.int64)
            for idx in range(starts[b], starts[b + 1]):
                _accumulate_dijkstra(
                    indptr, indices, lengths, sources[idx], dist, sigma, coeff, order, done,
                    hkeys, hitems, row, endpoints,
                )  # fmt: skip
        else:
            hops = np.full(n, -1, dtype=np.int32)
            dag_start = np.empty(n + 1, dtype=np.int64)
            dag = np.empty(m, dtype=indices.dtype)
            for idx in range(starts[b], starts[b + 1]):
                s = sources[idx]
                if indptr[s + 1] == indptr[s] and not endpoints:
                    continue  # reaches nobody: contributes nothing
                _accumulate_bfs(
                    indptr, indices, s, hops, sigma, coeff, order, dag_start, dag, row, endpoints
                )
    return rows


@njit(cache=True, parallel=True)
def linear_rows(
    indptr, indices, lengths, t_indptr, t_indices, t_lengths, sources, starts, weighted, endpoints
):
    """Linearly scaled (Geisberger-Sanders-Schultes) betweenness of each batch of sources.

    For each source s, in order: the forward pass over the out-CSR credits v with
    (sigma_st(v) / sigma_st) * d(s,v)/d(s,t) for every target t, then the same pass over the
    in-CSR (``t_*``, the reversed graph, s as a target) credits v with
    (sigma_ts(v) / sigma_ts) * d(v,s)/d(t,s) for every source t. Returns float64[n_batches, n];
    the caller scales by n / len(sources).
    """
    n = indptr.shape[0] - 1
    m = indices.shape[0]
    n_batches = starts.shape[0] - 1
    rows = np.zeros((n_batches, n), dtype=np.float64)
    for b in prange(n_batches):
        row = rows[b]
        sigma = np.zeros(n, dtype=np.float64)
        coeff = np.zeros(n, dtype=np.float64)
        order = np.empty(n, dtype=np.int64)
        if weighted:
            dist = np.full(n, -1.0)
            done = np.zeros(n, dtype=np.bool_)
            hkeys = np.empty(m + 1, dtype=np.float64)
            hitems = np.empty(m + 1, dtype=np.int64)
            for idx in range(starts[b], starts[b + 1]):
                s = sources[idx]
                _accumulate_dijkstra_linear(
                    indptr, indices, lengths, s, dist, sigma, coeff, order, done, hkeys, hitems,
                    row, endpoints,
                )  # fmt: skip
                _accumulate_dijkstra_linear(
                    t_indptr, t_indices, t_lengths, s, dist, sigma, coeff, order, done, hkeys,
                    hitems, row, endpoints,
                )  # fmt: skip
        else:
            hops = np.full(n, -1, dtype=np.int32)
            dag_start = np.empty(n + 1, dtype=np.int64)
            dag = np.empty(m, dtype=indices.dtype)
            for idx in range(starts[b], starts[b + 1]):
                s = sources[idx]
                if indptr[s + 1] > indptr[s]:  # else it reaches nobody: nothing to credit
                    _accumulate_bfs_linear(
                        indptr, indices, s, hops, sigma, coeff, order, dag_start, dag, row,
                        endpoints,
                    )  # fmt: skip
                if t_indptr[s + 1] > t_indptr[s]:
                    _accumulate_bfs_linear(
                        t_indptr, t_indices, s, hops, sigma, coeff, order, dag_start, dag, row,
                        endpoints,
                    )  # fmt: skip
    return rows


@njit(cache=True, parallel=True)
def inverse_distance_rows(indptr, indices, lengths, sources, starts, weighted, with_rows):
    """Sums of inverse distances per source, and per target for each batch.

    Returns ``per_source`` (float64[len(sources)]: sum over t != s reached of 1/d(s, t)) and
    ``rows`` (float64[n_batches, n] when ``with_rows``, else [n_batches, 0]): row b holds,
    per target t, the sum over the batch's sources s != t of 1/d(s, t). Unreached pairs add 0.
    """
    n = indptr.shape[0] - 1
    m = indices.shape[0]
    k = sources.shape[0]
    n_batches = starts.shape[0] - 1
    per_source = np.zeros(k, dtype=np.float64)
    rows = np.zeros((n_batches, n if with_rows else 0), dtype=np.float64)
    for b in prange(n_batches):
        dist = np.full(n, -1.0)
        order = np.empty(n, dtype=np.int64)
        hkeys = np.empty(m + 1 if weighted else 1, dtype=np.float64)
        hitems = np.empty(m + 1 if weighted else 1, dtype=np.int64)
        for idx in range(starts[b], starts[b + 1]):
            s = sources[idx]
            if weighted:
                count = dijkstra_order(indptr, indices, lengths, s, dist, order, hkeys, hitems)
            else:
                count = bfs_order(indptr, indices, s, dist, order)
            total = 0.0
            for r in range(1, count):
                t = order[r]
                inv = 1.0 / dist[t]
                total += inv
                if with_rows:
                    rows[b, t] += inv
            per_source[idx] = total
            for r in range(count):
                dist[order[r]] = -1.0
    return per_source, rows
