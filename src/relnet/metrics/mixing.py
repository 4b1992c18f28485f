"""Mixing by a node attribute: E-I index, block densities, nominal assortativity."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from relnet.deprecation import renamed_keyword
from relnet.errors import ArgumentError, check_choice
from relnet.kernels import mixing as mixing_kernels
from relnet.metrics.common import check_network, group_codes
from relnet.network import Network
from relnet.threads import kernel_chunks

TIE_SIDES = ("all", "out", "in")


@dataclass(frozen=True, eq=False)
class EIResult:
    """Krackhardt & Stern's E-I index at network, group and person level.

    Attributes
    ----------
    by : str
        The grouping attribute.
    network : float
        (E - I) / (E + I) over all arcs; NaN without arcs.
    rescaled : float
        ``network`` mapped linearly from its attainable range given the group sizes and the
        number of arcs ([``minimum``, ``maximum``]) onto [-1, 1]; NaN when that range is a point.
    minimum, maximum : float
        The lowest and highest E-I index attainable with this many arcs and these group sizes.
    groups : pandas.DataFrame
        Indexed by group (index named after ``by``): ``size``, ``internal``, ``external``,
        ``ei``.
    nodes : pandas.DataFrame
        Indexed by person id: ``group``, ``internal``, ``external``, ``ei`` (NaN without ties).
    ties : str
        Which of a person's (or group's) arcs count at node and group level: ``"all"``
        (sent and received), ``"out"`` or ``"in"``.
    n_perm : int
        Number of label permutations (0: no test).
    expected : float
        Mean network E-I index over the permutations (NaN when ``n_perm`` is 0).
    p_greater, p_less, p_value : float
        Permutation p-values (with the observed labelling counted as one permutation):
        share of permuted E-I indices at or above the observed, at or below it, and the
        two-sided ``min(1, 2 * min(p_greater, p_less))``. NaN when ``n_perm`` is 0.
    """

    by: str
    network: float
    rescaled: float
    minimum: float
    maximum: float
    groups: pd.DataFrame
    nodes: pd.DataFrame
    ties: str = "all"
    n_perm: int = 0
    expected: float = math.nan
    p_greater: float = math.nan
    p_less: float = math.nan
    p_value: float = math.nan

    def __repr__(self) -> str:
        test = f", p={self.p_value:.3g} ({self.n_perm} perms)" if self.n_perm else ""
        return (
            f"<EIResult by {self.by!r}: E-I={self.network:.4g}, rescaled={self.rescaled:.4g}{test}>"
        )

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        rows = [("grouped by", self.by), ("groups", len(self.groups)), ("E-I", self.network)]
        rows += [
            ("rescaled", self.rescaled),
            ("range", f"{self.minimum:.4g} to {self.maximum:.4g}"),
        ]
        rows += [("ties", self.ties)]
        if self.n_perm:
            rows += [("expected", self.expected), ("p_value", self.p_value)]
            rows += [("permutations", self.n_perm)]
        return html_table("EIResult", rows, table=self.groups)

    @property
    def attr(self) -> str:
        """Old name of :attr:`by` (relnet 0.1)."""
        return self.by

    def summary(self) -> pd.Series:
        """Network-level figures as a Series."""
        return pd.Series(
            {
                "ei": self.network,
                "rescaled": self.rescaled,
                "minimum": self.minimum,
                "maximum": self.maximum,
                "expected": self.expected,
                "p_greater": self.p_greater,
                "p_less": self.p_less,
                "p_value": self.p_value,
            },
            name="ei_index",
        )


def _ei(external: np.ndarray, internal: np.ndarray) -> np.ndarray:
    total = external + internal
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (external - internal) / np.maximum(total, 1), np.nan)


@renamed_keyword("attr", "by")
def ei_index(
    graph: Network,
    by: str,
    *,
    ties: str = "all",
    n_perm: int = 0,
    seed: int | np.random.Generator | None = None,
) -> EIResult:
    r"""E-I index of a grouping: external against internal ties.

    **Definition.** With E the arcs joining people of different groups and I the arcs
    within a group, :math:`EI = (E - I) / (E + I)`, from -1 (all ties inside groups) to +1
    (all ties across). For a group, E and I count the arcs with at least one end in the
    group (crossing its boundary, or inside it); for a person, the arcs they send and
    receive (``ties="all"``, the default), or only those they send (``"out"``) or receive
    (``"in"``). The rescaled index maps the network E-I linearly from its attainable range
    onto [-1, 1]: with T arcs, :math:`P_I = \sum_g n_g(n_g - 1)` possible internal and
    :math:`P_E = n(n-1) - P_I` possible external arcs, the maximum is
    :math:`(2\min(T, P_E) - T)/T` and the minimum :math:`(T - 2\min(T, P_I))/T`.

    Parameters
    ----------
    graph : Network
        Directed survey graph (weights are ignored).
    by : str
        Node attribute that defines the groups (mutually exclusive).
    ties : {"all", "out", "in"}
        Which arcs of a person or group count at node and group level.
    n_perm : int
        Number of random permutations of the group labels for a test of the network E-I
        index (0: no test).
    seed : int or numpy.random.Generator, optional
        Seed for the permutations.

    Returns
    -------
    EIResult
        ``.network``, ``.rescaled``, ``.groups``, ``.nodes`` and the permutation test.

    Raises
    ------
    ArgumentError
        When ``by`` is missing or has missing values, or ``n_perm`` is negative.

    Examples
    --------
    >>> import relnet as rn
    >>> import pandas as pd
    >>> import relnet as rn
    >>> people = pd.DataFrame({"unit": ["a", "a", "b", "b"]}, index=[1, 2, 3, 4])
    >>> g = rn.Network.from_edges([1, 2, 1, 3], [2, 1, 3, 4], nodes=people)
    >>> r = rn.ei_index(g, "unit")
    >>> # internal 1->2, 2->1, 3->4; external 1->3: (1 - 3) / 4
    >>> r.network
    -0.5
    >>> r.groups["ei"].tolist()  # a: E=1 (1->3), I=2; b: E=1, I=1
    [-0.3333333333333333, 0.0]
    >>> r.nodes["ei"].tolist()  # person 1: sends 1->2, 1->3, receives 2->1: (1 - 2) / 3
    [-0.3333333333333333, -1.0, 0.0, -1.0]

    Notes
    -----
    UCINET (Network > Cohesion > E-I Index) reports the same network, group and individual
    indices on symmetric data, where a person's ties are all their ties; on directed data
    relnet counts a person's sent and received arcs by default (``ties=``). The rescaling
    follows UCINET's description (the E-I range restricted by group sizes and density); its
    exact formula here is the linear map above.

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. Social Psychology Quarterly, 51(2), 123-140.
    .. [2] Hanneman, R. & Riddle, M. (2005). Introduction to Social Network Methods, ch. 8.
    """
    check_network(graph)
    check_choice("ties", ties, TIE_SIDES)
    if isinstance(n_perm, bool) or not isinstance(n_perm, (int, np.integer)) or n_perm < 0:
        raise ArgumentError(f"n_perm={n_perm!r} must be a non-negative integer.")
    codes, labels = group_codes(graph, by)
    n = graph.n
    k = len(labels)
    src = graph.sources
    dst = graph.indices
    same = codes[src] == codes[dst]
    internal = int(np.count_nonzero(same))
    total = graph.m
    external = total - internal
    network = (external - internal) / total if total else math.nan

    sizes = np.bincount(codes, minlength=k)
    possible_internal = int(np.sum(sizes * (sizes - 1)))
    possible_external = n * (n - 1) - possible_internal
    if total:
        maximum = (2 * min(total, possible_external) - total) / total
        minimum = (total - 2 * min(total, possible_internal)) / total
    else:
        maximum = minimum = math.nan
    span = maximum - minimum
    rescaled = 2 * (network - minimum) / span - 1 if total and span > 0 else math.nan

    # person level
    node_int = np.zeros(n, dtype=np.int64)
    node_ext = np.zeros(n, dtype=np.int64)
    if ties in ("all", "out"):
        node_int += np.bincount(src[same], minlength=n)
        node_ext += np.bincount(src[~same], minlength=n)
    if ties in ("all", "in"):
        node_int += np.bincount(dst[same], minlength=n)
        node_ext += np.bincount(dst[~same], minlength=n)
    nodes = pd.DataFrame(
        {
            "group": labels.take(codes),
            "internal": node_int,
            "external": node_ext,
            "ei": _ei(node_ext, node_int),
        },
        index=graph.ids,
    )
    # group level: each internal arc once, each crossing arc for the group(s) whose side counts
    group_int = np.bincount(codes[src[same]], minlength=k)
    group_ext = np.zeros(k, dtype=np.int64)
    if ties in ("all", "out"):
        group_ext += np.bincount(codes[src[~same]], minlength=k)
    if ties in ("all", "in"):
        group_ext += np.bincount(codes[dst[~same]], minlength=k)
    groups = pd.DataFrame(
        {
            "size": sizes,
            "internal": group_int,
            "external": group_ext,
            "ei": _ei(group_ext, group_int),
        },
        index=labels,
    )

    expected = p_greater = p_less = p_value = math.nan
    if n_perm and total:
        seeds = np.random.default_rng(seed).integers(0, 2**31 - 1, n_perm)
        small = codes.astype(np.int16 if k < 2**15 else np.int64)
        with kernel_chunks(total * n_perm) as chunks:
            inside = mixing_kernels.permuted_internal(
                small, src.astype(np.int64), dst.astype(np.int64), seeds, chunks
            )
        permuted = (total - 2 * inside) / total
        expected = float(permuted.mean())
        tol = 1e-12
        p_greater = (np.count_nonzero(permuted >= network - tol) + 1) / (n_perm + 1)
        p_less = (np.count_nonzero(permuted <= network + tol) + 1) / (n_perm + 1)
        p_value = min(1.0, 2 * min(p_greater, p_less))
    return EIResult(
        by=by,
        network=network,
        rescaled=rescaled,
        minimum=minimum,
        maximum=maximum,
        groups=groups,
        nodes=nodes,
        ties=ties,
        n_perm=int(n_perm),
        expected=expected,
        p_greater=p_greater,
        p_less=p_less,
        p_value=p_value,
    )


@renamed_keyword("attr", "by")
def block_density(
    graph: Network, by: str, *, weighted: bool = False, counts: bool = False
) -> pd.DataFrame:
    r"""Density of ties within and between groups (the block or image matrix).

    **Definition.** For groups g (rows, senders) and h (columns, receivers) of sizes
    :math:`n_g, n_h`, the density is the number of arcs from g to h divided by the number
    of possible arcs: :math:`n_g(n_g - 1)` on the diagonal (no self-ties) and
    :math:`n_g n_h` off it. With ``weighted=True`` the arcs' weights are summed instead.
    A block with no possible arc (a group of one, on the diagonal) is NaN.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    by : str
        Node attribute that defines the groups.
    weighted : bool
        Sum trust weights instead of counting arcs.
    counts : bool
        Return the arc counts (or weight sums) instead of densities.

    Returns
    -------
    pandas.DataFrame
        Groups x groups, rows the senders' group and columns the receivers', both indexed
        by the attribute's values (named after ``by``).

    Examples
    --------
    >>> import relnet as rn
    >>> import pandas as pd
    >>> import relnet as rn
    >>> people = pd.DataFrame({"unit": ["a", "a", "b", "b", "b"]}, index=[1, 2, 3, 4, 5])
    >>> g = rn.Network.from_edges([1, 2, 1, 3], [2, 1, 3, 4], nodes=people)
    >>> # a->a: 2 of 2*1; a->b: 1 of 2*3; b->a: 0 of 6; b->b: 1 of 3*2
    >>> rn.block_density(g, "unit").round(3)
    unit    a      b
    unit
    a     1.0  0.167
    b     0.0  0.167
    >>> rn.block_density(g, "unit", counts=True)
    unit    a    b
    unit
    a     2.0  1.0
    b     0.0  1.0

    Notes
    -----
    The density blocks of UCINET's Network > Roles & Positions > Image matrix and of sna
    ``blockmodel(A, ec)`` (with the diagonal excluded).

    References
    ----------
    .. [1] White, H. C., Boorman, S. A. & Breiger, R. L. (1976). Social structure from
       multiple networks. I. Blockmodels of roles and positions. American Journal of
       Sociology, 81(4), 730-780.
    .. [2] Wasserman, S. & Faust, K. (1994). Social Network Analysis, ch. 10. CUP.
    """
    check_network(graph)
    codes, labels = group_codes(graph, by)
    k = len(labels)
    src = graph.sources
    values = graph.weights if weighted else None
    pair = codes[src] * k + codes[graph.indices]
    table = np.bincount(pair, weights=values, minlength=k * k).astype(float).reshape(k, k)
    columns = pd.Index(labels, name=by)
    if counts:
        return pd.DataFrame(table, index=labels, columns=columns)
    sizes = np.bincount(codes, minlength=k).astype(float)
    possible = np.outer(sizes, sizes) - np.diag(sizes)
    with np.errstate(invalid="ignore", divide="ignore"):
        density = np.where(possible > 0, table / np.where(possible > 0, possible, 1), np.nan)
    return pd.DataFrame(density, index=labels, columns=columns)


@renamed_keyword("attr", "by")
def assortativity(graph: Network, by: str) -> float:
    r"""Nominal assortativity of a grouping (Newman 2003).

    **Definition.** With :math:`e_{gh}` the share of arcs from group g to group h,
    :math:`a_g = \sum_h e_{gh}` and :math:`b_h = \sum_g e_{gh}`,
    :math:`r = (\sum_g e_{gg} - \sum_g a_g b_g) / (1 - \sum_g a_g b_g)`: 1 when every arc
    stays in its group, 0 when groups mix as at random given their arc shares, negative when
    ties prefer other groups. NaN without arcs or when all arcs fall in one group.

    Parameters
    ----------
    graph : Network
        Directed survey graph (weights are ignored).
    by : str
        Node attribute that defines the groups.

    Returns
    -------
    float

    Examples
    --------
    >>> import relnet as rn
    >>> import pandas as pd
    >>> import relnet as rn
    >>> people = pd.DataFrame({"unit": ["a", "a", "b", "b"]}, index=[1, 2, 3, 4])
    >>> g = rn.Network.from_edges([1, 2, 1, 3], [2, 1, 3, 4], nodes=people)
    >>> # e_aa = 2/4, e_ab = 1/4, e_bb = 1/4; a = (3/4, 1/4), b = (1/2, 1/2)
    >>> # r = (3/4 - (3/8 + 1/8)) / (1 - 1/2) = 0.5
    >>> rn.assortativity(g, "unit")
    0.5

    Notes
    -----
    Equals networkx ``attribute_assortativity_coefficient(G, attr)`` on the DiGraph.

    References
    ----------
    .. [1] Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E, 67,
       026126.
    """
    check_network(graph)
    codes, labels = group_codes(graph, by)
    k = len(labels)
    if graph.m == 0:
        return math.nan
    pair = codes[graph.sources] * k + codes[graph.indices]
    e = np.bincount(pair, minlength=k * k).reshape(k, k) / graph.m
    expected = float(e.sum(axis=1) @ e.sum(axis=0))
    if expected == 1.0:
        return math.nan
    return (float(np.trace(e)) - expected) / (1.0 - expected)
