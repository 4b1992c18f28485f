"""Label permutations for the E-I index test."""

import numpy as np
from numba import njit, prange


@njit(cache=True, parallel=True)
def permuted_internal(codes, src, dst, seeds, n_chunks):
    """Internal-arc counts under random relabellings (int64[len(seeds)]).

    For each seed t, shuffles ``codes`` (int16 or int64 [n], group code per position) by
    Fisher-Yates with numba's generator seeded by ``seeds[t]``, then counts arcs
    (``src[e]``, ``dst[e]``, int64) whose ends share a code. Each permutation depends only on
    its seed, not on the threads.
    """
    n = codes.shape[0]
    k = seeds.shape[0]
    out = np.zeros(k, dtype=np.int64)
    work = np.empty((n_chunks, n), dtype=codes.dtype)  # small codes: cache-resident
    for c in prange(n_chunks):
        perm = work[c]
        for t in range(c, k, n_chunks):
            np.random.seed(seeds[t])  # noqa: NPY002 -- numba seeds its per-thread generator
            for i in range(n):
                perm[i] = codes[i]
            for i in range(n - 1, 0, -1):
                j = np.random.randint(0, i + 1)  # noqa: NPY002
                tmp = perm[i]
                perm[i] = perm[j]
                perm[j] = tmp
            count = 0
            for e in range(src.shape[0]):
                if perm[src[e]] == perm[dst[e]]:
                    count += 1
            out[t] = count
    return out
