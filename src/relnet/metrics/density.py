"""Density: the share of possible arcs that are present (sna ``gden``)."""

from __future__ import annotations

import math

from relnet.kernels import dyads as dyad_kernels
from relnet.metrics.common import check_network
from relnet.metrics.missing import MISSING_DEFAULT, MissingPlan, missing_plan
from relnet.network import Network


def density(graph: Network, *, weighted: bool = False, missing: str = MISSING_DEFAULT) -> float:
    r"""Share of the possible arcs that are present.

    **Definition.** :math:`d = \sum_{i \ne j} a_{ij} / (n(n-1))`, with :math:`a_{ij} = 1`
    for an arc :math:`i \to j`; with ``weighted=True``, :math:`a_{ij} = w_{ij}` (the sum of
    the weights over :math:`n(n-1)`). NaN when :math:`n < 2`.

    Parameters
    ----------
    graph : Network
        Directed survey network.
    weighted : bool, default False
        Sum the tie weights instead of counting arcs.
    missing : {"ignore", "observed", "reconstruct"}, default "ignore"
        Non-respondents' unobserved ties: ``"ignore"`` counts them as absent; ``"observed"``
        counts only cells :math:`i \to j` whose sender :math:`i` responded, in numerator and
        denominator (:math:`r(n-1)` cells for :math:`r` respondents; NaN when none);
        ``"reconstruct"`` imputes :math:`i \to j` from :math:`j \to i` first
        (:func:`relnet.metrics.missing.reconstruct`). Left at the default with
        non-respondents present, a :class:`relnet.MissingDataWarning` says so.

    Returns
    -------
    float

    Notes
    -----
    Matches R sna ``gden(A)`` (``weighted=False``) and ``gden(W)`` (``weighted=True``); with
    ``missing="observed"`` it matches ``gden`` with the non-respondents' rows set to NA.
    Loops never count.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "a"], ["b", "a", "c"], weight=[2, 1, 1])
    >>> rn.density(g)  # 3 arcs of 3 * 2 possible
    0.5
    >>> round(rn.density(g, weighted=True), 4)  # (2 + 1 + 1) / 6
    0.6667

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). Social Network Analysis: Methods and
       Applications, section 4.2. Cambridge University Press.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software 24(6).
    """
    check_network(graph)
    plan = missing_plan(graph, missing, measure="density")
    return _density(plan, weighted=bool(weighted))


def _density(plan: MissingPlan, *, weighted: bool) -> float:
    """Density under a prepared missing-data plan (no checks, no warning)."""
    g = plan.graph
    if plan.use_mask:
        arcs, weight_sum = dyad_kernels.sender_sums(g.indptr, g.weights, plan.responded)
        cells = plan.n_observed_senders * (g.n - 1)
    else:
        arcs = g.m
        weight_sum = float(g.weights.sum()) if weighted else 0.0
        cells = g.n * (g.n - 1)
    if cells == 0:
        return math.nan
    return (float(weight_sum) if weighted else float(arcs)) / cells
