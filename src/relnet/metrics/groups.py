"""Group-level network measures (teams, units, sites) computed for all groups at once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
from relnet.kernels import csr as csr_kernels
from relnet.kernels import groups as group_kernels
from relnet.metrics.common import check_network, complete_attribute
from relnet.metrics.missing import MISSING_DEFAULT, missing_plan
from relnet.network import Network
from relnet.threads import kernel_chunks

BROKER_ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
#: Measures set to NaN for groups smaller than ``min_size``.
STRUCTURAL = (
    "density",
    "reciprocity",
    "mutual_share",
    "transitivity",
    "mean_in_degree",
    "indegree_centralization",
    "betweenness_centralization",
    "largest_component_share",
    "weighted_reciprocity",
)


def group_metrics(
    graph: Network,
    by: str | Sequence[str],
    *,
    min_size: int = 3,
    weighted: bool | None = None,
    max_path_size: int = 10_000,
    constraint: bool = True,
    missing: str = MISSING_DEFAULT,
) -> pd.DataFrame:
    r"""Cohesion, reciprocity and brokerage of every group (team, unit, site), one row each.

    **Definition.** For group :math:`G` with :math:`n_G` members, :math:`r_G` of whom
    responded, and the arcs among members (its induced subgraph):

    - ``size`` :math:`n_G`, ``respondents`` :math:`r_G`, ``response_rate`` :math:`r_G/n_G`;
    - ``arcs``: arcs among members; ``density``: arcs among members over
      :math:`n_G(n_G - 1)` (sna ``gden``);
    - ``reciprocity``: edgewise :math:`2M/(2M+A)` and ``mutual_share``:
      :math:`M/(M+A)` (sna ``grecip`` ``edgewise`` and ``dyadic.nonnull``) over the dyads
      among members, and their dyad census ``mutual``, ``asymmetric``, ``null`` (sna
      ``dyad.census``; counts, kept for small groups);
    - ``transitivity``: sna's weak transitivity, the share of two-paths
      :math:`i \to j \to k` (:math:`i \ne k`) among members that are closed by
      :math:`i \to k` (1 when there is none, as sna ``gtrans`` and
      :func:`relnet.transitivity`);
    - ``mean_in_degree``: arcs / :math:`n_G`; ``indegree_centralization``:
      :math:`\sum_i (\max_j d^-_j - d^-_i) / (n_G - 1)^2` over in-degrees inside the group
      (sna ``centralization(degree, cmode="indegree")``);
    - ``betweenness_centralization``: :math:`\sum_i (\max_j b_j - b_i) /
      ((n_G-1)^2(n_G-2))` over directed betweenness inside the group (sna
      ``centralization(betweenness)``, :func:`relnet.centralization`); computed only for
      groups up to ``max_path_size``;
    - ``largest_component_share``: members in the largest weak component of the group's
      subgraph over :math:`n_G`;
    - boundary: ``external_out`` arcs from members to non-members, ``external_in`` arcs
      from non-members to members, ``ei_index`` :math:`(E - I)/(E + I)` with
      :math:`E` = ``external_out`` and :math:`I` = ``arcs`` (Krackhardt & Stern 1988; the
      group E-I of :func:`relnet.ei_index` with ``ties="out"``);
    - brokerage: Gould-Fernandez roles (``coordinator``, ``itinerant``, ``representative``,
      ``gatekeeper``, ``liaison``) of the two-paths :math:`i \to v \to k` (no
      :math:`i \to k`) brokered by members :math:`v`, on the whole network with the groups
      as the partition (sna ``brokerage`` raw counts, summed over members);
    - ``mean_constraint``: mean Burt constraint of members, computed on the whole network
      (:func:`relnet.structural_holes`; isolates skipped);
    - weighted (when the network has weights): ``mean_weight`` of arcs among members and
      ``weighted_reciprocity`` :math:`\sum \min(w_{ij}, w_{ji}) / \sum w_{ij}` among them.

    Every measure follows the one ``missing=`` rule of the call, with the definitions of
    :mod:`relnet.metrics.missing`, so that each row equals the single-network functions
    (:func:`relnet.density`, :func:`relnet.reciprocity`, :func:`relnet.dyad_census`) on the
    group's subgraph with the same ``missing``:

    - ``"ignore"``: non-respondents' unobserved ties count as absent (networkx, igraph);
    - ``"observed"``: the dyad measures count only observed cells: ``density`` the cells
      :math:`i \to j` whose sender responded, :math:`r_G(n_G - 1)` of them (sna ``gden``
      with non-respondents' rows NA; NaN without respondents), ``reciprocity``,
      ``mutual_share`` and ``weighted_reciprocity`` the dyads whose two ends responded; the
      other measures use the reported ties;
    - ``"reconstruct"``: every measure is computed on the network reconstructed as Stork &
      Richards (1992) (:func:`relnet.metrics.missing.reconstruct`: a non-respondent
      :math:`i` gets :math:`i \to j` wherever :math:`j \to i`), ``arcs`` included.

    Groups smaller than ``min_size`` stay in the table with the structural measures
    (:data:`STRUCTURAL`) NaN; ``reason`` says why a value is NaN (empty when none is).

    Parameters
    ----------
    graph : Network
        Directed survey network with the grouping attribute(s).
    by : str or list of str
        Node attribute(s). A list nests: ``["site", "team"]`` makes one group per
        (site, team) pair.
    min_size : int, default 3
        Smallest group whose structure is measured.
    weighted : bool, optional
        Add the weighted columns; default: when some weight differs from 1.
    max_path_size : int, default 10,000
        Largest group for the exact betweenness centralization (cost grows as
        :math:`n_G m_G`); larger groups get NaN and a ``reason``.
    constraint : bool, default True
        Compute ``mean_constraint`` (one pass of :func:`relnet.structural_holes`).
    missing : {"ignore", "observed", "reconstruct"}, default "ignore"
        The rule for non-respondents' unobserved ties, applied to every measure as above.
        Left at the default with non-respondents present, a :class:`relnet.MissingDataWarning`
        says so (once for these people).

    Returns
    -------
    pandas.DataFrame
        One row per group, indexed by the group (index named after the attribute; a
        MultiIndex for a list), so :func:`relnet.link_outcomes` finds it.
        ``attrs["missing"]`` holds the rule used.

    Notes
    -----
    All groups are done together: arc counts by ``np.bincount`` over (group of source,
    group of target), two-paths, brokerage and per-group Brandes betweenness in parallel
    numba kernels. On a single group the values equal R sna ``gden``, ``grecip``,
    ``gtrans(measure="weak")``, ``centralization`` and ``brokerage`` and igraph
    ``constraint`` (tested on the Krackhardt and Lazega data).

    Examples
    --------
    >>> import relnet as rn
    >>> import pandas as pd
    >>> people = pd.DataFrame({"team": ["a", "a", "a", "b", "b", "b"]},
    ...                       index=[1, 2, 3, 4, 5, 6])
    >>> g = rn.Network.from_edges([1, 2, 1, 3, 4, 5], [2, 1, 3, 4, 5, 6], nodes=people)
    >>> t = rn.group_metrics(g, "team", constraint=False)
    >>> t[["size", "arcs", "density", "reciprocity", "external_out", "ei_index"]]  # a: 3/6, 2/3
          size  arcs   density  reciprocity  external_out  ei_index
    team
    a        3     3  0.500000     0.666667             1      -0.5
    b        3     2  0.333333     0.000000             0      -1.0

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). Social Network Analysis. CUP.
    .. [2] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. Social Psychology Quarterly 51(2), 123-140.
    .. [3] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach
       to brokerage in transaction networks. Sociological Methodology 19, 89-126.
    .. [4] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       Social Networks 1(3), 215-239.
    """
    check_network(graph)
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ArgumentError("by must name at least one node attribute.")
    if isinstance(min_size, bool) or not isinstance(min_size, (int, np.integer)) or min_size < 1:
        raise ArgumentError(f"min_size={min_size!r} must be a whole number >= 1.")
    if not isinstance(max_path_size, (int, np.integer)) or max_path_size < 0:
        raise ArgumentError(f"max_path_size={max_path_size!r} must be a whole number >= 0.")
    weighted = graph.has_weights if weighted is None else bool(weighted)
    codes, labels = _codes(graph, keys)  # checks ``by`` before any warning
    plan = missing_plan(graph, missing, measure="group_metrics")
    with kernel_chunks(plan.graph.m) as chunks:
        table = _group_metrics(
            plan.graph,
            codes,
            labels,
            min_size,
            weighted,
            max_path_size,
            constraint,
            plan.use_mask,
            chunks,
        )
    table.attrs["missing"] = plan.mode
    return table


def _group_metrics(
    graph, codes, labels, min_size, weighted, max_path_size, constraint, use_mask, chunks
):
    """The table on ``graph`` (already reconstructed under "reconstruct"); ``use_mask``
    restricts the dyad measures to observed cells ("observed" with non-respondents)."""
    n_groups = len(labels)
    n = graph.n

    size = np.bincount(codes, minlength=n_groups)
    responded = graph.responded
    respondents = np.bincount(codes, weights=responded, minlength=n_groups).astype(np.int64)
    src = graph.sources
    dst = graph.indices
    gs = codes[src]
    gd = codes[dst]
    within = gs == gd
    g_in = gs[within]
    arcs = np.bincount(g_in, minlength=n_groups)
    external_out = np.bincount(gs[~within], minlength=n_groups)
    external_in = np.bincount(gd[~within], minlength=n_groups)
    reverse = graph.reverse_arc  # cached on the Network
    mutual = within & (reverse >= 0)
    # the dyad measures' cells: every cell, or only observed ones (sender responded for
    # density; both ends responded for the reciprocity measures)
    if use_mask:
        senders = respondents
        dense = within & responded[src]
        counted = within & responded[src] & responded[dst]
        both = np.bincount(codes[responded], minlength=n_groups)
    else:
        senders = size
        dense = counted = within
        both = size
    counted_mutual = mutual & counted
    density_arcs = np.bincount(gs[dense], minlength=n_groups)
    recip_arcs = np.bincount(gs[counted], minlength=n_groups)
    mutual_arcs = np.bincount(gs[counted_mutual], minlength=n_groups)

    # within-group CSR (rows stay sorted when arcs are filtered)
    src_w = src[within].astype(np.int64)
    dst_w = dst[within].astype(np.int64)
    w_indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src_w, minlength=n), out=w_indptr[1:])
    w_indices = np.ascontiguousarray(dst[within])
    paths, closed = group_kernels.two_paths(w_indptr, w_indices, chunks)
    group_paths = np.bincount(codes, weights=paths, minlength=n_groups)
    group_closed = np.bincount(codes, weights=closed, minlength=n_groups)

    in_within = np.bincount(dst_w, minlength=n)
    top_in = np.zeros(n_groups, dtype=np.int64)
    np.maximum.at(top_in, codes, in_within)
    largest = _largest_components(src_w, dst_w, codes, n, n_groups)

    measured = size >= min_size
    todo = measured & (size <= max_path_size) & (size >= 3)
    between = _betweenness(codes, size, src_w, dst_w, todo, chunks)

    roles = group_kernels.brokerage_roles(
        graph.indptr, graph.indices, graph.t_indptr, graph.t_indices, codes, chunks
    )

    with np.errstate(invalid="ignore", divide="ignore"):
        table = {
            "size": size,
            "respondents": respondents,
            "response_rate": respondents / size,
            "arcs": arcs,
            "density": np.where(
                (senders > 0) & (size > 1), density_arcs / (senders * (size - 1.0)), np.nan
            ),
            "reciprocity": mutual_arcs / recip_arcs,
            "mutual_share": (mutual_arcs / 2) / (recip_arcs - mutual_arcs / 2),
            "mutual": mutual_arcs // 2,
            "asymmetric": recip_arcs - mutual_arcs,
            "null": both * (both - 1) // 2 - (recip_arcs - mutual_arcs // 2),
            "transitivity": np.where(group_paths > 0, group_closed / group_paths, 1.0),
            "mean_in_degree": arcs / size,
            "indegree_centralization": (size * top_in - arcs) / (size - 1.0) ** 2,
            "betweenness_centralization": (size * between[:, 0] - between[:, 1])
            / ((size - 1.0) ** 2 * (size - 2.0)),
            "largest_component_share": largest / size,
            "ei_index": (external_out - arcs) / (external_out + arcs),
            "external_in": external_in,
            "external_out": external_out,
        }
        for j, role in enumerate(BROKER_ROLES):
            table[role] = np.bincount(codes, weights=roles[:, j], minlength=n_groups).astype(
                np.int64
            )
        if constraint:
            from relnet.metrics.structural_holes import structural_holes

            values = structural_holes(graph)["constraint"].to_numpy()
            ok = np.isfinite(values)
            table["mean_constraint"] = np.bincount(
                codes[ok], weights=values[ok], minlength=n_groups
            ) / np.bincount(codes[ok], minlength=n_groups)
        if weighted:
            weights = graph.weights
            w_sum = np.bincount(g_in, weights=weights[within], minlength=n_groups)
            table["mean_weight"] = w_sum / arcs
            w_counted = np.bincount(gs[counted], weights=weights[counted], minlength=n_groups)
            pair_min = np.minimum(weights[counted_mutual], weights[reverse[counted_mutual]])
            table["weighted_reciprocity"] = (
                np.bincount(gs[counted_mutual], weights=pair_min, minlength=n_groups) / w_counted
            )
    frame = pd.DataFrame(table, index=labels)
    frame["reason"] = _reasons(size, senders, both, measured, todo, min_size, max_path_size)
    small = ~measured
    if small.any():
        frame.loc[small, [c for c in STRUCTURAL if c in frame.columns]] = np.nan
    return frame


def _codes(graph: Network, keys: list[str]) -> tuple[np.ndarray, pd.Index]:
    """Group code per position (int64) and the group labels (Index or MultiIndex)."""
    columns = []
    for key in keys:
        values = complete_attribute(graph, key)
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(values.cat.categories.dtype)
        columns.append(values.reset_index(drop=True))
    if len(keys) == 1:
        codes, uniques = pd.factorize(columns[0], sort=True)
        labels = pd.Index(uniques, name=keys[0])
    else:
        index = pd.MultiIndex.from_arrays(columns, names=keys)
        codes, uniques = index.factorize(sort=True)
        labels = pd.MultiIndex.from_tuples(list(uniques), names=keys)
    return np.asarray(codes, dtype=np.int64), labels


def _largest_components(src_w, dst_w, codes, n, n_groups) -> np.ndarray:
    """Size of the largest weak component of each group's subgraph."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    largest = np.zeros(n_groups, dtype=np.int64)
    if n == 0:
        return largest
    matrix = csr_matrix((np.ones(len(src_w), dtype=np.int8), (src_w, dst_w)), shape=(n, n))
    _, labels = connected_components(matrix, directed=True, connection="weak")
    comp_size = np.bincount(labels)
    comp_group = np.zeros(len(comp_size), dtype=np.int64)
    comp_group[labels] = codes  # every member of a component is in the same group
    np.maximum.at(largest, comp_group, comp_size)
    return largest


def _betweenness(codes, size, src_w, dst_w, todo, chunks) -> np.ndarray:
    """(max, sum) of within-group betweenness per group; NaN rows where not ``todo``."""
    n = len(codes)
    n_groups = len(size)
    if not todo.any():
        return np.full((n_groups, 2), np.nan)
    order = np.argsort(codes, kind="stable")
    new_position = np.empty(n, dtype=np.int64)
    new_position[order] = np.arange(n)
    starts = np.zeros(n_groups + 1, dtype=np.int64)
    np.cumsum(size, out=starts[1:])
    keep = todo[codes[src_w]]
    indptr, indices, _ = csr_kernels.csr_from_pairs(
        new_position[src_w[keep]], new_position[dst_w[keep]], n
    )
    max_size = int(size[todo].max())
    return group_kernels.group_betweenness(indptr, indices, starts, todo, max_size, chunks)


def _reasons(size, senders, both, measured, todo, min_size, max_path_size) -> np.ndarray:
    reason = np.full(len(size), "", dtype=object)
    reason[(both < 2) & (size >= 2)] = "fewer than 2 respondents: reciprocity unobserved"
    reason[(senders == 0) & (size >= 2)] = "no respondents: density unobserved"
    too_big = measured & ~todo & (size >= 3)
    if too_big.any():
        reason[too_big] = np.char.add(
            np.char.add("betweenness_centralization skipped: ", size[too_big].astype(str)),
            f" members > max_path_size {max_path_size}",
        )
    small = ~measured
    if small.any():
        reason[small] = np.char.add(
            np.char.add("size ", size[small].astype(str)), f" < min_size {min_size}"
        )
    return reason
