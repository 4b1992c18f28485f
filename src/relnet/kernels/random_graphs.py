"""Random digraphs for conditional uniform graph (CUG) tests, drawn in batches.

Every sampler takes ``seeds`` (uint32[B], one per draw) and reseeds numba's generator with
``seeds[t]`` before draw t, so a draw depends on its seed only, never on the thread or chunk
that made it. Draws come back as sorted arc keys ``u * n + v`` (int64), concatenated, with
``offsets`` (int64[B + 1]); sorted keys are the out-CSR order of the draw.

Cells are ordered pairs (u, v), u != v. "Random rows" are the rows (senders) whose cells are
drawn; the other rows are fixed and their arcs (``fixed_keys``, sorted int64) are copied into
every draw. ``rows`` is the sorted int64 array of the random rows and ``others`` (sorted
int64) the fixed ones.
"""

import numpy as np
from numba import njit, prange

#: Share of the degree-preserving steps that try a directed 3-cycle reversal (the rest try a
#: double-edge swap). Swaps alone do not connect every degree class (Rao et al. 1996).
TRIANGLE_SHARE = 0.1


# ---------------------------------------------------------------------- small helpers
@njit(cache=True)
def sample_subset(total, k):
    """Sorted int64[k]: k distinct values drawn uniformly from [0, total).

    Dense case (16k >= total): selection sampling (Knuth's Algorithm S), one uniform per
    value, keeping v with probability (k - chosen) / (total - v). Sparse case: k draws with
    replacement, sorted, repeats dropped, and the shortfall redrawn (sorted on its own and
    merged) until k distinct remain; that procedure commutes with relabelling the values, so
    the final set is uniform over the k-subsets too.
    """
    out = np.empty(max(k, 0), dtype=np.int64)
    if k <= 0:
        return out
    if 16 * k >= total:
        chosen = 0
        for v in range(total):
            if (total - v) * np.random.random() < k - chosen:  # noqa: NPY002
                out[chosen] = v
                chosen += 1
                if chosen == k:
                    break
        return out
    have = 0
    new = np.empty(k, dtype=np.int64)
    merged = np.empty(k, dtype=np.int64)
    while have < k:
        want = k - have
        for i in range(want):
            new[i] = np.random.randint(0, total)  # noqa: NPY002 -- numba generator
        fresh = np.sort(new[:want])
        # merge out[:have] and fresh, dropping repeats, keeping at most k
        i = 0
        j = 0
        w = 0
        while (i < have or j < want) and w < k:
            if j == want or (i < have and out[i] <= fresh[j]):
                v = out[i]
                i += 1
            else:
                v = fresh[j]
                j += 1
            if w == 0 or merged[w - 1] != v:
                merged[w] = v
                w += 1
        out[:w] = merged[:w]
        have = w
    return out


@njit(cache=True)
def pair_of(d):
    """The d-th unordered pair (a, b), a < b, in the order (0,1), (0,2), (1,2), (0,3), ..."""
    b = np.int64((1.0 + np.sqrt(1.0 + 8.0 * d)) / 2.0)
    while b * (b - 1) // 2 > d:
        b -= 1
    while (b + 1) * b // 2 <= d:
        b += 1
    return d - b * (b - 1) // 2, b


@njit(cache=True)
def row_cell_key(c, rows, n):
    """Key of cell c among the cells of ``rows`` (row-major, targets skipping the sender)."""
    s = rows[c // (n - 1)]
    t = c % (n - 1)
    if t >= s:
        t += 1
    return s * n + t


@njit(cache=True)
def _write_row_cells(cells, rows, n, fixed_keys, out):
    """Keys of ``cells`` (sorted cell numbers) merged with ``fixed_keys`` into ``out``."""
    k = cells.shape[0]
    f = fixed_keys.shape[0]
    i = 0
    j = 0
    w = 0
    while i < k or j < f:
        if j == f:
            out[w] = row_cell_key(cells[i], rows, n)
            i += 1
        elif i == k:
            out[w] = fixed_keys[j]
            j += 1
        else:
            key = row_cell_key(cells[i], rows, n)
            if key < fixed_keys[j]:
                out[w] = key
                i += 1
            else:
                out[w] = fixed_keys[j]
                j += 1
        w += 1


# ---------------------------------------------------------------------- samplers
@njit(cache=True, parallel=True)
def draw_edges(n, rows, n_random, fixed_keys, seeds, n_chunks):
    """G(n, m): ``n_random`` arcs uniformly without replacement among the cells of ``rows``.

    Returns (keys int64[B * (n_random + len(fixed_keys))], offsets int64[B + 1]).
    """
    b_count = seeds.shape[0]
    per = n_random + fixed_keys.shape[0]
    keys = np.empty(b_count * per, dtype=np.int64)
    offsets = np.arange(b_count + 1).astype(np.int64) * per
    total = rows.shape[0] * (n - 1)
    for c in prange(n_chunks):
        for t in range(c, b_count, n_chunks):
            np.random.seed(seeds[t])  # noqa: NPY002 -- numba seeds its per-thread generator
            cells = sample_subset(total, n_random)
            _write_row_cells(cells, rows, n, fixed_keys, keys[t * per : (t + 1) * per])
    return keys, offsets


@njit(cache=True, parallel=True)
def draw_size(n, rows, fixed_keys, seeds, n_chunks):
    """Each cell of ``rows`` an arc with probability 1/2 (sna ``rgraph``).

    The arc count is Binomial(cells, 1/2) and, given it, the arcs are a uniform subset: the
    same law. Pass 1 draws the counts, pass 2 reseeds, redraws the same count and the arcs.
    Returns (keys, offsets).
    """
    b_count = seeds.shape[0]
    total = rows.shape[0] * (n - 1)
    f = fixed_keys.shape[0]
    counts = np.zeros(b_count + 1, dtype=np.int64)
    for t in range(b_count):
        np.random.seed(seeds[t])  # noqa: NPY002
        counts[t + 1] = np.random.binomial(total, 0.5) + f  # noqa: NPY002
    offsets = np.cumsum(counts)
    keys = np.empty(offsets[b_count], dtype=np.int64)
    for c in prange(n_chunks):
        for t in range(c, b_count, n_chunks):
            np.random.seed(seeds[t])  # noqa: NPY002
            k = np.random.binomial(total, 0.5)  # noqa: NPY002 -- the pass-1 count again
            cells = sample_subset(total, k)
            _write_row_cells(cells, rows, n, fixed_keys, keys[offsets[t] : offsets[t + 1]])
    return keys, offsets


@njit(cache=True, parallel=True)
def draw_dyad_census(n, rows, others, mutual, asymmetric, n_half, fixed_keys, seeds, n_chunks):
    """U|MAN exact (sna ``rguman(method="exact")``) over the dyads among ``rows``.

    ``mutual`` + ``asymmetric`` dyads are a uniform subset of the r(r-1)/2 dyads of ``rows``;
    a uniform ``mutual`` of them are mutual, the rest take a fair coin for their direction.
    The cells from ``rows`` to ``others`` (half-observed dyads) get ``n_half`` arcs uniformly
    without replacement; ``fixed_keys`` are copied. Returns (keys, offsets).
    """
    b_count = seeds.shape[0]
    per = 2 * mutual + asymmetric + n_half + fixed_keys.shape[0]
    keys = np.empty(b_count * per, dtype=np.int64)
    offsets = np.arange(b_count + 1).astype(np.int64) * per
    r = rows.shape[0]
    dyads = r * (r - 1) // 2
    linked = mutual + asymmetric
    n_other = others.shape[0]
    for c in prange(n_chunks):
        for t in range(c, b_count, n_chunks):
            np.random.seed(seeds[t])  # noqa: NPY002
            chosen = sample_subset(dyads, linked)
            for i in range(mutual):  # partial Fisher-Yates: the first `mutual` are mutual
                j = np.random.randint(i, linked)  # noqa: NPY002
                tmp = chosen[i]
                chosen[i] = chosen[j]
                chosen[j] = tmp
            out = keys[t * per : (t + 1) * per]
            w = 0
            for i in range(linked):
                a, b = pair_of(chosen[i])
                u = rows[a]
                v = rows[b]
                if i < mutual:
                    out[w] = u * n + v
                    out[w + 1] = v * n + u
                    w += 2
                else:
                    if np.random.random() < 0.5:  # noqa: NPY002
                        out[w] = u * n + v
                    else:
                        out[w] = v * n + u
                    w += 1
            half = sample_subset(r * n_other, n_half)
            for i in range(n_half):
                out[w] = rows[half[i] // n_other] * n + others[half[i] % n_other]
                w += 1
            for i in range(fixed_keys.shape[0]):
                out[w] = fixed_keys[i]
                w += 1
            out.sort()
    return keys, offsets


@njit(cache=True)
def _has_arc(u, v, indptr, out, t_indptr, t_in):
    """Whether u -> v is in the current arrays: scan the shorter of u's out-row, v's in-row."""
    if indptr[u + 1] - indptr[u] <= t_indptr[v + 1] - t_indptr[v]:
        for p in range(indptr[u], indptr[u + 1]):  # noqa: SIM110 -- numba: no any(genexpr)
            if out[p] == v:
                return True
        return False
    for q in range(t_indptr[v], t_indptr[v + 1]):  # noqa: SIM110
        if t_in[q] == u:
            return True
    return False


@njit(cache=True)
def _find_slot(u, v, indptr, out):
    """Out-slot of u -> v, or -1."""
    for p in range(indptr[u], indptr[u + 1]):
        if out[p] == v:
            return p
    return -1


@njit(cache=True)
def rewire(indptr, out, t_indptr, t_in, tpos, opos, row, slots, is_free, n_steps):
    """Degree-preserving rewiring in place: ``n_steps`` attempted moves.

    ``out`` (int64[m]) holds the targets by out-slot (rows of ``indptr`` keep their lengths),
    ``t_in`` the sources by in-slot, ``tpos``/``opos`` map an out-slot to its in-slot and back,
    ``row`` the sender of each out-slot. ``slots`` lists the out-slots that may move (arcs of
    free rows) and ``is_free`` (bool[n]) marks the free rows.

    A step is, with probability 1 - TRIANGLE_SHARE, a double-edge swap: two distinct slots
    a->b, c->d become a->d, c->b unless that makes a loop or repeats an arc; otherwise a
    3-cycle reversal: slot a->b, then b->c drawn from b's out-row, needs c->a and turns
    a->b->c->a into a->c->b->a when no arc of the reversed cycle exists. Both proposals are
    symmetric (the reversal's chance is the same for a cycle and its reverse, since every
    out-degree is kept), so the chain's stationary law is uniform over the simple digraphs
    with these degrees and these fixed rows.
    """
    k = slots.shape[0]
    if k < 2:
        return
    for _ in range(n_steps):
        if np.random.random() >= TRIANGLE_SHARE:  # noqa: NPY002
            p1 = slots[np.random.randint(0, k)]  # noqa: NPY002
            p2 = slots[np.random.randint(0, k)]  # noqa: NPY002
            if p1 == p2:
                continue
            a = row[p1]
            b = out[p1]
            c = row[p2]
            d = out[p2]
            if a == d or c == b:
                continue
            if _has_arc(a, d, indptr, out, t_indptr, t_in):
                continue
            if _has_arc(c, b, indptr, out, t_indptr, t_in):
                continue
            q1 = tpos[p1]  # in-row of b, holds a
            q2 = tpos[p2]  # in-row of d, holds c
            out[p1] = d
            out[p2] = b
            t_in[q2] = a
            tpos[p1] = q2
            opos[q2] = p1
            t_in[q1] = c
            tpos[p2] = q1
            opos[q1] = p2
        else:
            p1 = slots[np.random.randint(0, k)]  # noqa: NPY002
            a = row[p1]
            b = out[p1]
            if not is_free[b]:
                continue
            deg_b = indptr[b + 1] - indptr[b]
            if deg_b == 0:
                continue
            p2 = indptr[b] + np.random.randint(0, deg_b)  # noqa: NPY002
            c = out[p2]
            if c == a or not is_free[c]:
                continue
            p3 = _find_slot(c, a, indptr, out)
            if p3 < 0:
                continue
            if (
                _has_arc(a, c, indptr, out, t_indptr, t_in)
                or _has_arc(c, b, indptr, out, t_indptr, t_in)
                or _has_arc(b, a, indptr, out, t_indptr, t_in)
            ):
                continue
            q1 = tpos[p1]  # in-row of b, holds a
            q2 = tpos[p2]  # in-row of c, holds b
            q3 = tpos[p3]  # in-row of a, holds c
            out[p1] = c  # a -> c
            out[p2] = a  # b -> a
            out[p3] = b  # c -> b
            t_in[q1] = c  # c -> b lives in b's in-row
            tpos[p3] = q1
            opos[q1] = p3
            t_in[q2] = a  # a -> c lives in c's in-row
            tpos[p1] = q2
            opos[q2] = p1
            t_in[q3] = b  # b -> a lives in a's in-row
            tpos[p2] = q3
            opos[q3] = p2


@njit(cache=True, parallel=True)
def draw_degree(indptr, indices, t_indptr, t_indices, t_to_out, is_free, steps, seeds, n_chunks):
    """Degree-preserving draws: each starts from the given graph and makes ``steps`` moves of
    :func:`rewire`; arcs of rows not ``is_free`` stay. Returns (keys, offsets)."""
    n = indptr.shape[0] - 1
    m = indices.shape[0]
    b_count = seeds.shape[0]
    keys = np.empty(b_count * m, dtype=np.int64)
    offsets = np.arange(b_count + 1).astype(np.int64) * m
    row = np.empty(m, dtype=np.int64)
    n_free = 0
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            row[p] = u
            if is_free[u]:
                n_free += 1
    slots = np.empty(n_free, dtype=np.int64)
    w = 0
    for p in range(m):
        if is_free[row[p]]:
            slots[w] = p
            w += 1
    base_tpos = np.empty(m, dtype=np.int64)
    for q in range(m):
        base_tpos[t_to_out[q]] = q
    out_all = np.empty((n_chunks, m), dtype=np.int64)
    tin_all = np.empty((n_chunks, m), dtype=np.int64)
    tpos_all = np.empty((n_chunks, m), dtype=np.int64)
    opos_all = np.empty((n_chunks, m), dtype=np.int64)
    for c in prange(n_chunks):
        out = out_all[c]
        t_in = tin_all[c]
        tpos = tpos_all[c]
        opos = opos_all[c]
        for t in range(c, b_count, n_chunks):
            for p in range(m):
                out[p] = indices[p]
                t_in[p] = t_indices[p]
                tpos[p] = base_tpos[p]
                opos[p] = t_to_out[p]
            np.random.seed(seeds[t])  # noqa: NPY002
            rewire(indptr, out, t_indptr, t_in, tpos, opos, row, slots, is_free, steps)
            draw = keys[t * m : (t + 1) * m]
            for p in range(m):
                draw[p] = row[p] * n + out[p]
            draw.sort()
    return keys, offsets


@njit(cache=True)
def kleitman_wang(out_degree, in_degree):
    """A simple digraph with these degrees (Kleitman & Wang 1973), or none.

    Lays off each person in turn: their remaining out-degree goes to the others with the
    largest remaining in-degree, ties broken by larger remaining out-degree, then position.
    Returns (src int64[m], dst int64[m], ok): ok False when the sequences are not digraphic.
    O(n^2 log n) worst case; meant for survey-sized sequences.
    """
    n = out_degree.shape[0]
    m = 0
    for i in range(n):
        m += out_degree[i]
    src = np.empty(m, dtype=np.int64)
    dst = np.empty(m, dtype=np.int64)
    out_rem = out_degree.astype(np.int64).copy()
    in_rem = in_degree.astype(np.int64).copy()
    w = 0
    score = np.empty(n, dtype=np.int64)
    big = n + 1
    for u in range(n):
        d = out_rem[u]
        if d == 0:
            continue
        for v in range(n):
            # larger is better: in_rem first, then out_rem, then lower position
            score[v] = -((in_rem[v] * (big + 1) + out_rem[v]) * big + (n - 1 - v))
        score[u] = 1  # never chosen: every other score is <= 0
        order = np.argsort(score, kind="mergesort")
        for i in range(d):
            v = order[i]
            if v == u or in_rem[v] <= 0:
                return src[:w], dst[:w], False
            in_rem[v] -= 1
            src[w] = u
            dst[w] = v
            w += 1
        out_rem[u] = 0
    for v in range(n):
        if in_rem[v] != 0:
            return src[:w], dst[:w], False
    return src, dst, True


# ---------------------------------------------------------------------- statistics of draws
@njit(cache=True, parallel=True)
def census_counts(keys, offsets, n, responded, use_mask, n_chunks):
    """Mutual and asymmetric dyad counts of each draw (int64[B] twice).

    With ``use_mask`` only dyads whose two ends responded count (``missing="observed"``).
    """
    b_count = offsets.shape[0] - 1
    mutual = np.zeros(b_count, dtype=np.int64)
    asym = np.zeros(b_count, dtype=np.int64)
    for c in prange(n_chunks):
        for t in range(c, b_count, n_chunks):
            draw = keys[offsets[t] : offsets[t + 1]]
            arcs = 0
            twice = 0
            for i in range(draw.shape[0]):
                u = draw[i] // n
                v = draw[i] % n
                if use_mask and not (responded[u] and responded[v]):
                    continue
                arcs += 1
                j = np.searchsorted(draw, v * n + u)
                if j < draw.shape[0] and draw[j] == v * n + u:
                    twice += 1
            mutual[t] = twice // 2
            asym[t] = arcs - twice
    return mutual, asym


@njit(cache=True, parallel=True)
def two_path_counts(keys, offsets, n, n_chunks):
    """Two-paths i->j->k (i != k) of each draw, all and closed by i->k (int64[B] twice), as
    :func:`relnet.kernels.transitivity.two_path_counts` on each draw's CSR."""
    b_count = offsets.shape[0] - 1
    total = np.zeros(b_count, dtype=np.int64)
    closed = np.zeros(b_count, dtype=np.int64)
    marks = np.full((n_chunks, n), -1, dtype=np.int64)
    ptrs = np.zeros((n_chunks, n + 1), dtype=np.int64)
    for c in prange(n_chunks):
        mark = marks[c]
        indptr = ptrs[c]
        for t in range(c, b_count, n_chunks):
            draw = keys[offsets[t] : offsets[t + 1]]
            for u in range(n + 1):
                indptr[u] = 0
            for i in range(draw.shape[0]):
                indptr[draw[i] // n + 1] += 1
            for u in range(n):
                indptr[u + 1] += indptr[u]
            for u in range(n):
                mark[u] = -1
            all_paths = 0
            shut = 0
            for i in range(n):
                for p in range(indptr[i], indptr[i + 1]):
                    mark[draw[p] % n] = i
                for p in range(indptr[i], indptr[i + 1]):
                    j = draw[p] % n
                    for q in range(indptr[j], indptr[j + 1]):
                        k = draw[q] % n
                        if k != i:
                            all_paths += 1
                            if mark[k] == i:
                                shut += 1
            total[t] = all_paths
            closed[t] = shut
    return total, closed


@njit(cache=True, parallel=True)
def arc_counts(keys, offsets, n, codes, responded, n_chunks):
    """Per draw: arcs whose ends share a code (int64[B]) and arcs sent by respondents."""
    b_count = offsets.shape[0] - 1
    internal = np.zeros(b_count, dtype=np.int64)
    sent = np.zeros(b_count, dtype=np.int64)
    for c in prange(n_chunks):
        for t in range(c, b_count, n_chunks):
            same = 0
            from_resp = 0
            for i in range(offsets[t], offsets[t + 1]):
                u = keys[i] // n
                v = keys[i] % n
                if codes[u] == codes[v]:
                    same += 1
                if responded[u]:
                    from_resp += 1
            internal[t] = same
            sent[t] = from_resp
    return internal, sent
