"""Dyad-level counting over CSR out and in rows: mutual and asymmetric dyads, weights.

Every kernel takes the out-CSR (``indptr`` int64, ``indices`` int32, rows sorted, no loops or
repeats) and the in-CSR (``t_indptr``, ``t_indices``, rows sorted) of the same digraph. A node's
mutual partners are the intersection of its sorted out- and in-rows, found by a linear merge.
Work is split over nodes into ``n_chunks`` interleaved chunks (``u = c, c + n_chunks, ...``);
each chunk writes only its own row of a per-chunk buffer, reduced after the parallel loop.
Callers choose the threads through :func:`relnet.threads.kernel_chunks`.
"""

import numpy as np
from numba import njit, prange

from relnet.kernels.neighbors import mutual_count, sizes_to_starts


@njit(cache=True)
def _mutual_chunk(indptr, indices, t_indptr, t_indices, out, c, n_chunks):
    """Fill out[u] = |out(u) & in(u)| for the nodes u = c, c + n_chunks, ..."""
    n = indptr.shape[0] - 1
    for u in range(c, n, n_chunks):
        out[u] = mutual_count(indptr, indices, t_indptr, t_indices, u)


@njit(cache=True, parallel=True)
def node_mutual(indptr, indices, t_indptr, t_indices, n_chunks):
    """|out(u) & in(u)| for every node u: int64[n]."""
    out = np.zeros(indptr.shape[0] - 1, dtype=np.int64)
    for c in prange(n_chunks):
        _mutual_chunk(indptr, indices, t_indptr, t_indices, out, c, n_chunks)
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
        if not use_mask:
            both += mutual_count(indptr, indices, t_indptr, t_indices, u)
            continue
        if not mask[u]:
            continue
        p = indptr[u]
        p_end = indptr[u + 1]
        q = t_indptr[u]
        q_end = t_indptr[u + 1]
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
def _linked_dyads_chunk(arcs, mask, use_mask, size, c, n_chunks):
    """size[u + 1] = number of linked dyads {u, v}, v > u, that count, for u in chunk c.

    ``arcs`` = (indptr, indices, weights, t_indptr, t_indices, t_to_out), as the drivers get them.
    """
    indptr, indices, _, t_indptr, t_indices, _ = arcs
    n = indptr.shape[0] - 1
    for u in range(c, n, n_chunks):
        if use_mask and not mask[u]:
            continue
        p = indptr[u]
        p_end = indptr[u + 1]
        q = t_indptr[u]
        q_end = t_indptr[u + 1]
        count = 0
        while p < p_end or q < q_end:
            if q >= q_end or (p < p_end and indices[p] < t_indices[q]):
                v = indices[p]
                p += 1
            elif p >= p_end or t_indices[q] < indices[p]:
                v = t_indices[q]
                q += 1
            else:
                v = indices[p]
                p += 1
                q += 1
            if v > u and (not use_mask or mask[v]):
                count += 1
        size[u + 1] = count


@njit(cache=True)
def _linked_dyads_fill_chunk(arcs, mask, use_mask, offset, out, c, n_chunks):
    """Write the linked dyads of the nodes u = c, c + n_chunks, ... from ``offset[u]`` on."""
    indptr, indices, weights, t_indptr, t_indices, t_to_out = arcs
    low, high, is_mutual, min_sum, weight_sum = out
    n = indptr.shape[0] - 1
    for u in range(c, n, n_chunks):
        if use_mask and not mask[u]:
            continue
        r = offset[u]
        p = indptr[u]
        p_end = indptr[u + 1]
        q = t_indptr[u]
        q_end = t_indptr[u + 1]
        while p < p_end or q < q_end:
            mutual = False
            if q >= q_end or (p < p_end and indices[p] < t_indices[q]):
                v = indices[p]
                w_sum = weights[p]
                w_min = 0.0
                p += 1
            elif p >= p_end or t_indices[q] < indices[p]:
                v = t_indices[q]
                w_sum = weights[t_to_out[q]]
                w_min = 0.0
                q += 1
            else:
                v = indices[p]
                w_out = weights[p]
                w_in = weights[t_to_out[q]]
                w_sum = w_out + w_in
                w_min = 2.0 * min(w_out, w_in)
                mutual = True
                p += 1
                q += 1
            if v > u and (not use_mask or mask[v]):
                low[r] = u
                high[r] = v
                is_mutual[r] = mutual
                min_sum[r] = w_min
                weight_sum[r] = w_sum
                r += 1


@njit(cache=True)
def _linked_dyads_buffers(offset):
    """Turn the row sizes in ``offset`` into row starts (in place) and allocate the output."""
    k = sizes_to_starts(offset)
    return (
        np.empty(k, dtype=np.int64),
        np.empty(k, dtype=np.int64),
        np.zeros(k, dtype=np.bool_),
        np.zeros(k, dtype=np.float64),
        np.empty(k, dtype=np.float64),
    )


@njit(cache=True, parallel=True)
def linked_dyads(indptr, indices, weights, t_indptr, t_indices, t_to_out, mask, use_mask, n_chunks):
    """Every dyad with at least one arc, once, with its weights.

    With ``use_mask`` only dyads whose two ends have ``mask`` True are listed. Returns
    ``low``, ``high`` (int64[k], the two positions, low < high), ``is_mutual`` (bool[k]),
    ``min_sum`` (float64[k]: 2 min(w_uv, w_vu) for a mutual dyad, else 0, so that summing
    gives the sum over ordered pairs of min(w_ij, w_ji)) and ``weight_sum`` (float64[k]:
    the weights of the dyad's arcs). O(n + m) time and memory.
    """
    arcs = (indptr, indices, weights, t_indptr, t_indices, t_to_out)
    offset = np.zeros(indptr.shape[0], dtype=np.int64)
    for c in prange(n_chunks):
        _linked_dyads_chunk(arcs, mask, use_mask, offset, c, n_chunks)
    out = _linked_dyads_buffers(offset)
    for c in prange(n_chunks):
        _linked_dyads_fill_chunk(arcs, mask, use_mask, offset, out, c, n_chunks)
    return out


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
            k += (t_indptr[u + 1] - t_indptr[u]) - mutual_count(
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
