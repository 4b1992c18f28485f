"""Weak and strong components over CSR arrays, and canonical component labels.

Weak components: union-find with path halving (Afforest-style skipping of the giant
component), O(m alpha(n)).
Strong components: iterative Tarjan over the out-CSR, O(n + m), no recursion.
Both return raw labels in [0, n_components); ``canonical_labels`` renumbers them so the largest
component is 0 and ties go to the component holding the lowest position.
"""

import numpy as np
from numba import njit


@njit(cache=True)
def _find(parent, u):
    while parent[u] != u:
        parent[u] = parent[parent[u]]
        u = parent[u]
    return u


@njit(cache=True, inline="always")
def _union(parent, a, b):
    """Join the sets of a and b; the root of a set is its lowest position."""
    a = _find(parent, a)
    b = _find(parent, b)
    if a < b:
        parent[b] = a
    elif b < a:
        parent[a] = b


@njit(cache=True)
def weak_labels(indptr, indices, t_indptr, t_indices, n_sample):
    """Raw weak-component label per position (int64[n]) and the number of components.

    int64 indptr, int32/int64 indices for the out-CSR and the in-CSR. Union-find with path
    halving in the manner of Afforest (Sutton et al. 2018): first join each node to its first
    two out-neighbours, find the most common root among ``n_sample`` nodes (the emerging giant
    component), then visit only nodes outside it, joining them to all their out- and
    in-neighbours. An arc with both ends already in the giant component changes nothing, and
    any other arc has an end outside it, whose visit covers the arc. Labels are numbered in
    order of each component's lowest position.
    """
    n = indptr.shape[0] - 1
    parent = np.arange(n, dtype=np.int64)
    for u in range(n):
        stop = min(indptr[u] + 2, indptr[u + 1])
        for p in range(indptr[u], stop):
            _union(parent, u, np.int64(indices[p]))
    giant = -1
    if n > 0:
        counts = np.zeros(n, dtype=np.int64)
        step = max(n // max(n_sample, 1), 1)
        best = 0
        for u in range(0, n, step):
            r = _find(parent, u)
            counts[r] += 1
            if counts[r] > best:
                best = counts[r]
                giant = r
    for u in range(n):
        if giant >= 0 and _find(parent, u) == _find(parent, giant):
            continue
        for p in range(indptr[u], indptr[u + 1]):
            _union(parent, u, np.int64(indices[p]))
        for p in range(t_indptr[u], t_indptr[u + 1]):
            _union(parent, u, np.int64(t_indices[p]))
    labels = np.empty(n, dtype=np.int64)
    count = 0
    for u in range(n):
        r = _find(parent, u)
        if r == u:
            labels[u] = count
            count += 1
        else:
            labels[u] = labels[r]  # r < u, already labelled
    return labels, count


@njit(cache=True)
def strong_labels(indptr, indices):
    """Raw strong-component label per position (int64[n]) and the number of components.

    Iterative Tarjan over the out-CSR. Components come out in reverse topological order of
    the condensation: an arc between components goes from a higher label to a lower one.
    """
    n = indptr.shape[0] - 1
    small = indices.dtype  # int32 below 2^31 people: half the memory traffic
    index = np.full(n, -1, dtype=small)
    low = np.zeros(n, dtype=small)
    on_stack = np.zeros(n, dtype=np.bool_)
    stack = np.empty(n, dtype=small)
    call = np.empty(n, dtype=small)  # DFS call stack of nodes
    edge = np.empty(n, dtype=np.int64)  # next arc to look at, per call frame
    labels = np.full(n, -1, dtype=np.int64)
    sp = 0
    counter = 0
    count = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        depth = 0
        call[0] = root
        edge[0] = indptr[root]
        index[root] = counter
        low[root] = counter
        counter += 1
        stack[sp] = root
        sp += 1
        on_stack[root] = True
        while depth >= 0:
            v = call[depth]
            p = edge[depth]
            if p < indptr[v + 1]:
                edge[depth] = p + 1
                w = np.int64(indices[p])
                if index[w] < 0:
                    index[w] = counter
                    low[w] = counter
                    counter += 1
                    stack[sp] = w
                    sp += 1
                    on_stack[w] = True
                    depth += 1
                    call[depth] = w
                    edge[depth] = indptr[w]
                elif on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
            else:
                if low[v] == index[v]:
                    while True:
                        sp -= 1
                        w = stack[sp]
                        on_stack[w] = False
                        labels[w] = count
                        if w == v:
                            break
                    count += 1
                depth -= 1
                if depth >= 0:
                    u = call[depth]
                    if low[v] < low[u]:
                        low[u] = low[v]
    return labels, count


@njit(cache=True)
def canonical_labels(raw, count):
    """Renumber raw labels: largest component 0, ties to the one with the lowest position.

    Returns (labels int64[n], sizes int64[count]) with sizes in the new label order.
    """
    n = raw.shape[0]
    size = np.zeros(count, dtype=np.int64)
    first = np.full(count, n, dtype=np.int64)
    for u in range(n):
        c = raw[u]
        size[c] += 1
        if first[c] == n:
            first[c] = u
    # sort by (-size, first): first is unique per component, so the key is a total order
    key = np.empty(count, dtype=np.int64)
    for c in range(count):
        key[c] = (n - size[c]) * (n + 1) + first[c]
    order = np.argsort(key)
    new = np.empty(count, dtype=np.int64)
    sizes = np.empty(count, dtype=np.int64)
    for rank in range(count):
        new[order[rank]] = rank
        sizes[rank] = size[order[rank]]
    labels = np.empty(n, dtype=np.int64)
    for u in range(n):
        labels[u] = new[raw[u]]
    return labels, sizes
