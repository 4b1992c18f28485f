"""Triad census by Batagelj & Mrvar (2001) over CSR, in O(n + sum of neighbour-set merges).

The undirected neighbour sets carry, for each neighbour, a 2-bit code of the arcs between the
two nodes (1: row node -> neighbour, 2: neighbour -> row node). Each connected triad is
counted once, from its lowest-numbered tie {v, u} (v < u) and third node w, and the dyadic
triads (012, 102) by a formula per tie, so the empty triads (003) are left for the caller to
get by subtraction from C(n, 3) in exact integers. Memory is O(n + m): no n x n anything.
"""

import numpy as np
from numba import njit, prange

# Type index (0 = 003, ..., 15 = 300) of the triad coded as a sum of
# 1: v->u, 2: u->v, 4: v->w, 8: w->v, 16: u->w, 32: w->u
# (Batagelj & Mrvar 2001; the same table as networkx's TRICODES, less one).
TRICODE_TYPE = np.array(
    [
        0, 1, 1, 2, 1, 3, 5, 7, 1, 5, 4, 6, 2, 7, 6, 10,
        1, 5, 3, 7, 4, 8, 8, 12, 5, 9, 8, 13, 6, 13, 11, 14,
        1, 4, 5, 6, 5, 8, 9, 13, 3, 8, 8, 11, 7, 12, 13, 14,
        2, 6, 7, 10, 6, 11, 13, 14, 7, 13, 12, 14, 10, 14, 14, 15,
    ],
    dtype=np.int64,
)  # fmt: skip


@njit(cache=True)
def _triad_chunk(u_indptr, u_indices, u_codes, tricode_type, local, c, n_chunks):
    """Add to ``local`` (int64[16]) the triads whose lowest tie starts at v = c, c + n_chunks..."""
    n = u_indptr.shape[0] - 1
    for v in range(c, n, n_chunks):
        v_start = u_indptr[v]
        v_end = u_indptr[v + 1]
        for a in range(v_start, v_end):
            u = u_indices[a]
            if u <= v:
                continue
            code_vu = np.int64(u_codes[a])  # 1: v->u, 2: u->v
            p = v_start
            q = u_indptr[u]
            q_end = u_indptr[u + 1]
            union = 0
            while p < v_end or q < q_end:
                if q >= q_end or (p < v_end and u_indices[p] < u_indices[q]):
                    w = u_indices[p]  # w adjacent to v only
                    if w != u:
                        union += 1
                        if u < w:
                            code = code_vu | (np.int64(u_codes[p]) << 2)  # 4, 8
                            local[tricode_type[code]] += 1
                    p += 1
                elif p >= v_end or u_indices[q] < u_indices[p]:
                    w = u_indices[q]  # w adjacent to u only
                    if w != v:
                        union += 1
                        if v < w:  # u < w, or v < w < u with w not adjacent to v
                            code = code_vu | (np.int64(u_codes[q]) << 4)  # 16, 32
                            local[tricode_type[code]] += 1
                    q += 1
                else:
                    w = u_indices[p]  # adjacent to both
                    union += 1
                    if u < w:
                        code = code_vu | (np.int64(u_codes[p]) << 2) | (np.int64(u_codes[q]) << 4)
                        local[tricode_type[code]] += 1
                    p += 1
                    q += 1
            if code_vu == 3:
                local[2] += n - union - 2
            else:
                local[1] += n - union - 2


@njit(cache=True, parallel=True)
def triad_counts(u_indptr, u_indices, u_codes, tricode_type, n_chunks):
    """Census of the 15 non-empty triad types: int64[16] with slot 0 (003) left at 0.

    Input: the undirected union (``Network.undirected``, from
    :func:`relnet.kernels.neighbors.undirected_union`). For each tie {v, u} with v < u, the
    merge of the two sorted neighbour rows yields every third node w adjacent to v or u with
    its arc codes; the triad is counted here when u < w, or when v < w < u and w is not
    adjacent to v (its lowest tie is then {v, u}). Dyadic triads:
    n - |N(u) | N(v) - {u, v}| - 2 per tie.
    """
    acc = np.zeros((n_chunks, 16), dtype=np.int64)
    for c in prange(n_chunks):
        _triad_chunk(u_indptr, u_indices, u_codes, tricode_type, acc[c], c, n_chunks)
    census = np.zeros(16, dtype=np.int64)
    for c in range(n_chunks):
        census += acc[c]
    return census
