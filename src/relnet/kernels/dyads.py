"""Dyad-level counting over CSR out and in rows: mutual and asymmetric dyads, weights.

Every kernel takes the out-CSR (``indptr`` int64, ``indices`` int32, rows sorted, no loops or
repeats) and the in-CSR (``t_indptr``, ``t_indices``, rows sorted) of the same digraph. A node's
mutual partners are the intersection of its sorted out- and in-rows, found by a linear merge.
Work is split over nodes into ``n_chunks`` interleaved chunks (``u = c, c + n_chunks, ...``);
each chunk writes only its own row of a per-chunk buffer, reduced after the parallel loop.
The ``*_serial`` twins run the same chunk code on one thread: on small graphs starting the
thread pool costs more than the count (and much more on a busy machine).
"""

import numpy as np
from numba import njit, prange


@njit(cache=True)
def _mutual_chunk(indptr, indices, t_indptr, t_indices, out, c, n_chunks):
    """Fill out[u] = |out(u) & in(u)| for the nodes u = c, c + n_chunks, ..."""
    n = indptr.shape[0] - 1
    for u in range(c, n, n_chunks):
        p = indptr[u]
        p_end = indptr[u + 1]
        q = t_indptr[u]
        q_end = t_indptr[u + 1]
        count = 0
        while p < p_end and q < q_end:  # branch-free merge of two sorted rows
            a = indices[p]
            b = t_indices[q]
            count += a == b
            p += a <= b
            q += b <= a
        out[u] = count


@njit(cache=True, parallel=True)
def node_mutual(indptr, indices, t_indptr, t_indices, n_chunks):
    """|out(u) & in(u)| for every node u: int64[n]."""
    out = np.zeros(indptr.shape[0] - 1, dtype=np.int64)
    for c in prange(n_chunks):
        _mutual_chunk(indptr, indices, t_indptr, t_indices, out, c, n_chunks)
    return out


@njit(cache=True)
def node_mutual_serial(indptr, indices, t_indptr, t_indices):
    """:func:`node_mutual` on one thread (no thread-pool start-up: for small graphs)."""
    out = np.zeros(indptr.shape[0] - 1, dtype=np.int64)
    _mutual_chunk(indptr, indices, t_indptr, t_indices, out, 0, 1)
    return out


@njit(cache=True)
def _dyad_chunk(indptr, indices, t_indptr, t_indices, mask, use_mask, c, n_chunks):
    """(ordered mutual pairs, asymmetric sightings) over the nodes u = c, c + n_chunks, ...

    Each mutual dyad is seen from both ends (2 ordered pairs). Under ``use_mask`` each
    asymmetric dyad with both ends masked in is seen twice too; otherwise it is not counted.
    """
    n = indptr.shape[0] - 1
    both = 0
    one = 0
    for u in range(c, n, n_chunks):
        if use_mask and not mask[u]:
            continue
        p = indptr[u]
        p_end = indptr[u + 1]
        q = t_indptr[u]
        q_end = t_indptr[u + 1]
        if not use_mask:
            while p < p_end and q < q_end:  # branch-free merge of two sorted rows
                a = indices[p]
                b = t_indices[q]
                both += a == b
                p += a <= b
                q += b <= a
            continue
        while p < p_end or q < q_end:
            if q >= q_end or (p < p_end and indices[p] < t_indices[q]):
                if mask[indices[p]]:
                    one += 1
                p += 1
            elif p >= p_end or t_indices[q] < indices[p]:
                if mask[t_indices[q]]:
                    one += 1
                q += 1
            else:
                if mask[indices[p]]:
                    both += 1
                p += 1
                q += 1
    return both, one


@njit(cache=True)
def _finish_counts(indptr, both, one, use_mask):
    result = np.zeros(2, dtype=np.int64)
    result[0] = both // 2
    if use_mask:
        result[1] = one // 2
    else:
        result[1] = indptr[indptr.shape[0] - 1] - both
    return result


@njit(cache=True, parallel=True)
def dyad_counts(indptr, indices, t_indptr, t_indices, mask, use_mask, n_chunks):
    """Mutual and asymmetric dyad counts: int64[2] = (M, A).

    With ``use_mask`` only dyads whose two ends have ``mask`` True count (``mask`` bool[n]);
    otherwise ``mask`` is ignored and every dyad counts.
    """
    acc = np.zeros((n_chunks, 2), dtype=np.int64)
    for c in prange(n_chunks):
        both, one = _dyad_chunk(indptr, indices, t_indptr, t_indices, mask, use_mask, c, n_chunks)
        acc[c, 0] = both
        acc[c, 1] = one
    return _finish_counts(indptr, acc[:, 0].sum(), acc[:, 1].sum(), use_mask)


@njit(cache=True)
def dyad_counts_serial(indptr, indices, t_indptr, t_indices, mask, use_mask):
    """:func:`dyad_counts` on one thread (no thread-pool start-up: for small graphs)."""
    both, one = _dyad_chunk(indptr, indices, t_indptr, t_indices, mask, use_mask, 0, 1)
    return _finish_counts(indptr, both, one, use_mask)


@njit(cache=True, parallel=True)
def block_dyad_sums(
    indptr,
    indices,
    weights,
    t_indptr,
    t_indices,
    t_to_out,
    codes,
    n_groups,
    mask,
    use_mask,
    n_chunks,
):
    """Dyad counts and weight sums per block of groups.

    ``codes`` (int64[n], values in [0, n_groups)) gives each node's group; a dyad {u, v} falls
    in block (codes[u], codes[v]). With ``use_mask`` only dyads whose two ends have ``mask``
    True count. Returns ``counts`` int64[2, G, G] (mutual, asymmetric dyads, symmetric in the
    two group axes) and ``sums`` float64[2, G, G] (sum over the block's arcs of
    min(w_uv, w_vu), taken 0 when v->u is absent, and sum of w_uv), both with the cell
    (g, h) and (h, g) holding the same totals.
    """
    n = indptr.shape[0] - 1
    g_n = n_groups
    counts = np.zeros((n_chunks, 2, g_n, g_n), dtype=np.int64)
    sums = np.zeros((n_chunks, 2, g_n, g_n), dtype=np.float64)
    for c in prange(n_chunks):
        cnt = counts[c]
        sm = sums[c]
        for u in range(c, n, n_chunks):
            if use_mask and not mask[u]:
                continue
            gu = codes[u]
            p = indptr[u]
            p_end = indptr[u + 1]
            q = t_indptr[u]
            q_end = t_indptr[u + 1]
            while p < p_end or q < q_end:
                if q >= q_end or (p < p_end and indices[p] < t_indices[q]):
                    v = indices[p]  # u -> v only
                    if not use_mask or mask[v]:
                        gv = codes[v]
                        cnt[1, gu, gv] += 1
                        sm[1, gu, gv] += weights[p]
                    p += 1
                elif p >= p_end or t_indices[q] < indices[p]:
                    v = t_indices[q]  # v -> u only
                    if not use_mask or mask[v]:
                        cnt[1, gu, codes[v]] += 1
                    q += 1
                else:
                    v = indices[p]  # both
                    if not use_mask or mask[v]:
                        gv = codes[v]
                        w_out = weights[p]
                        w_in = weights[t_to_out[q]]
                        cnt[0, gu, gv] += 1
                        sm[0, gu, gv] += min(w_out, w_in)
                        sm[1, gu, gv] += w_out
                    p += 1
                    q += 1
    total_counts = np.zeros((2, g_n, g_n), dtype=np.int64)
    total_sums = np.zeros((2, g_n, g_n), dtype=np.float64)
    for c in range(n_chunks):
        for k in range(2):
            for a in range(g_n):
                for b in range(g_n):
                    total_counts[k, a, b] += counts[c, k, a, b]
                    total_sums[k, a, b] += sums[c, k, a, b]
    # every dyad was seen from both ends: fold (a, b) with (b, a), halve the counts
    for k in range(2):
        for a in range(g_n):
            for b in range(a, g_n):
                if a == b:
                    total_counts[k, a, a] = total_counts[k, a, a] // 2
                else:
                    folded = (total_counts[k, a, b] + total_counts[k, b, a]) // 2
                    total_counts[k, a, b] = folded
                    total_counts[k, b, a] = folded
                    s = total_sums[k, a, b] + total_sums[k, b, a]
                    total_sums[k, a, b] = s
                    total_sums[k, b, a] = s
    return total_counts, total_sums


@njit(cache=True)
def sender_sums(indptr, weights, mask):
    """Number and weight sum of the arcs whose sender has ``mask`` True: (int64, float64)."""
    n = indptr.shape[0] - 1
    count = 0
    total = 0.0
    for u in range(n):
        if mask[u]:
            count += indptr[u + 1] - indptr[u]
            for p in range(indptr[u], indptr[u + 1]):
                total += weights[p]
    return count, total


@njit(cache=True)
def reconstructed_arcs(indptr, indices, weights, t_indptr, t_indices, t_to_out, mask):
    """Arcs to impute for Stork & Richards reconstruction (mask False = non-respondent).

    For each non-respondent u and each in-neighbour v of u with no arc u -> v, the arc
    u -> v with the weight of v -> u. Returns (src int64[k], dst int64[k], weight float64[k]).
    """
    n = indptr.shape[0] - 1
    k = 0
    for u in range(n):
        if not mask[u]:
            k += (t_indptr[u + 1] - t_indptr[u]) - _row_overlap(
                indptr, indices, t_indptr, t_indices, u
            )
    src = np.empty(k, dtype=np.int64)
    dst = np.empty(k, dtype=np.int64)
    wts = np.empty(k, dtype=np.float64)
    k = 0
    for u in range(n):
        if mask[u]:
            continue
        p = indptr[u]
        p_end = indptr[u + 1]
        for q in range(t_indptr[u], t_indptr[u + 1]):
            v = t_indices[q]
            while p < p_end and indices[p] < v:
                p += 1
            if p < p_end and indices[p] == v:
                continue
            src[k] = u
            dst[k] = v
            wts[k] = weights[t_to_out[q]]
            k += 1
    return src, dst, wts


@njit(cache=True)
def _row_overlap(indptr, indices, t_indptr, t_indices, u):
    p = indptr[u]
    p_end = indptr[u + 1]
    q = t_indptr[u]
    q_end = t_indptr[u + 1]
    count = 0
    while p < p_end and q < q_end:  # branch-free merge of two sorted rows
        a = indices[p]
        b = t_indices[q]
        count += a == b
        p += a <= b
        q += b <= a
    return count
