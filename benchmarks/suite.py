"""The cross-peer benchmark suite: every measure relnet shares with igraph, NetworKit or networkx.

One registry (:data:`MEASURES`) drives both the pytest-benchmark suite (``bench_suite.py``) and
the command-line table (``compare.py``). Each measure names the relnet call, the same measure in
each peer, how results are compared (exactly, to a float tolerance, as partitions, or within an
estimator's tolerance) and where a peer is hopeless (skipped with the reason).

The graph is the wave-1 ``trust`` layer of :func:`relnet.synth.health_system` (seeded), built
once per size; the igraph, NetworKit and networkx copies are converted once per size and the
conversion is not timed. NetworKit runs with 2 threads (``nk.setNumberOfThreads(2)``) and
relnet with numba's default (one thread a core, 2 here); igraph and networkx are single-threaded.

Peak memory is the peak resident set size (``VmHWM`` in ``/proc/self/status``) above the
resident set just before the call, with the peak reset (``/proc/self/clear_refs``) first: it
counts C and numba allocations too, but not memory the allocator reuses from earlier frees.
"""

from __future__ import annotations

import math
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import relnet as rn

SEED = 20261129
NX_MAX = 10_000  # networkx runs up to this many staff
SAMPLES = 256  # sources of the sampled betweenness estimate (relnet, NetworKit, networkx)
APPROX_EPSILON = 0.02  # NetworKit ApproxBetweenness: additive error on normalised values
APPROX_DELTA = 0.1
PATH_MAX = 20_000  # exact all-pairs measures (betweenness, harmonic closeness) up to here
NK_THREADS = 2
LIBRARIES = ("relnet", "igraph", "networkit", "networkx")


# ----------------------------------------------------------------------------- graphs
class Graphs:
    """The synthetic survey at one size and its copies in each library (built on demand)."""

    def __init__(self, n_staff: int, seed: int = SEED) -> None:
        self.n_staff = n_staff
        self.seed = seed
        survey = rn.synth.health_system(n_staff, seed=seed)
        noms = survey.nominations
        trust = noms[(noms["relation"] == "trust") & (noms["wave"] == 1)]
        self.g = rn.Network.from_edges(
            trust["respondent"].to_numpy(),
            trust["nominee"].to_numpy(),
            weight=trust["weight"].to_numpy(dtype=np.float64),
            nodes=survey.roster.set_index("id"),
        )
        self._copies: dict[str, Any] = {}
        self.cache: dict[str, Any] = {}  # relnet reference results by measure

    @property
    def n(self) -> int:
        return self.g.n

    @property
    def m(self) -> int:
        return self.g.m

    def copy(self, library: str) -> Any:
        """The graph as the library's own object (positions 0..n-1 as vertices), cached."""
        if library == "relnet":
            return self.g
        if library not in self._copies:
            self._copies[library] = CONVERT[library](self.g)
        return self._copies[library]


def to_igraph(g: rn.Network) -> Any:
    import igraph as ig

    G = ig.Graph(n=g.n, edges=np.column_stack([g.sources, g.indices]), directed=True)
    G.es["weight"] = g.weights
    return G


def to_networkit(g: rn.Network) -> Any:
    """Unweighted directed NetworKit graph: every measure compared here ignores weights."""
    import networkit as nk

    nk.setNumberOfThreads(NK_THREADS)
    src = g.sources.astype(np.uint64)
    dst = g.indices.astype(np.uint64)
    ones = np.ones(g.m, dtype=np.float64)
    return nk.GraphFromCoo((ones, (src, dst)), n=g.n, weighted=False, directed=True)


def to_networkx(g: rn.Network) -> Any:
    import networkx as nx

    G = nx.DiGraph()
    G.add_nodes_from(range(g.n))
    G.add_weighted_edges_from(zip(g.sources.tolist(), g.indices.tolist(), g.weights.tolist()))
    return G


CONVERT = {"igraph": to_igraph, "networkit": to_networkit, "networkx": to_networkx}


# ----------------------------------------------------------------------------- checks
class Mismatch(AssertionError):  # noqa: N818 (reads as "raise Mismatch(...)")
    """A peer's result differs from relnet's beyond the stated tolerance."""


def check_equal(ref: Any, got: Any, what: str) -> str:
    ref_a, got_a = np.asarray(ref), np.asarray(got)
    if ref_a.shape != got_a.shape or not np.array_equal(ref_a, got_a):
        raise Mismatch(f"{what}: relnet {ref_a.tolist()[:20]} != peer {got_a.tolist()[:20]}")
    return "equal"


def check_census(ref: Any, got: Any, what: str) -> str:
    """Equal counts. igraph computes the census in doubles, exact only below 2^53: the 003
    count of a million people (about 1.7e17) comes back rounded to a multiple of 32, so
    counts from 2^53 up are compared at float64 precision and the rest exactly."""
    exact = np.asarray(ref, dtype=np.int64)
    got_a = np.asarray(got)
    big = np.abs(exact) >= 2**53
    if not big.any():
        return check_equal(exact, got_a, what)
    check_equal(exact[~big], np.asarray(got_a[~big], dtype=np.int64), what)
    check_equal(exact[big].astype(np.float64), np.asarray(got_a[big], dtype=np.float64), what)
    return f"equal ({int(big.sum())} counts >= 2^53 at float64 precision)"


def check_close(ref: Any, got: Any, what: str, rtol: float = 1e-9, atol: float = 1e-12) -> str:
    ref_a = np.asarray(ref, dtype=np.float64)
    got_a = np.asarray(got, dtype=np.float64)
    if ref_a.shape != got_a.shape:
        raise Mismatch(f"{what}: shapes {ref_a.shape} != {got_a.shape}")
    if not np.allclose(ref_a, got_a, rtol=rtol, atol=atol, equal_nan=True):
        bad = np.flatnonzero(~np.isclose(ref_a, got_a, rtol=rtol, atol=atol, equal_nan=True))
        i = bad[0]
        raise Mismatch(
            f"{what}: {len(bad)} values differ beyond rtol={rtol:g}, atol={atol:g}; "
            f"first at position {i}: relnet {ref_a.flat[i]!r}, peer {got_a.flat[i]!r}"
        )
    return f"close (rtol {rtol:g}, atol {atol:g})"


def check_close_defined(ref: Any, got: Any, what: str, rtol: float = 1e-9) -> str:
    """Close where both are defined (peers differ on which people get NaN)."""
    ref_a = np.asarray(ref, dtype=np.float64)
    got_a = np.asarray(got, dtype=np.float64)
    both = ~np.isnan(ref_a) & ~np.isnan(got_a)
    if both.sum() < 0.5 * len(ref_a):
        raise Mismatch(f"{what}: only {both.sum()} of {len(ref_a)} values defined in both")
    check_close(ref_a[both], got_a[both], what, rtol=rtol)
    return f"close where both defined ({both.sum()} of {len(ref_a)}; rtol {rtol:g})"


def check_partition(ref: Any, got: Any, what: str) -> str:
    """Same partition of people, whatever the labels."""
    a = np.asarray(ref, dtype=np.int64)
    b = np.asarray(got, dtype=np.int64)
    if a.shape != b.shape:
        raise Mismatch(f"{what}: {a.shape} != {b.shape}")
    n_a, n_b = len(np.unique(a)), len(np.unique(b))
    pairs = len(np.unique(a * (int(b.max(initial=0)) + 1) + b))
    if not n_a == n_b == pairs:
        raise Mismatch(f"{what}: {n_a} relnet components, {n_b} peer, {pairs} overlaps")
    return f"same partition ({n_a} components)"


def check_estimate(ref: Any, got: Any, what: str, exact: bool) -> str:
    """A sampled betweenness against the exact values (or against another estimate).

    Unbiased source sampling recovers the total (the sum over pairs of path length - 1) to a
    few per cent and follows the exact values person by person only roughly (256 sources of
    10,000: correlation about 0.85-0.95 here), so the check is on the total and on the
    correlation over all people, with room for one sampling error (two against an estimate).
    """
    ref_a = np.asarray(ref, dtype=np.float64)
    got_a = np.asarray(got, dtype=np.float64)
    total_err = abs(got_a.sum() - ref_a.sum()) / max(ref_a.sum(), 1e-300)
    corr = float(np.corrcoef(ref_a, got_a)[0, 1]) if ref_a.std() and got_a.std() else 1.0
    l1 = float(np.abs(ref_a - got_a).sum() / max(ref_a.sum(), 1e-300))
    total_tol, corr_min = (0.10, 0.7) if exact else (0.15, 0.3)
    if not (total_err <= total_tol and corr >= corr_min):
        raise Mismatch(
            f"{what}: total off by {total_err:.1%} (max {total_tol:.0%}), correlation "
            f"{corr:.2f} (min {corr_min})"
        )
    ref_kind = "exact" if exact else "relnet's estimate"
    return (
        f"estimate vs {ref_kind}: total off {total_err:.1%}, r={corr:.2f}, "
        f"L1 error {l1:.0%} of the total"
    )


def check_approx(ref: Any, got: Any, what: str, n: int, exact: bool) -> str:
    """NetworKit ApproxBetweenness: normalised values within epsilon (prob. 1 - delta)."""
    ref_a = np.asarray(ref, dtype=np.float64) / (n * (n - 1))
    got_a = np.asarray(got, dtype=np.float64)
    worst = float(np.abs(ref_a - got_a).max())
    tol = APPROX_EPSILON if exact else 2 * APPROX_EPSILON
    if worst > tol:
        raise Mismatch(f"{what}: worst normalised error {worst:.4f} > {tol}")
    return f"within epsilon of {'exact' if exact else 'estimate'} (worst {worst:.4f})"


# ----------------------------------------------------------------------------- measures
@dataclass
class Measure:
    """One measure: the relnet call, each peer's call, the comparison and the size limits."""

    name: str
    relnet: Callable[[Graphs], Any]
    peers: dict[str, Callable[[Graphs], Any]]
    check: Callable[[Any, Any, Graphs, str], str]
    max_size: dict[str, int] = field(default_factory=dict)  # library -> largest n it runs at
    reasons: dict[str, str] = field(default_factory=dict)  # library -> why it stops there
    note: str = ""
    check_for: dict[str, Callable[[Any, Any, Graphs, str], str]] = field(default_factory=dict)

    def compare(self, library: str, ref: Any, got: Any, graphs: Graphs, what: str) -> str:
        """Raise Mismatch unless the peer's result matches relnet's; else describe the match."""
        return self.check_for.get(library, self.check)(ref, got, graphs, what)

    def libraries(self) -> tuple[str, ...]:
        return ("relnet", *self.peers)

    def skip_reason(self, library: str, n_staff: int) -> str | None:
        limit = self.max_size.get(library, self.max_size.get("*"))
        if limit is not None and n_staff > limit:
            reason = self.reasons.get(library, self.reasons.get("*", "too slow"))
            return f"{library} skipped above {limit:,} staff: {reason}"
        if library == "networkx" and n_staff > NX_MAX:
            return f"networkx skipped above {NX_MAX:,} staff: pure-Python, minutes to hours"
        return None

    def call(self, library: str, graphs: Graphs) -> Any:
        fn = self.relnet if library == "relnet" else self.peers[library]
        return fn(graphs)


def _pos(series: Any) -> np.ndarray:
    """A relnet node Series as an array in position order (ids are positions' labels)."""
    return series.to_numpy()


def _nx_dict(values: dict, n: int) -> np.ndarray:
    out = np.full(n, np.nan)
    for key, value in values.items():
        out[key] = value
    return out


def _quiet(fn: Callable[[Graphs], Any]) -> Callable[[Graphs], Any]:
    """Silence relnet's one-time MissingDataWarning (synth has non-respondents)."""

    def wrapped(graphs: Graphs) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(graphs)

    return wrapped


def _nk_run(algorithm: Any) -> np.ndarray:
    algorithm.run()
    return np.asarray(algorithm.scores())


def _nk(name: str, *args: Any) -> Callable[[Graphs], Any]:
    def run(graphs: Graphs) -> Any:
        import networkit as nk

        module, cls = name.split(".")
        algorithm = getattr(getattr(nk, module), cls)(graphs.copy("networkit"), *args)
        return _nk_run(algorithm)

    return run


def _nk_components(strong: bool) -> Callable[[Graphs], Any]:
    def run(graphs: Graphs) -> Any:
        import networkit as nk

        cls = nk.components.StronglyConnectedComponents if strong else None
        cls = cls or nk.components.WeaklyConnectedComponents
        algorithm = cls(graphs.copy("networkit"))
        algorithm.run()
        # StronglyConnectedComponents has getPartition, WeaklyConnected getComponents
        if hasattr(algorithm, "getPartition"):
            return np.asarray(algorithm.getPartition().getVector(), dtype=np.int64)
        labels = np.empty(graphs.n, dtype=np.int64)
        for label, members in enumerate(algorithm.getComponents()):
            labels[np.asarray(members, dtype=np.int64)] = label
        return labels

    return run


def _nx_components(strong: bool) -> Callable[[Graphs], Any]:
    def run(graphs: Graphs) -> Any:
        import networkx as nx

        G = graphs.copy("networkx")
        parts = nx.strongly_connected_components(G) if strong else nx.weakly_connected_components(G)
        labels = np.empty(graphs.n, dtype=np.int64)
        for label, members in enumerate(parts):
            labels[list(members)] = label
        return labels

    return run


def _holes(graphs: Graphs) -> Any:
    return rn.structural_holes(graphs.g)


def _ref_exact_betweenness(graphs: Graphs) -> tuple[np.ndarray, bool]:
    """The exact betweenness when it is affordable (cached), else relnet's sampled estimate."""
    if "betweenness_exact" in graphs.cache:
        return graphs.cache["betweenness_exact"], True
    if graphs.n <= PATH_MAX:
        values = _pos(rn.betweenness(graphs.g))
        graphs.cache["betweenness_exact"] = values
        return values, True
    return None, False


def check_pagerank(ref: Any, got: Any, graphs: Graphs, what: str, peer_tol: float) -> str:
    """Power iteration stopped at an L1 change below n * tol is within n * tol / (1 - 0.85)
    of the fixed point in L1: relnet's tol is 1e-10, networkx's 1e-6, igraph's PRPACK solves
    to machine precision (peer_tol 0)."""
    ref_a = np.asarray(ref, dtype=np.float64)
    got_a = np.asarray(got, dtype=np.float64)
    l1 = float(np.abs(ref_a - got_a).sum())
    bound = graphs.n * (1e-10 + peer_tol) / 0.15 + 1e-12
    if not l1 <= bound:
        raise Mismatch(f"{what}: L1 distance {l1:.2e} > {bound:.2e} (the two tolerances)")
    return f"L1 distance {l1:.1e} within the iterations' tolerance {bound:.1e}"


def _nx_effective_size(graphs: Graphs) -> np.ndarray:
    """networkx's general (per-person) path.

    networkx 3.6.1's all-nodes shortcut (``nodes=None``, sparse matrices) disagrees with its
    own per-person path and with Burt's definition: person 15 of the 1,000-staff graph has
    effective size 5.5 by hand (contacts 11, 12, 17, 18, 261, 282) and from the per-person
    path, 5.5625 from the shortcut. So the per-person path is the one timed.
    """
    import networkx as nx

    G = graphs.copy("networkx")
    return _nx_dict(nx.effective_size(G, nodes=list(G)), graphs.n)


def _check_sampled(ref: Any, got: Any, graphs: Graphs, what: str) -> str:
    exact, is_exact = _ref_exact_betweenness(graphs)
    return check_estimate(exact if is_exact else ref, got, what, exact=is_exact)


def _check_approx(ref: Any, got: Any, graphs: Graphs, what: str) -> str:
    exact, is_exact = _ref_exact_betweenness(graphs)
    return check_approx(exact if is_exact else ref, got, what, graphs.n, exact=is_exact)


def _relnet_sampled(graphs: Graphs) -> np.ndarray:
    return _pos(rn.betweenness(graphs.g, samples=min(SAMPLES, graphs.n), seed=1))


def _build_measures() -> list[Measure]:
    import networkx as nx

    path_reason = (
        "exact all-pairs shortest paths are O(n m): at 100,000 staff about 3e10 arc visits "
        "(minutes to hours for every library); use samples= beyond 20,000"
    )
    nx_path_reason = "pure-Python BFS from every source: > 10 minutes a run at 10,000 here"
    nk_path_reason = (
        "4-6x igraph's time at 10,000 here (62 s betweenness, 89 s harmonic closeness on the "
        "loaded machine), so 4-6 minutes a run at 20,000: left out to keep the run in time"
    )
    return [
        Measure(
            "dyad_census",
            _quiet(lambda G: rn.dyad_census(G.g).tolist()),
            {"igraph": lambda G: list(G.copy("igraph").dyad_census())},
            lambda r, p, G, w: check_equal(r, p, w),
            note="(mutual, asymmetric, null); networkx and NetworKit have none",
        ),
        Measure(
            "reciprocity",
            _quiet(lambda G: rn.reciprocity(G.g)),
            {
                "igraph": lambda G: G.copy("igraph").reciprocity(),
                "networkx": lambda G: nx.overall_reciprocity(G.copy("networkx")),
            },
            lambda r, p, G, w: check_close(r, p, w, rtol=1e-12),
            note="edgewise 2M/(2M+A)",
        ),
        Measure(
            "density",
            _quiet(lambda G: rn.density(G.g)),
            {
                "igraph": lambda G: G.copy("igraph").density(loops=False),
                "networkx": lambda G: nx.density(G.copy("networkx")),
            },
            lambda r, p, G, w: check_close(r, p, w, rtol=1e-12),
        ),
        Measure(
            "triad_census",
            lambda G: rn.triad_census(G.g).to_numpy(),
            {
                "igraph": lambda G: list(G.copy("igraph").triad_census()),
                "networkx": lambda G: list(nx.triadic_census(G.copy("networkx")).values()),
            },
            lambda r, p, G, w: check_census(r, p, w),
            note="16 MAN types; networkx's dict is in the same order",
        ),
        Measure(
            "constraint",
            lambda G: _holes(G)["constraint"].to_numpy(),
            {
                "igraph": lambda G: G.copy("igraph").constraint(),
                "networkx": lambda G: _nx_dict(nx.constraint(G.copy("networkx")), G.n),
            },
            lambda r, p, G, w: check_close_defined(r, p, w, rtol=1e-9),
            note="relnet's time is rn.structural_holes (all four Burt measures in one pass)",
        ),
        Measure(
            "effective_size",
            lambda G: _holes(G)["effective_size"].to_numpy(),
            {"networkx": _nx_effective_size},
            lambda r, p, G, w: check_close_defined(r, p, w, rtol=1e-9),
            note=(
                "relnet's time is rn.structural_holes; networkx per person (nodes=G), since "
                "its all-nodes sparse path gives wrong values in 3.6.1; igraph and NetworKit "
                "have none"
            ),
        ),
        Measure(
            "core_number",
            lambda G: _pos(rn.core_number(G.g)),
            {
                "igraph": lambda G: G.copy("igraph").coreness(mode="all"),
                "networkit": lambda G: _nk("centrality.CoreDecomposition")(G).astype(np.int64),
                "networkx": lambda G: _nx_dict(nx.core_number(G.copy("networkx")), G.n),
            },
            lambda r, p, G, w: check_equal(np.asarray(r, dtype=np.int64), np.asarray(p, int), w),
            note="total degree (in + out), as sna kcores(cmode='freeman')",
        ),
        Measure(
            "components_weak",
            lambda G: _pos(rn.components(G.g, connection="weak")),
            {
                "igraph": lambda G: G.copy("igraph").connected_components("weak").membership,
                "networkit": _nk_components(strong=False),
                "networkx": _nx_components(strong=False),
            },
            lambda r, p, G, w: check_partition(r, p, w),
        ),
        Measure(
            "components_strong",
            lambda G: _pos(rn.components(G.g, connection="strong")),
            {
                "igraph": lambda G: G.copy("igraph").connected_components("strong").membership,
                "networkit": _nk_components(strong=True),
                "networkx": _nx_components(strong=True),
            },
            lambda r, p, G, w: check_partition(r, p, w),
        ),
        Measure(
            "pagerank",
            lambda G: _pos(rn.pagerank(G.g)),
            {
                "igraph": lambda G: G.copy("igraph").pagerank(weights="weight"),
                "networkx": lambda G: _nx_dict(nx.pagerank(G.copy("networkx")), G.n),
            },
            lambda r, p, G, w: check_pagerank(r, p, G, w, peer_tol=0.0),
            check_for={"networkx": lambda r, p, G, w: check_pagerank(r, p, G, w, peer_tol=1e-6)},
            note="weighted (weights as strengths), damping 0.85",
        ),
        Measure(
            "betweenness_exact",
            lambda G: _pos(rn.betweenness(G.g)),
            {
                "igraph": lambda G: G.copy("igraph").betweenness(directed=True),
                "networkit": _nk("centrality.Betweenness", False),
                "networkx": lambda G: _nx_dict(
                    nx.betweenness_centrality(G.copy("networkx"), normalized=False), G.n
                ),
            },
            lambda r, p, G, w: check_close(r, p, w, rtol=1e-9, atol=1e-9),
            max_size={"*": PATH_MAX, "networkx": 1_000, "networkit": 10_000},
            reasons={"*": path_reason, "networkx": nx_path_reason, "networkit": nk_path_reason},
            note="directed, unweighted, raw (Brandes)",
        ),
        Measure(
            "betweenness_sampled",
            _relnet_sampled,
            {
                "networkit": _nk("centrality.EstimateBetweenness", SAMPLES, False, True),
                "networkx": lambda G: _nx_dict(
                    nx.betweenness_centrality(
                        G.copy("networkx"), k=min(SAMPLES, G.n), normalized=False, seed=1
                    ),
                    G.n,
                ),
            },
            _check_sampled,
            max_size={"networkit": 100_000},
            reasons={
                "networkit": (
                    "EstimateBetweenness did not finish in 12 minutes at 1,000,000 staff here "
                    "(relnet's estimate from the same number of sources: 219 s)"
                )
            },
            note=f"{SAMPLES} random sources, scaled by n/k (Brandes-Pich); igraph has no sampler",
        ),
        Measure(
            "betweenness_approx",
            _relnet_sampled,
            {
                "networkit": _nk("centrality.ApproxBetweenness", APPROX_EPSILON, APPROX_DELTA),
            },
            _check_approx,
            max_size={"networkit": 1_000},
            reasons={
                "networkit": (
                    "ApproxBetweenness took 115 s at 10,000 staff here (epsilon 0.02: about "
                    "9,000 sampled paths; relnet's 256-source estimate 0.78 s) and did not "
                    "finish in 5 minutes at 100,000 (epsilon 0.05)"
                )
            },
            note=(
                f"relnet's {SAMPLES}-source estimate beside NetworKit ApproxBetweenness "
                f"(Riondato-Kornaropoulos pair sampling, epsilon {APPROX_EPSILON}, delta "
                f"{APPROX_DELTA}, normalised)"
            ),
        ),
        Measure(
            "harmonic_closeness",
            lambda G: _pos(rn.harmonic_closeness(G.g)),
            {
                "igraph": lambda G: G.copy("igraph").harmonic_centrality(
                    mode="out", normalized=True
                ),
                "networkit": _nk("centrality.HarmonicCloseness", True),
                "networkx": lambda G: (
                    _nx_dict(nx.harmonic_centrality(G.copy("networkx").reverse(copy=False)), G.n)
                    / max(G.n - 1, 1)
                ),
            },
            lambda r, p, G, w: check_close(r, p, w, rtol=1e-9, atol=1e-12),
            max_size={"*": PATH_MAX, "networkx": 1_000, "networkit": 10_000},
            reasons={"*": path_reason, "networkx": nx_path_reason, "networkit": nk_path_reason},
            note="mean of 1/d(i, j) over the n-1 others (sna suminvdir)",
        ),
    ]


MEASURES: list[Measure] = _build_measures()
BY_NAME = {m.name: m for m in MEASURES}


# ----------------------------------------------------------------------------- timing
def _status_kib(key: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def run_measured(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, seconds, peak MiB above the resident set before the call)."""
    can_reset = _reset_peak()
    before = _status_kib("VmRSS")
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = _status_kib("VmHWM") if can_reset else before
    return result, seconds, max(peak - before, 0) / 1024


def median(values: list[float]) -> float:
    return float(np.median(values)) if values else math.nan


def machine() -> dict[str, Any]:
    """The machine and library versions, for the results file."""
    import platform

    import igraph
    import networkit
    import networkx
    import numba

    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if "model name" in line)
    except (OSError, StopIteration):
        pass
    mem = _meminfo_gib()
    return {
        "host": platform.node(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem,
        "python": platform.python_version(),
        "numba_threads": numba.config.NUMBA_NUM_THREADS,
        "networkit_threads": NK_THREADS,
        "versions": {
            "relnet": rn.__version__,
            "numpy": np.__version__,
            "numba": numba.__version__,
            "igraph": igraph.__version__,
            "networkit": networkit.__version__,
            "networkx": networkx.__version__,
        },
        "load_average": os.getloadavg(),
    }


def _meminfo_gib() -> float:
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        return round(kib / 2**20, 1)
    except OSError:
        return math.nan
