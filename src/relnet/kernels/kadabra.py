"""Random shortest paths between sampled pairs (KADABRA's sampling step, unweighted).

Arrays in, arrays out. For pair i, a BFS from ``s[i]`` over the out-CSR stops once the level
of ``t[i]`` is complete (all shortest-path counts into t known); one shortest s -> t path is
then drawn uniformly at random by walking back from t, taking the predecessor p (in-CSR,
one hop closer to s) with probability sigma_sp / sigma_sx. Each sample seeds the thread's
generator with ``seeds[i]``, so a path does not depend on the thread that draws it.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True)
def _one_path(indptr, indices, t_indptr, t_indices, s, t, hops, sigma, order, counts):
    hops[s] = 0
    sigma[s] = 1.0
    order[0] = s
    head = 0
    tail = 1
    while head < tail:
        v = order[head]
        if hops[t] >= 0 and hops[v] >= hops[t]:
            break  # t's level is complete
        head += 1
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
    if hops[t] > 1:
        x = t
        while True:
            u = np.random.random() * sigma[x]  # noqa: NPY002 -- numba generator
            hx = hops[x] - 1
            chosen = -1
            acc = 0.0
            for p in range(t_indptr[x], t_indptr[x + 1]):
                q = t_indices[p]
                if hops[q] == hx:
                    chosen = q
                    acc += sigma[q]
                    if u < acc:
                        break
            if chosen == s:
                break
            counts[chosen] += 1.0
            x = chosen
    for r in range(tail):
        hops[order[r]] = -1


@njit(cache=True, parallel=True)
def path_counts(indptr, indices, t_indptr, t_indices, s, t, seeds, n_chunks):
    """float64[n]: times each node is inside the random shortest path of a pair (s[i], t[i]).

    ``s``, ``t``, ``seeds`` int64 of one length; pairs with no path add nothing.
    """
    n = indptr.shape[0] - 1
    k = s.shape[0]
    rows = np.zeros((n_chunks, n), dtype=np.float64)
    for c in prange(n_chunks):
        hops = np.full(n, -1, dtype=np.int32)
        sigma = np.zeros(n, dtype=np.float64)
        order = np.empty(n, dtype=np.int64)
        for i in range(c, k, n_chunks):
            np.random.seed(seeds[i])  # noqa: NPY002 -- numba seeds its per-thread generator
            _one_path(indptr, indices, t_indptr, t_indices, s[i], t[i], hops, sigma, order, rows[c])
    out = np.zeros(n, dtype=np.float64)
    for c in range(n_chunks):
        out += rows[c]
    return out
