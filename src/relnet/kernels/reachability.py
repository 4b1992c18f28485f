"""Reachability over the condensation (the DAG of strong components) for Krackhardt's
hierarchy and least-upper-boundedness.

Strong components come from ``components.strong_labels`` (Tarjan), whose labels are in reverse
topological order: every arc of the condensation goes from a higher label to a lower one. So a
sweep from label 0 upwards sees successors first, and a sweep downwards sees predecessors first.

Exact counts use bitsets (uint64 words): reachable-node sets per component for hierarchy, and
sets of source components ("roots": components no arc enters) for least upper bounds. Sampled
counts work from random people, one traversal of the condensation each.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True, inline="always")
def _popcount(x):
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    # sum the byte counts by shifts (no multiply: it would wrap, which numpy warns about)
    x = x + (x >> np.uint64(8))
    x = x + (x >> np.uint64(16))
    x = x + (x >> np.uint64(32))
    return np.int64(x & np.uint64(0x7F))


@njit(cache=True)
def condensation(indptr, indices, scc, n_scc):
    """The condensation DAG as CSR in both directions, without repeated arcs.

    ``scc`` int64[n] component labels in [0, n_scc). Returns (size int64[n_scc], d_indptr,
    d_indices, r_indptr, r_indices): successors and predecessors of each component.
    """
    n = indptr.shape[0] - 1
    size = np.zeros(n_scc, dtype=np.int64)
    for u in range(n):
        size[scc[u]] += 1
    start = np.zeros(n_scc + 1, dtype=np.int64)
    for c in range(n_scc):
        start[c + 1] = start[c] + size[c]
    members = np.empty(n, dtype=np.int64)
    fill = start[:-1].copy()
    for u in range(n):
        members[fill[scc[u]]] = u
        fill[scc[u]] += 1
    stamp = np.full(n_scc, -1, dtype=np.int64)
    # pass 1: count distinct successors
    d_indptr = np.zeros(n_scc + 1, dtype=np.int64)
    for c in range(n_scc):
        count = 0
        for a in range(start[c], start[c + 1]):
            u = members[a]
            for p in range(indptr[u], indptr[u + 1]):
                d = scc[indices[p]]
                if d != c and stamp[d] != c:
                    stamp[d] = c
                    count += 1
        d_indptr[c + 1] = d_indptr[c] + count
    d_indices = np.empty(d_indptr[n_scc], dtype=np.int64)
    stamp[:] = -1
    in_count = np.zeros(n_scc + 1, dtype=np.int64)
    for c in range(n_scc):
        k = d_indptr[c]
        for a in range(start[c], start[c + 1]):
            u = members[a]
            for p in range(indptr[u], indptr[u + 1]):
                d = scc[indices[p]]
                if d != c and stamp[d] != c:
                    stamp[d] = c
                    d_indices[k] = d
                    in_count[d + 1] += 1
                    k += 1
    r_indptr = np.cumsum(in_count)
    r_indices = np.empty(d_indptr[n_scc], dtype=np.int64)
    rfill = r_indptr[:-1].copy()
    for c in range(n_scc):
        for p in range(d_indptr[c], d_indptr[c + 1]):
            d = d_indices[p]
            r_indices[rfill[d]] = c
            rfill[d] += 1
    return size, d_indptr, d_indices, r_indptr, r_indices


@njit(cache=True)
def reachable_pairs(size, d_indptr, d_indices):
    """Exact number of ordered pairs (i, j), i != j, with a path i -> j (int64).

    Bitset over people, grouped by component: each component's set is its own people plus
    the sets of its successors. Memory n_scc * ceil(n / 64) words.
    """
    n_scc = size.shape[0]
    n = 0
    for c in range(n_scc):
        n += size[c]
    words = (n + 63) // 64
    bits = np.zeros((n_scc, words), dtype=np.uint64)
    total = 0
    offset = 0
    for c in range(n_scc):  # successors have lower labels: already complete
        row = bits[c]
        for b in range(offset, offset + size[c]):
            row[b >> 6] |= np.uint64(1) << np.uint64(b & 63)
        offset += size[c]
        for p in range(d_indptr[c], d_indptr[c + 1]):
            other = bits[d_indices[p]]
            for w in range(words):
                row[w] |= other[w]
        count = 0
        for w in range(words):
            count += _popcount(row[w])
        total += size[c] * (count - 1)
    return total


@njit(cache=True)
def root_signatures(r_indptr, r_indices):
    """Which roots (components no arc enters) reach each component.

    Returns (n_roots, sig uint64[n_scc, words]): bit r of ``sig[c]`` is set when root r
    reaches component c (a root reaches itself). Roots are numbered by label.
    """
    n_scc = r_indptr.shape[0] - 1
    root_of = np.full(n_scc, -1, dtype=np.int64)
    k = 0
    for c in range(n_scc):
        if r_indptr[c + 1] == r_indptr[c]:
            root_of[c] = k
            k += 1
    words = max((k + 63) // 64, 1)
    sig = np.zeros((n_scc, words), dtype=np.uint64)
    for c in range(n_scc - 1, -1, -1):  # predecessors have higher labels: already complete
        row = sig[c]
        if root_of[c] >= 0:
            r = root_of[c]
            row[r >> 6] |= np.uint64(1) << np.uint64(r & 63)
        for p in range(r_indptr[c], r_indptr[c + 1]):
            other = sig[r_indices[p]]
            for w in range(words):
                row[w] |= other[w]
    return k, sig


@njit(cache=True, parallel=True)
def single_root_pairs(sig, weight, n_chunks):
    """Number of unordered pairs of people sharing exactly one root.

    ``sig`` uint64[d, words]: distinct root signatures; ``weight`` int64[d]: how many people
    (that count) carry each. Pairs within one signature count when it has a single root.
    O(d^2 * words), stopping each comparison at the second shared root.
    """
    d = sig.shape[0]
    words = sig.shape[1]
    part = np.zeros(n_chunks, dtype=np.int64)
    for c in prange(n_chunks):
        total = 0
        for a in range(c, d, n_chunks):
            wa = weight[a]
            if wa == 0:
                continue
            own = 0
            for w in range(words):
                own += _popcount(sig[a, w])
            if own == 1:
                total += wa * (wa - 1) // 2
            for b in range(a + 1, d):
                if weight[b] == 0:
                    continue
                shared = 0
                for w in range(words):
                    x = sig[a, w] & sig[b, w]
                    if x:
                        shared += _popcount(x)
                        if shared > 1:
                            break
                if shared == 1:
                    total += wa * weight[b]
        part[c] = total
    return part.sum()


@njit(cache=True, parallel=True)
def sampled_reach_and_lub(
    scc, size, d_indptr, d_indices, r_indptr, r_indices, lub_weight, comp_pairs, starts, n_chunks
):
    """Per sampled person s (``starts`` int64[k]): people s reaches other than s (float64[k]),
    and people j != s in s's weak component with no least upper bound for the pair (s, j)
    (float64[k]).

    The pair (s, j) has a least upper bound when exactly one root reaches both. For each s:
    a backward search finds the roots above s, then one sweep down the condensation labels
    each component with the single root of that set reaching it, or "none" / "several".
    ``lub_weight`` int64[n_scc] counts people of each component that lie in weak components
    of more than two people (0 otherwise); ``comp_pairs`` int64[n] is, per person, the number
    of other people in their weak component when it has more than two people, else 0.
    """
    n_scc = size.shape[0]
    k = starts.shape[0]
    reach = np.zeros(k, dtype=np.float64)
    violations = np.zeros(k, dtype=np.float64)
    seen = np.full((n_chunks, n_scc), -1, dtype=np.int64)
    label = np.empty((n_chunks, n_scc), dtype=np.int64)
    queue = np.empty((n_chunks, n_scc), dtype=np.int64)
    for c in prange(n_chunks):
        mark = seen[c]
        lab = label[c]
        q = queue[c]
        for t in range(c, k, n_chunks):
            s = starts[t]
            home = scc[s]
            # forward search: people reachable from s
            mark[home] = 2 * t
            q[0] = home
            head = 0
            tail = 1
            count = 0
            while head < tail:
                x = q[head]
                head += 1
                count += size[x]
                for p in range(d_indptr[x], d_indptr[x + 1]):
                    y = d_indices[p]
                    if mark[y] != 2 * t:
                        mark[y] = 2 * t
                        q[tail] = y
                        tail += 1
            reach[t] = count - 1
            if comp_pairs[s] == 0:
                continue
            # backward search: components above s; the roots among them
            mark[home] = 2 * t + 1
            q[0] = home
            head = 0
            tail = 1
            while head < tail:
                x = q[head]
                head += 1
                for p in range(r_indptr[x], r_indptr[x + 1]):
                    y = r_indices[p]
                    if mark[y] != 2 * t + 1:
                        mark[y] = 2 * t + 1
                        q[tail] = y
                        tail += 1
            # sweep down from the highest label: -1 none, r >= 0 one root r, -2 several
            top = home
            for a in range(tail):
                if q[a] > top:
                    top = q[a]
            for x in range(top + 1):
                lab[x] = -1
            for a in range(tail):
                x = q[a]
                if r_indptr[x + 1] == r_indptr[x]:
                    lab[x] = x
            shared_one = 0
            for x in range(top, -1, -1):
                lx = lab[x]
                if lx == -1:
                    continue
                if lx >= 0:
                    shared_one += lub_weight[x]
                for p in range(d_indptr[x], d_indptr[x + 1]):
                    y = d_indices[p]
                    ly = lab[y]
                    if ly == -1:
                        lab[y] = lx
                    elif ly != lx:  # two different roots, or "several" on either side
                        lab[y] = -2
            if lab[home] >= 0:
                shared_one -= 1  # s itself
            violations[t] = comp_pairs[s] - shared_one
    return reach, violations
