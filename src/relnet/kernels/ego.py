"""Ego networks over CSR: one pass per person with a marker array, parallel over people.

For each ego u the alters (out-, in- or all neighbours, ego excluded) are stamped in a
per-chunk marker array with the value u, so membership tests need no reset between egos. The
arcs of u's 1-step ego network are copied once into a small local CSR (ego = local 0, alters
1..k); alter ties, weak components among the alters (union-find) and the Everett-Borgatti ego
betweenness (breadth-first searches inside the local CSR) all run on it.

Conventions: ``indptr`` int64, ``indices`` int32/int64 (rows sorted, no loops), ``t_*`` the
in-direction. ``mode``: 0 all (out- and in-neighbours), 1 out, 2 in. Every array of length n
in the scratch is per chunk; chunk c owns the egos u = c, c + n_chunks, ...
"""

import numpy as np
from numba import njit, prange

MODE_ALL = 0
MODE_OUT = 1
MODE_IN = 2


@njit(cache=True, inline="always")
def _find(parent, a):
    while parent[a] != a:
        parent[a] = parent[parent[a]]
        a = parent[a]
    return a


@njit(cache=True, inline="always")
def _stamp_alters(ptr, idx, u, mark, loc, alters, k):
    """Stamp u's neighbours in one direction (``ptr``/``idx``) not yet stamped with ``u``:
    local numbers k + 1, k + 2, ... and the alter list. Returns the new alter count."""
    for p in range(ptr[u], ptr[u + 1]):
        v = idx[p]
        if mark[v] != u:
            mark[v] = u
            k += 1
            loc[v] = k
            alters[k - 1] = v
    return k


@njit(cache=True, inline="always")
def _ball_step(ptr, idx, x, dist, keep, queue, tail):
    """Queue the unreached neighbours of ``x`` in one direction at distance dist[x] + 1.
    Returns the new queue tail."""
    for p in range(ptr[x], ptr[x + 1]):
        y = idx[p]
        if dist[y] < 0:
            dist[y] = dist[x] + 1
            keep[y] = True
            queue[tail] = y
            tail += 1
    return tail


@njit(cache=True)
def _local_bfs(lptr, ladj, source, k1, dist, sigma, queue):
    """Unweighted BFS from local node ``source`` over the local CSR of ``k1`` nodes.

    Fills dist (int64, -1 = unreached) and sigma (float64 shortest-path counts) for 0..k1-1.
    """
    for i in range(k1):
        dist[i] = -1
        sigma[i] = 0.0
    dist[source] = 0
    sigma[source] = 1.0
    head = 0
    tail = 1
    queue[0] = source
    while head < tail:
        x = queue[head]
        head += 1
        dx = dist[x]
        for p in range(lptr[x], lptr[x + 1]):
            y = ladj[p]
            if dist[y] < 0:
                dist[y] = dx + 1
                queue[tail] = y
                tail += 1
            if dist[y] == dx + 1:
                sigma[y] += sigma[x]


@njit(cache=True, parallel=True)
def ego_measures(
    indptr,
    indices,
    t_indptr,
    t_indices,
    mode,
    responded,
    use_mask,
    codes,
    n_codes,
    n_chunks,
):
    """Per-ego counts of the 1-step ego network of every person.

    ``responded`` bool[n] (honoured for alter ties and cells when ``use_mask``); ``codes``
    int64[n] group codes in [0, n_codes), or an empty array for no grouping.

    Returns, each of length n: size (int64, number of alters), alter_ties (int64, arcs among
    alters, only from responding senders under ``use_mask``), cells (int64, the possible alter
    ties that count: k(k-1), or r(k-1) with r responding alters under ``use_mask``),
    components (int64, weak components among the alters), betweenness (float64, directed
    betweenness of ego inside its ego network, raw), sumsq (int64, sum over categories of the
    squared number of alters in it), same (int64, alters in ego's category), n_cat (int64,
    categories among the alters). The last three are 0 without ``codes``.
    """
    n = indptr.shape[0] - 1
    m = indptr[n]
    has_codes = codes.shape[0] == n and n > 0
    size = np.zeros(n, dtype=np.int64)
    alter_ties = np.zeros(n, dtype=np.int64)
    cells = np.zeros(n, dtype=np.int64)
    components = np.zeros(n, dtype=np.int64)
    betweenness = np.zeros(n, dtype=np.float64)
    sumsq = np.zeros(n, dtype=np.int64)
    same = np.zeros(n, dtype=np.int64)
    n_cat = np.zeros(n, dtype=np.int64)

    width = max(n, 1)
    mark = np.full((n_chunks, width), -1, dtype=np.int64)
    local = np.zeros((n_chunks, width), dtype=np.int64)
    alters = np.zeros((n_chunks, width), dtype=np.int64)
    lptr = np.zeros((n_chunks, width + 1), dtype=np.int64)
    ladj = np.zeros((n_chunks, max(m, 1)), dtype=np.int64)
    parent = np.zeros((n_chunks, width), dtype=np.int64)
    dist = np.zeros((n_chunks, width), dtype=np.int64)
    sigma = np.zeros((n_chunks, width), dtype=np.float64)
    edist = np.zeros((n_chunks, width), dtype=np.int64)
    esigma = np.zeros((n_chunks, width), dtype=np.float64)
    queue = np.zeros((n_chunks, width), dtype=np.int64)
    counts = np.zeros((n_chunks, max(n_codes, 1)), dtype=np.int64)

    for c in prange(n_chunks):
        mk = mark[c]
        loc = local[c]
        alt = alters[c]
        lp = lptr[c]
        la = ladj[c]
        par = parent[c]
        d = dist[c]
        sg = sigma[c]
        ed = edist[c]
        es = esigma[c]
        qu = queue[c]
        cnt = counts[c]
        for u in range(c, n, n_chunks):
            # 1. alters, stamped with u (local 0 is the ego, alters 1..k)
            k = 0
            if mode != MODE_IN:
                k = _stamp_alters(indptr, indices, u, mk, loc, alt, k)
            if mode != MODE_OUT:
                k = _stamp_alters(t_indptr, t_indices, u, mk, loc, alt, k)
            size[u] = k
            if k == 0:
                continue
            # 2. local CSR of the ego network; alter ties on the way
            fill = 0
            lp[0] = 0
            ego_out = 0
            for p in range(indptr[u], indptr[u + 1]):
                w = indices[p]
                if mk[w] == u:
                    la[fill] = loc[w]
                    fill += 1
                    ego_out += 1
            lp[1] = fill
            ties = 0
            ego_in = 0
            n_resp = 0
            for i in range(k):
                v = alt[i]
                observed = (not use_mask) or responded[v]
                if observed:
                    n_resp += 1
                for p in range(indptr[v], indptr[v + 1]):
                    w = indices[p]
                    if w == u:
                        la[fill] = 0
                        fill += 1
                        ego_in += 1
                    elif mk[w] == u:
                        la[fill] = loc[w]
                        fill += 1
                        if observed:
                            ties += 1
                lp[i + 2] = fill
            alter_ties[u] = ties
            cells[u] = n_resp * (k - 1)
            # 3. weak components among the alters (union-find over local 1..k)
            for i in range(k + 1):
                par[i] = i
            n_comp = k
            for i in range(1, k + 1):
                for p in range(lp[i], lp[i + 1]):
                    j = la[p]
                    if j == 0:
                        continue
                    a = _find(par, i)
                    b = _find(par, j)
                    if a != b:
                        if a < b:
                            par[b] = a
                        else:
                            par[a] = b
                        n_comp -= 1
            components[u] = n_comp
            # 4. ego betweenness: sum over alter pairs (s, t) of sigma_st(ego) / sigma_st
            if ego_out > 0 and ego_in > 0 and k > 1:
                _local_bfs(lp, la, 0, k + 1, ed, es, qu)
                total = 0.0
                for s in range(1, k + 1):
                    _local_bfs(lp, la, s, k + 1, d, sg, qu)
                    ds0 = d[0]
                    if ds0 < 0:
                        continue
                    for t in range(1, k + 1):
                        if t != s and ed[t] > 0 and d[t] == ds0 + ed[t]:
                            total += sg[0] * es[t] / sg[t]
                betweenness[u] = total
            # 5. categories of the alters
            if has_codes:
                own = codes[u]
                hits = 0
                for i in range(k):
                    g = codes[alt[i]]
                    cnt[g] += 1
                    if g == own:
                        hits += 1
                sq = 0
                kinds = 0
                for i in range(k):
                    g = codes[alt[i]]
                    if cnt[g] > 0:
                        sq += cnt[g] * cnt[g]
                        kinds += 1
                        cnt[g] = 0
                sumsq[u] = sq
                same[u] = hits
                n_cat[u] = kinds
    return size, alter_ties, cells, components, betweenness, sumsq, same, n_cat


@njit(cache=True)
def ego_ball(indptr, indices, t_indptr, t_indices, source, radius, mode):
    """bool[n]: the people within ``radius`` steps of ``source`` (itself included).

    Steps follow out-arcs (mode 1), in-arcs (mode 2) or either (mode 0). Breadth-first.
    """
    n = indptr.shape[0] - 1
    dist = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    keep = np.zeros(n, dtype=np.bool_)
    dist[source] = 0
    keep[source] = True
    queue[0] = source
    head = 0
    tail = 1
    while head < tail:
        x = queue[head]
        head += 1
        if dist[x] >= radius:
            continue
        if mode != MODE_IN:
            tail = _ball_step(indptr, indices, x, dist, keep, queue, tail)
        if mode != MODE_OUT:
            tail = _ball_step(t_indptr, t_indices, x, dist, keep, queue, tail)
    return keep
