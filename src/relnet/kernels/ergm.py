"""ERGM kernels: a toggleable graph state, change statistics and the tie/no-tie sampler.

The graph state is dense-free, so one chain on 10,000 people costs a few megabytes:

* ``keys`` / ``vals`` (int64 / int32, length a power of two): an open-addressing hash table
  (linear probing, backward-shift deletion) from the tie key ``u * n + v`` (undirected:
  ``min * n + max``) to the tie's slot in the tie list; ``-1`` marks an empty key.
* ``eu`` / ``ev`` (int32): the tie list, ``ecount[0]`` ties long (random tie in O(1)).
* ``onb[u, :odeg[u]]`` / ``inb[v, :ideg[v]]`` (int32, unsorted): out- and in-neighbours. An
  undirected state keeps every neighbour in ``onb`` and leaves ``inb`` empty.

A model is a list of scalar statistics: ``codes[s]`` (the constants below), ``ip[s, :]`` int
and ``fp[s, :]`` float parameters, node attributes ``ai[col, node]`` (int codes) and
``af[col, node]`` (floats), and dyadic covariates as stacked CSR rows ``ec_ptr[t, u]`` ..
``ec_ptr[t, u + 1]`` into ``ec_idx`` / ``ec_val`` (sorted columns).

``change(...)`` gives the change of every statistic when the absent tie u->v is added; a
present tie is removed first, so the sampler always evaluates an addition. The sampler draws
its random numbers from a SplitMix64 stream per chain, so results do not depend on threads.
"""

import math

import numpy as np
from numba import njit, prange

EDGES = 0
MUTUAL = 1
TRIANGLE = 2
TTRIPLE = 3
CTRIPLE = 4
KSTAR = 5
ISTAR = 6
OSTAR = 7
DEGREE = 8
IDEGREE = 9
ODEGREE = 10
ISOLATES = 11
GWESP = 12
GWDSP = 13
GWDEGREE = 14
GWIDEGREE = 15
GWODEGREE = 16
ALTKSTAR = 17
NODEMATCH = 18
NODEFACTOR = 19
NODEIFACTOR = 20
NODEOFACTOR = 21
NODECOV = 22
NODEICOV = 23
NODEOCOV = 24
ABSDIFF = 25
EDGECOV = 26

# shared-partner types (ip[s, 0] of GWESP / GWDSP on directed graphs)
OTP = 0
ITP = 1
OSP = 2
ISP = 3

OK = 0
OVERFLOW = 1

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


# ---------------------------------------------------------------- random numbers
@njit(cache=True)
def _next(rng):
    """SplitMix64: advance rng[0] (uint64) and return 64 random bits."""
    rng[0] += np.uint64(0x9E3779B97F4A7C15)
    z = rng[0]
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@njit(cache=True)
def _uniform(rng):
    """Uniform float in [0, 1) with 53 random bits."""
    return float(_next(rng) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def _below(rng, k):
    """Uniform int in [0, k)."""
    r = int(_uniform(rng) * k)
    if r >= k:
        r = k - 1
    return r


# ---------------------------------------------------------------- hash table of ties
@njit(cache=True)
def _slot(key, shift):
    return np.int64((np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(shift))


@njit(cache=True)
def _find(keys, shift, key):
    """Slot holding ``key``, or -1."""
    mask = keys.shape[0] - 1
    i = _slot(key, shift)
    while True:
        k = keys[i]
        if k == key:
            return i
        if k == -1:
            return -1
        i = (i + 1) & mask


@njit(cache=True)
def _insert(keys, vals, shift, key, val):
    mask = keys.shape[0] - 1
    i = _slot(key, shift)
    while keys[i] != -1:
        i = (i + 1) & mask
    keys[i] = key
    vals[i] = val


@njit(cache=True)
def _delete(keys, vals, shift, i):
    """Empty slot i and shift later entries of its probe run back (no tombstones)."""
    mask = keys.shape[0] - 1
    keys[i] = -1
    j = i
    while True:
        j = (j + 1) & mask
        if keys[j] == -1:
            return
        home = _slot(keys[j], shift)
        stays = (i < home <= j) if i <= j else (home > i or home <= j)
        if not stays:
            keys[i] = keys[j]
            vals[i] = vals[j]
            keys[j] = -1
            i = j


@njit(cache=True)
def _key(u, v, n, directed):
    if directed or u < v:
        return np.int64(u) * n + v
    return np.int64(v) * n + u


@njit(cache=True)
def has(keys, shift, n, directed, u, v):
    """Is the tie u->v (undirected: u-v) present."""
    return _find(keys, shift, _key(u, v, n, directed)) >= 0


@njit(cache=True)
def _drop_from(nb, deg, u, v):
    row = nb[u]
    d = deg[u]
    for p in range(d):
        if row[p] == v:
            row[p] = row[d - 1]
            deg[u] = d - 1
            return


@njit(cache=True)
def add_tie(keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, u, v):
    """Add the absent tie u->v; OVERFLOW (state unchanged) when a list is full."""
    n = onb.shape[0]
    cap = onb.shape[1]
    e = ecount[0]
    if e >= eu.shape[0]:
        return OVERFLOW
    if directed:
        if odeg[u] >= cap or ideg[v] >= cap:
            return OVERFLOW
    elif odeg[u] >= cap or odeg[v] >= cap:
        return OVERFLOW
    _insert(keys, vals, shift, _key(u, v, n, directed), e)
    eu[e] = u
    ev[e] = v
    ecount[0] = e + 1
    onb[u, odeg[u]] = v
    odeg[u] += 1
    if directed:
        inb[v, ideg[v]] = u
        ideg[v] += 1
    else:
        onb[v, odeg[v]] = u
        odeg[v] += 1
    return OK


@njit(cache=True)
def remove_tie(keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, u, v):
    """Remove the present tie u->v."""
    n = onb.shape[0]
    i = _find(keys, shift, _key(u, v, n, directed))
    e = vals[i]
    _delete(keys, vals, shift, i)
    last = ecount[0] - 1
    if e != last:
        eu[e] = eu[last]
        ev[e] = ev[last]
        vals[_find(keys, shift, _key(eu[e], ev[e], n, directed))] = e
    ecount[0] = last
    _drop_from(onb, odeg, u, v)
    if directed:
        _drop_from(inb, ideg, v, u)
    else:
        _drop_from(onb, odeg, v, u)


# ---------------------------------------------------------------- shared partners
@njit(cache=True)
def _sp(keys, shift, n, directed, onb, odeg, inb, ideg, kind, a, b):
    """Shared partners of the pair (a, b); ``kind`` is OTP/ITP/OSP/ISP on directed graphs.

    Undirected: |N(a) & N(b)|. OTP: #k a->k->b; ITP: #k b->k->a; OSP: #k a->k, b->k;
    ISP: #k k->a, k->b.
    """
    count = 0
    if not directed:
        x, y = a, b
        if odeg[b] < odeg[a]:
            x, y = b, a
        for p in range(odeg[x]):
            k = onb[x, p]
            if k != y and _find(keys, shift, _key(k, y, n, False)) >= 0:
                count += 1
        return count
    if kind == ITP:
        a, b = b, a
        kind = OTP
    if kind == OTP:  # k in out(a) with k->b
        for p in range(odeg[a]):
            k = onb[a, p]
            if k != b and _find(keys, shift, np.int64(k) * n + b) >= 0:
                count += 1
    elif kind == OSP:  # k in out(a) with b->k
        for p in range(odeg[a]):
            k = onb[a, p]
            if k != b and _find(keys, shift, np.int64(b) * n + k) >= 0:
                count += 1
    else:  # ISP: k in in(a) with k->b
        for p in range(ideg[a]):
            k = inb[a, p]
            if k != b and _find(keys, shift, np.int64(k) * n + b) >= 0:
                count += 1
    return count


@njit(cache=True)
def _binom(d, k):
    """C(d, k) as float (0 when k > d)."""
    if k < 0 or k > d:
        return 0.0
    out = 1.0
    for t in range(k):
        out = out * (d - t) / (t + 1)
    return out


@njit(cache=True)
def _lookup(ec_ptr, ec_idx, ec_val, t, u, v):
    lo = ec_ptr[t, u]
    hi = ec_ptr[t, u + 1]
    while lo < hi:
        mid = (lo + hi) // 2
        if ec_idx[mid] < v:
            lo = mid + 1
        else:
            hi = mid
    if lo < ec_ptr[t, u + 1] and ec_idx[lo] == v:
        return ec_val[lo]
    return 0.0


@njit(cache=True)
def _gwesp_change(keys, shift, n, directed, onb, odeg, inb, ideg, kind, alpha, i, j):
    """Change of gwesp(alpha) when i->j is added (edgewise shared partners of type kind)."""
    r = 1.0 - math.exp(-alpha)
    sp = _sp(keys, shift, n, directed, onb, odeg, inb, ideg, kind, i, j)
    total = math.exp(alpha) * (1.0 - r**sp)
    if not directed:
        x, y = i, j
        if odeg[j] < odeg[i]:
            x, y = j, i
        for p in range(odeg[x]):
            h = onb[x, p]
            if h != y and _find(keys, shift, _key(h, y, n, False)) >= 0:
                total += r ** _sp(keys, shift, n, False, onb, odeg, inb, ideg, 0, i, h)
                total += r ** _sp(keys, shift, n, False, onb, odeg, inb, ideg, 0, j, h)
        return total
    if kind == OTP:
        for p in range(odeg[j]):  # edge i->k with j->k gains partner j
            k = onb[j, p]
            if k != i and _find(keys, shift, np.int64(i) * n + k) >= 0:
                total += r ** _sp(keys, shift, n, True, onb, odeg, inb, ideg, OTP, i, k)
        for p in range(ideg[i]):  # edge h->j with h->i gains partner i
            h = inb[i, p]
            if h != j and _find(keys, shift, np.int64(h) * n + j) >= 0:
                total += r ** _sp(keys, shift, n, True, onb, odeg, inb, ideg, OTP, h, j)
    elif kind == ITP:
        for p in range(odeg[j]):  # a in out(j) & in(i): edges a->i and j->a
            a = onb[j, p]
            if a != i and _find(keys, shift, np.int64(a) * n + i) >= 0:
                total += r ** _sp(keys, shift, n, True, onb, odeg, inb, ideg, ITP, a, i)
                total += r ** _sp(keys, shift, n, True, onb, odeg, inb, ideg, ITP, j, a)
    elif kind == OSP:
        for p in range(odeg[i]):  # b in out(i) & in(j): edge i->b gains partner j
            b = onb[i, p]
            if b != j and _find(keys, shift, np.int64(b) * n + j) >= 0:
                total += r ** _sp(keys, shift, n, True, onb, odeg, inb, ideg, OSP, i, b)
        for p in range(ideg[i]):  # a in in(i) & in(j): edge a->i gains partner j
            a = inb[i, p]
            if a != j and _find(keys, shift, np.int64(a) * n + j) >= 0:
                total += r ** _sp(keys, shift, n, True, onb, odeg, inb, ideg, OSP, a, i)
    else:  # ISP
        for p in range(odeg[i]):
            b = onb[i, p]
            if b == j:
                continue
            if _find(keys, shift, np.int64(j) * n + b) >= 0:  # edge j->b gains partner i
                total += r ** _sp(keys, shift, n, True, onb, odeg, inb, ideg, ISP, j, b)
            if _find(keys, shift, np.int64(b) * n + j) >= 0:  # edge b->j gains partner i
                total += r ** _sp(keys, shift, n, True, onb, odeg, inb, ideg, ISP, b, j)
    return total


@njit(cache=True)
def _gwdsp_change(keys, shift, n, directed, onb, odeg, inb, ideg, alpha, i, j):
    """Change of gwdsp(alpha) (directed: OTP, ordered pairs) when i->j is added."""
    r = 1.0 - math.exp(-alpha)
    total = 0.0
    if not directed:
        for p in range(odeg[j]):
            k = onb[j, p]
            if k != i:
                total += r ** _sp(keys, shift, n, False, onb, odeg, inb, ideg, 0, i, k)
        for p in range(odeg[i]):
            k = onb[i, p]
            if k != j:
                total += r ** _sp(keys, shift, n, False, onb, odeg, inb, ideg, 0, j, k)
        return total
    for p in range(odeg[j]):  # pair (i, k), k in out(j), gains two-path i->j->k
        k = onb[j, p]
        if k != i:
            total += r ** _sp(keys, shift, n, True, onb, odeg, inb, ideg, OTP, i, k)
    for p in range(ideg[i]):  # pair (h, j), h in in(i), gains two-path h->i->j
        h = inb[i, p]
        if h != j:
            total += r ** _sp(keys, shift, n, True, onb, odeg, inb, ideg, OTP, h, j)
    return total


@njit(cache=True)
def change(
    keys, shift, onb, odeg, inb, ideg, directed, codes, ip, fp, ai, af, ec_ptr, ec_idx,
    ec_val, i, j, out
):  # fmt: skip
    """out[s] = change of statistic s when the absent tie i->j is added."""
    n = onb.shape[0]
    for s in range(codes.shape[0]):
        c = codes[s]
        v = 0.0
        if c == EDGES:
            v = 1.0
        elif c == MUTUAL:
            v = 1.0 if _find(keys, shift, np.int64(j) * n + i) >= 0 else 0.0
        elif c in (TRIANGLE, TTRIPLE, CTRIPLE):
            if not directed:
                v = _sp(keys, shift, n, False, onb, odeg, inb, ideg, 0, i, j)
            else:
                if c != CTRIPLE:  # i->j as i->b, b->j or a->b of a transitive triple
                    v += _sp(keys, shift, n, True, onb, odeg, inb, ideg, OSP, i, j)
                    v += _sp(keys, shift, n, True, onb, odeg, inb, ideg, ISP, i, j)
                    v += _sp(keys, shift, n, True, onb, odeg, inb, ideg, OTP, i, j)
                if c != TTRIPLE:  # cycles i->j->k->i
                    v += _sp(keys, shift, n, True, onb, odeg, inb, ideg, OTP, j, i)
        elif c == KSTAR:
            v = _binom(odeg[i], ip[s, 0] - 1) + _binom(odeg[j], ip[s, 0] - 1)
        elif c == ISTAR:
            v = _binom(ideg[j], ip[s, 0] - 1)
        elif c == OSTAR:
            v = _binom(odeg[i], ip[s, 0] - 1)
        elif c == DEGREE:
            d = ip[s, 0]
            v = ((odeg[i] + 1 == d) - (odeg[i] == d) + (odeg[j] + 1 == d) - (odeg[j] == d)) * 1.0
        elif c == IDEGREE:
            d = ip[s, 0]
            v = ((ideg[j] + 1 == d) - (ideg[j] == d)) * 1.0
        elif c == ODEGREE:
            d = ip[s, 0]
            v = ((odeg[i] + 1 == d) - (odeg[i] == d)) * 1.0
        elif c == ISOLATES:
            if directed:
                v = -1.0 * (odeg[i] + ideg[i] == 0) - 1.0 * (odeg[j] + ideg[j] == 0)
            else:
                v = -1.0 * (odeg[i] == 0) - 1.0 * (odeg[j] == 0)
        elif c == GWESP:
            v = _gwesp_change(
                keys, shift, n, directed, onb, odeg, inb, ideg, ip[s, 0], fp[s, 0], i, j
            )
        elif c == GWDSP:
            v = _gwdsp_change(keys, shift, n, directed, onb, odeg, inb, ideg, fp[s, 0], i, j)
        elif c == GWDEGREE:
            r = 1.0 - math.exp(-fp[s, 0])
            v = r ** odeg[i] + r ** odeg[j]
        elif c == GWIDEGREE:
            v = (1.0 - math.exp(-fp[s, 0])) ** ideg[j]
        elif c == GWODEGREE:
            v = (1.0 - math.exp(-fp[s, 0])) ** odeg[i]
        elif c == ALTKSTAR:
            lam = fp[s, 0]
            q = 1.0 - 1.0 / lam
            v = lam * (1.0 - q ** odeg[i]) + lam * (1.0 - q ** odeg[j])
        elif c == NODEMATCH:
            a = ai[ip[s, 0], i]
            if a >= 0 and a == ai[ip[s, 0], j] and (ip[s, 1] < 0 or a == ip[s, 1]):
                v = 1.0
        elif c == NODEFACTOR:
            v = 1.0 * (ai[ip[s, 0], i] == ip[s, 1]) + 1.0 * (ai[ip[s, 0], j] == ip[s, 1])
        elif c == NODEIFACTOR:
            v = 1.0 * (ai[ip[s, 0], j] == ip[s, 1])
        elif c == NODEOFACTOR:
            v = 1.0 * (ai[ip[s, 0], i] == ip[s, 1])
        elif c == NODECOV:
            v = af[ip[s, 0], i] + af[ip[s, 0], j]
        elif c == NODEICOV:
            v = af[ip[s, 0], j]
        elif c == NODEOCOV:
            v = af[ip[s, 0], i]
        elif c == ABSDIFF:
            v = abs(af[ip[s, 0], i] - af[ip[s, 0], j]) ** fp[s, 0]
        elif c == EDGECOV:
            v = _lookup(ec_ptr, ec_idx, ec_val, ip[s, 0], i, j)
        out[s] = v


# ---------------------------------------------------------------- building a state
@njit(cache=True)
def build_state(src, dst, keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed):
    """Fill an empty state with the ties src[e]->dst[e]; OVERFLOW when they do not fit."""
    for e in range(src.shape[0]):
        status = add_tie(
            keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, src[e], dst[e]
        )
        if status != OK:
            return status
    return OK


@njit(cache=True)
def statistics(
    src, dst, keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, codes, ip,
    fp, ai, af, ec_ptr, ec_idx, ec_val
):  # fmt: skip
    """Sum of change statistics while adding src[e]->dst[e] one by one to an empty state.

    The state must be empty; it ends holding the ties. Returns float64[p] (add the empty
    graph's statistics, e.g. n isolates, outside).
    """
    p = codes.shape[0]
    total = np.zeros(p)
    delta = np.zeros(p)
    for e in range(src.shape[0]):
        change(
            keys, shift, onb, odeg, inb, ideg, directed, codes, ip, fp, ai, af, ec_ptr, ec_idx,
            ec_val, src[e], dst[e], delta,
        )  # fmt: skip
        for s in range(p):
            total[s] += delta[s]
        add_tie(keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, src[e], dst[e])
    return total


@njit(cache=True)
def dyad_changes(
    du, dv, keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, codes, ip, fp,
    ai, af, ec_ptr, ec_idx, ec_val
):  # fmt: skip
    """Change statistics and states of the dyads du[k]->dv[k] (the MPLE design).

    Returns (float64[K, p] changes with the rest of the graph as it is, uint8[K] tie present).
    The state is left as it was.
    """
    p = codes.shape[0]
    k_n = du.shape[0]
    x = np.zeros((k_n, p))
    y = np.zeros(k_n, dtype=np.uint8)
    delta = np.zeros(p)
    n = onb.shape[0]
    for k in range(k_n):
        u = du[k]
        v = dv[k]
        present = _find(keys, shift, _key(u, v, n, directed)) >= 0
        if present:
            remove_tie(keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, u, v)
        change(
            keys, shift, onb, odeg, inb, ideg, directed, codes, ip, fp, ai, af, ec_ptr, ec_idx,
            ec_val, u, v, delta,
        )  # fmt: skip
        for s in range(p):
            x[k, s] = delta[s]
        if present:
            y[k] = 1
            add_tie(keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, u, v)
    return x, y


# ---------------------------------------------------------------- the sampler
@njit(cache=True)
def _chain(
    keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, codes, ip, fp, ai, af,
    ec_ptr, ec_idx, ec_val, theta, stats, free_u, free_v, burnin, interval, n_samples, rng,
    out_stats, out_ties
):  # fmt: skip
    """One chain. ``free_u`` empty: tie/no-tie proposal over all dyads (statnet's TNT);
    otherwise a uniform toggle of one of the free dyads ``free_u[k]->free_v[k]``.

    ``stats`` (float64[p]) holds the current statistics and is updated in place. Writes the
    statistics and tie count after every ``interval`` steps following ``burnin`` steps.
    Returns OK, or OVERFLOW when the graph outgrew its lists (a runaway, degenerate chain).
    """
    n = onb.shape[0]
    p = codes.shape[0]
    n_dyads = n * (n - 1) if directed else n * (n - 1) // 2
    nd = float(n_dyads)
    delta = np.zeros(p)
    n_free = free_u.shape[0]
    total_steps = burnin + interval * n_samples
    sample = 0
    for step in range(total_steps):
        e = ecount[0]
        if n_free > 0:
            k = _below(rng, n_free)
            u = free_u[k]
            v = free_v[k]
            present = _find(keys, shift, _key(u, v, n, directed)) >= 0
            log_q = 0.0
        else:
            if e > 0 and _uniform(rng) < 0.5:
                k = _below(rng, e)
                u = eu[k]
                v = ev[k]
                present = True
            else:
                u = _below(rng, n)
                v = _below(rng, n - 1)
                if v >= u:
                    v += 1
                if not directed and v < u:
                    u, v = v, u
                present = _find(keys, shift, _key(u, v, n, directed)) >= 0
            # proposal ratio q(y'->y) / q(y->y') of the tie/no-tie proposal
            if present:
                log_q = -math.log(0.5 * nd + 0.5) if e == 1 else math.log(e / (nd + e))
            else:
                log_q = math.log(0.5 * nd + 0.5) if e == 0 else math.log(1.0 + nd / (e + 1))
        if present:
            remove_tie(keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, u, v)
        change(
            keys, shift, onb, odeg, inb, ideg, directed, codes, ip, fp, ai, af, ec_ptr, ec_idx,
            ec_val, u, v, delta,
        )  # fmt: skip
        dot = 0.0
        for s in range(p):
            if delta[s] != 0.0:
                dot += theta[s] * delta[s]
        if present:
            dot = -dot
        log_a = log_q + dot
        accept = log_a >= 0.0 or _uniform(rng) < math.exp(log_a)
        if present == accept:  # the tie ends absent
            if present:
                for s in range(p):
                    stats[s] -= delta[s]
        else:
            status = add_tie(
                keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, u, v
            )
            if status != OK:
                return status
            if not present:
                for s in range(p):
                    stats[s] += delta[s]
        if step >= burnin and (step - burnin + 1) % interval == 0:
            for s in range(p):
                out_stats[sample, s] = stats[s]
            out_ties[sample] = ecount[0]
            sample += 1
    return OK


@njit(cache=True, parallel=True)
def run_chains(
    keys, vals, shift, eu, ev, ecount, onb, odeg, inb, ideg, directed, codes, ip, fp, ai, af,
    ec_ptr, ec_idx, ec_val, theta, stats, free_u, free_v, burnin, interval, n_samples, rngs,
    out_stats, out_ties, status
):  # fmt: skip
    """Run one chain per leading index of the state arrays, in parallel.

    State arrays carry a leading chain axis; ``stats[c]``, ``rngs[c]`` (uint64[1]),
    ``out_stats[c]`` (float64[n_samples, p]), ``out_ties[c]`` and ``status[c]`` likewise.
    """
    for c in prange(keys.shape[0]):
        status[c] = _chain(
            keys[c], vals[c], shift, eu[c], ev[c], ecount[c], onb[c], odeg[c], inb[c], ideg[c],
            directed, codes, ip, fp, ai, af, ec_ptr, ec_idx, ec_val, theta, stats[c], free_u,
            free_v, burnin, interval, n_samples, rngs[c], out_stats[c], out_ties[c],
        )  # fmt: skip


@njit(cache=True)
def ties_of(eu, ev, ecount):
    """The current ties as (src, dst) int64 arrays."""
    e = ecount[0]
    return eu[:e].astype(np.int64), ev[:e].astype(np.int64)
