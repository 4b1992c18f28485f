"""Graph states, statistics, MPLE designs and MCMC runs: the bridge to the numba kernels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from relnet.inference.ergm.terms import Model
from relnet.kernels import ergm as kern
from relnet.threads import kernel_chunks

#: graphs up to this many people get neighbour lists of full length (no overflow possible)
FULL_LISTS_UP_TO = 1000


def n_dyads(n: int, directed: bool) -> int:
    return n * (n - 1) if directed else n * (n - 1) // 2


@dataclass
class Limits:
    """Sizes of a state: tie capacity and neighbour-list length."""

    max_ties: int
    cap: int

    @classmethod
    def for_graph(cls, n: int, directed: bool, src: np.ndarray, scale: int = 1) -> Limits:
        d = n_dyads(n, directed)
        m = len(src)
        max_ties = d if d <= 500_000 else min(d, scale * max(20 * m, 100_000))
        if n <= FULL_LISTS_UP_TO:
            cap = max(n - 1, 1)
        else:
            deg = np.bincount(src, minlength=n).max() if m else 0
            cap = min(n - 1, scale * max(128, 8 * int(deg) + 32))
        return cls(int(max_ties), int(cap))

    def bigger(self, n: int, directed: bool) -> Limits | None:
        d = n_dyads(n, directed)
        if self.max_ties >= d and self.cap >= n - 1:
            return None
        return Limits(min(d, 4 * self.max_ties), min(n - 1, 4 * self.cap))


class States:
    """``chains`` independent graph states of ``n`` people (arrays with a leading chain axis)."""

    def __init__(self, n: int, directed: bool, limits: Limits, chains: int) -> None:
        bits = max(4, int(np.ceil(np.log2(2 * limits.max_ties + 1))))
        size = 1 << bits
        self.n = n
        self.directed = directed
        self.limits = limits
        self.shift = 64 - bits
        self.keys = np.full((chains, size), -1, dtype=np.int64)
        self.vals = np.zeros((chains, size), dtype=np.int32)
        self.eu = np.zeros((chains, limits.max_ties), dtype=np.int32)
        self.ev = np.zeros((chains, limits.max_ties), dtype=np.int32)
        self.ecount = np.zeros((chains, 1), dtype=np.int64)
        self.onb = np.zeros((chains, n, limits.cap), dtype=np.int32)
        self.odeg = np.zeros((chains, n), dtype=np.int32)
        in_n = n if directed else 1
        self.inb = np.zeros((chains, in_n, limits.cap if directed else 1), dtype=np.int32)
        self.ideg = np.zeros((chains, n), dtype=np.int32)

    def chain(self, c: int) -> tuple:
        return (
            self.keys[c], self.vals[c], self.shift, self.eu[c], self.ev[c], self.ecount[c],
            self.onb[c], self.odeg[c], self.inb[c], self.ideg[c], self.directed,
        )  # fmt: skip

    def fill(self, src: np.ndarray, dst: np.ndarray) -> bool:
        for c in range(self.keys.shape[0]):
            k = self.chain(c)
            if kern.build_state(src, dst, *k) != kern.OK:
                return False
        return True

    def ties(self, c: int = 0) -> tuple[np.ndarray, np.ndarray]:
        return kern.ties_of(self.eu[c], self.ev[c], self.ecount[c])


def new_states(n: int, directed: bool, src: np.ndarray, dst: np.ndarray, chains: int) -> States:
    limits = Limits.for_graph(n, directed, src)
    while True:
        states = States(n, directed, limits, chains)
        if states.fill(src, dst):
            return states
        limits = limits.bigger(n, directed)


def statistics(
    model: Model, n: int, directed: bool, src: np.ndarray, dst: np.ndarray
) -> np.ndarray:
    """The model's statistics of the graph with ties src->dst."""
    limits = Limits.for_graph(n, directed, src)
    states = States(n, directed, limits, 1)
    total = kern.statistics(src, dst, *states.chain(0), *model.kernel_args())
    return model.empty + total


def design(
    model: Model, states: States, du: np.ndarray, dv: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Change statistics (float64[K, p]) and tie states (uint8[K]) of the given dyads."""
    return kern.dyad_changes(du, dv, *states.chain(0), *model.kernel_args())


def run(
    model: Model,
    states: States,
    theta: np.ndarray,
    stats: np.ndarray,
    *,
    burnin: int,
    interval: int,
    samples: int,
    rng: np.random.Generator,
    free: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run every chain of ``states``; returns (stats[c, s, p], ties[c, s], status[c]).

    ``stats`` (float64[chains, p]) holds each chain's current statistics, updated in place.
    """
    chains = states.keys.shape[0]
    p = model.p
    out_stats = np.zeros((chains, samples, p))
    out_ties = np.zeros((chains, samples), dtype=np.int64)
    status = np.zeros(chains, dtype=np.int64)
    seeds = rng.integers(0, 2**63 - 1, size=(chains, 1)).astype(np.uint64)
    fu, fv = free if free is not None else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    theta = np.ascontiguousarray(theta, dtype=np.float64)
    work = 200_000 if chains > 1 else 0
    with kernel_chunks(work):
        kern.run_chains(
            states.keys, states.vals, states.shift, states.eu, states.ev, states.ecount,
            states.onb, states.odeg, states.inb, states.ideg, states.directed,
            *model.kernel_args(), theta, stats, fu, fv, int(burnin), int(interval),
            int(samples), seeds, out_stats, out_ties, status,
        )  # fmt: skip
    return out_stats, out_ties, status
