"""Key-player objectives, greedy gains and group betweenness over one CSR adjacency.

The adjacency (``indptr`` int64, ``indices`` int32/int64) lists, for each person, the people
they *influence*: the caller picks the transpose for ``direction="in"``, the out-CSR for
``"out"`` and a symmetrised CSR for ``"all"`` or for weak components. Objective codes:
0 reach within ``m`` steps, 1 distance-weighted reach, 2 fragmentation (components of the
adjacency after removing the set), 3 distance-weighted fragmentation. ``m < 0`` means no
step limit.

Scratch arrays use stamps (a per-chunk counter written into a mark array), so one evaluation
costs the nodes it touches, not ``n``, for the reach objectives.
"""

import numpy as np
from numba import njit, prange

from relnet.kernels.paths import heap_pop, heap_push


@njit(cache=True)
def _reach_total(indptr, indices, members, r, m, kind, seen, tag, dist, queue):
    """Multi-source BFS from ``members[:r]``: sum over reached non-members of w(d).

    w(d) = 1 for reach (``kind`` 0), 1/d for distance-weighted reach (``kind`` 1).
    """
    tail = 0
    for a in range(r):
        s = members[a]
        if seen[s] != tag:
            seen[s] = tag
            dist[s] = 0
            queue[tail] = s
            tail += 1
    head = 0
    total = 0.0
    while head < tail:
        x = queue[head]
        head += 1
        dx = dist[x]
        if dx > 0:
            if kind == 0:
                total += 1.0
            else:
                total += 1.0 / dx
        if m >= 0 and dx >= m:
            continue
        for p in range(indptr[x], indptr[x + 1]):
            y = indices[p]
            if seen[y] != tag:
                seen[y] = tag
                dist[y] = dx + 1
                queue[tail] = y
                tail += 1
    return total


@njit(cache=True)
def _component_pairs(indptr, indices, n, removed, rtag, seen, tag, queue):
    """Sum of s(s - 1) over the components of the people not stamped ``rtag`` in
    ``removed`` (the adjacency should be symmetric for weak components)."""
    total = 0.0
    for u in range(n):
        if removed[u] == rtag or seen[u] == tag:
            continue
        seen[u] = tag
        queue[0] = u
        head = 0
        tail = 1
        while head < tail:
            x = queue[head]
            head += 1
            for p in range(indptr[x], indptr[x + 1]):
                y = indices[p]
                if removed[y] != rtag and seen[y] != tag:
                    seen[y] = tag
                    queue[tail] = y
                    tail += 1
        s = float(tail)
        total += s * (s - 1.0)
    return total


@njit(cache=True)
def _inverse_distances(indptr, indices, n, removed, rtag, seen, tag, dist, queue):
    """Sum over ordered pairs of remaining people of 1/d (0 when unreachable).

    Returns (sum, next free tag): each source uses its own stamp.
    """
    total = 0.0
    for u in range(n):
        if removed[u] == rtag:
            continue
        seen[u] = tag
        dist[u] = 0
        queue[0] = u
        head = 0
        tail = 1
        while head < tail:
            x = queue[head]
            head += 1
            dx = dist[x]
            if dx > 0:
                total += 1.0 / dx
            for p in range(indptr[x], indptr[x + 1]):
                y = indices[p]
                if removed[y] != rtag and seen[y] != tag:
                    seen[y] = tag
                    dist[y] = dx + 1
                    queue[tail] = y
                    tail += 1
        tag += 1
    return total, tag


@njit(cache=True)
def _weighted_reach_total(indptr, indices, lengths, members, r, seen, tag, fdist, hkeys, hitems):
    """Multi-source Dijkstra (arc lengths ``lengths``) from ``members[:r]``: sum over
    reached non-members of 1/d. ``fdist`` is valid where ``seen`` holds ``tag``."""
    size = 0
    for a in range(r):
        s = members[a]
        if seen[s] != tag:
            seen[s] = tag
            fdist[s] = 0.0
            size = heap_push(hkeys, hitems, size, 0.0, s)
    total = 0.0
    while size > 0:
        d, x, size = heap_pop(hkeys, hitems, size)
        if d > fdist[x]:
            continue  # stale entry
        if d > 0.0:
            total += 1.0 / d
        for p in range(indptr[x], indptr[x + 1]):
            y = indices[p]
            nd = d + lengths[p]
            if seen[y] != tag or nd < fdist[y]:
                seen[y] = tag
                fdist[y] = nd
                size = heap_push(hkeys, hitems, size, nd, y)
    return total


@njit(cache=True)
def _weighted_inverse_distances(
    indptr, indices, lengths, n, removed, rtag, seen, tag, fdist, hkeys, hitems
):
    """:func:`_inverse_distances` with Dijkstra distances. Returns (sum, next free tag)."""
    total = 0.0
    for u in range(n):
        if removed[u] == rtag:
            continue
        seen[u] = tag
        fdist[u] = 0.0
        size = heap_push(hkeys, hitems, 0, 0.0, u)
        while size > 0:
            d, x, size = heap_pop(hkeys, hitems, size)
            if d > fdist[x]:
                continue
            if d > 0.0:
                total += 1.0 / d
            for p in range(indptr[x], indptr[x + 1]):
                y = indices[p]
                if removed[y] == rtag:
                    continue
                nd = d + lengths[p]
                if seen[y] != tag or nd < fdist[y]:
                    seen[y] = tag
                    fdist[y] = nd
                    size = heap_push(hkeys, hitems, size, nd, y)
        tag += 1
    return total, tag


@njit(cache=True)
def _score(
    obj,
    m,
    indptr,
    indices,
    lengths,
    weighted,
    members,
    r,
    seen,
    removed,
    dist,
    queue,
    fdist,
    hkeys,
    hitems,
    tag,
):
    """Objective of the set ``members[:r]`` (distinct positions). Returns (score, next tag).

    With ``weighted``, distance objectives (1 and 3) use Dijkstra over ``lengths``."""
    n = indptr.shape[0] - 1
    rest = n - r
    if obj <= 1:
        if weighted and obj == 1:
            total = _weighted_reach_total(
                indptr, indices, lengths, members, r, seen, tag, fdist, hkeys, hitems
            )
        else:
            total = _reach_total(indptr, indices, members, r, m, obj, seen, tag, dist, queue)
        if rest <= 0:
            return 0.0, tag + 1
        return total / rest, tag + 1
    for a in range(r):
        removed[members[a]] = tag
    rtag = tag
    tag += 1
    if obj == 2:
        pairs = _component_pairs(indptr, indices, n, removed, rtag, seen, tag, queue)
        tag += 1
    elif weighted:
        pairs, tag = _weighted_inverse_distances(
            indptr, indices, lengths, n, removed, rtag, seen, tag, fdist, hkeys, hitems
        )
    else:
        pairs, tag = _inverse_distances(indptr, indices, n, removed, rtag, seen, tag, dist, queue)
    if rest < 2:
        return 1.0, tag
    return 1.0 - pairs / (rest * (rest - 1.0)), tag


@njit(cache=True, parallel=True)
def score_sets(
    obj,
    m,
    indptr,
    indices,
    lengths,
    weighted,
    sets,
    seen,
    removed,
    dist,
    queue,
    fdist,
    hkeys,
    hitems,
    tag0,
    n_chunks,
):
    """Objective of each row of ``sets`` (int64[r, k]; entries < 0 are padding).

    Rows hold distinct positions. ``seen``, ``removed``, ``dist``, ``queue`` are int64
    scratch of shape (at least n_chunks, n) whose stamps are all below ``tag0``. With
    ``weighted``, ``lengths`` (float64, aligned with ``indices``) are arc lengths for the
    distance objectives, and ``fdist`` float64 (n_chunks, n), ``hkeys`` float64 and
    ``hitems`` int64 (n_chunks, m + n + 1) are Dijkstra scratch (any shape otherwise).
    Returns (float64[r], the next free tag).
    """
    n_rows = sets.shape[0]
    width = sets.shape[1]
    out = np.empty(n_rows, dtype=np.float64)
    members = np.empty((n_chunks, width + 1), dtype=np.int64)
    tags = np.full(n_chunks, tag0, dtype=np.int64)
    for c in prange(n_chunks):
        tag = tag0
        memb = members[c]
        for t in range(c, n_rows, n_chunks):
            r = 0
            for a in range(width):
                if sets[t, a] >= 0:
                    memb[r] = sets[t, a]
                    r += 1
            value, tag = _score(
                obj,
                m,
                indptr,
                indices,
                lengths,
                weighted,
                memb,
                r,
                seen[c],
                removed[c],
                dist[c],
                queue[c],
                fdist[c],
                hkeys[c],
                hitems[c],
                tag,
            )
            out[t] = value
        tags[c] = tag
    return out, tags.max()


@njit(cache=True, parallel=True)
def score_swaps(
    obj,
    m,
    indptr,
    indices,
    lengths,
    weighted,
    base,
    out_pos,
    in_node,
    seen,
    removed,
    dist,
    queue,
    fdist,
    hkeys,
    hitems,
    tag0,
    n_chunks,
):
    """Objective of ``base`` (int64[k], distinct positions) with, for row t, the member
    ``base[out_pos[t]]`` left out (when ``out_pos[t] >= 0``) and the person ``in_node[t]``
    added (when ``>= 0``; the caller ensures it is not in ``base``). Scratch as
    :func:`score_sets`. Returns (float64[rows], the next free tag)."""
    k = base.shape[0]
    n_rows = out_pos.shape[0]
    out = np.empty(n_rows, dtype=np.float64)
    members = np.empty((n_chunks, k + 1), dtype=np.int64)
    tags = np.full(n_chunks, tag0, dtype=np.int64)
    for c in prange(n_chunks):
        tag = tag0
        memb = members[c]
        for t in range(c, n_rows, n_chunks):
            r = 0
            for a in range(k):
                if a != out_pos[t]:
                    memb[r] = base[a]
                    r += 1
            if in_node[t] >= 0:
                memb[r] = in_node[t]
                r += 1
            value, tag = _score(
                obj,
                m,
                indptr,
                indices,
                lengths,
                weighted,
                memb,
                r,
                seen[c],
                removed[c],
                dist[c],
                queue[c],
                fdist[c],
                hkeys[c],
                hitems[c],
                tag,
            )
            out[t] = value
        tags[c] = tag
    return out, tags.max()


@njit(cache=True)
def set_values_into(kind, m, indptr, indices, members, cur, dist, queue, touched):
    """:func:`set_values` into reused buffers: ``cur`` float64[n] and ``dist`` int64[n]
    (-1 = unseen) are clean except at ``queue[:touched[0]]``, the people the previous call
    reached, which are cleared first. Returns the sum of ``cur``."""
    for a in range(touched[0]):
        x = queue[a]
        cur[x] = 0.0
        dist[x] = -1
    tail = 0
    for a in range(members.shape[0]):
        s = members[a]
        if dist[s] < 0:
            dist[s] = 0
            queue[tail] = s
            tail += 1
    head = 0
    total = 0.0
    while head < tail:
        x = queue[head]
        head += 1
        dx = dist[x]
        if dx == 0 or kind == 0:
            cur[x] = 1.0
        else:
            cur[x] = 1.0 / dx
        total += cur[x]
        if m >= 0 and dx >= m:
            continue
        for p in range(indptr[x], indptr[x + 1]):
            y = indices[p]
            if dist[y] < 0:
                dist[y] = dx + 1
                queue[tail] = y
                tail += 1
    touched[0] = tail
    return total


@njit(cache=True)
def set_values(kind, m, indptr, indices, members):
    """w(d(S, j)) for every person j: 1 for members, 1 (reach within ``m``; ``kind`` 0) or
    1/d (``kind`` 1) for people reached, 0 otherwise. float64[n]."""
    n = indptr.shape[0] - 1
    cur = np.zeros(n, dtype=np.float64)
    dist = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    tail = 0
    for a in range(members.shape[0]):
        s = members[a]
        if dist[s] < 0:
            dist[s] = 0
            queue[tail] = s
            tail += 1
    head = 0
    while head < tail:
        x = queue[head]
        head += 1
        dx = dist[x]
        if dx == 0 or kind == 0:
            cur[x] = 1.0
        else:
            cur[x] = 1.0 / dx
        if m >= 0 and dx >= m:
            continue
        for p in range(indptr[x], indptr[x + 1]):
            y = indices[p]
            if dist[y] < 0:
                dist[y] = dx + 1
                queue[tail] = y
                tail += 1
    return cur


@njit(cache=True, parallel=True)
def ball_gains(kind, m, indptr, indices, cur, cands, seen, dist, queue, tag0, n_chunks):
    """Marginal value of adding each person of ``cands`` (int64) to a set whose values are
    ``cur`` (from :func:`set_values`): sum over j reached from the person (itself included,
    w(0) = 1) of max(0, w(d) - cur[j]). Scratch as :func:`score_sets`; the call uses tags
    ``tag0`` to ``tag0 + len(cands) - 1``. float64[len(cands)]."""
    n_cands = cands.shape[0]
    out = np.empty(n_cands, dtype=np.float64)
    for c in prange(n_chunks):
        for t in range(c, n_cands, n_chunks):
            out[t] = _ball_gain(
                kind, m, indptr, indices, cur, cands[t], seen[c], dist[c], queue[c], tag0 + t
            )
    return out


@njit(cache=True)
def _ball_gain(kind, m, indptr, indices, cur, s, mark, dd, q, tag):
    """One entry of :func:`ball_gains` on one scratch row stamped with ``tag``."""
    mark[s] = tag
    dd[s] = 0
    q[0] = s
    head = 0
    tail = 1
    total = 0.0
    while head < tail:
        x = q[head]
        head += 1
        dx = dd[x]
        w = 1.0
        if kind == 1 and dx > 0:
            w = 1.0 / dx
        if w > cur[x]:
            total += w - cur[x]
        if m >= 0 and dx >= m:
            continue
        for p in range(indptr[x], indptr[x + 1]):
            y = indices[p]
            if mark[y] != tag:
                mark[y] = tag
                dd[y] = dx + 1
                q[tail] = y
                tail += 1
    return total


@njit(cache=True)
def best_swap(
    kind,
    m,
    indptr,
    indices,
    members,
    order,
    ub_sorted,
    in_set,
    order_group,
    need_group,
    cur,
    dist,
    queue,
    touched,
    seen,
    sdist,
    squeue,
    tag,
    rel_tol,
):
    """Best single swap for g(S) = sum_j w(d(S, j)) (reach objectives), lazily.

    ``members`` int64[k]; ``order`` int64[c]: candidate positions sorted by ``ub_sorted``
    (their g({v}), decreasing), an upper bound on any gain; ``in_set`` bool[n];
    ``order_group`` int64[c] the group of each candidate and ``need_group`` int64[k] the
    group a replacement for member i must come from (-1: any). ``cur``, ``dist``, ``queue``,
    ``touched`` as :func:`set_values_into`; ``seen``, ``sdist``, ``squeue`` int64[n] scratch
    stamped from ``tag``. For each member the candidates are scanned in bound order until
    the bound cannot beat the best swap found. Returns (member index or -1, candidate, gain
    in g, next tag).
    """
    k = members.shape[0]
    g_s = set_values_into(kind, m, indptr, indices, members, cur, dist, queue, touched)
    tol = rel_tol * max(1.0, g_s)
    best_delta = tol
    best_out = -1
    best_in = -1
    rest = np.empty(max(k - 1, 0), dtype=np.int64)
    for i in range(k):
        r = 0
        for a in range(k):
            if a != i:
                rest[r] = members[a]
                r += 1
        g_rest = set_values_into(kind, m, indptr, indices, rest, cur, dist, queue, touched)
        for j in range(order.shape[0]):
            if ub_sorted[j] <= g_s - g_rest + best_delta:
                break
            v = order[j]
            if in_set[v]:
                continue
            if need_group[i] >= 0 and order_group[j] != need_group[i]:
                continue
            gain = _ball_gain(kind, m, indptr, indices, cur, v, seen, sdist, squeue, tag)
            tag += 1
            delta = g_rest + gain - g_s
            if delta > best_delta:
                best_delta = delta
                best_out = i
                best_in = v
    return best_out, best_in, best_delta, tag


@njit(cache=True, parallel=True)
def group_betweenness(indptr, indices, in_group, n_chunks):
    """Sum over ordered pairs (s, t) of non-members, s != t, t reachable from s, of the share
    of shortest s-t paths that pass through at least one member (``in_group`` bool[n]).

    Per source: BFS path counts sigma, and the counts of shortest paths that avoid the group
    (a member passes on none); the share through the group is 1 - avoid/sigma. float64.
    """
    n = indptr.shape[0] - 1
    part = np.zeros(n_chunks, dtype=np.float64)
    dist = np.full((n_chunks, n), -1, dtype=np.int64)
    sigma = np.zeros((n_chunks, n), dtype=np.float64)
    avoid = np.zeros((n_chunks, n), dtype=np.float64)
    queue = np.empty((n_chunks, n), dtype=np.int64)
    for c in prange(n_chunks):
        dd = dist[c]
        sg = sigma[c]
        av = avoid[c]
        q = queue[c]
        total = 0.0
        for s in range(c, n, n_chunks):
            if in_group[s]:
                continue
            dd[s] = 0
            sg[s] = 1.0
            av[s] = 1.0
            q[0] = s
            head = 0
            tail = 1
            while head < tail:
                x = q[head]
                head += 1
                if in_group[x]:
                    av[x] = 0.0
                for p in range(indptr[x], indptr[x + 1]):
                    y = indices[p]
                    if dd[y] < 0:
                        dd[y] = dd[x] + 1
                        sg[y] = 0.0
                        av[y] = 0.0
                        q[tail] = y
                        tail += 1
                    if dd[y] == dd[x] + 1:
                        sg[y] += sg[x]
                        av[y] += av[x]
            for a in range(1, tail):
                t = q[a]
                if not in_group[t]:
                    total += 1.0 - av[t] / sg[t]
            for a in range(tail):
                dd[q[a]] = -1
        part[c] = total
    return part.sum()


@njit(cache=True)
def set_distances(indptr, indices, members):
    """Fewest steps from any of ``members`` to each person (int64[n], -1 unreachable)."""
    n = indptr.shape[0] - 1
    dist = np.full(n, -1, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    tail = 0
    for a in range(members.shape[0]):
        s = members[a]
        if dist[s] < 0:
            dist[s] = 0
            queue[tail] = s
            tail += 1
    head = 0
    while head < tail:
        x = queue[head]
        head += 1
        for p in range(indptr[x], indptr[x + 1]):
            y = indices[p]
            if dist[y] < 0:
                dist[y] = dist[x] + 1
                queue[tail] = y
                tail += 1
    return dist
