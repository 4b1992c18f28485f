"""Simulated spread over one CSR adjacency: linear threshold and independent cascade.

The adjacency (``indptr`` int64, ``indices`` int32/int64) lists, for each person, the people
they influence. Runs are independent; run ``r`` draws every random number from its own
64-bit seed ``run_seeds[r]`` with a counter-based generator (the splitmix64 finaliser of the
seed and a key: the arc position for a cascade coin, the person for a random threshold), so a
run's outcome depends on neither the chunk that runs it nor the order of the work inside it.
"""

import numpy as np
from numba import njit, prange

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_STREAM = np.uint64(0xD1B54A32D192ED03)


@njit(cache=True, inline="always")
def _mix(z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@njit(cache=True, inline="always")
def uniform(seed, key):
    """Uniform [0, 1) from a uint64 ``seed`` and an int64 ``key`` >= 0."""
    z = seed + (np.uint64(key) + np.uint64(1)) * _GOLDEN
    return np.float64(_mix(z) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True, parallel=True)
def simulate(
    model,
    indptr,
    indices,
    n_influencers,
    need,
    random_thresholds,
    p,
    seeds,
    steps,
    run_seeds,
    n_chunks,
):
    """Many runs of a spread from ``seeds`` (int64, distinct positions), ``steps`` steps each.

    ``model`` 0, linear threshold: a person adopts at step t + 1 once the number of their
    contacts adopted by step t reaches ``need`` (int32[n], at least 1: the caller turns a
    threshold share into the smallest count that reaches it) or, when
    ``random_thresholds``, once that number over ``n_influencers`` (int32[n]) reaches a
    uniform draw per person and run. ``model`` 1, independent cascade: each person who adopts
    at step t gets one chance, with probability ``p``, to make each person they influence
    adopt at step t + 1.

    The threshold model keeps one int32 state per person and chunk (count of adopted
    contacts; -1 once adopted), so an arc costs one read of the state and one of ``need``;
    the cascade keeps a bitset of adopters (1 bit a person).

    Returns (adopters int64[runs, steps + 1]: people adopted by the end of each step, step 0
    being the seeds; adopted int64[n]: in how many runs each person adopted; first float64[n]:
    sum over those runs of the step they adopted in).
    """
    n = indptr.shape[0] - 1
    n_runs = run_seeds.shape[0]
    n_seeds = seeds.shape[0]
    curve = np.zeros((n_runs, steps + 1), dtype=np.int64)
    adopted_sum = np.zeros((n_chunks, n), dtype=np.int32)
    step_sum = np.zeros((n_chunks, n), dtype=np.float64)
    state = np.zeros((n_chunks, n if model == 0 else 1), dtype=np.int32)
    # cascade: adopted flags as a bitset (n / 8 bytes stays in cache where n int32 would not)
    flags = np.zeros((n_chunks, (n + 63) // 64 if model == 1 else 1), dtype=np.uint64)
    step_of = np.zeros((n_chunks, n), dtype=np.int32)
    order = np.empty((n_chunks, n), dtype=np.int64)  # adopters in order of adoption
    touched = np.empty((n_chunks, n), dtype=np.int64)  # people with a count > 0
    for c in prange(n_chunks):
        st = state[c]
        bits = flags[c]
        at = step_of[c]
        seq = order[c]
        tch = touched[c]
        for r in range(c, n_runs, n_chunks):
            seed = run_seeds[r]
            tseed = _mix(seed ^ _STREAM)
            n_adopted = 0
            n_touched = 0
            for a in range(n_seeds):
                if model == 1:
                    bits[seeds[a] >> 6] |= np.uint64(1) << np.uint64(seeds[a] & 63)
                else:
                    st[seeds[a]] = -1
                at[seeds[a]] = 0
                seq[n_adopted] = seeds[a]
                n_adopted += 1
            curve[r, 0] = n_adopted
            start = 0
            for step in range(1, steps + 1):
                end = n_adopted
                for a in range(start, end):
                    x = seq[a]
                    if model == 1:
                        for q in range(indptr[x], indptr[x + 1]):
                            y = indices[q]
                            word = y >> 6
                            bit = np.uint64(1) << np.uint64(y & 63)
                            if bits[word] & bit:
                                continue
                            if uniform(seed, q) < p:
                                bits[word] |= bit
                                at[y] = step
                                seq[n_adopted] = y
                                n_adopted += 1
                        continue
                    for q in range(indptr[x], indptr[x + 1]):
                        y = indices[q]
                        count = st[y]
                        if count < 0:
                            continue
                        if count == 0:
                            tch[n_touched] = y
                            n_touched += 1
                        count += 1
                        if random_thresholds:
                            go = count / n_influencers[y] >= uniform(tseed, y)
                        else:
                            go = count >= need[y]
                        if go:
                            st[y] = -1
                            at[y] = step
                            seq[n_adopted] = y
                            n_adopted += 1
                        else:
                            st[y] = count
                start = end
                curve[r, step] = n_adopted
            for a in range(n_adopted):
                x = seq[a]
                adopted_sum[c, x] += 1
                step_sum[c, x] += at[x]
                if model == 1:
                    bits[x >> 6] = np.uint64(0)
                else:
                    st[x] = 0
            for a in range(n_touched):
                st[tch[a]] = 0
    adopted = np.zeros(n, dtype=np.int64)
    first = np.zeros(n, dtype=np.float64)
    for c in range(n_chunks):
        for x in range(n):
            adopted[x] += adopted_sum[c, x]
            first[x] += step_sum[c, x]
    return curve, adopted, first
