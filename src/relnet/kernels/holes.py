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
def _totals_chunk(arcs, acc, strength, largest, c, n_chunks):
    """Strength and largest mutual weight of the nodes c, c + n_chunks, ... (acc: zero scratch).

    ``arcs`` = (indptr, indices, weights, t_indptr, t_indices, t_weights) as the drivers get them.
    """
    indptr, indices, weights, t_indptr, t_indices, t_weights = arcs
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


@njit(cache=True, inline="always")
def _add_contacts(i, row, row_weights, lo, hi, s, mark, direct, indirect, contacts, count):
    """Add p_ij += a / s_i over one row of i (out or in); new contacts are stamped and listed."""
    for p in range(lo, hi):
        j = row[p]
        if mark[j] != i:
            mark[j] = i
            direct[j] = 0.0
            indirect[j] = 0.0
            contacts[count] = j
            count += 1
        direct[j] += row_weights[p] / s
    return count


@njit(cache=True, inline="always")
def _add_two_steps(i, row, row_weights, lo, hi, piq, sq, mq, mark, direct, indirect, redundancy):
    """Over one row of contact q: indirect[j] += p_iq p_qj and redundancy += p_ij m_qj."""
    for p in range(lo, hi):
        j = row[p]
        if mark[j] == i:
            indirect[j] += piq * row_weights[p] / sq
            # here q plays the contact j of the redundancy sum, j the third q
            redundancy += direct[j] * row_weights[p] / mq
    return redundancy


@njit(cache=True)
def _holes_chunk(arcs, strength, largest, scratch, out, c, n_chunks):
    """Burt's measures of the nodes c, c + n_chunks, ...; ``scratch`` = (mark int64 -1,
    direct, indirect, contacts), each (n_chunks, n), of which this chunk uses row c."""
    indptr, indices, weights, t_indptr, t_indices, t_weights = arcs
    constraint, effective, efficiency, hierarchy = out
    mark = scratch[0][c]
    direct = scratch[1][c]
    indirect = scratch[2][c]
    contacts = scratch[3][c]
    n = indptr.shape[0] - 1
    for i in range(c, n, n_chunks):
        if strength[i] <= 0.0:
            continue
        # contacts of i and the direct proportions p_ij (stamp mark with i: no reset)
        s = strength[i]
        count = _add_contacts(
            i, indices, weights, indptr[i], indptr[i + 1], s, mark, direct, indirect, contacts, 0
        )
        count = _add_contacts(
            i, t_indices, t_weights, t_indptr[i], t_indptr[i + 1], s, mark, direct, indirect,
            contacts, count,
        )  # fmt: skip
        # indirect constraint sum_q p_iq p_qj and redundancy sum_j sum_q p_iq m_jq
        redundancy = 0.0
        for r in range(count):
            q = contacts[r]
            piq = direct[q]
            sq = strength[q]
            mq = largest[q]
            redundancy = _add_two_steps(
                i, indices, weights, indptr[q], indptr[q + 1], piq, sq, mq, mark, direct,
                indirect, redundancy,
            )  # fmt: skip
            redundancy = _add_two_steps(
                i, t_indices, t_weights, t_indptr[q], t_indptr[q + 1], piq, sq, mq, mark,
                direct, indirect, redundancy,
            )  # fmt: skip
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


@njit(cache=True)
def _buffers(n, n_chunks):
    """Outputs (four float64[n], NaN), chunk scratch for :func:`_holes_chunk`, and the
    strength, largest and per-chunk accumulator arrays for :func:`_totals_chunk`."""
    out = (np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan))
    scratch = (
        np.full((n_chunks, n), -1, dtype=np.int64),
        np.zeros((n_chunks, n), dtype=np.float64),
        np.zeros((n_chunks, n), dtype=np.float64),
        np.empty((n_chunks, n), dtype=np.int64),
    )
    totals = (
        np.zeros(n, dtype=np.float64),
        np.zeros(n, dtype=np.float64),
        np.zeros((n_chunks, n), dtype=np.float64),
    )
    return out, scratch, totals


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
    arcs = (indptr, indices, weights, t_indptr, t_indices, t_weights)
    out, scratch, (strength, largest, sums) = _buffers(indptr.shape[0] - 1, n_chunks)
    for c in prange(n_chunks):
        _totals_chunk(arcs, sums[c], strength, largest, c, n_chunks)
    for c in prange(n_chunks):
        _holes_chunk(arcs, strength, largest, scratch, out, c, n_chunks)
    return out
