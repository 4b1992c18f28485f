"""Burt's structural holes over CSR: constraint, effective size, efficiency, hierarchy.

Arrays in, arrays out. A person's contacts are everyone they nominate or are nominated by
(out- and in-rows together). ``weights`` (float64, out-CSR order) and ``t_weights`` (in-CSR
order) are a_ij, positive; pass ones for the unweighted measures. Parallel over people, each
chunk with its own scratch rows.
"""

import math

import numpy as np
from numba import njit, prange


@njit(cache=True)
def _totals_chunk(
    c, n_chunks, indptr, indices, weights, t_indptr, t_indices, t_weights, acc, strength, largest
):
    """Strength and largest mutual weight of the nodes c, c + n_chunks, ... (acc: zero scratch)."""
    n = indptr.shape[0] - 1
    for i in range(c, n, n_chunks):
        total = 0.0
        for p in range(indptr[i], indptr[i + 1]):
            acc[indices[p]] += weights[p]
            total += weights[p]
        for p in range(t_indptr[i], t_indptr[i + 1]):
            acc[t_indices[p]] += t_weights[p]
            total += t_weights[p]
        best = 0.0
        for p in range(indptr[i], indptr[i + 1]):
            best = max(best, acc[indices[p]])
        for p in range(t_indptr[i], t_indptr[i + 1]):
            best = max(best, acc[t_indices[p]])
        for p in range(indptr[i], indptr[i + 1]):
            acc[indices[p]] = 0.0
        for p in range(t_indptr[i], t_indptr[i + 1]):
            acc[t_indices[p]] = 0.0
        strength[i] = total
        largest[i] = best


@njit(cache=True)
def _holes_chunk(
    c,
    n_chunks,
    indptr,
    indices,
    weights,
    t_indptr,
    t_indices,
    t_weights,
    strength,
    largest,
    mark,
    direct,
    indirect,
    contacts,
    constraint,
    effective,
    efficiency,
    hierarchy,
):
    """Burt's measures of the nodes c, c + n_chunks, ...; mark (int64, -1), direct, indirect
    and contacts are this chunk's scratch rows."""
    n = indptr.shape[0] - 1
    for i in range(c, n, n_chunks):
        if strength[i] <= 0.0:
            continue
        # contacts of i and the direct proportions p_ij (stamp mark with i: no reset)
        count = 0
        for p in range(indptr[i], indptr[i + 1]):
            j = indices[p]
            if mark[j] != i:
                mark[j] = i
                direct[j] = 0.0
                indirect[j] = 0.0
                contacts[count] = j
                count += 1
            direct[j] += weights[p] / strength[i]
        for p in range(t_indptr[i], t_indptr[i + 1]):
            j = t_indices[p]
            if mark[j] != i:
                mark[j] = i
                direct[j] = 0.0
                indirect[j] = 0.0
                contacts[count] = j
                count += 1
            direct[j] += t_weights[p] / strength[i]
        # indirect constraint sum_q p_iq p_qj and redundancy sum_j sum_q p_iq m_jq
        redundancy = 0.0
        for r in range(count):
            q = contacts[r]
            piq = direct[q]
            sq = strength[q]
            mq = largest[q]
            for p in range(indptr[q], indptr[q + 1]):
                j = indices[p]
                if mark[j] == i:
                    indirect[j] += piq * weights[p] / sq
                    # here q plays the contact j of the redundancy sum, j the third q
                    redundancy += direct[j] * weights[p] / mq
            for p in range(t_indptr[q], t_indptr[q + 1]):
                j = t_indices[p]
                if mark[j] == i:
                    indirect[j] += piq * t_weights[p] / sq
                    redundancy += direct[j] * t_weights[p] / mq
        total = 0.0
        for r in range(count):
            j = contacts[r]
            cij = direct[j] + indirect[j]
            total += cij * cij
        constraint[i] = total
        effective[i] = count - redundancy
        efficiency[i] = (count - redundancy) / count
        if count > 1 and total > 0.0:
            mean = total / count
            h = 0.0
            for r in range(count):
                j = contacts[r]
                cij = direct[j] + indirect[j]
                ratio = cij * cij / mean
                if ratio > 0.0:
                    h += ratio * math.log(ratio)
            hierarchy[i] = h / (count * math.log(count))


@njit(cache=True, parallel=True)
def structural_holes(indptr, indices, weights, t_indptr, t_indices, t_weights, n_chunks):
    """Burt's measures for every node, parallel over ``n_chunks`` chunks of nodes.

    With p_ij = (a_ij + a_ji) / s_i and m_jq = (a_jq + a_qj) / max_k (a_jk + a_kj), over the
    N_i distinct contacts j of i:
    constraint c_i = sum_j (p_ij + sum_q p_iq p_qj)^2; effective size
    sum_j (1 - sum_q p_iq m_jq); efficiency = effective size / N_i; hierarchy
    sum_j r_j ln r_j / (N_i ln N_i) with r_j = c_ij / (c_i / N_i) (NaN when N_i < 2).
    Returns four float64[n] arrays (constraint, effective size, efficiency, hierarchy), NaN
    for isolates.
    """
    n = indptr.shape[0] - 1
    strength = np.zeros(n, dtype=np.float64)
    largest = np.zeros(n, dtype=np.float64)
    sums = np.zeros((n_chunks, n), dtype=np.float64)
    for c in prange(n_chunks):
        _totals_chunk(
            c,
            n_chunks,
            indptr,
            indices,
            weights,
            t_indptr,
            t_indices,
            t_weights,
            sums[c],
            strength,
            largest,
        )
    constraint = np.full(n, np.nan)
    effective = np.full(n, np.nan)
    efficiency = np.full(n, np.nan)
    hierarchy = np.full(n, np.nan)
    marks = np.full((n_chunks, n), -1, dtype=np.int64)
    direct_rows = np.zeros((n_chunks, n), dtype=np.float64)
    indirect_rows = np.zeros((n_chunks, n), dtype=np.float64)
    lists = np.empty((n_chunks, n), dtype=np.int64)
    for c in prange(n_chunks):
        _holes_chunk(
            c,
            n_chunks,
            indptr,
            indices,
            weights,
            t_indptr,
            t_indices,
            t_weights,
            strength,
            largest,
            marks[c],
            direct_rows[c],
            indirect_rows[c],
            lists[c],
            constraint,
            effective,
            efficiency,
            hierarchy,
        )
    return constraint, effective, efficiency, hierarchy


@njit(cache=True)
def structural_holes_serial(indptr, indices, weights, t_indptr, t_indices, t_weights):
    """:func:`structural_holes` on one thread: no thread-pool start-up for small graphs."""
    n = indptr.shape[0] - 1
    strength = np.zeros(n, dtype=np.float64)
    largest = np.zeros(n, dtype=np.float64)
    _totals_chunk(
        0,
        1,
        indptr,
        indices,
        weights,
        t_indptr,
        t_indices,
        t_weights,
        np.zeros(n, dtype=np.float64),
        strength,
        largest,
    )
    constraint = np.full(n, np.nan)
    effective = np.full(n, np.nan)
    efficiency = np.full(n, np.nan)
    hierarchy = np.full(n, np.nan)
    _holes_chunk(
        0,
        1,
        indptr,
        indices,
        weights,
        t_indptr,
        t_indices,
        t_weights,
        strength,
        largest,
        np.full(n, -1, dtype=np.int64),
        np.zeros(n),
        np.zeros(n),
        np.empty(n, dtype=np.int64),
        constraint,
        effective,
        efficiency,
        hierarchy,
    )
    return constraint, effective, efficiency, hierarchy
