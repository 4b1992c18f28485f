"""Positions and roles: structural equivalence, blockmodels and CONCOR."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, check_choice
from relnet.metrics.common import check_network
from relnet.network import Network
from relnet.structure.communities import partition_codes

SE_METHODS = ("correlation", "euclidean")
SE_MODES = ("digraph", "graph")
#: Largest network for the dense people x people results of this module.
MAX_DENSE = 20_000


def _check_dense(graph: Network, what: str) -> None:
    if graph.n > MAX_DENSE:
        raise ArgumentError(
            f"{what} builds a dense {graph.n:,} x {graph.n:,} matrix "
            f"({graph.n**2 * 8 / 2**30:.1f} GiB); it is limited to {MAX_DENSE:,} people. "
            "Take a subgraph (e.g. one site or unit) with graph.subgraph(ids)."
        )


def _dense(graph: Network, weighted: bool) -> np.ndarray:
    A = np.zeros((graph.n, graph.n))
    values = graph.weights if weighted else 1.0
    A[graph.sources, graph.indices] = values
    return A


def structural_equivalence(
    graph: Network,
    *,
    method: str = "correlation",
    mode: str = "digraph",
    weighted: bool = False,
) -> pd.DataFrame:
    r"""How alike two people's ties are: structural equivalence as sna ``sedist``.

    **Definition.** Each person i is described by the ties they send and receive,
    :math:`v_i = (a_{i1}, \dots, a_{in}, a_{1i}, \dots, a_{ni})` (``mode="digraph"``: row
    and column of the adjacency matrix concatenated; ``mode="graph"``: the row only, for
    symmetric data). The diagonal is missing (sna's ``diag=FALSE``), so comparing i with j
    uses the pairwise-complete entries: those of third parties :math:`k \ne i, j`,
    :math:`2(n-2)` values in digraph mode. ``correlation`` is the Pearson correlation of
    :math:`v_i` and :math:`v_j` over those entries (1 for equivalent people; an undefined
    correlation, from a constant vector, is 0 as in sna; the diagonal is 1, or 0 for a
    person with constant ties); ``euclidean`` is
    :math:`\sqrt{\sum_{k \ne i,j} (a_{ik} - a_{jk})^2 + (a_{ki} - a_{kj})^2}` (0 for
    equivalent people).

    Parameters
    ----------
    graph : Network
        Directed survey graph (up to 20,000 people: the result is dense).
    method : {"correlation", "euclidean"}
        Similarity (correlation) or distance (Euclidean).
    mode : {"digraph", "graph"}
        Rows and columns (default) or rows only.
    weighted : bool
        Use trust weights as the tie values instead of 0/1.

    Returns
    -------
    pandas.DataFrame
        People x people, indexed and labelled by id, symmetric.

    Raises
    ------
    ArgumentError
        For an unknown method or mode, or more than 20,000 people.

    Notes
    -----
    Equals R sna ``sedist(A, method=..., mode="digraph", diag=FALSE)`` (sna 2.7) for
    ``"correlation"`` and ``"euclidean"``: missing diagonal, pairwise deletion and NA
    correlations set to 0. In ``mode="graph"`` sna drops the upper triangle and so compares
    i and j only over third parties outside the range between them; relnet compares them
    over all third parties (the row of the symmetric matrix), as UCINET and Wasserman &
    Faust (1994, ch. 9) do.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["a", "b", "a", "b"], ["c", "c", "d", "d"])
    >>> # a and b both name c and d: identical over the third parties c and d
    >>> se = rn.structural_equivalence(g)
    >>> float(se.loc["a", "b"]), float(se.loc["c", "d"])
    (1.0, 1.0)
    >>> # a vs c over k in {b, d}: v_a = (a->b, a->d, b->a, d->a) = (0, 1, 0, 0),
    >>> # v_c = (0, 0, 1, 0): r = (0 - 4 * 1/16) / (3/4) = -1/3
    >>> round(float(se.loc["a", "c"]), 4)
    -0.3333
    >>> rn.structural_equivalence(g, method="euclidean").loc["a", "c"]  # sqrt(1 + 1)
    np.float64(1.4142135623730951)

    References
    ----------
    .. [1] Lorrain, F. & White, H. C. (1971). Structural equivalence of individuals in
       social networks. Journal of Mathematical Sociology, 1, 49-80.
    .. [2] Burt, R. S. (1976). Positions in networks. Social Forces, 55, 93-122.
    .. [3] Butts, C. T. (2008). Social network analysis with sna. Journal of Statistical
       Software, 24(6).
    """
    check_network(graph)
    check_choice("method", method, SE_METHODS)
    check_choice("mode", mode, SE_MODES)
    _check_dense(graph, "structural_equivalence")
    n = graph.n
    A = _dense(graph, bool(weighted))
    A2 = A * A
    cross = A @ A.T  # sum_k a_ik a_jk (k = i, j add 0: empty diagonal)
    s = A.sum(axis=1)
    q = A2.sum(axis=1)
    pair = A + A.T  # entries of i's vector that fall at j (and j's at i)
    pair2 = A2 + A2.T
    length = n - 2
    if mode == "digraph":
        cross = cross + A.T @ A
        s = s + A.sum(axis=0)
        q = q + A2.sum(axis=0)
        length = 2 * (n - 2)
    else:
        pair, pair2 = A, A2  # row i at j is a_ij; row j at i is a_ji

    if method == "euclidean":
        # i's own entries at j and j's at i drop out: a_ij^2 + a_ji^2 from each (digraph)
        dropped = 2.0 * pair2 if mode == "digraph" else A2 + A2.T
        d2 = q[:, None] + q[None, :] - dropped - 2.0 * cross
        np.fill_diagonal(d2, 0.0)
        out = np.sqrt(np.maximum(d2, 0.0))
    else:
        # sums over the pairwise-complete entries k != i, j
        s_i = s[:, None] - pair
        s_j = s[None, :] - pair.T
        q_i = q[:, None] - pair2
        q_j = q[None, :] - pair2.T
        with np.errstate(invalid="ignore", divide="ignore"):
            cov = cross - s_i * s_j / length
            var_i = q_i - s_i * s_i / length
            var_j = q_j - s_j * s_j / length
            out = cov / np.sqrt(var_i * var_j)
            # own vector over its 2(n-1) (or n-1) entries: 1 unless constant
            full = 2 * (n - 1) if mode == "digraph" else n - 1
            own = q - s * s / full
        tol = 1e-12 * np.maximum(1.0, q.max(initial=0.0))
        out[~np.isfinite(out)] = 0.0
        out[(var_i <= tol) | (var_j <= tol)] = 0.0
        np.clip(out, -1.0, 1.0, out=out)
        np.fill_diagonal(out, np.where(own > tol, 1.0, 0.0))
    return pd.DataFrame(out, index=graph.ids, columns=graph.ids)


# ------------------------------------------------------------------------ blockmodel
@dataclass(frozen=True, eq=False)
class BlockModel:
    """A blockmodel: ties between positions (groups of people) as counts and densities.

    Attributes
    ----------
    partition : pandas.Series
        Position of each person, indexed by id.
    sizes : pandas.Series
        People per position.
    counts : pandas.DataFrame
        Arcs (or summed weights) from the row position to the column position.
    possible : pandas.DataFrame
        Possible arcs: :math:`n_g n_h` off the diagonal, :math:`n_g(n_g - 1)` on it.
    density : pandas.DataFrame
        The image matrix: ``counts / possible`` (NaN where nothing is possible).
    weighted : bool
        Whether ``counts`` sums trust weights.
    """

    partition: pd.Series
    sizes: pd.Series
    counts: pd.DataFrame
    possible: pd.DataFrame
    density: pd.DataFrame
    weighted: bool = False

    def __repr__(self) -> str:
        return (
            f"<BlockModel {len(self.sizes)} positions, {int(self.sizes.sum())} people, "
            f"{'weighted' if self.weighted else 'binary'}>"
        )

    def summary(self) -> pd.DataFrame:
        """One row per ordered pair of positions: ``count``, ``possible``, ``density``."""
        labels = self.density.index
        index = pd.MultiIndex.from_product([labels, labels], names=["from", "to"])
        return pd.DataFrame(
            {
                "count": self.counts.to_numpy().ravel(),
                "possible": self.possible.to_numpy().ravel(),
                "density": self.density.to_numpy().ravel(),
            },
            index=index,
        )

    def _repr_html_(self) -> str:
        caption = html.escape(repr(self))
        return f"<p>{caption}</p>" + self.density.round(3).to_html(escape=True)

    def plot(self, path: str | None = None, *, ax: Any = None) -> Any:
        """Heat map of the image matrix (densities), annotated when small.

        Parameters
        ----------
        path : str, optional
            Save the figure there as well.
        ax : matplotlib Axes, optional
            Draw into this Axes.

        Returns
        -------
        matplotlib.figure.Figure
        """
        import matplotlib.pyplot as plt

        if ax is None:
            fig, ax = plt.subplots(figsize=(1.2 + 0.6 * len(self.sizes),) * 2)
        else:
            fig = ax.figure
        values = self.density.to_numpy(dtype=float)
        image = ax.imshow(np.ma.masked_invalid(values), cmap="Blues", vmin=0.0)
        labels = [str(v) for v in self.density.index]
        ax.set_xticks(range(len(labels)), labels, rotation=90)
        ax.set_yticks(range(len(labels)), labels)
        ax.set_xlabel("to position")
        ax.set_ylabel("from position")
        ax.set_title("Tie density between positions")
        if len(labels) <= 12:
            top = np.nanmax(values) if np.isfinite(values).any() else 1.0
            for (i, j), v in np.ndenumerate(values):
                text = "" if np.isnan(v) else f"{v:.2f}"
                colour = "white" if top and v > 0.6 * top else "black"
                ax.text(j, i, text, ha="center", va="center", fontsize=8, color=colour)
        fig.colorbar(image, ax=ax, shrink=0.8, label="density")
        if path is not None:
            fig.savefig(path, bbox_inches="tight")
        return fig


def blockmodel(graph: Network, partition: pd.Series | str, *, weighted: bool = False) -> BlockModel:
    r"""Blockmodel of a partition: the image matrix of tie densities between positions.

    **Definition.** For positions g (senders) and h (receivers) with :math:`n_g, n_h`
    people, the block density is the number of arcs from g to h over the possible arcs,
    :math:`n_g n_h` off the diagonal and :math:`n_g(n_g-1)` on it (no self-ties); NaN for a
    one-person position's own block. With ``weighted=True`` weights are summed.

    Parameters
    ----------
    graph : Network
        Directed survey graph.
    partition : pandas.Series or str
        Position per person (a Series indexed by id, e.g. from :func:`concor` or
        :func:`communities`), or the name of a node attribute.
    weighted : bool
        Sum trust weights instead of counting arcs.

    Returns
    -------
    BlockModel
        ``.density`` (the image matrix), ``.counts``, ``.possible``, ``.sizes``,
        ``.summary()``, ``.plot()``. Positions are sorted by label.

    Raises
    ------
    ArgumentError
        When the partition misses someone, names someone not in the network, or the
        attribute does not exist.

    Notes
    -----
    Matches R sna ``blockmodel(A, ec, block.content="density", diag=FALSE)``'s
    ``block.model`` for the same memberships, and the densities of UCINET's image matrix.

    Examples
    --------
    >>> import pandas as pd
    >>> import relnet as rn
    >>> g = rn.Network.from_edges([1, 2, 1, 3], [2, 1, 3, 4], nodes=[1, 2, 3, 4, 5])
    >>> pos = pd.Series({1: "core", 2: "core", 3: "edge", 4: "edge", 5: "edge"})
    >>> bm = rn.blockmodel(g, pos)
    >>> # core->core 2 of 2*1; core->edge 1 of 2*3; edge->core 0 of 6; edge->edge 1 of 3*2
    >>> bm.density.round(3)
    position  core   edge
    position
    core       1.0  0.167
    edge       0.0  0.167

    References
    ----------
    .. [1] White, H. C., Boorman, S. A. & Breiger, R. L. (1976). Social structure from
       multiple networks. I. Blockmodels of roles and positions. American Journal of
       Sociology, 81(4), 730-780.
    .. [2] Wasserman, S. & Faust, K. (1994). Social Network Analysis, ch. 10. CUP.
    """
    check_network(graph)
    if isinstance(partition, str):
        partition = graph.attribute(partition)
    if isinstance(partition, pd.Series):
        aligned = partition
        if aligned.index.equals(graph.ids):
            values = aligned.to_numpy()
        else:
            partition_codes(graph, aligned)  # raises naming the first misaligned id
            values = aligned.reindex(graph.ids).to_numpy()
    else:
        values = np.asarray(partition)
    codes = partition_codes(graph, values)
    labels_unsorted = pd.unique(values)
    try:
        order = np.argsort(labels_unsorted, kind="stable")
    except TypeError:  # mixed label types: keep order of appearance
        order = np.arange(len(labels_unsorted))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = rank[codes]
    labels = pd.Index(labels_unsorted[order], name="position")
    k = len(labels)
    src, dst = graph.sources, graph.indices
    table = np.bincount(
        codes[src] * k + codes[dst], weights=graph.weights if weighted else None, minlength=k * k
    ).astype(float)
    table = table.reshape(k, k)
    sizes = np.bincount(codes, minlength=k).astype(float)
    possible = np.outer(sizes, sizes) - np.diag(sizes)
    with np.errstate(invalid="ignore", divide="ignore"):
        density = np.where(possible > 0, table / np.where(possible > 0, possible, 1), np.nan)
    columns = pd.Index(labels, name="position")
    return BlockModel(
        partition=pd.Series(labels.take(codes), index=graph.ids, name="position"),
        sizes=pd.Series(sizes.astype(np.int64), index=labels, name="size"),
        counts=pd.DataFrame(table, index=labels, columns=columns),
        possible=pd.DataFrame(possible, index=labels, columns=columns),
        density=pd.DataFrame(density, index=labels, columns=columns),
        weighted=bool(weighted),
    )


# ------------------------------------------------------------------------ CONCOR
def _correlate_columns(M: np.ndarray) -> np.ndarray:
    """Pearson correlations between the columns of M; undefined ones 0, diagonal 1."""
    centred = M - M.mean(axis=0)
    norms = np.sqrt((centred * centred).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        R = (centred.T @ centred) / np.outer(norms, norms)
    R[~np.isfinite(R)] = 0.0
    np.clip(R, -1.0, 1.0, out=R)
    np.fill_diagonal(R, 1.0)
    return R


def _concor_split(
    stacked: np.ndarray, members: np.ndarray, cutoff: float, max_iter: int
) -> tuple[np.ndarray, np.ndarray]:
    R = _correlate_columns(stacked[:, members])
    for _ in range(max_iter):
        if np.all(np.abs(R) >= cutoff):
            break
        R = _correlate_columns(R)
    first = R[:, 0] > 0
    return members[first], members[~first]


def concor(
    graph: Network,
    *,
    max_splits: int = 2,
    weighted: bool = False,
    cutoff: float = 0.999,
    max_iter: int = 50,
) -> pd.Series:
    r"""CONCOR positions: split people by iterated correlations of their ties.

    **Definition.** (Breiger, Boorman & Arabie 1975.) Each person j is the column j of the
    stacked matrix :math:`\binom{A}{A^T}` (the ties j receives, then those j sends; the
    empty diagonal counts as 0). CONCOR correlates these columns (Pearson), then correlates
    the columns of the correlation matrix, and so on until every correlation is within
    ``cutoff`` of :math:`\pm 1` (or ``max_iter`` rounds). The people correlated positively
    with the block's first member form one half, the others the second. Each half is split
    again from its own columns of the stacked matrix, ``max_splits`` times, giving up to
    :math:`2^{max\_splits}` positions. A block of one, or one whose correlations are all
    positive, is not split. Undefined correlations (a person without ties has a constant
    column) are taken as 0.

    Parameters
    ----------
    graph : Network
        Directed survey graph (up to 20,000 people).
    max_splits : int
        Depth of splitting (UCINET's "max depth of splits"); default 2.
    weighted : bool
        Use trust weights instead of 0/1.
    cutoff : float
        Convergence: stop when all \|r\| >= cutoff.
    max_iter : int
        Most correlation rounds per split.

    Returns
    -------
    pandas.Series
        Position 0, 1, ... per person, indexed by id, named ``concor``; positions are
        numbered in split order (the half holding a block's first member first).

    Raises
    ------
    ArgumentError
        For a negative ``max_splits``, a cutoff outside (0, 1], or more than 20,000 people.

    Notes
    -----
    The procedure of UCINET's CONCOR (Network > Roles & Positions > Structural > CONCOR)
    and of R concorR, with relation and transpose stacked. UCINET's default convergence
    criterion and iteration cap differ; the splits agree once the correlations converge.

    Examples
    --------
    >>> import relnet as rn
    >>> # senders a, b, c each name all of d, e, f
    >>> g = rn.Network.from_edges(list("aaabbbccc"), list("defdefdef"))
    >>> # a vs d: columns (0,0,0,0,0,0, 0,0,0,1,1,1) and (1,1,1,0,0,0, 0,...): r = -1/3;
    >>> # the next round gives exactly +-1: {a, b, c} and {d, e, f}
    >>> rn.concor(g, max_splits=1).tolist()
    [0, 0, 0, 1, 1, 1]

    References
    ----------
    .. [1] Breiger, R. L., Boorman, S. A. & Arabie, P. (1975). An algorithm for
       clustering relational data with applications to social network analysis and
       comparison with multidimensional scaling. Journal of Mathematical Psychology, 12,
       328-383.
    .. [2] Wasserman, S. & Faust, K. (1994). Social Network Analysis, ch. 9.4. CUP.
    """
    check_network(graph)
    if isinstance(max_splits, bool) or not isinstance(max_splits, (int, np.integer)):
        raise ArgumentError(f"max_splits={max_splits!r} must be a non-negative int.")
    if max_splits < 0:
        raise ArgumentError(f"max_splits={max_splits!r} must be a non-negative int.")
    if not 0 < float(cutoff) <= 1:
        raise ArgumentError(f"cutoff={cutoff!r} must be in (0, 1].")
    _check_dense(graph, "concor")
    A = _dense(graph, bool(weighted))
    stacked = np.vstack([A, A.T])
    blocks = [np.arange(graph.n)]
    for _ in range(int(max_splits)):
        next_blocks = []
        for members in blocks:
            if len(members) < 2:
                next_blocks.append(members)
                continue
            first, second = _concor_split(stacked, members, float(cutoff), int(max_iter))
            next_blocks.extend(b for b in (first, second) if len(b))
        blocks = next_blocks
    labels = np.empty(graph.n, dtype=np.int64)
    for position, members in enumerate(blocks):
        labels[members] = position
    return pd.Series(labels, index=graph.ids, name="concor")
