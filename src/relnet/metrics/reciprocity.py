"""Dyad census and reciprocity: how often trust is returned."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from relnet.errors import check_choice
from relnet.kernels import dyads as dyad_kernels
from relnet.metrics.common import check_network, group_codes, node_series
from relnet.metrics.missing import MISSING_DEFAULT, MissingPlan, missing_plan
from relnet.network import Network
from relnet.threads import kernel_chunks

# With more blocks than this (about 450 groups), ``by=`` lists the within blocks and only the
# between blocks that hold an arc: a table of every pair of 100,000 teams would not fit.
MAX_ALL_BLOCKS = 100_000

RECIPROCITY_MODES = (
    "edgewise",
    "dyadic",
    "dyadic_nonnull",
    "edgewise_lrr",
    "correlation",
    "weighted",
    "garlaschelli",
)


def dyad_census(graph: Network, *, missing: str = MISSING_DEFAULT) -> pd.Series:
    r"""Count the dyads that are mutual, asymmetric and null.

    **Definition.** A dyad is an unordered pair of distinct people :math:`\{i, j\}`. It is
    *mutual* (M) when :math:`i \to j` and :math:`j \to i`, *asymmetric* (A) when exactly one
    arc exists and *null* (N) when neither does; :math:`M + A + N = n(n-1)/2`.

    Parameters
    ----------
    graph : Network
        Directed survey network.
    missing : {"ignore", "observed", "reconstruct"}, default "ignore"
        Non-respondents' unobserved ties: ``"ignore"`` counts them as absent; ``"observed"``
        counts only dyads whose two ends responded; ``"reconstruct"`` imputes
        :math:`i \to j` from :math:`j \to i` for a non-respondent :math:`i` first. Left at
        the default with non-respondents present, a :class:`relnet.MissingDataWarning` says
        so.

    Returns
    -------
    pandas.Series
        int64 counts indexed ``mutual``, ``asymmetric``, ``null``, named ``dyad_census``
        (the same form as :func:`relnet.triad_census`; ``census["mutual"]`` and
        ``census.to_dict()`` work as with a dict).

    Notes
    -----
    Matches R sna ``dyad.census`` (with ``missing="observed"``: the non-respondents' rows set
    to NA) and igraph ``dyad_census``. O(n + m) time: each node's sorted out- and in-rows are
    merged in parallel.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "a"], ["b", "a", "c"])
    >>> rn.dyad_census(g)  # {a,b} mutual, {a,c} asymmetric, {b,c} null
    mutual        1
    asymmetric    1
    null          1
    Name: dyad_census, dtype: int64

    References
    ----------
    .. [1] Holland, P. W. & Leinhardt, S. (1970). A method for detecting structure in
       sociometric data. American Journal of Sociology 76(3), 492-513.
    """
    check_network(graph)
    plan = missing_plan(graph, missing, measure="dyad_census")
    mutual, asymmetric, null = _census(plan)
    return pd.Series(
        [mutual, asymmetric, null],
        index=["mutual", "asymmetric", "null"],
        dtype=np.int64,
        name="dyad_census",
    )


def reciprocity(
    graph: Network,
    *,
    mode: str = "edgewise",
    missing: str = MISSING_DEFAULT,
    by: str | None = None,
) -> float | pd.DataFrame:
    r"""How much of the trust in a network is returned.

    **Definition.** From the dyad census M, A, N (see :func:`dyad_census`):

    - ``edgewise``: :math:`2M/(2M+A)`, the share of arcs that are reciprocated;
    - ``dyadic``: :math:`(M+N)/(M+A+N)`, the share of symmetric dyads;
    - ``dyadic_nonnull``: :math:`M/(M+A)`, the share of linked dyads that are mutual;
    - ``edgewise_lrr``: :math:`\log\{M(M+A+N)/(M+A/2)^2\}`, the log ratio of edgewise
      reciprocity to density;
    - ``correlation``: Pearson correlation of :math:`a_{ij}` with :math:`a_{ji}` over the
      ordered pairs :math:`i \ne j`, :math:`(2M \cdot 2D - S^2)/(S(2D - S))` with
      :math:`D = M+A+N` and :math:`S = 2M+A`;
    - ``weighted``: :math:`\sum_{i \ne j} \min(w_{ij}, w_{ji}) / \sum_{i \ne j} w_{ij}`
      (absent arcs weigh 0);
    - ``garlaschelli``: :math:`(r - d)/(1 - d)` with :math:`r` edgewise reciprocity and
      :math:`d = S/(2D)` the density, so 0 means "as reciprocal as chance" and negative
      values mean anti-reciprocity.

    Undefined values (a zero denominator) are NaN; ``edgewise_lrr`` is :math:`-\infty` when
    :math:`M = 0 < A`.

    Parameters
    ----------
    graph : Network
        Directed survey network.
    mode : str, default "edgewise"
        One of the measures above.
    missing : {"ignore", "observed", "reconstruct"}, default "ignore"
        Non-respondents' unobserved ties: ``"ignore"`` counts them as absent; ``"observed"``
        counts only dyads whose two ends responded (every mode, including the density in
        ``garlaschelli``, is then computed on those dyads); ``"reconstruct"`` imputes
        :math:`i \to j` from :math:`j \to i` for a non-respondent :math:`i` first. Left at the
        default with non-respondents present, a :class:`relnet.MissingDataWarning` says so.
    by : str, optional
        A node attribute. Then each dyad :math:`\{i, j\}` falls in the block of the unordered
        pair of groups :math:`(g(i), g(j))` and the measure is computed within each block.

    Returns
    -------
    float or pandas.DataFrame
        A float; with ``by``, a DataFrame with one row per block, indexed by the two groups
        (levels ``<by>`` and ``<by>_other``, the first not after the second), and columns
        ``block`` ("within" or "between"), ``dyads``, ``mutual``, ``asymmetric``, ``null``
        and ``reciprocity``. Every pair of groups has a row, except with more than
        100,000 pairs (about 450 groups): then the between blocks without any arc (all
        null dyads) are left out.

    Notes
    -----
    ``edgewise`` matches R sna ``grecip(measure="edgewise")``, igraph ``reciprocity()`` and
    networkx ``overall_reciprocity``; ``dyadic``, ``edgewise_lrr`` and ``correlation`` match
    sna ``grecip``; ``dyadic_nonnull`` matches sna ``"dyadic.nonnull"``, igraph
    ``reciprocity(mode="ratio")`` and UCINET's dyad-based reciprocity, and ``by`` follows
    UCINET's within/between partition. ``correlation`` uses the binary ties; it equals
    ``garlaschelli``, as Garlaschelli & Loffredo (2004) show, both being kept for their names.
    Counting is O(n + m): numba kernels merge each person's sorted out- and in-rows.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "a"], ["b", "a", "c"], weight=[2, 1, 3])
    >>> round(rn.reciprocity(g), 4)  # 2M/(2M+A) = 2/3
    0.6667
    >>> rn.reciprocity(g, mode="dyadic_nonnull")  # M/(M+A) = 1/2
    0.5
    >>> rn.reciprocity(g, mode="weighted")  # (min(2,1) + min(1,2)) / (2 + 1 + 3)
    0.3333333333333333

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). Social Network Analysis, section 13.2. CUP.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software 24(6).
    .. [3] Garlaschelli, D. & Loffredo, M. I. (2004). Patterns of link reciprocity in
       directed networks. Physical Review Letters 93, 268701.
    .. [4] Squartini, T., Picciolo, F., Ruzzenenti, F. & Garlaschelli, D. (2013).
       Reciprocity of weighted networks. Scientific Reports 3, 2729.
    """
    check_network(graph)
    check_choice("mode", mode, RECIPROCITY_MODES)
    if by is not None:
        graph.attribute(by)  # raises ArgumentError naming the attributes that exist
    plan = missing_plan(graph, missing, measure="reciprocity")
    if by is not None:
        return _block_reciprocity(plan, mode, by)
    if mode == "weighted":
        _, _, _, min_sum, weight_sum = _linked_dyads(plan)
        return _ratio(float(min_sum.sum()), float(weight_sum.sum()))
    mutual, asymmetric, null = _census(plan)
    return _from_census(mode, mutual, asymmetric, null)


def node_reciprocity(graph: Network) -> pd.Series:
    r"""Share of each person's arcs, sent and received, that are reciprocated.

    **Definition.** For person :math:`i` with out-neighbours :math:`O_i` and in-neighbours
    :math:`I_i`, :math:`r_i = 2|O_i \cap I_i| / (|O_i| + |I_i|)`; NaN for an isolate.

    Parameters
    ----------
    graph : Network
        Directed survey network.

    Returns
    -------
    pandas.Series
        float64, indexed by person id, named ``node_reciprocity``.

    Notes
    -----
    Matches networkx ``reciprocity(G, nodes)``. Missing data are not treated: a
    non-respondent's share counts only the ties they received.

    Examples
    --------
    >>> import relnet as rn
    >>> people = ["ana", "ben", "cai", "dee"]
    >>> g = rn.Network.from_edges(["ana", "ben", "ana"], ["ben", "ana", "cai"], nodes=people)
    >>> rn.node_reciprocity(g).round(3)
    ana    0.667
    ben    1.000
    cai    0.000
    dee      NaN
    Name: node_reciprocity, dtype: float64

    References
    ----------
    .. [1] Garlaschelli, D. & Loffredo, M. I. (2004). Patterns of link reciprocity in
       directed networks. Physical Review Letters 93, 268701.
    """
    check_network(graph)
    csr = (graph.indptr, graph.indices, graph.t_indptr, graph.t_indices)
    with kernel_chunks(graph.m) as chunks:
        mutual = dyad_kernels.node_mutual(*csr, chunks)
    total = graph.out_degree() + graph.in_degree()
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(total > 0, 2.0 * mutual / total, np.nan)
    return node_series(graph, values, "node_reciprocity")


# ---------------------------------------------------------------------- helpers
def _census(plan: MissingPlan) -> tuple[int, int, int]:
    """(M, A, N) as Python ints under a prepared missing-data plan."""
    g = plan.graph
    args = (g.indptr, g.indices, g.t_indptr, g.t_indices, plan.responded, plan.use_mask)
    with kernel_chunks(g.m) as chunks:
        counts = dyad_kernels.dyad_counts(*args, chunks)
    mutual, asymmetric = int(counts[0]), int(counts[1])
    return mutual, asymmetric, plan.observed_dyads() - mutual - asymmetric


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def _from_census(
    mode: str,
    mutual: int,
    asymmetric: int,
    null: int,
) -> float:
    """A census-based reciprocity measure; exact integer arithmetic up to the last division."""
    dyads = mutual + asymmetric + null
    arcs = 2 * mutual + asymmetric
    if mode == "edgewise":
        return _ratio(2 * mutual, arcs)
    if mode == "dyadic":
        return _ratio(mutual + null, dyads)
    if mode == "dyadic_nonnull":
        return _ratio(mutual, mutual + asymmetric)
    if mode == "edgewise_lrr":
        # M (M + A + N) / (M + A/2)^2 = 4 M D / (2M + A)^2
        if arcs == 0:
            return math.nan
        if mutual == 0:
            return -math.inf
        return math.log(4 * mutual * dyads / arcs**2)
    if mode == "correlation":
        pairs = 2 * dyads
        return _ratio(2 * mutual * pairs - arcs**2, arcs * (pairs - arcs))
    if mode == "garlaschelli":
        if arcs == 0 or dyads == 0:
            return math.nan
        # r = 2M/S, d = S/(2D): (r - d)/(1 - d) = (4MD - S^2) / (S (2D - S))
        return _ratio(4 * mutual * dyads - arcs**2, arcs * (2 * dyads - arcs))
    raise AssertionError(mode)  # pragma: no cover - mode checked by the caller


def _linked_dyads(plan: MissingPlan) -> tuple:
    """Dyads holding at least one arc: low, high, is_mutual, min_sum, weight_sum."""
    g = plan.graph
    args = (
        g.indptr,
        g.indices,
        g.weights,
        g.t_indptr,
        g.t_indices,
        g.t_to_out,
        plan.responded,
        plan.use_mask,
    )
    with kernel_chunks(g.m) as chunks:
        return dyad_kernels.linked_dyads(*args, chunks)


def _from_census_arrays(
    mode: str, mutual: np.ndarray, asymmetric: np.ndarray, null: np.ndarray
) -> np.ndarray:
    """:func:`_from_census` over arrays of blocks, in float64 (NaN for 0/0)."""
    m = mutual.astype(np.float64)
    a = asymmetric.astype(np.float64)
    dyads = m + a + null.astype(np.float64)
    arcs = 2 * m + a
    with np.errstate(divide="ignore", invalid="ignore"):
        if mode == "edgewise":
            return 2 * m / arcs
        if mode == "dyadic":
            return (dyads - a) / dyads
        if mode == "dyadic_nonnull":
            return m / (m + a)
        if mode == "edgewise_lrr":
            return np.log(4 * m * dyads / arcs**2)  # -inf when M = 0 < A, NaN when no arc
        # correlation and garlaschelli coincide: (4MD - S^2) / (S (2D - S))
        return (4 * m * dyads - arcs**2) / (arcs * (2 * dyads - arcs))


def _block_reciprocity(plan: MissingPlan, mode: str, by: str) -> pd.DataFrame:
    codes, labels = group_codes(plan.graph, by)
    n_groups = len(labels)
    low, high, is_mutual, min_sum, weight_sum = _linked_dyads(plan)
    code_low, code_high = codes[low], codes[high]
    key = np.minimum(code_low, code_high) * n_groups + np.maximum(code_low, code_high)
    if n_groups * (n_groups + 1) // 2 <= MAX_ALL_BLOCKS:
        first, second = np.triu_indices(n_groups)  # row-major: keys ascending
        block_key = first * n_groups + second
    else:  # every within block, and the between blocks that hold an arc
        block_key = np.union1d(np.arange(n_groups) * (n_groups + 1), key)
        first, second = block_key // n_groups, block_key % n_groups
    slot = np.searchsorted(block_key, key)
    n_blocks = len(block_key)
    linked = np.bincount(slot, minlength=n_blocks)
    mutual = np.bincount(slot[is_mutual], minlength=n_blocks)
    asymmetric = linked - mutual
    members = codes[plan.responded] if plan.use_mask else codes
    size = np.bincount(members, minlength=n_groups).astype(np.int64)
    within = first == second
    dyads = np.where(within, size[first] * (size[first] - 1) // 2, size[first] * size[second])
    null = dyads - linked
    if mode == "weighted":
        with np.errstate(divide="ignore", invalid="ignore"):
            values = np.bincount(slot, weights=min_sum, minlength=n_blocks) / np.bincount(
                slot, weights=weight_sum, minlength=n_blocks
            )
    else:
        values = _from_census_arrays(mode, mutual, asymmetric, null)
    index = pd.MultiIndex.from_arrays(
        [labels.take(first), labels.take(second)], names=[by, f"{by}_other"]
    )
    return pd.DataFrame(
        {
            "block": np.where(within, "within", "between"),
            "dyads": dyads.astype(np.int64),
            "mutual": mutual.astype(np.int64),
            "asymmetric": asymmetric.astype(np.int64),
            "null": null.astype(np.int64),
            "reciprocity": values,
        },
        index=index,
    )
