"""Betweenness within an additive error with a stated confidence (KADABRA, unweighted).

Borassi & Natale (2016): sample ordered pairs (s, t) uniformly, draw one shortest s -> t
path uniformly at random and count the nodes inside it; after tau samples count/tau
estimates b_v / (n(n-1)). The run stops as soon as, for every node v, the bounds
f(b~, delta_L, omega, tau) and g(b~, delta_U, omega, tau) of their Theorem are at most
epsilon, or at omega = (c/eps^2)(floor(log2(VD - 2)) + 1 + ln(2/delta)) samples, the
Riondato-Kornaropoulos bound that holds whatever happened before. Here the per-node
failure probabilities are split evenly, delta_L(v) = delta_U(v) = delta / (4n) (their
allocation of delta/2 over the nodes, without the first-phase tuning), and the vertex
diameter VD is bounded by n (a directed graph's bound needs all searches): both are
conservative, so the guarantee holds and the run may take more samples than KADABRA's.
"""

from __future__ import annotations

import math

import numpy as np

from relnet.kernels import kadabra as kernels
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


def omega_bound(n: int, epsilon: float, delta: float) -> int:
    """Samples after which the (epsilon, delta) guarantee holds regardless (VD <= n)."""
    vd = max(n, 3)
    return int(
        math.ceil(C / epsilon**2 * (math.floor(math.log2(vd - 2)) + 1 + math.log(2 / delta)))
    )


def kadabra_fraction(
    graph: Network, epsilon: float, delta: float, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    """Estimates of b_v / (n(n-1)), each within ``epsilon`` with probability >= 1 - delta
    jointly, and the number of pairs sampled."""
    n = graph.n
    omega = omega_bound(n, epsilon, delta)
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
        step = max(step, tau // 2)  # geometric growth: few checks
    return counts / tau, tau
