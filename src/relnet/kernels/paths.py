"""Shortest paths over CSR: breadth-first search, Dijkstra with a binary heap, inverse distances.

Arrays in, arrays out. ``indptr`` int64, ``indices`` int32/int64 (sorted rows, no loops),
``lengths`` float64 arc lengths aligned with ``indices`` (used when ``weighted``; for trust
weights the caller passes 1/w). Work that is per source runs in parallel over ``n_chunks``
chunks, each with its own scratch buffers.
"""

import numpy as np
from numba import njit, prange

# Two path lengths closer than this (relative) are equal: igraph's shortest-path epsilon.
EPS = 1e-10


@njit(cache=True, inline="always")
def heap_push(keys, items, size, key, item):
    """Push (key, item) on the min-heap held in keys[:size], items[:size]; return the new size."""
    pos = size
    keys[pos] = key
    items[pos] = item
    while pos > 0:
        parent = (pos - 1) >> 1
        if keys[parent] <= keys[pos]:
            break
        keys[parent], keys[pos] = keys[pos], keys[parent]
        items[parent], items[pos] = items[pos], items[parent]
        pos = parent
    return size + 1


@njit(cache=True, inline="always")
def heap_pop(keys, items, size):
    """Pop the smallest entry: returns (key, item, new size). Precondition: size > 0."""
    key = keys[0]
    item = items[0]
    size -= 1
    keys[0] = keys[size]
    items[0] = items[size]
    pos = 0
    while True:
        left = 2 * pos + 1
        if left >= size:
            break
        child = left
        if left + 1 < size and keys[left + 1] < keys[left]:
            child = left + 1
        if keys[pos] <= keys[child]:
            break
        keys[child], keys[pos] = keys[pos], keys[child]
        items[child], items[pos] = items[pos], items[child]
        pos = child
    return key, item, size


@njit(cache=True)
def bfs_order(indptr, indices, source, dist, order):
    """Breadth-first search from ``source``.

    ``dist`` (float64[n]) must hold -1 everywhere on entry; on return it holds the hop count of
    every node reached (others stay -1) and ``order[:count]`` (int64) the nodes reached in
    non-decreasing distance. Returns ``count``. Reset ``dist[order[:count]] = -1`` to reuse.
    """
    dist[source] = 0.0
    order[0] = source
    head = 0
    tail = 1
    while head < tail:
        v = order[head]
        head += 1
        dv = dist[v] + 1.0
        for p in range(indptr[v], indptr[v + 1]):
            w = indices[p]
            if dist[w] < 0.0:
                dist[w] = dv
                order[tail] = w
                tail += 1
    return tail


@njit(cache=True)
def dijkstra_order(indptr, indices, lengths, source, dist, order, hkeys, hitems):
    """Dijkstra from ``source`` with arc lengths ``lengths`` (float64, > 0).

    Same contract as :func:`bfs_order`: ``dist`` all -1 on entry; returns ``count`` with
    ``order[:count]`` the settled nodes in non-decreasing distance. ``hkeys``/``hitems`` are
    heap scratch of at least m + 1 entries (lazy deletion: a node may be pushed once per arc).
    """
    dist[source] = 0.0
    size = heap_push(hkeys, hitems, 0, 0.0, source)
    count = 0
    while size > 0:
        d, v, size = heap_pop(hkeys, hitems, size)
        if d > dist[v]:
            continue  # stale: v was pushed again with a strictly shorter distance
        # Pushes for a node have strictly decreasing keys, so exactly one entry has d == dist[v].
        order[count] = v
        count += 1
        for p in range(indptr[v], indptr[v + 1]):
            w = indices[p]
            nd = d + lengths[p]
            if dist[w] < 0.0 or nd < dist[w]:
                dist[w] = nd
                size = heap_push(hkeys, hitems, size, nd, w)
    return count


@njit(cache=True, parallel=True)
def inverse_distance_sums(indptr, indices, lengths, sources, weighted, n_chunks):
    """Sums of inverse shortest-path distances from each source.

    Returns ``per_source`` (float64[len(sources)]): sum over t != s reached from s of
    1/d(s, t), and ``per_target`` (float64[n]): sum over the sources s != t of 1/d(s, t).
    Unreached pairs add 0. Distances are hop counts, or sums of ``lengths`` when ``weighted``.
    """
    n = indptr.shape[0] - 1
    k = sources.shape[0]
    m = indices.shape[0]
    per_source = np.zeros(k, dtype=np.float64)
    acc = np.zeros((n_chunks, n), dtype=np.float64)
    for c in prange(n_chunks):
        dist = np.full(n, -1.0)
        order = np.empty(n, dtype=np.int64)
        hkeys = np.empty(m + 1 if weighted else 1, dtype=np.float64)
        hitems = np.empty(m + 1 if weighted else 1, dtype=np.int64)
        row = acc[c]
        for idx in range(c, k, n_chunks):
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
                row[t] += inv
            per_source[idx] = total
            for r in range(count):
                dist[order[r]] = -1.0
    per_target = np.zeros(n, dtype=np.float64)
    for c in range(n_chunks):
        per_target += acc[c]
    return per_source, per_target
