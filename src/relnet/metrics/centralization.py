"""Freeman centralization of a network for a node centrality."""

from __future__ import annotations

import math

import numpy as np

from relnet.errors import ArgumentError, check_choice
from relnet.metrics.centrality import betweenness, harmonic_closeness
from relnet.metrics.common import check_network
from relnet.network import Network

MEASURES = ("indegree", "outdegree", "degree", "betweenness", "closeness")


def _theoretical_maximum(measure: str, n: int) -> float:
    """Largest possible sum of deviations from the maximum, over digraphs on n people."""
    if measure in ("indegree", "outdegree"):
        return float((n - 1) * (n - 1))  # a star: centre n - 1, the others 0
    if measure == "degree":
        return float((n - 1) * (2 * (n - 1) - 2))  # sna degree(cmode="freeman", tmaxdev=TRUE)
    if measure == "betweenness":
        return float((n - 1) ** 2 * (n - 2))  # sna betweenness(cmode="directed", tmaxdev=TRUE)
    return float(n - 1)  # closeness: an out-star, centre 1 and the others 0


def centralization(
    graph: Network,
    measure: str,
    *,
    normalized: bool = True,
    samples: int | None = None,
    seed: int | np.random.Generator | None = None,
) -> float:
    r"""Freeman centralization: how much one person dominates a centrality.

    **Definition.** :math:`C = \sum_i (c^* - c_i) / \max_G \sum_i (c^*_G - c_{G,i})`, with
    :math:`c^*` the largest score in the network and the denominator the largest such sum
    over all digraphs on n people. Scores and maxima:

    * ``"indegree"`` / ``"outdegree"``: arcs received / sent; maximum :math:`(n-1)^2`.
    * ``"degree"``: Freeman total degree, in + out; maximum :math:`(n-1)(2(n-1)-2)` (sna's).
    * ``"betweenness"``: raw directed betweenness (:func:`relnet.betweenness`); maximum
      :math:`(n-1)^2(n-2)`.
    * ``"closeness"``: harmonic closeness in [0, 1] (:func:`relnet.harmonic_closeness`,
      sna ``cmode="suminvdir"``); maximum :math:`n - 1`, reached by an out-star.

    NaN when the maximum is 0 (fewer than three people for degree and betweenness, fewer
    than two for the others).

    Parameters
    ----------
    graph : Network
        Directed survey graph (weights are ignored).
    measure : {"indegree", "outdegree", "degree", "betweenness", "closeness"}
        The centrality to centralize.
    normalized : bool
        Divide by the theoretical maximum (default); otherwise return the raw sum of
        deviations.
    samples : int, optional
        For betweenness and closeness, estimate the scores from this many sampled people
        (see :func:`relnet.betweenness`); default exact.
    seed : int or numpy.random.Generator, optional
        Seed for ``samples``.

    Returns
    -------
    float

    Raises
    ------
    ArgumentError
        When ``measure`` is not one of the above, or ``samples`` is given for a degree.

    Examples
    --------
    >>> import relnet as rn
    >>> star = rn.Network.from_edges(["b", "c", "d"], ["a", "a", "a"])
    >>> rn.centralization(star, "indegree")  # (3 + 3 + 3) / 3^2
    1.0
    >>> rn.centralization(star, "outdegree")  # (0 + 0 + 0 + 1) / 9: a receives nothing
    0.1111111111111111
    >>> rn.centralization(star, "degree")  # degrees 3, 1, 1, 1: (2 * 3) / (3 * 4)
    0.5

    Notes
    -----
    Degree and betweenness values equal R sna ``centralization(A, degree, cmode=
    "indegree" / "outdegree" / "freeman")`` and ``centralization(A, betweenness,
    cmode="directed")``. For closeness, sna's default (``cmode="directed"``, the inverse of
    the sum of distances) is 0 for everyone who cannot reach all others, which in a survey
    digraph is nearly everyone; relnet uses harmonic closeness instead, with its exact
    maximum :math:`n - 1` (sna's ``tmaxdev`` for ``"suminvdir"`` is flagged as approximate
    in its source and is not used).

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       Social Networks, 1(3), 215-239.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software, 24(6).
    """
    check_network(graph)
    check_choice("measure", measure, MEASURES)
    n = graph.n
    if measure in ("indegree", "outdegree", "degree"):
        if samples is not None:
            raise ArgumentError(
                f"samples= applies to betweenness and closeness, not {measure!r}; degrees "
                "are always exact."
            )
        out_degree = graph.out_degree().astype(np.float64)
        in_degree = graph.in_degree().astype(np.float64)
        scores = {"indegree": in_degree, "outdegree": out_degree}.get(
            measure, in_degree + out_degree
        )
    elif measure == "betweenness":
        scores = betweenness(graph, samples=samples, seed=seed).to_numpy()
    else:
        scores = harmonic_closeness(graph, samples=samples, seed=seed).to_numpy()
    if n == 0:
        return math.nan
    deviation = float(np.sum(scores.max() - scores))
    if not normalized:
        return deviation
    maximum = _theoretical_maximum(measure, n)
    return deviation / maximum if maximum > 0 else math.nan
