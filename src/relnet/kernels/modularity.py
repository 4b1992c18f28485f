"""Directed modularity optimisation (Louvain) over CSR arrays.

``move_nodes`` is the Louvain local-moving phase for directed modularity (Leicht & Newman
2008) with resolution ``gamma``; ``aggregate`` collapses communities into nodes (summed arc
weights, loops dropped from the CSR because they only enter through the strengths).
Communities are labelled by node positions in [0, n). All arrays: int64 ``indptr``,
int64 ``indices``, float64 ``weights``; serial (each move depends on the previous ones).
"""

import numpy as np
from numba import njit


@njit(cache=True)
def move_nodes(
    indptr, indices, weights, t_indptr, t_indices, t_weights,
    kout, kin, total, gamma, order, membership, max_visits,
):  # fmt: skip
    """Fast local moving: each node joins the neighbouring community with the best gain.

    Gain of node i joining community c (i's strengths removed from its own community):
    w(i->c) + w(c->i) - gamma * (kout_i * Kin_c + kin_i * Kout_c) / total. Nodes are
    visited from a queue that starts in ``order``; when a node moves, its neighbours outside
    its new community rejoin the queue (Traag et al. 2019), until the queue is empty or
    ``max_visits`` visits. ``membership`` (int64[n], labels in [0, n)) is updated in place;
    returns the number of moves.
    """
    n = kout.shape[0]
    k_out = np.zeros(n)
    k_in = np.zeros(n)
    for i in range(n):
        k_out[membership[i]] += kout[i]
        k_in[membership[i]] += kin[i]
    to_comm = np.zeros(n)
    stamp = np.full(n, -1, dtype=np.int64)
    seen = np.empty(n, dtype=np.int64)
    queue = order.copy()
    queued = np.ones(n, dtype=np.bool_)
    head = 0
    size = n
    eps = 1e-12 * max(total, 1.0)
    moves = 0
    visits = 0
    while size > 0 and visits < max_visits:
        i = queue[head]
        head = (head + 1) % n
        size -= 1
        queued[i] = False
        visits += 1
        own = membership[i]
        count = 0
        for p in range(indptr[i], indptr[i + 1]):
            c = membership[indices[p]]
            if stamp[c] != i:
                stamp[c] = i
                to_comm[c] = 0.0
                seen[count] = c
                count += 1
            to_comm[c] += weights[p]
        for p in range(t_indptr[i], t_indptr[i + 1]):
            c = membership[t_indices[p]]
            if stamp[c] != i:
                stamp[c] = i
                to_comm[c] = 0.0
                seen[count] = c
                count += 1
            to_comm[c] += t_weights[p]
        k_out[own] -= kout[i]
        k_in[own] -= kin[i]
        w_own = to_comm[own] if stamp[own] == i else 0.0
        best = own
        best_gain = w_own - gamma * (kout[i] * k_in[own] + kin[i] * k_out[own]) / total
        for t in range(count):
            c = seen[t]
            if c == own:
                continue
            gain = to_comm[c] - gamma * (kout[i] * k_in[c] + kin[i] * k_out[c]) / total
            if gain > best_gain + eps:
                best = c
                best_gain = gain
        k_out[best] += kout[i]
        k_in[best] += kin[i]
        if best != own:
            membership[i] = best
            moves += 1
            for p in range(indptr[i], indptr[i + 1]):
                j = indices[p]
                if not queued[j] and membership[j] != best:
                    queued[j] = True
                    queue[(head + size) % n] = j
                    size += 1
            for p in range(t_indptr[i], t_indptr[i + 1]):
                j = t_indices[p]
                if not queued[j] and membership[j] != best:
                    queued[j] = True
                    queue[(head + size) % n] = j
                    size += 1
    return moves


@njit(cache=True)
def compact_labels(membership):
    """Relabel ``membership`` to 0..k-1 in order of first appearance; returns (labels, k)."""
    n = membership.shape[0]
    new = np.full(n, -1, dtype=np.int64)
    out = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(n):
        c = membership[i]
        if new[c] < 0:
            new[c] = k
            k += 1
        out[i] = new[c]
    return out, k


@njit(cache=True)
def aggregate(indptr, indices, weights, membership, k):
    """CSR of the community graph: arcs between different communities with summed weights.

    ``membership`` holds labels in [0, k). Returns (indptr int64[k+1], indices int64,
    weights float64); arcs inside a community are dropped.
    """
    n = membership.shape[0]
    start = np.zeros(k + 1, dtype=np.int64)
    for i in range(n):
        start[membership[i] + 1] += 1
    for c in range(k):
        start[c + 1] += start[c]
    members = np.empty(n, dtype=np.int64)
    fill = start[:k].copy()
    for i in range(n):
        c = membership[i]
        members[fill[c]] = i
        fill[c] += 1
    out_ptr = np.zeros(k + 1, dtype=np.int64)
    out_idx = np.empty(indices.shape[0], dtype=np.int64)
    out_w = np.empty(indices.shape[0])
    acc = np.zeros(k)
    stamp = np.full(k, -1, dtype=np.int64)
    seen = np.empty(k, dtype=np.int64)
    pos = 0
    for c in range(k):
        count = 0
        for q in range(start[c], start[c + 1]):
            i = members[q]
            for p in range(indptr[i], indptr[i + 1]):
                d = membership[indices[p]]
                if d == c:
                    continue
                if stamp[d] != c:
                    stamp[d] = c
                    acc[d] = 0.0
                    seen[count] = d
                    count += 1
                acc[d] += weights[p]
        for t in range(count):
            out_idx[pos] = seen[t]
            out_w[pos] = acc[seen[t]]
            pos += 1
        out_ptr[c + 1] = pos
    return out_ptr, out_idx[:pos].copy(), out_w[:pos].copy()


@njit(cache=True)
def community_strengths(values, membership, k):
    """Sum of ``values`` per community (float64[k])."""
    out = np.zeros(k)
    for i in range(membership.shape[0]):
        out[membership[i]] += values[i]
    return out
