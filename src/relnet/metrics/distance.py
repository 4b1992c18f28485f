"""Distance-weighted cohesion of the whole network: compactness and fragmentation (Borgatti)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from relnet.kernels import paths as path_kernels
from relnet.metrics.centrality import check_samples, path_lengths, sample_sources
from relnet.metrics.common import check_network
from relnet.network import Network
from relnet.threads import kernel_chunks

EXACT_LIMIT = 20_000  # exact (all-sources BFS) up to this many people, sampled beyond
DEFAULT_SAMPLES = 500  # sources sampled beyond EXACT_LIMIT when samples is not given


@dataclass(frozen=True, eq=False)
class DistanceIndex:
    """A network-level distance index, exact or estimated from sampled sources.

    Attributes
    ----------
    measure : str
        ``"compactness"`` or ``"fragmentation"``.
    value : float
        The index (the estimate when sampled).
    se : float
        Standard error of the estimate (0.0 when exact).
    exact : bool
        True when every person was a source.
    samples : int
        Number of source people used.
    """

    measure: str
    value: float
    se: float
    exact: bool
    samples: int

    @property
    def std_err(self) -> float:
        """Old name of :attr:`se` (relnet 0.1)."""
        return self.se

    def __float__(self) -> float:
        return float(self.value)

    def __repr__(self) -> str:
        how = "exact" if self.exact else f"estimate from {self.samples} sources, se={self.se:.2g}"
        return f"<{self.measure} {self.value:.6g} ({how})>"

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        rows = [(self.measure, self.value), ("exact", self.exact), ("sources", self.samples)]
        rows += [] if self.exact else [("se", self.se)]
        return html_table(f"DistanceIndex: {self.measure}", rows)


def _inverse_distance_mean(
    graph: Network, samples: int | None, seed: int | np.random.Generator | None
) -> tuple[float, float, bool, int]:
    """Mean of 1/d(i, j) over ordered pairs (0 when unreachable): value, se, exact, sources."""
    n = graph.n
    samples = check_samples(samples, n)
    if n < 2:
        return math.nan, math.nan, True, n
    if samples is None and n <= EXACT_LIMIT:
        samples = n
    elif samples is None:
        samples = DEFAULT_SAMPLES
    exact = samples >= n
    sources = np.arange(n, dtype=np.int64) if exact else sample_sources(n, samples, seed)
    lengths, _ = path_lengths(graph, False)
    with kernel_chunks(graph.m * len(sources)) as chunks:
        per_source, _ = path_kernels.inverse_distance_sums(
            graph.indptr, graph.indices, lengths, sources, False, chunks
        )
    closeness = per_source / (n - 1)
    value = float(closeness.mean())
    if exact or len(sources) < 2:
        return value, 0.0 if exact else math.nan, exact, len(sources)
    k = len(sources)
    se = float(closeness.std(ddof=1) / math.sqrt(k) * math.sqrt(1.0 - k / n))
    return value, se, False, k


def compactness(
    graph: Network,
    *,
    samples: int | None = None,
    seed: int | np.random.Generator | None = None,
) -> DistanceIndex:
    """Borgatti's compactness: the mean inverse distance between people.

    **Definition.** :math:`C = \\frac{1}{n(n-1)} \\sum_{i \\ne j} 1/d(i, j)`, over ordered
    pairs, with :math:`d` the directed geodesic distance and :math:`1/d = 0` when :math:`j`
    cannot be reached from :math:`i`. 1 when everyone names everyone, 0 with no ties. It is the
    mean of the harmonic closeness of the people.

    Parameters
    ----------
    graph : Network
        Directed survey graph (weights ignored).
    samples : int, optional
        Number of source people to sample. Default: exact (a search from every person) up to
        20,000 people, else 500 sampled sources.
    seed : int or numpy.random.Generator, optional
        Makes the sample reproducible.

    Returns
    -------
    DistanceIndex
        ``.value``, ``.se`` (0 when exact; a sampled estimate's standard error, with the
        finite-population correction), ``.exact``, ``.samples``. ``float(result)`` gives the
        value. NaN with fewer than two people.

    Notes
    -----
    Equals the mean of R sna ``closeness(cmode="suminvdir")`` and UCINET's distance-weighted
    fragmentation subtracted from 1.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b"], ["b", "c"])
    >>> rn.compactness(g)  # (1 + 1/2 + 1) / 6
    <compactness 0.416667 (exact)>

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       Computational and Mathematical Organization Theory 12, 21-34.
    """
    check_network(graph)
    value, se, exact, used = _inverse_distance_mean(graph, samples, seed)
    return DistanceIndex("compactness", value, se, exact, used)


def fragmentation(
    graph: Network,
    *,
    samples: int | None = None,
    seed: int | np.random.Generator | None = None,
) -> DistanceIndex:
    """Borgatti's distance-weighted fragmentation: 1 - compactness.

    **Definition.** :math:`F = 1 - \\frac{1}{n(n-1)} \\sum_{i \\ne j} 1/d(i, j)` over ordered
    pairs (:math:`1/d = 0` when unreachable): 0 when everyone names everyone, 1 when nobody
    can reach anybody.

    Parameters
    ----------
    graph : Network
        Directed survey graph (weights ignored).
    samples : int, optional
        Number of source people to sample. Default: exact up to 20,000 people, else 500.
    seed : int or numpy.random.Generator, optional
        Makes the sample reproducible.

    Returns
    -------
    DistanceIndex
        As :func:`compactness`, with ``measure="fragmentation"`` and the same standard error.

    Notes
    -----
    Equals 1 - mean of R sna ``closeness(cmode="suminvdir")``; UCINET "distance-weighted
    fragmentation" (Borgatti 2006).

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b"], ["b", "c"])
    >>> round(float(rn.fragmentation(g)), 4)
    0.5833

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       Computational and Mathematical Organization Theory 12, 21-34.
    """
    check_network(graph)
    value, se, exact, used = _inverse_distance_mean(graph, samples, seed)
    return DistanceIndex("fragmentation", 1.0 - value, se, exact, used)
