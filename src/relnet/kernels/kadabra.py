"""Random shortest paths between sampled pairs (KADABRA's sampling step, unweighted).

Arrays in, arrays out. For pair i, a balanced bidirectional BFS (from ``s[i]`` over the
out-CSR, from ``t[i]`` over the in-CSR) finds the layer where the searches meet; one shortest
s -> t path is then drawn uniformly at random (``_one_path_balanced``). Each sample seeds
the thread's generator with ``seeds[i]``, so a path does not depend on the thread that draws
it.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True)
def _expand(indptr, indices, order, start, end, tail, hops, sigma):
    """One BFS level: the nodes order[start:end] push their out-neighbours (this CSR)."""
    for r in range(start, end):
        v = order[r]
        hv = hops[v] + 1
        sv = sigma[v]
        for p in range(indptr[v], indptr[v + 1]):
            w = indices[p]
            hw = hops[w]
            if hw < 0:
                hops[w] = hv
                sigma[w] = sv
                order[tail] = w
                tail += 1
            elif hw == hv:
                sigma[w] += sv
    return tail


@njit(cache=True)
def _frontier_arcs(indptr, order, start, end):
    total = 0
    for r in range(start, end):
        v = order[r]
        total += indptr[v + 1] - indptr[v]
    return total


@njit(cache=True)
def _walk_back(indptr, indices, w, hops, sigma, counts):
    """From w towards the search's root: the neighbour one level closer (this CSR lists the
    arcs toward the root's side), chosen with probability sigma[p] / sigma[x]; counts the
    nodes passed except the root."""
    x = w
    while hops[x] > 1:
        u = np.random.random() * sigma[x]  # noqa: NPY002 -- numba generator
        hx = hops[x] - 1
        chosen = -1
        acc = 0.0
        for p in range(indptr[x], indptr[x + 1]):
            q = indices[p]
            if hops[q] == hx:
                chosen = q
                acc += sigma[q]
                if u < acc:
                    break
        counts[chosen] += 1.0
        x = chosen


@njit(cache=True)
def _one_path_balanced(indptr, indices, t_indptr, t_indices, s, t, hf, hb, sf, sb, of, ob, counts):
    """Balanced bidirectional BFS (as KADABRA): expand the side whose frontier has fewer
    arcs, a whole level at a time, until a node is reached from both sides. All nodes where
    the searches first meet lie on one layer of every shortest path; one is drawn with
    probability sigma_f * sigma_b / sigma_st, then each half is walked back at random."""
    hf[s] = 0
    sf[s] = 1.0
    of[0] = s
    hb[t] = 0
    sb[t] = 1.0
    ob[0] = t
    f_start, f_end, f_tail = 0, 1, 1
    b_start, b_end, b_tail = 0, 1, 1
    total = 0.0
    forward = True
    while f_start < f_end and b_start < b_end:
        forward = _frontier_arcs(indptr, of, f_start, f_end) <= _frontier_arcs(
            t_indptr, ob, b_start, b_end
        )
        if forward:
            f_tail = _expand(indptr, indices, of, f_start, f_end, f_tail, hf, sf)
            f_start, f_end = f_end, f_tail
            for r in range(f_start, f_end):
                w = of[r]
                if hb[w] >= 0:
                    total += sf[w] * sb[w]
        else:
            b_tail = _expand(t_indptr, t_indices, ob, b_start, b_end, b_tail, hb, sb)
            b_start, b_end = b_end, b_tail
            for r in range(b_start, b_end):
                w = ob[r]
                if hf[w] >= 0:
                    total += sf[w] * sb[w]
        if total > 0.0:
            break
    if total > 0.0:
        u = np.random.random() * total  # noqa: NPY002 -- numba generator
        layer = of if forward else ob
        lo = f_start if forward else b_start
        hi = f_end if forward else b_end
        w = -1
        acc = 0.0
        for r in range(lo, hi):
            x = layer[r]
            if hf[x] >= 0 and hb[x] >= 0:
                w = x
                acc += sf[x] * sb[x]
                if u < acc:
                    break
        if hf[w] > 0 and hb[w] > 0:
            counts[w] += 1.0
        _walk_back(t_indptr, t_indices, w, hf, sf, counts)  # towards s: in-arcs
        _walk_back(indptr, indices, w, hb, sb, counts)  # towards t: out-arcs
    for r in range(f_tail):
        hf[of[r]] = -1
    for r in range(b_tail):
        hb[ob[r]] = -1


@njit(cache=True, parallel=True)
def path_counts(indptr, indices, t_indptr, t_indices, s, t, seeds, n_chunks):
    """float64[n]: times each node is inside the random shortest path of a pair (s[i], t[i]).

    ``s``, ``t``, ``seeds`` int64 of one length; pairs with no path add nothing.
    """
    n = indptr.shape[0] - 1
    k = s.shape[0]
    rows = np.zeros((n_chunks, n), dtype=np.float64)
    for c in prange(n_chunks):
        hf = np.full(n, -1, dtype=np.int32)
        hb = np.full(n, -1, dtype=np.int32)
        sf = np.zeros(n, dtype=np.float64)
        sb = np.zeros(n, dtype=np.float64)
        of = np.empty(n, dtype=np.int64)
        ob = np.empty(n, dtype=np.int64)
        for i in range(c, k, n_chunks):
            np.random.seed(seeds[i])  # noqa: NPY002 -- numba seeds its per-thread generator
            _one_path_balanced(
                indptr, indices, t_indptr, t_indices, s[i], t[i], hf, hb, sf, sb, of, ob, rows[c]
            )
    out = np.zeros(n, dtype=np.float64)
    for c in range(n_chunks):
        out += rows[c]
    return out
