"""Conditional uniform graph (CUG) tests: is a statistic more than chance?"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, check_choice
from relnet.inference.random_graphs import (
    CONDITIONS,
    SWAPS_PER_ARC,
    NullModel,
    draw_seeds,
    network_from_keys,
    node_table,
    null_model,
    seed_sequence,
)
from relnet.kernels import random_graphs as kernels
from relnet.metrics.common import check_network, finish_figure, group_codes, result_card
from relnet.metrics.missing import MISSING_DEFAULT, missing_plan
from relnet.network import Network

#: Columns of the ``by=`` table.
COLUMNS = ("n", "observed", "null_mean", "null_sd", "z", "p_greater", "p_less", "reason")

#: Groups with fewer people are not tested under ``by=`` (NaN with a reason).
MIN_GROUP_SIZE = 3

_NETWORK_METRICS = (
    "arcs",
    "components_weak",
    "components_strong",
    "largest_component_share",
    "mean_degree",
    "compactness",
    "fragmentation",
)
_CENTRALIZATIONS = ("indegree", "outdegree", "degree", "betweenness", "closeness")
_KRACKHARDT = ("connectedness", "hierarchy", "efficiency", "lub")


def _statistics() -> dict[str, tuple[tuple[str, ...], Callable[..., float]]]:
    """Named statistics: name -> (options it takes, function(graph, missing, **options))."""
    from relnet.metrics.cohesion import component_sizes, transitivity
    from relnet.metrics.density import density
    from relnet.metrics.distance import compactness
    from relnet.metrics.hierarchy import krackhardt
    from relnet.metrics.mixing import assortativity, ei_index
    from relnet.metrics.reciprocity import dyad_census, reciprocity

    def weak_share(g: Network) -> float:
        sizes = component_sizes(g, connection="weak")
        return float(sizes.max() / g.n) if g.n else math.nan

    table: dict[str, tuple[tuple[str, ...], Callable[..., float]]] = {
        "density": ((), lambda g, missing: density(g, missing=missing)),
        "reciprocity": (("mode",), lambda g, missing, **o: reciprocity(g, missing=missing, **o)),
        "transitivity": (("measure",), lambda g, missing, **o: transitivity(g, **o)),
        "ei_index": (("attr",), lambda g, missing, attr: ei_index(g, attr).network),
        "assortativity": (("attr",), lambda g, missing, attr: assortativity(g, attr)),
        "arcs": ((), lambda g, missing: float(g.m)),
        "mean_degree": ((), lambda g, missing: g.m / g.n if g.n else math.nan),
        "components_weak": ((), lambda g, missing: float(len(component_sizes(g)))),
        "components_strong": (
            (),
            lambda g, missing: float(len(component_sizes(g, connection="strong"))),
        ),
        "largest_component_share": ((), lambda g, missing: weak_share(g)),
        "compactness": (
            ("samples", "seed"),
            lambda g, missing, **o: compactness(g, **o).value,
        ),
        "fragmentation": (
            ("samples", "seed"),
            lambda g, missing, **o: 1.0 - compactness(g, **o).value,
        ),
    }
    for key in ("mutual", "asymmetric", "null"):
        table[key] = ((), lambda g, missing, key=key: float(dyad_census(g, missing=missing)[key]))
    for key in _KRACKHARDT:
        table[f"krackhardt_{key}"] = (
            ("samples", "seed"),
            lambda g, missing, key=key, **o: float(krackhardt(g, **o)[key]),
        )
    for measure in _CENTRALIZATIONS:
        from relnet.metrics.centralization import centralization

        options = ("samples", "seed") if measure in ("betweenness", "closeness") else ()
        table[f"centralization_{measure}"] = (
            options,
            lambda g, missing, measure=measure, **o: float(centralization(g, measure, **o)),
        )
    return table


STATISTICS = (
    "density",
    "reciprocity",
    "mutual",
    "asymmetric",
    "null",
    "transitivity",
    "ei_index",
    "assortativity",
    *_NETWORK_METRICS,
    *(f"krackhardt_{k}" for k in _KRACKHARDT),
    *(f"centralization_{k}" for k in _CENTRALIZATIONS),
)


@dataclass(frozen=True, eq=False)
class CUGResult:
    """A conditional uniform graph test of one statistic.

    Attributes
    ----------
    statistic : str
        The statistic's name (a callable's ``__name__``).
    observed : float
        The statistic on the observed network.
    null : numpy.ndarray
        float64[n_sims]: the statistic on each random network (NaN where undefined).
    p_greater, p_less : float
        Share of the defined null values at or above / at or below ``observed`` (sna
        ``cug.test``'s ``Pr(X>=Obs)`` and ``Pr(X<=Obs)``).
    condition : str
        ``"size"``, ``"edges"``, ``"dyad_census"`` or ``"degree"``.
    n_sims : int
        Number of random networks.
    missing : str
        ``"ignore"``, ``"observed"`` or ``"reconstruct"``.
    swaps_per_arc : int or None
        Rewiring moves per arc under ``"degree"``.
    """

    statistic: str
    observed: float
    null: np.ndarray
    p_greater: float
    p_less: float
    condition: str
    n_sims: int
    missing: str = "ignore"
    swaps_per_arc: int | None = None

    @property
    def n_undefined(self) -> int:
        """Random networks on which the statistic is NaN (left out of the p-values)."""
        return int(np.count_nonzero(np.isnan(self.null)))

    @property
    def null_mean(self) -> float:
        """Mean of the defined null values."""
        defined = self.null[~np.isnan(self.null)]
        return float(defined.mean()) if len(defined) else math.nan

    @property
    def null_sd(self) -> float:
        """Standard deviation (n - 1) of the defined null values."""
        defined = self.null[~np.isnan(self.null)]
        return float(defined.std(ddof=1)) if len(defined) > 1 else math.nan

    @property
    def z(self) -> float:
        """(observed - null mean) / null sd; NaN when the null does not vary."""
        sd = self.null_sd
        return (self.observed - self.null_mean) / sd if sd > 0 else math.nan

    @property
    def p_value(self) -> float:
        """Two-sided: ``min(1, 2 * min(p_greater, p_less))``."""
        return min(1.0, 2 * min(self.p_greater, self.p_less))

    def summary(self) -> pd.DataFrame:
        """One row, indexed by the statistic: ``condition``, ``observed``, ``null_mean``,
        ``null_sd``, ``z``, ``p_greater``, ``p_less``, ``p_value``, ``n_sims``."""
        return pd.DataFrame(
            {
                "condition": self.condition,
                "observed": self.observed,
                "null_mean": self.null_mean,
                "null_sd": self.null_sd,
                "z": self.z,
                "p_greater": self.p_greater,
                "p_less": self.p_less,
                "p_value": self.p_value,
                "n_sims": self.n_sims,
            },
            index=pd.Index([self.statistic], name="statistic"),
        )

    def plot(self, path: str | None = None) -> Any:
        """Histogram of the null with the observed value marked; saved to ``path`` if given.

        Returns
        -------
        matplotlib.figure.Figure
        """
        from matplotlib.figure import Figure

        fig = Figure(figsize=(6, 3.5))
        ax = fig.subplots()
        values = self.null[~np.isnan(self.null)]
        ax.hist(values, bins=min(50, max(10, int(np.sqrt(len(values))))), color="#9bb7d4")
        ax.axvline(self.observed, color="#c0392b", linewidth=2, label="observed")
        ax.set_xlabel(self.statistic)
        ax.set_ylabel("random networks")
        ax.set_title(
            f"CUG test, {self.condition}: p(null >= obs) = {self.p_greater:.3g}, "
            f"p(null <= obs) = {self.p_less:.3g}",
            fontsize=9,
        )
        ax.legend(frameon=False)
        return finish_figure(fig, path)

    def _repr_html_(self) -> str:
        return result_card(self)

    def __repr__(self) -> str:
        return (
            f"<CUGResult {self.statistic} | {self.condition}: observed={self.observed:.4g}, "
            f"null mean={self.null_mean:.4g}, p>={self.p_greater:.3g}, "
            f"p<={self.p_less:.3g}, {self.n_sims} sims>"
        )


def _p_values(observed: float, null: np.ndarray) -> tuple[float, float]:
    defined = null[~np.isnan(null)]
    if math.isnan(observed) or len(defined) == 0:
        return math.nan, math.nan
    tol = 1e-12 * max(1.0, abs(observed))
    return (
        float(np.mean(defined >= observed - tol)),
        float(np.mean(defined <= observed + tol)),
    )


def _as_number(value: object, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)):
        raise ArgumentError(
            f"statistic {name!r} returned {value!r} ({type(value).__name__}); a statistic "
            "must return one number. Pass a function Network -> float or one of: "
            f"{', '.join(STATISTICS)}."
        )
    return float(value)


class _Statistic:
    """A resolved statistic: evaluates it on a Network, or on a batch of drawn arc keys."""

    def __init__(self, statistic: object, options: dict[str, Any], mode: str) -> None:
        self.mode = mode
        self.options = options
        if callable(statistic):
            if options:
                raise ArgumentError(
                    f"options {sorted(options)} apply to named statistics only; bind them "
                    "into your function instead (functools.partial or a lambda)."
                )
            self.name = getattr(statistic, "__name__", "statistic")
            self.function = lambda g: statistic(g)
            self.fast = None
            return
        if not isinstance(statistic, str) or statistic not in STATISTICS:
            raise ArgumentError(
                f"statistic={statistic!r} is not a function Network -> float nor one of: "
                f"{', '.join(STATISTICS)}."
            )
        allowed, function = _statistics()[statistic]
        unknown = sorted(set(options) - set(allowed))
        if unknown:
            takes = ", ".join(allowed) if allowed else "no options"
            raise ArgumentError(f"statistic {statistic!r} takes {takes}; got {', '.join(unknown)}.")
        if statistic in ("ei_index", "assortativity") and "attr" not in options:
            raise ArgumentError(
                f"statistic {statistic!r} needs attr= (the grouping attribute), e.g. "
                f"rn.cug_test(g, {statistic!r}, attr='team')."
            )
        if statistic == "reciprocity":
            from relnet.metrics.reciprocity import RECIPROCITY_MODES

            check_choice("mode", options.get("mode", "edgewise"), RECIPROCITY_MODES)
        if statistic == "transitivity":
            check_choice("measure", options.get("measure", "weak"), ("weak", "strong"))
        self.name = statistic
        self.function = lambda g: function(g, mode, **options)
        fast = statistic
        if statistic == "reciprocity" and options.get("mode", "edgewise") == "weighted":
            fast = None
        self.fast = fast if fast in ("density", "reciprocity", "mutual", "asymmetric",
                                     "null", "transitivity", "ei_index") else None  # fmt: skip

    def on_network(self, graph: Network) -> float:
        return _as_number(self.function(graph), self.name)

    def on_draws(
        self, graph: Network, keys: np.ndarray, offsets: np.ndarray, chunks: int, nodes
    ) -> np.ndarray:
        """The statistic of each draw of a batch (float64[B])."""
        if self.fast is None:
            return np.array(
                [
                    self.on_network(network_from_keys(graph, keys[a:b], nodes))
                    for a, b in zip(offsets[:-1], offsets[1:])
                ],
                dtype=np.float64,
            )
        return self._fast(graph, keys, offsets, chunks)

    def _fast(self, graph: Network, keys, offsets, chunks) -> np.ndarray:
        """Straight from the arc keys, by the public measures' own formulas."""
        from relnet.metrics.reciprocity import _from_census

        n = graph.n
        arcs = np.diff(offsets)
        responded = graph.responded
        use_mask = self.mode == "observed" and not responded.all()
        if self.fast == "transitivity":
            total, closed = kernels.two_path_counts(keys, offsets, n, chunks)
            if self.options.get("measure", "weak") == "weak":
                return np.array([1.0 if t == 0 else int(c) / int(t) for t, c in zip(total, closed)])
            if n < 3:
                return np.ones(len(arcs))
            return np.array(
                [
                    (2 * int(c) - int(t) + (n * (n - 1) - int(m)) * (n - 2))
                    / (n * (n - 1) * (n - 2))
                    for t, c, m in zip(total, closed, arcs)
                ]
            )
        if self.fast in ("density", "ei_index"):
            codes = np.zeros(n, dtype=np.int64)
            if self.fast == "ei_index":
                codes, _ = group_codes(graph, self.options["attr"])
            internal, sent = kernels.arc_counts(keys, offsets, n, codes, responded, chunks)
            if self.fast == "ei_index":
                return np.array(
                    [(int(m) - 2 * int(i)) / int(m) if m else math.nan
                     for m, i in zip(arcs, internal)]
                )  # fmt: skip
            if use_mask:
                cells = int(responded.sum()) * (n - 1)
                counts = sent
            else:
                cells = n * (n - 1)
                counts = arcs
            return np.array([int(c) / cells if cells else math.nan for c in counts])
        mutual, asym = kernels.census_counts(keys, offsets, n, responded, use_mask, chunks)
        k = int(responded.sum()) if use_mask else n
        dyads = k * (k - 1) // 2
        values = []
        for mu, a in zip(mutual, asym):
            mu, a = int(mu), int(a)
            null = dyads - mu - a
            if self.fast == "reciprocity":
                values.append(_from_census(self.options.get("mode", "edgewise"), mu, a, null))
            else:
                values.append(float({"mutual": mu, "asymmetric": a, "null": null}[self.fast]))
        return np.array(values, dtype=np.float64)


def _run(
    graph: Network,
    stat: _Statistic,
    condition: str,
    n_sims: int,
    sequence: np.random.SeedSequence,
    swaps_per_arc: int,
) -> CUGResult:
    graph = graph.binarize() if graph.has_weights else graph
    observed = stat.on_network(graph)
    model: NullModel = null_model(
        graph, condition, observed_only=stat.mode == "observed", swaps_per_arc=swaps_per_arc
    )
    seeds = draw_seeds(sequence, n_sims)
    nodes = node_table(graph)
    parts = [
        stat.on_draws(graph, keys, offsets, chunks, nodes)
        for keys, offsets, chunks in model.batches(seeds)
    ]
    null = np.concatenate(parts) if parts else np.empty(0)
    p_greater, p_less = _p_values(observed, null)
    return CUGResult(
        statistic=stat.name,
        observed=observed,
        null=null,
        p_greater=p_greater,
        p_less=p_less,
        condition=condition,
        n_sims=n_sims,
        missing=stat.mode,
        swaps_per_arc=swaps_per_arc if condition == "degree" else None,
    )


def cug_test(
    graph: Network,
    statistic: str | Callable[[Network], float],
    *,
    condition: str = "edges",
    n_sims: int = 1000,
    missing: str = MISSING_DEFAULT,
    seed: int | np.random.Generator | None = None,
    by: str | None = None,
    swaps_per_arc: int = SWAPS_PER_ARC,
    **options: Any,
) -> CUGResult | pd.DataFrame:
    r"""Conditional uniform graph test: is a statistic higher or lower than chance?

    **Definition.** The statistic :math:`t(g)` is compared with its distribution over
    networks drawn uniformly from those sharing a property of :math:`g` (the condition):
    :math:`p_{\ge} = \Pr(t(G) \ge t(g))` and :math:`p_{\le} = \Pr(t(G) \le t(g))`, each
    estimated from ``n_sims`` draws. Conditions, from weakest to strongest:

    * ``"size"``: the number of people (each arc present with probability 1/2);
    * ``"edges"``: the number of arcs (density);
    * ``"dyad_census"``: the counts of mutual, asymmetric and null dyads (so density and
      reciprocity);
    * ``"degree"``: each person's out- and in-degree.

    A small :math:`p_{\ge}` says the network shows more of the statistic than networks
    like it by chance (e.g. more transitive than its density and reciprocity explain).

    Parameters
    ----------
    graph : Network
        The observed survey network (weights are ignored: the test is about arcs).
    statistic : str or callable
        A function ``Network -> float``, or a name: ``"density"``, ``"reciprocity"``
        (``mode=`` as :func:`relnet.reciprocity`), ``"mutual"``, ``"asymmetric"``,
        ``"null"``, ``"transitivity"`` (``measure=``), ``"ei_index"`` and
        ``"assortativity"`` (with ``attr=``), ``"arcs"``, ``"mean_degree"``,
        ``"components_weak"``, ``"components_strong"``, ``"largest_component_share"``,
        ``"compactness"``, ``"fragmentation"``, ``"krackhardt_connectedness"``,
        ``"krackhardt_hierarchy"``, ``"krackhardt_efficiency"``, ``"krackhardt_lub"``,
        ``"centralization_indegree"``, ``_outdegree``, ``_degree``, ``_betweenness``,
        ``_closeness`` (as in :func:`relnet.network_metrics`).
    condition : {"size", "edges", "dyad_census", "degree"}
        What the random networks share with ``graph``.
    n_sims : int
        Number of random networks.
    missing : {"ignore", "observed", "reconstruct"}
        ``"ignore"``: non-respondents' unobserved cells count as absent and are random in
        the draws. ``"observed"``: only the cells sent by respondents are random (the
        condition is taken over them: their arcs, or the dyad census among respondents plus
        the arcs from respondents to non-respondents, or the degrees with only respondents'
        arcs moving); the non-respondents' rows stay as observed, and density, reciprocity
        and the dyad counts count observed cells only. ``"reconstruct"``: ``graph`` is
        reconstructed first (:func:`relnet.metrics.missing.reconstruct`) and tested as
        complete. Left at the default with non-respondents present, a
        :class:`relnet.MissingDataWarning` says so.
    seed : int, numpy.random.Generator or None
        Seed; the same seed gives the same draws whatever the number of threads.
    by : str, optional
        A node attribute (team, site): one test per group, the null drawn within the group's
        subgraph. Groups of fewer than 3 people get NaN and a reason.
    swaps_per_arc : int, default 10
        Under ``"degree"``, attempted rewiring moves per (movable) arc of each draw, each
        draw starting from ``graph`` (see :func:`relnet.random_network`).
    **options
        Options of a named statistic (``mode=``, ``measure=``, ``attr=``, ``samples=``).

    Returns
    -------
    CUGResult or pandas.DataFrame
        A :class:`CUGResult`; with ``by``, a DataFrame indexed by group (index named after
        ``by``) with columns ``n``, ``observed``, ``null_mean``, ``null_sd``, ``z``,
        ``p_greater``, ``p_less``, ``reason`` (None when tested).

    Raises
    ------
    ArgumentError
        For an unknown statistic or condition, ``n_sims < 1``, options a statistic does not
        take, a statistic that returns something other than a number, or a ``by``
        attribute that does not exist.

    Notes
    -----
    Equals R sna ``cug.test(dat, FUN, cmode=)`` with ``cmode="size"``, ``"edges"``,
    ``"dyad.census"`` (sna's p-values are the same shares, without a +1 correction); the
    ``"degree"`` condition is the degree-preserving rewiring test of netdiffuseR
    ``struct_test`` and igraph ``rewire``, here with each draw rewired from ``graph``. Draws
    are made in numba in batches of arc arrays; density, reciprocity, the dyad counts,
    transitivity and the E-I index are computed straight from those arrays (with the
    public measures' formulas), other statistics on a Network built per draw. The
    observed statistic is computed on ``graph`` with weights set to 1, like the draws.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "b", "c", "c", "d", "d", "a"],
    ...                           ["b", "a", "c", "b", "d", "c", "a", "d"])
    >>> r = rn.cug_test(g, "reciprocity", condition="edges", n_sims=200, seed=1)
    >>> r.observed  # every arc returned: 2M / (2M + A) = 8 / 8
    1.0
    >>> r.p_greater < 0.05  # 8 arcs placed at random are rarely all returned
    True
    >>> rn.cug_test(g, "reciprocity", condition="dyad_census", n_sims=50, seed=1).p_greater
    1.0

    References
    ----------
    .. [1] Anderson, B. S., Butts, C. T. & Carley, K. M. (1999). The interaction of size and
       density with graph-level indices. Social Networks 21(3), 239-267.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software 24(6).
    .. [3] Holland, P. W. & Leinhardt, S. (1976). Local structure in social networks.
       Sociological Methodology 7, 1-45.
    """
    check_network(graph)
    check_choice("condition", condition, CONDITIONS)
    if isinstance(n_sims, bool) or not isinstance(n_sims, (int, np.integer)) or n_sims < 1:
        raise ArgumentError(f"n_sims={n_sims!r} must be a positive integer (e.g. 1000).")
    if (
        isinstance(swaps_per_arc, bool)
        or not isinstance(swaps_per_arc, (int, np.integer))
        or swaps_per_arc < 0
    ):
        raise ArgumentError(f"swaps_per_arc={swaps_per_arc!r} must be a non-negative integer.")
    if by is not None:
        graph.attribute(by)  # raises ArgumentError naming the attributes that exist
    sequence = seed_sequence(seed)
    plan = missing_plan(graph, missing, measure="cug_test")
    graph = plan.graph  # non-respondents handled as missing= asks
    mode = "ignore" if plan.mode == "reconstruct" else plan.mode
    stat = _Statistic(statistic, options, mode)
    if by is None:
        return _run(graph, stat, condition, int(n_sims), sequence, int(swaps_per_arc))
    codes, labels = group_codes(graph, by)
    rows = []
    for code, child in zip(range(len(labels)), sequence.spawn(len(labels))):
        members = codes == code
        size = int(members.sum())
        row: dict[str, Any] = dict.fromkeys(COLUMNS, math.nan)
        row.update(n=size, reason=None)
        sub = graph.subgraph(members)
        respondents = int(sub.responded.sum()) if mode == "observed" else size
        if size < MIN_GROUP_SIZE:
            row["reason"] = f"fewer than {MIN_GROUP_SIZE} people"
        elif respondents < 2:
            row["reason"] = "fewer than 2 respondents"
        else:
            result = _run(sub, stat, condition, int(n_sims), child, int(swaps_per_arc))
            row.update(
                observed=result.observed,
                null_mean=result.null_mean,
                null_sd=result.null_sd,
                z=result.z,
                p_greater=result.p_greater,
                p_less=result.p_less,
            )
            if math.isnan(result.observed):
                row["reason"] = "statistic undefined on the observed group"
        rows.append(row)
    table = pd.DataFrame(rows, index=labels, columns=list(COLUMNS))
    table.attrs.update(statistic=stat.name, condition=condition, n_sims=int(n_sims), missing=mode)
    return table
