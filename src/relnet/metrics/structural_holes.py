"""Burt's structural holes: constraint, effective size, efficiency and hierarchy."""

from __future__ import annotations

import numpy as np
import pandas as pd

from relnet.kernels import holes as holes_kernels
from relnet.metrics.common import check_network, positive_weights
from relnet.network import Network
from relnet.threads import kernel_chunks

COLUMNS = ("constraint", "effective_size", "efficiency", "hierarchy")


def structural_holes(graph: Network, *, weighted: bool = False) -> pd.DataFrame:
    """Burt's structural-hole measures: how far each person's contacts are tied to each other.

    **Definition.** A person's contacts are everyone they nominate or are nominated by. With
    :math:`a_{ij}` the tie from :math:`i` to :math:`j` (1, or its weight when ``weighted``),
    the proportional tie :math:`p_{ij} = (a_{ij} + a_{ji}) / \\sum_k (a_{ik} + a_{ki})` and
    the marginal tie :math:`m_{jq} = (a_{jq} + a_{qj}) / \\max_k (a_{jk} + a_{kj})`, over the
    :math:`N` distinct contacts :math:`j` of :math:`i`:

    - constraint :math:`c_i = \\sum_j c_{ij}`, :math:`c_{ij} = (p_{ij} + \\sum_{q} p_{iq}
      p_{qj})^2` (low: a broker across holes; high: all contacts tied to each other);
    - effective size :math:`\\sum_j (1 - \\sum_q p_{iq} m_{jq})`: contacts net of redundancy;
    - efficiency: effective size / :math:`N`;
    - hierarchy :math:`\\sum_j r_j \\ln r_j / (N \\ln N)` with
      :math:`r_j = c_{ij} / (c_i / N)`: how far the constraint concentrates on one contact
      (0 when spread evenly, 1 when one contact holds it all; NaN with fewer than 2 contacts).

    All four are NaN for isolates.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    weighted : bool
        Use tie weights as :math:`a_{ij}` (they must be positive).

    Returns
    -------
    pandas.DataFrame
        Columns ``constraint``, ``effective_size``, ``efficiency``, ``hierarchy`` (float64),
        indexed by person id.

    Raises
    ------
    GraphKindError
        When ``weighted`` and some weight is not positive.

    Notes
    -----
    Constraint equals igraph ``constraint`` (with ``weights=`` when weighted) and networkx
    ``constraint``; effective size equals networkx ``effective_size`` on a DiGraph (its general
    formula, ``nodes=list(G)``) and UCINET's. networkx marks people who nominate nobody as
    NaN; relnet only isolates. networkx 3.6's vectorised path (``effective_size(G)`` without
    ``nodes``) scales :math:`m_{jq}` by the largest tie of :math:`q` instead of :math:`j`, so
    it differs on directed graphs with mutual ties. Hierarchy follows Burt (1992, p. 71);
    networkx has none.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["ego", "ego", "ego", "a"], ["a", "b", "c", "b"])
    >>> rn.structural_holes(g).loc["ego"].round(3)  # (1/3 + 1/3 * 1/2)^2 * 2 + (1/3)^2
    constraint        0.611
    effective_size    2.333
    efficiency        0.778
    hierarchy         0.052
    Name: ego, dtype: float64

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes: The Social Structure of Competition.
       Harvard University Press.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       Connections 20(1), 35-38.
    """
    check_network(graph)
    if weighted:
        weights = positive_weights(graph, "structural_holes(weighted=True)")
        t_weights = np.asarray(graph.t_weights, dtype=np.float64)
    else:
        weights = t_weights = np.ones(graph.m)
    arrays = (graph.indptr, graph.indices, weights, graph.t_indptr, graph.t_indices, t_weights)
    with kernel_chunks(graph.m) as chunks:
        values = holes_kernels.structural_holes(*arrays, chunks)
    return pd.DataFrame(dict(zip(COLUMNS, values)), index=graph.ids)
