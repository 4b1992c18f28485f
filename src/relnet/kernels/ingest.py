"""Ingestion kernels: repeated nominations and respondents in O(m + n), no comparison sort."""

import numpy as np
from numba import njit

SHORT_RUN = 48  # a respondent's nominations up to this many are compared pairwise


@njit(cache=True)
def _combine(f, e, weights, counts, how):
    if how == 0:
        if weights[e] > weights[f]:
            weights[f] = weights[e]
    elif how == 1:
        weights[f] += weights[e]
        counts[f] += 1
    elif how == 2:
        weights[f] += weights[e]


@njit(cache=True)
def _pairwise(buf, count, e, rel, wave, dst, weights, counts, how):
    """Compare row e with the earlier rows buf[:count] of its run; True when it repeats one."""
    for b in range(count):
        f = buf[b]
        if dst[f] == dst[e] and rel[f] == rel[e] and wave[f] == wave[e]:
            _combine(f, e, weights, counts, how)
            return True
    return False


@njit(cache=True)
def _stamped(e, s, rel, wave, dst, n, n_waves, stamp, first, weights, counts, how):
    """Stamp check for row e of respondent s's long run; True when it repeats one."""
    k = (rel[e] * n_waves + wave[e]) * n + dst[e]
    if stamp[k] == s:
        _combine(first[k], e, weights, counts, how)
        return True
    stamp[k] = s
    first[k] = e
    return False


@njit(cache=True)
def mark_repeats(src, rel, wave, dst, problem, n, n_relations, n_waves, weights, how, code):
    """Mark nominations that repeat an earlier one (same src, rel, wave, dst).

    ``src``, ``dst`` are positions in [0, n) (int32 or int64), ``rel`` in [0, n_relations),
    ``wave`` in [0, n_waves) (int32). Rows with ``problem`` (int8) 0 are considered; each
    repeat gets ``problem[e] = code``. ``weights`` (float64) is updated in place: the first
    occurrence of each group gets the combined weight (``how`` 0 max, 1 mean, 2 sum,
    3 first). Rows are visited grouped by ``src`` in input order: as they come when ``src``
    is non-decreasing (survey exports usually are), else through a stable counting sort.
    A respondent's first ``SHORT_RUN`` nominations are compared pairwise; past that, a stamp
    per (rel, wave, dst) remembers which respondent saw it last. Preconditions: n, m < 2**31.
    Returns the number of repeats.
    """
    m = src.shape[0]
    counts = np.ones(m if how == 1 else 0, dtype=np.int32)
    is_sorted = True
    last = -1
    n_valid = 0
    for e in range(m):
        if problem[e] == 0:
            n_valid += 1
            if src[e] < last:
                is_sorted = False
            last = src[e]
    if is_sorted:
        order = np.empty(0, dtype=np.int32)
    else:
        order = np.empty(n_valid, dtype=np.int32)
        indptr = np.zeros(n + 1, dtype=np.int64)
        for e in range(m):
            if problem[e] == 0:
                indptr[src[e] + 1] += 1
        for u in range(n):
            indptr[u + 1] += indptr[u]
        for e in range(m):
            if problem[e] == 0:
                s = src[e]
                order[indptr[s]] = e
                indptr[s] += 1
    stamp = np.empty(0, dtype=np.int32)
    first = np.empty(0, dtype=np.int32)
    buf = np.empty(SHORT_RUN, dtype=np.int64)
    count = 0  # kept (non-repeat) rows of the current run, while it is short
    current = -1
    stamping = False
    repeats = 0
    limit = m if is_sorted else n_valid
    for p in range(limit):
        e = p if is_sorted else order[p]
        if problem[e] != 0:
            continue
        s = src[e]
        if s != current:
            current = s
            count = 0
            stamping = False
        if stamping:
            hit = _stamped(e, s, rel, wave, dst, n, n_waves, stamp, first, weights, counts, how)
        else:
            hit = _pairwise(buf, count, e, rel, wave, dst, weights, counts, how)
            if not hit:
                if count < SHORT_RUN:
                    buf[count] = e
                    count += 1
                else:
                    # a long run: move its rows so far to the stamps
                    if stamp.shape[0] == 0:
                        stamp = np.full(n_relations * n_waves * n, -1, dtype=np.int32)
                        first = np.zeros(n_relations * n_waves * n, dtype=np.int32)
                    for b in range(count):
                        _stamped(buf[b], s, rel, wave, dst, n, n_waves, stamp, first,
                                 weights, counts, how)  # fmt: skip
                    _stamped(e, s, rel, wave, dst, n, n_waves, stamp, first, weights, counts, how)
                    stamping = True
        if hit:
            problem[e] = code
            repeats += 1
    if how == 1:
        for e in range(m):
            if counts[e] > 1:
                weights[e] /= counts[e]
    return repeats


@njit(cache=True)
def keep_rows(problem, src, dst, rel, wave, weights):
    """Move the rows with ``problem == 0`` to the front of each array, in order (in place).

    Returns their number k; the kept rows are then ``src[:k]``, ``dst[:k]`` and so on.
    """
    k = 0
    for e in range(problem.shape[0]):
        if problem[e] == 0:
            src[k] = src[e]
            dst[k] = dst[e]
            rel[k] = rel[e]
            wave[k] = wave[e]
            weights[k] = weights[e]
            k += 1
    return k


@njit(cache=True)
def respondent_marks(src, wave, n, n_waves):
    """Who appears as a respondent: overall (bool[n]) and by wave (bool[n_waves, n]).

    ``src`` holds positions (negative = unresolved, skipped), ``wave`` codes in [0, n_waves).
    """
    appears = np.zeros(n, dtype=np.bool_)
    by_wave = np.zeros((n_waves, n), dtype=np.bool_)
    for e in range(src.shape[0]):
        s = src[e]
        if s >= 0:
            appears[s] = True
            by_wave[wave[e], s] = True
    return appears, by_wave


@njit(cache=True)
def lookup_dense(values, lo, lut):
    """Positions of integer ids through a dense table: ``lut[v - lo]``, -1 outside it.

    ``values`` int64[m], ``lut`` int64[k] (-1 for ids not present). Returns int64[m].
    """
    m = values.shape[0]
    k = lut.shape[0]
    out = np.empty(m, dtype=np.int64)
    for i in range(m):
        j = values[i] - lo
        out[i] = lut[j] if 0 <= j < k else -1
    return out


@njit(cache=True)
def parse_digits(offsets, data, valid):
    """Canonical decimal integers written as UTF-8 text: ``"7"``, ``"120"``, never ``"007"``.

    ``offsets`` int64[m+1] and ``data`` uint8 hold m strings (arrow's layout), ``valid``
    bool[m]. Returns int64[m]: the number, or -1 where the text is blank, invalid, longer
    than 18 digits, has a sign, a leading zero (other than ``"0"``) or any other character.
    """
    m = offsets.shape[0] - 1
    out = np.full(m, -1, dtype=np.int64)
    for i in range(m):
        if not valid[i]:
            continue
        a = offsets[i]
        b = offsets[i + 1]
        if b == a or b - a > 18 or (data[a] == 48 and b - a > 1):
            continue
        v = 0
        good = True
        for p in range(a, b):
            c = data[p]
            if c < 48 or c > 57:
                good = False
                break
            v = v * 10 + (c - 48)
        if good:
            out[i] = v
    return out


@njit(cache=True)
def lookup_digits(offsets, data, valid, lo, lut):
    """Positions of text ids that are canonical integers, through a dense table.

    As :func:`parse_digits` then :func:`lookup_dense` in one pass: ``lut[v - lo]`` for the
    number ``v`` a string writes plainly, -1 for any other text or an id not in the table.
    """
    m = offsets.shape[0] - 1
    k = lut.shape[0]
    out = np.full(m, -1, dtype=np.int64)
    for i in range(m):
        if not valid[i]:
            continue
        a = offsets[i]
        b = offsets[i + 1]
        if b == a or b - a > 18 or (data[a] == 48 and b - a > 1):
            continue
        v = 0
        good = True
        for p in range(a, b):
            c = data[p]
            if c < 48 or c > 57:
                good = False
                break
            v = v * 10 + (c - 48)
        j = v - lo
        if good and 0 <= j < k:
            out[i] = lut[j]
    return out


_FNV_PRIME = np.uint64(0x100000001B3)
_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)


@njit(cache=True)
def _mix(z):
    """splitmix64's finaliser: every input bit moves the low (slot) bits."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@njit(cache=True)
def _words(data, a0, a1):
    """A byte string's first 16 bytes as two little-endian words, and its hash."""
    n = a1 - a0
    w0 = np.uint64(0)
    w1 = np.uint64(0)
    for k in range(min(n, 8)):
        w0 |= np.uint64(data[a0 + k]) << np.uint64(8 * k)
    for k in range(8, min(n, 16)):
        w1 |= np.uint64(data[a0 + k]) << np.uint64(8 * (k - 8))
    h = _mix(w0 ^ _mix(w1 ^ np.uint64(n)))
    for k in range(a0 + 16, a1):  # longer strings: the rest folded in FNV-1a style
        h = (h ^ np.uint64(data[k])) * _FNV_PRIME
    return w0, w1, _mix(h)


@njit(cache=True)
def _same_tail(a, a0, b, b0, n):
    """Bytes past the first 16 of two strings of length n are equal."""
    for k in range(16, n):  # noqa: SIM110  (no generators in numba)
        if a[a0 + k] != b[b0 + k]:
            return False
    return True


@njit(cache=True)
def text_table(offsets, data):
    """Open-addressing hash table of byte strings, for :func:`lookup_text`.

    Key ``i`` is ``data[offsets[i]:offsets[i + 1]]`` (UTF-8 bytes, as in an arrow string
    array; ``offsets`` int64, ``data`` uint8). Each slot (uint64[4]) holds the key number
    (all ones when empty), its length and its first 16 bytes, so a lookup of a key up to 16
    bytes long touches one slot and no key bytes. Power-of-two size of at least twice the
    key count, linear probing; a repeated key keeps its first number.
    """
    n = offsets.shape[0] - 1
    size = 16
    while size < 2 * n:
        size *= 2
    table = np.zeros((size, 4), dtype=np.uint64)
    table[:, 0] = _EMPTY
    mask = np.uint64(size - 1)
    for i in range(n):
        a0 = offsets[i]
        length = offsets[i + 1] - a0
        w0, w1, h = _words(data, a0, offsets[i + 1])
        j = np.int64(h & mask)
        while True:
            if table[j, 0] == _EMPTY:
                table[j, 0] = np.uint64(i)
                table[j, 1] = np.uint64(length)
                table[j, 2] = w0
                table[j, 3] = w1
                break
            if table[j, 1] == np.uint64(length) and table[j, 2] == w0 and table[j, 3] == w1:
                s = np.int64(table[j, 0])
                if length <= 16 or _same_tail(data, offsets[s], data, a0, length):
                    break
            j = (j + 1) & (size - 1)
    return table


@njit(cache=True)
def lookup_text(table, offsets, data, positions, q_offsets, q_data, q_valid):
    """Positions of query byte strings among the keys of :func:`text_table` (-1 when absent).

    ``positions[i]`` (int64) is what key ``i`` stands for; queries are ``q_data[q_offsets[k]:
    q_offsets[k + 1]]`` where ``q_valid[k]`` (bool), else -1. Returns int64[m].
    """
    m = q_offsets.shape[0] - 1
    out = np.full(m, -1, dtype=np.int64)
    size = table.shape[0]
    mask = np.uint64(size - 1)
    for k in range(m):
        if not q_valid[k]:
            continue
        a0 = q_offsets[k]
        length = q_offsets[k + 1] - a0
        w0, w1, h = _words(q_data, a0, q_offsets[k + 1])
        j = np.int64(h & mask)
        while table[j, 0] != _EMPTY:
            if table[j, 1] == np.uint64(length) and table[j, 2] == w0 and table[j, 3] == w1:
                s = np.int64(table[j, 0])
                if length <= 16 or _same_tail(data, offsets[s], q_data, a0, length):
                    out[k] = positions[s]
                    break
            j = (j + 1) & (size - 1)
    return out
