"""Centrality of a group of people taken together (Everett & Borgatti 1999)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np

from relnet.errors import ArgumentError, check_choice
from relnet.kernels import key_players as kp_kernels
from relnet.metrics.common import check_network, person_positions
from relnet.network import Network
from relnet.threads import kernel_chunks

MEASURES = ("degree", "closeness", "betweenness")
MODES = ("out", "in", "all")


def _adjacency(graph: Network, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """CSR followed by the measure: arcs as they are (out), reversed (in) or both (all)."""
    if mode == "out":
        return graph.indptr, graph.indices
    if mode == "in":
        return graph.t_indptr, graph.t_indices
    sym = graph.symmetrize("any")
    return sym.indptr, sym.indices


def group_centrality(
    graph: Network,
    group: Iterable[Hashable],
    *,
    measure: str = "degree",
    mode: str = "out",
    normalized: bool = True,
) -> float:
    r"""Degree, closeness or betweenness of a group of people taken as one.

    **Definition.** For a group :math:`C` among :math:`n` people (Everett & Borgatti 1999),
    with distances :math:`d(C, j) = \min_{c \in C} d(c, j)` following ``mode``:

    - ``"degree"``: the share of the :math:`n - |C|` people outside the group tied to a
      member: named by a member (``mode="out"``), naming a member (``"in"``) or either
      (``"all"``);
    - ``"closeness"``: :math:`(n - |C|) / \sum_{j \notin C} d(C, j)`, with unreachable people
      adding 0 to the sum (0 when nobody is reachable); ``"out"`` measures distances from
      the group along the arcs, ``"in"`` distances from the others to the group;
    - ``"betweenness"``: :math:`\sum_{s \ne t \notin C} \sigma_{st}(C) / \sigma_{st}` over
      ordered pairs of non-members joined by a path, :math:`\sigma_{st}` the number of
      shortest paths and :math:`\sigma_{st}(C)` those through a member; divided by
      :math:`(n - |C|)(n - |C| - 1)` when ``normalized`` (``mode`` ``"out"`` and ``"in"``
      give the same value; ``"all"`` uses undirected paths, counted once per unordered
      pair when not normalised).

    Parameters
    ----------
    graph : Network
        Who nominates whom (weights ignored).
    group : iterable of ids
        The members (at least one, and fewer than everyone).
    measure : {"degree", "closeness", "betweenness"}
    mode : {"out", "in", "all"}, default "out"
        Direction followed (see above).
    normalized : bool, default True
        Betweenness only: divide by the number of ordered pairs of non-members.

    Returns
    -------
    float

    Raises
    ------
    ArgumentError
        For an unknown measure or mode, an empty group or a group of everyone.
    UnknownPersonError
        When a member is not in the network.

    Notes
    -----
    Equals networkx ``group_out_degree_centrality`` (``mode="out"``),
    ``group_in_degree_centrality`` (``"in"``) and ``group_degree_centrality`` on the
    undirected graph (``"all"``); ``group_closeness_centrality(G, C)`` with ``mode="in"``
    (networkx uses incoming distances on a digraph) and on ``G.reverse()`` with ``"out"``;
    ``group_betweenness_centrality(G, C, normalized)`` where networkx is right. Betweenness
    is exact: one search per non-member counting the shortest paths that avoid the group
    (tests check it against brute-force path enumeration). networkx 3.6 errs on digraphs
    that are not strongly connected (networkx issue #8559) and for groups of three or more
    (#8827, fixed upstream in PR #8879).

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "c", "d"], ["b", "c", "d", "e"])  # a path
    >>> rn.group_centrality(g, ["b"], measure="degree")  # b names c: 1 of 4 others
    0.25
    >>> rn.group_centrality(g, ["b", "d"], measure="closeness")  # c at 1, e at 1, a unreachable
    1.5
    >>> rn.group_centrality(g, ["c"], measure="betweenness", normalized=False)
    4.0

    The last: pairs (a, d), (a, e), (b, d), (b, e) all pass through c.

    References
    ----------
    .. [1] Everett, M. G. & Borgatti, S. P. (1999). The centrality of groups and classes.
       Journal of Mathematical Sociology 23(3), 181-201.
    """
    check_network(graph)
    check_choice("measure", measure, MEASURES)
    check_choice("mode", mode, MODES)
    members = np.unique(person_positions(graph, group, "group"))
    n, c = graph.n, len(members)
    if c == 0:
        raise ArgumentError("group is empty; give the ids of at least one member.")
    if c >= n:
        raise ArgumentError(
            f"group holds all {n} people; group centrality needs people outside the group."
        )
    indptr, indices = _adjacency(graph, mode)
    if measure == "degree":
        starts, ends = indptr[members], indptr[members + 1]
        touched = np.zeros(n, dtype=bool)
        for a, b in zip(starts.tolist(), ends.tolist()):
            touched[indices[a:b]] = True
        touched[members] = False
        return float(touched.sum() / (n - c))
    if measure == "closeness":
        dist = kp_kernels.set_distances(indptr, indices, members)
        total = int(dist[dist > 0].sum())  # members are at 0, the unreachable at -1
        return (n - c) / total if total > 0 else 0.0
    in_group = np.zeros(n, dtype=bool)
    in_group[members] = True
    with kernel_chunks(int(indices.shape[0]) * (n - c)) as chunks:
        total = float(kp_kernels.group_betweenness(indptr, indices, in_group, chunks))
    if normalized:
        pairs = (n - c) * (n - c - 1)
        return total / pairs if pairs > 0 else 0.0
    return total / 2 if mode == "all" else total
