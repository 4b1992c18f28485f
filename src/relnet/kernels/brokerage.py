"""Gould-Fernandez brokerage counts over CSR, parallel over brokers.

Arrays in, arrays out. ``indptr``/``indices`` the out-CSR (rows sorted), ``t_indptr``/
``t_indices`` the in-CSR (rows sorted), ``groups`` int64[n] group codes.
"""

import numpy as np
from numba import njit, prange

from relnet.kernels.neighbors import find_arc, row_overlap


@njit(cache=True, inline="always")
def role_column(gi, gv, gk):
    """Gould-Fernandez role of broker v (group gv) on i -> v -> k, as the R sna column:
    0 coordinator, 1 itinerant, 2 representative, 3 gatekeeper, 4 liaison."""
    if gi == gv:
        return 0 if gv == gk else 2
    if gv == gk:
        return 3
    return 1 if gi == gk else 4


@njit(cache=True, inline="always")
def add_broker_roles(indptr, indices, t_indptr, t_indices, groups, partial_credit, v, row):
    """Add to ``row`` (5 slots, float64 or int64) broker v's role counts over the two-paths
    i -> v -> k with i != k and no arc i -> k; each counts 1, or 1/c under ``partial_credit``
    when c brokers join i to k."""
    gv = groups[v]
    for p in range(t_indptr[v], t_indptr[v + 1]):
        i = t_indices[p]
        gi = groups[i]
        for q in range(indptr[v], indptr[v + 1]):
            k = indices[q]
            if k == i or find_arc(indptr, indices, i, k) >= 0:
                continue
            if partial_credit:  # two-paths i -> . -> k: |out(i) & in(k)|
                common = row_overlap(
                    indices, indptr[i], indptr[i + 1], t_indices, t_indptr[k], t_indptr[k + 1]
                )
                row[role_column(gi, gv, groups[k])] += 1.0 / common
            else:
                row[role_column(gi, gv, groups[k])] += 1


@njit(cache=True, parallel=True)
def brokerage_counts(indptr, indices, t_indptr, t_indices, groups, partial_credit):
    """Brokerage roles of each node v over the two-paths i -> v -> k with i != k, no i -> k.

    Columns (float64[n, 5]), as R sna ``brokerage``: 0 coordinator (i, v, k in one group),
    1 itinerant (i, k in one group, v in another), 2 representative (i with v, k apart),
    3 gatekeeper (v with k, i apart), 4 liaison (all three apart). With ``partial_credit``
    a two-path whose ends are joined by c brokers counts 1/c for each (UCINET).
    """
    n = indptr.shape[0] - 1
    out = np.zeros((n, 5), dtype=np.float64)
    for v in prange(n):
        add_broker_roles(indptr, indices, t_indptr, t_indices, groups, partial_credit, v, out[v])
    return out
