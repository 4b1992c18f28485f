"""Betweenness within an additive error with a stated confidence (KADABRA, unweighted).

Borassi & Natale (2016): sample ordered pairs (s, t) uniformly, draw one shortest s -> t
path uniformly at random and count the nodes inside it; after tau samples count/tau
estimates b_v / (n(n-1)). The run stops as soon as, for every node v, the bounds
f(b~, delta_L, omega, tau) and g(b~, delta_U, omega, tau) of their Theorem are at most
epsilon, or at omega = (c/eps^2)(floor(log2(VD - 2)) + 1 + ln(2/delta)) samples, the
Riondato-Kornaropoulos bound that holds whatever happened before. Here the per-node
failure probabilities are split evenly, delta_L(v) = delta_U(v) = delta / (4n) (their
allocation of delta/2 over the nodes, without the first-phase tuning), and the vertex
diameter VD is bounded by twice an eccentricity on symmetric graphs and by n on directed ones
(a tighter directed bound needs all searches): both are conservative, so the guarantee holds
and the run may take more samples than KADABRA's.
"""

from __future__ import annotations

import math

import numpy as np

from relnet.kernels import kadabra as kernels
from relnet.kernels import paths as path_kernels
from relnet.network import Network
from relnet.threads import kernel_chunks

#: Constant of the VC-dimension sample bound (Loffler & Phillips, as KADABRA).
C = 0.5


def _f(b, log_l, omega, tau):
    a = 1.0 / 3.0 - omega / tau
    return log_l / tau * (a + np.sqrt(a * a + 2.0 * b * omega / log_l))


def _g(b, log_u, omega, tau):
    a = 1.0 / 3.0 + omega / tau
    return log_u / tau * (a + np.sqrt(a * a + 2.0 * b * omega / log_u))


def vertex_diameter_bound(graph: Network) -> int:
    """An upper bound on the number of nodes of any shortest path.

    On a symmetric graph (every tie both ways) one BFS per component from any node x gives
    d(u, v) <= d(u, x) + d(x, v) <= 2 ecc(x), so at most 2 ecc(x) + 1 nodes; on a directed
    graph n (a tighter bound needs a search from every node).
    """
    n = graph.n
    symmetric = np.array_equal(graph.indptr, graph.t_indptr) and np.array_equal(
        graph.indices, graph.t_indices
    )
    if not symmetric:
        return n
    dist = np.full(n, -1.0)
    order = np.empty(n, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    bound = 1
    for x in np.flatnonzero(np.diff(graph.indptr) > 0):
        if seen[x]:
            continue
        count = path_kernels.bfs_order(graph.indptr, graph.indices, int(x), dist, order)
        reached = order[:count]
        bound = max(bound, 2 * int(dist[reached].max()) + 1)
        seen[reached] = True
        dist[reached] = -1.0
    return bound


def omega_bound(n: int, epsilon: float, delta: float, vd: int | None = None) -> int:
    """Samples after which the (epsilon, delta) guarantee holds regardless (VD <= vd)."""
    vd = max(n if vd is None else vd, 3)
    return int(
        math.ceil(C / epsilon**2 * (math.floor(math.log2(vd - 2)) + 1 + math.log(2 / delta)))
    )


def kadabra_fraction(
    graph: Network, epsilon: float, delta: float, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    """Estimates of b_v / (n(n-1)), each within ``epsilon`` with probability >= 1 - delta
    jointly, and the number of pairs sampled."""
    n = graph.n
    omega = omega_bound(n, epsilon, delta, vertex_diameter_bound(graph))
    log_bound = math.log(4 * n / delta)  # log(1 / delta_L(v)) = log(1 / delta_U(v))
    counts = np.zeros(n)
    tau = 0
    step = max(256, int(math.sqrt(omega)))
    while tau < omega:
        size = min(step, omega - tau)
        s = rng.integers(0, n, size, dtype=np.int64)
        t = rng.integers(0, n - 1, size, dtype=np.int64)
        t += t >= s  # uniform over t != s
        seeds = rng.integers(0, 2**31 - 1, size, dtype=np.int64)
        with kernel_chunks(graph.m * size) as chunks:
            counts += kernels.path_counts(
                graph.indptr, graph.indices, graph.t_indptr, graph.t_indices, s, t, seeds, chunks
            )
        tau += size
        b = counts / tau
        if tau < omega and (
            np.max(_f(b, log_bound, omega, tau)) <= epsilon
            and np.max(_g(b, log_bound, omega, tau)) <= epsilon
        ):
            break
        step = max(step, tau // 10)  # checks every ~10%: stops at most ~10% late
    return counts / tau, tau
