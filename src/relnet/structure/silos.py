"""Formal groups against informal ones: which teams the trust network splits (silos)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
from relnet.metrics.common import check_network, group_codes
from relnet.metrics.mixing import ei_index
from relnet.network import Network
from relnet.structure.communities import communities, compare_partitions, partition_codes


def silos(
    graph: Network,
    by: str,
    *,
    partition: pd.Series | None = None,
    seed: int | np.random.Generator | None = None,
    threshold: float = 0.5,
) -> pd.DataFrame:
    r"""How each formal group (team, unit, site) falls across the informal communities.

    **Definition.** For a formal group g of :math:`n_g` people, with :math:`n_{gc}` of them
    in community c: ``n_communities`` is the number of communities with :math:`n_{gc} > 0`,
    ``largest_share`` is :math:`\max_c n_{gc} / n_g` and ``community`` that largest
    community (the lowest label on ties). ``ei_index`` is the group's Krackhardt-Stern E-I
    index over the arcs with an end in it, :math:`(E - I)/(E + I)`, from
    :func:`relnet.ei_index`. A group is ``split`` when it has at least two people and no
    single community holds more than ``threshold`` (default half) of them:
    ``size >= 2 and largest_share <= threshold``. A split team whose E-I index is low
    (ties mostly inside the team) is a team of cliques; a split team with a high E-I index
    is spread across other groups' communities.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    by : str
        Node attribute holding the formal group.
    partition : pandas.Series, optional
        Community label per person (indexed by id), e.g. from :func:`communities`. Default:
        ``communities(graph, seed=seed)`` (directed weighted Leiden).
    seed : int, numpy Generator or None
        Seed for the community detection when ``partition`` is not given.
    threshold : float
        The ``largest_share`` at or below which a group counts as split; in (0, 1).

    Returns
    -------
    pandas.DataFrame
        Indexed by group (index named ``by``): ``size``, ``n_communities``,
        ``largest_share``, ``community``, ``ei_index``, ``split`` (bool). ``.attrs`` holds the
        whole-network agreement between the formal groups and the communities, ``nmi`` and
        ``ari`` (see :func:`compare_partitions`), plus ``n_communities``, ``n_split``,
        ``split_rule`` and, when relnet found the communities, ``implementation``.

    Raises
    ------
    ArgumentError
        When ``by`` is not a node attribute or has missing values, when ``partition`` does
        not label exactly the network's people, or for a threshold outside (0, 1).

    Notes
    -----
    UCINET and sna have no single silo table; the pieces are standard: the E-I index of
    Krackhardt & Stern (1988), NMI (Danon et al. 2005) and ARI (Hubert & Arabie 1985)
    between the two partitions, as igraph ``compare_communities``. Vectorised: one
    ``np.unique`` over (group, community) pairs.

    Examples
    --------
    >>> import pandas as pd
    >>> import relnet as rn
    >>> people = pd.DataFrame({"team": ["t1"] * 4 + ["t2"] * 2}, index=list("abcdef"))
    >>> g = rn.Network.from_edges(list("abcdee"), list("badcfa"), nodes=people)
    >>> found = pd.Series({"a": 0, "b": 0, "c": 1, "d": 1, "e": 2, "f": 2})
    >>> table = rn.silos(g, "team", partition=found)
    >>> # t1 = {a, b, c, d}: two pairs, 2 of 4 in its largest community -> split
    >>> table[["size", "n_communities", "largest_share", "split"]]
          size  n_communities  largest_share  split
    team
    t1       4              2            0.5   True
    t2       2              1            1.0  False
    >>> table["ei_index"].tolist()  # t1: 4 arcs inside, e->a crosses: (1-4)/5; t2: (1-1)/2
    [-0.6, 0.0]

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. Social Psychology Quarterly, 51(2), 123-140.
    .. [2] Danon, L., Díaz-Guilera, A., Duch, J. & Arenas, A. (2005). Comparing community
       structure identification. J. Stat. Mech., P09008.
    """
    check_network(graph)
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float, np.number))
        or not 0 < float(threshold) < 1
    ):
        raise ArgumentError(f"threshold={threshold!r} must be a number between 0 and 1.")
    codes, labels = group_codes(graph, by)  # raises for a missing attribute or values
    implementation = None
    if partition is None:
        partition = communities(graph, seed=seed)
        implementation = partition.attrs.get("implementation")
    community = partition_codes(graph, partition)
    community_labels = (
        pd.unique(partition.reindex(graph.ids).to_numpy())
        if isinstance(partition, pd.Series)
        else pd.unique(np.asarray(partition))
    )

    k = len(labels)
    n_comm = int(community.max()) + 1 if graph.n else 0
    key, counts = np.unique(codes * max(n_comm, 1) + community, return_counts=True)
    group_of_pair = key // max(n_comm, 1)
    comm_of_pair = key % max(n_comm, 1)
    sizes = np.bincount(codes, minlength=k)
    n_communities = np.bincount(group_of_pair, minlength=k)
    # pairs are sorted by group then community: the first maximum is the lowest code
    starts = np.searchsorted(group_of_pair, np.arange(k))
    present = n_communities > 0
    largest = np.zeros(k, dtype=np.int64)
    largest[present] = np.maximum.reduceat(counts, starts[present])
    order = np.lexsort((comm_of_pair, -counts, group_of_pair))
    first = np.searchsorted(group_of_pair[order], np.arange(k))
    top = comm_of_pair[order][np.minimum(first, len(order) - 1)]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = largest / sizes
    ei = ei_index(graph, by).groups["ei"].to_numpy()
    split = (sizes >= 2) & (share <= threshold)

    table = pd.DataFrame(
        {
            "size": sizes,
            "n_communities": n_communities,
            "largest_share": share,
            "community": pd.Index(community_labels).take(top),
            "ei_index": ei,
            "split": split,
        },
        index=labels,
    )
    scores = compare_partitions(codes, community) if graph.n else {"nmi": math.nan}
    table.attrs.update(
        {
            "nmi": scores["nmi"],
            "ari": scores.get("ari", math.nan),
            "n_communities": n_comm,
            "n_split": int(split.sum()),
            "split_rule": f"size >= 2 and largest_share <= {float(threshold):g}",
        }
    )
    if implementation is not None:
        table.attrs["implementation"] = implementation
    return table
