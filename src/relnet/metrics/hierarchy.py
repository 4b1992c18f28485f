"""Krackhardt's four dimensions of hierarchy: connectedness, hierarchy, efficiency, LUB."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
from relnet.kernels import components as component_kernels
from relnet.kernels import reachability as reach_kernels
from relnet.metrics.common import check_network
from relnet.network import Network
from relnet.threads import kernel_chunks

#: Largest network (people) measured exactly when ``samples`` is not given.
EXACT_LIMIT = 20_000
#: Sampled people when a larger network is measured without ``samples``.
DEFAULT_SAMPLES = 1_000
_KEYS = ("connectedness", "hierarchy", "efficiency", "lub")
# Exact LUB counting: "pairs" of root signatures, a "sweep" per signature, or "auto" (cheaper).
_LUB_METHOD = "auto"


@dataclass(frozen=True, eq=False)
class KrackhardtResult(Mapping):
    """Krackhardt's graph-theoretical dimensions of informal organisation.

    Behaves as a read-only dict of the four scores (``result["hierarchy"]``, ``dict(result)``).

    Attributes
    ----------
    connectedness, hierarchy, efficiency, lub : float
        The four scores (NaN where undefined).
    exact : bool
        False when hierarchy and lub were estimated from sampled people.
    samples : int or None
        Number of people sampled (None when exact).
    se : dict
        Standard errors of ``hierarchy`` and ``lub`` when estimated (0.0 when exact);
        connectedness and efficiency are always exact.
    """

    connectedness: float
    hierarchy: float
    efficiency: float
    lub: float
    exact: bool = True
    samples: int | None = None
    se: dict = field(default_factory=dict)

    @property
    def std_errors(self) -> dict:
        """Old name of :attr:`se` (relnet 0.1)."""
        return self.se

    def __getitem__(self, key: str) -> float:
        if key not in _KEYS:
            raise KeyError(f"{key!r}; the scores are {', '.join(_KEYS)}")
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(_KEYS)

    def __len__(self) -> int:
        return len(_KEYS)

    def to_series(self) -> pd.Series:
        """The four scores as a Series named ``krackhardt``."""
        return pd.Series({k: self[k] for k in _KEYS}, name="krackhardt", dtype=float)

    def to_frame(self) -> pd.DataFrame:
        """Scores with their standard errors: columns ``value``, ``se``."""
        se = [self.se.get(k, 0.0) for k in _KEYS]
        return pd.DataFrame({"value": self.to_series(), "se": se})

    def __repr__(self) -> str:
        how = "exact" if self.exact else f"estimated from {self.samples} people"
        body = ", ".join(f"{k}={self[k]:.4g}" for k in _KEYS)
        return f"<KrackhardtResult {body} ({how})>"

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        how = "exact" if self.exact else f"estimated from {self.samples} people"
        title = f"KrackhardtResult ({how})"
        return html_table(title, [], table=self.to_frame() if not self.exact else self.to_series())


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else math.nan


def krackhardt(
    graph: Network, *, samples: int | None = None, seed: int | np.random.Generator | None = None
) -> KrackhardtResult:
    r"""Krackhardt's connectedness, hierarchy, efficiency and least-upper-boundedness.

    **Definition.** For a digraph with weak components of sizes :math:`s_c`:

    * connectedness: the share of unordered pairs joined by a semipath,
      :math:`\sum_c \binom{s_c}{2} / \binom{n}{2}`;
    * hierarchy: among unordered pairs where at least one reaches the other by a directed
      path, the share where only one does: :math:`A / (M + A)` with M pairs mutually
      reachable and A pairs reachable one way (1 minus the dyadic non-null reciprocity of the
      reachability graph);
    * efficiency: :math:`1 - (m - \sum_c (s_c - 1)) / \sum_c (s_c - 1)^2`, one minus the share
      of the possible arcs beyond a spanning tree of each weak component that are present
      (m counts arcs);
    * lub: least-upper-boundedness, :math:`1 - V / \sum_c (s_c - 1)(s_c - 2)/2` over weak
      components of more than two people, V the number of pairs (i, j) in such a component
      without a least upper bound: no person k reaching both i and j (paths include length 0)
      who reaches every other such person.

    Parameters
    ----------
    graph : Network
        Directed survey graph (weights are ignored).
    samples : int, optional
        Estimate hierarchy and lub from this many people drawn at random (without
        replacement), each costing one traversal of the strong-component DAG. By default the
        scores are exact when the network has at most ``EXACT_LIMIT`` (20,000) people and
        estimated from ``DEFAULT_SAMPLES`` (1,000) people otherwise. Asking for at least n
        people gives the exact scores.
    seed : int or numpy.random.Generator, optional
        Seed for the sample.

    Returns
    -------
    KrackhardtResult
        A read-only mapping of the four scores, with ``exact``, ``samples`` and ``se``.

    Raises
    ------
    ArgumentError
        When ``samples`` is not a positive integer.

    Examples
    --------
    >>> import relnet as rn
    >>> # a reports-to tree: x and y report to boss b (arcs from boss to report)
    >>> g = rn.Network.from_edges(["b", "b"], ["x", "y"])
    >>> r = rn.krackhardt(g)
    >>> r["connectedness"], r["hierarchy"], r["efficiency"], r["lub"]
    (1.0, 1.0, 1.0, 1.0)
    >>> # add y -> x: still a hierarchy, but one arc beyond the tree (1 - 1/4)
    >>> rn.krackhardt(rn.Network.from_edges(["b", "b", "y"], ["x", "y", "x"]))["efficiency"]
    0.75

    Notes
    -----
    Matches R sna ``connectedness``, ``hierarchy(measure="krackhardt")``, ``efficiency`` and
    ``lubness`` (sna's orientation: an upper bound of i and j is someone who reaches both,
    so arcs point from superior to subordinate). Components and reachability work on the
    condensation (the DAG of strong components): hierarchy counts reachable pairs with one
    bitset per strong component; a pair has a least upper bound exactly when one source
    component of the DAG (one no arc enters) reaches both, which turns LUB into counting
    pairs of people sharing exactly one such source. Sampled estimates average over the
    sampled people, with standard errors from the sample variance (finite-population
    corrected) and, for hierarchy, the delta method.

    References
    ----------
    .. [1] Krackhardt, D. (1994). Graph theoretical dimensions of informal organizations. In
       K. Carley & M. Prietula (Eds.), Computational Organization Theory (pp. 89-111).
       Lawrence Erlbaum.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software, 24(6).
    """
    check_network(graph)
    if samples is not None and (
        isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1
    ):
        raise ArgumentError(
            f"samples={samples!r} must be a positive integer (people to sample), or None for "
            f"exact scores up to {EXACT_LIMIT:,} people."
        )
    n = graph.n
    m = graph.m
    raw, count = component_kernels.weak_labels(
        graph.indptr, graph.indices, graph.t_indptr, graph.t_indices, 1024
    )
    weak, weak_sizes = component_kernels.canonical_labels(raw, count)
    sizes = [int(s) for s in weak_sizes]
    connectedness = _ratio(sum(s * (s - 1) // 2 for s in sizes), n * (n - 1) // 2)
    spanning = sum(s - 1 for s in sizes)
    efficiency = 1.0 - _ratio(m - spanning, sum((s - 1) ** 2 for s in sizes))
    big = weak_sizes > 2
    max_violations = sum((s - 1) * (s - 2) // 2 for s in sizes if s > 2)

    raw_scc, n_scc = component_kernels.strong_labels(graph.indptr, graph.indices)
    size, d_indptr, d_indices, r_indptr, r_indices = reach_kernels.condensation(
        graph.indptr, graph.indices, raw_scc, n_scc
    )
    mutual = sum(int(s) * (int(s) - 1) // 2 for s in size)
    in_big = big[weak]  # person lies in a weak component of more than two people
    lub_weight = np.bincount(raw_scc, weights=in_big, minlength=n_scc).astype(np.int64)

    if samples is None and n > EXACT_LIMIT:
        samples = DEFAULT_SAMPLES
    if samples is not None and samples >= n:
        samples = None  # everyone: compute exactly
    std_errors = {"connectedness": 0.0, "efficiency": 0.0}

    if samples is None:
        reachable = int(reach_kernels.reachable_pairs(size, d_indptr, d_indices))
        violations = _exact_violations(
            raw_scc, size, d_indptr, d_indices, r_indptr, r_indices, lub_weight, weak_sizes, weak
        )
        hierarchy = _ratio(reachable - 2 * mutual, reachable - mutual)
        lub = 1.0 - _ratio(violations, max_violations)
        std_errors.update(hierarchy=0.0, lub=0.0)
        exact = True
    else:
        rng = np.random.default_rng(seed)
        starts = np.sort(rng.choice(n, size=int(samples), replace=False)).astype(np.int64)
        comp_pairs = np.where(in_big, weak_sizes[weak] - 1, 0).astype(np.int64)
        with kernel_chunks(len(starts) * (len(size) + len(d_indices))) as chunks:
            reach, viol = reach_kernels.sampled_reach_and_lub(
                raw_scc,
                size,
                d_indptr,
                d_indices,
                r_indptr,
                r_indices,
                lub_weight,
                comp_pairs,
                starts,
                chunks,
            )
        k = len(starts)
        fpc = math.sqrt((n - k) / (n - 1)) if n > 1 else 0.0
        reachable = n * float(reach.mean())
        reach_se = n * float(reach.std(ddof=1)) / math.sqrt(k) * fpc if k > 1 else math.nan
        denom = reachable - mutual
        hierarchy = _ratio(reachable - 2 * mutual, denom)
        h_se = mutual / denom**2 * reach_se if denom else math.nan
        violations = n / 2 * float(viol.mean())
        v_se = n / 2 * float(viol.std(ddof=1)) / math.sqrt(k) * fpc if k > 1 else math.nan
        lub = 1.0 - _ratio(violations, max_violations)
        lub_se = _ratio(v_se, max_violations)
        std_errors.update(hierarchy=h_se, lub=lub_se)
        exact = False
    return KrackhardtResult(
        connectedness=connectedness,
        hierarchy=hierarchy,
        efficiency=efficiency,
        lub=lub,
        exact=exact,
        samples=None if exact else int(samples),
        se=std_errors,
    )


def _exact_violations(
    scc: np.ndarray,
    size: np.ndarray,
    d_indptr: np.ndarray,
    d_indptr_targets: np.ndarray,
    r_indptr: np.ndarray,
    r_indices: np.ndarray,
    lub_weight: np.ndarray,
    weak_sizes: np.ndarray,
    weak: np.ndarray,
) -> int:
    """Pairs in weak components of more than two people that lack a least upper bound."""
    if not lub_weight.any():
        return 0
    n_roots, sig = reach_kernels.root_signatures(r_indptr, r_indices)
    keep = lub_weight > 0
    unique, inverse = np.unique(sig[keep], axis=0, return_inverse=True)
    weight = np.bincount(inverse.ravel(), weights=lub_weight[keep]).astype(np.int64)
    d = len(unique)
    words = unique.shape[1]
    # comparisons mostly stop at the second shared root; measured ~4x cheaper than d^2 * words / 2
    pair_cost = d * d * words / 8
    sweep_cost = d * (len(size) + len(d_indptr_targets))
    use_pairs = pair_cost <= sweep_cost if _LUB_METHOD == "auto" else _LUB_METHOD == "pairs"
    if use_pairs:
        with kernel_chunks(int(pair_cost)) as chunks:
            shared_one = int(reach_kernels.single_root_pairs(unique, weight, chunks))
        total_pairs = sum(int(s) * (int(s) - 1) // 2 for s in weak_sizes if s > 2)
        return total_pairs - shared_one
    # one representative person per distinct signature, weighted by its people
    sig_of_scc = np.full(len(size), -1, dtype=np.int64)
    sig_of_scc[np.flatnonzero(keep)] = inverse.ravel()
    person_sig = sig_of_scc[scc]
    first = np.full(d, -1, dtype=np.int64)
    order = np.flatnonzero(person_sig >= 0)
    first[person_sig[order[::-1]]] = order[::-1]
    comp_pairs = np.where(weak_sizes[weak] > 2, weak_sizes[weak] - 1, 0).astype(np.int64)
    with kernel_chunks(int(sweep_cost)) as chunks:
        _, viol = reach_kernels.sampled_reach_and_lub(
            scc,
            size,
            d_indptr,
            d_indptr_targets,
            r_indptr,
            r_indices,
            lub_weight,
            comp_pairs,
            first,
            chunks,
        )
    return int(round(float(np.dot(viol, weight)))) // 2
