"""Core numbers by level-synchronous peeling over CSR arrays.

Batagelj-Zaversnik order (peel every node of the lowest remaining degree, lowering its
neighbours' degrees) done level by level, as in the PKC variant of Kabir & Madduri (2017): one
sequential scan per core level finds the nodes whose degree has reached the level, and a queue
peels them. It keeps only the degree array in random access (no bucket swaps), which suits
large sparse graphs. O(n * levels + m).
"""

import numpy as np
from numba import njit


@njit(cache=True)
def core_numbers(indptr, indices, t_indptr, t_indices, mode):
    """Core number per position (int64[n]).

    ``mode`` 0 = in (in-degree cores: peeling v lowers its out-neighbours' in-degrees),
    1 = out (out-degree cores: peeling v lowers its in-neighbours' out-degrees),
    2 = all (total degree in + out; a mutual pair counts twice, as sna ``cmode="freeman"``).
    """
    n = indptr.shape[0] - 1
    deg = np.zeros(n, dtype=np.int64)
    for v in range(n):
        if mode != 1:
            deg[v] += t_indptr[v + 1] - t_indptr[v]
        if mode != 0:
            deg[v] += indptr[v + 1] - indptr[v]
    use_out = mode != 1
    use_in = mode != 0
    queue = np.empty(n, dtype=np.int64)
    done = 0  # nodes peeled so far; queue[:done] holds them
    level = 0
    while done < n:
        # every remaining node has degree >= level; find those at exactly level
        head = done
        next_level = -1
        for v in range(n):
            d = deg[v]
            if d == level:
                queue[done] = v
                done += 1
            elif d > level and (next_level < 0 or d < next_level):
                next_level = d
        if head == done:
            # nobody at this level (and nothing was peeled since the scan): jump up
            level = next_level
            continue
        while head < done:
            v = queue[head]
            head += 1
            if use_out:
                for p in range(indptr[v], indptr[v + 1]):
                    u = indices[p]
                    if deg[u] > level:
                        deg[u] -= 1
                        if deg[u] == level:
                            queue[done] = u
                            done += 1
            if use_in:
                for p in range(t_indptr[v], t_indptr[v + 1]):
                    u = t_indices[p]
                    if deg[u] > level:
                        deg[u] -= 1
                        if deg[u] == level:
                            queue[done] = u
                            done += 1
        level += 1
    return deg
