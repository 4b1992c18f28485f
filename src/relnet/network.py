"""Network: one directed, weighted layer of nominations stored as CSR out and in."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from relnet import network_export
from relnet.errors import ArgumentError, GraphKindError, UnknownPersonError, check_choice
from relnet.kernels import csr as csr_kernels
from relnet.kernels import neighbors as neighbor_kernels
from relnet.threads import kernel_chunks

SYMMETRIZE_RULES = ("any", "mutual", "max", "min", "mean", "sum")


class UndirectedView(NamedTuple):
    """Neighbours either way as CSR rows, with the arcs each pair holds (see
    :attr:`Network.undirected`)."""

    indptr: np.ndarray
    indices: np.ndarray
    codes: np.ndarray


def _readonly(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _index_dtype(n: int) -> type:
    return np.int32 if n < 2**31 else np.int64


class Network:
    """One directed, weighted network layer over a fixed set of people.

    Arcs are stored as compressed sparse rows in both directions: ``indptr`` (int64),
    ``indices`` (int32, each row sorted, no self-loops, no repeats) and ``weights`` (float64)
    for out-neighbours, ``t_indptr``, ``t_indices`` for in-neighbours, and ``t_to_out`` mapping
    each in-position to the out-position of the same arc. ``ids`` holds the people's external
    ids in position order, ``nodes`` their attributes and ``responded`` whether each person
    answered the survey (a non-respondent's outgoing ties are unobserved, not absent).

    A Network is immutable: transforms return new Networks and arrays are read-only. Build one
    with :meth:`from_edges`, :func:`relnet.from_networkx`, :func:`relnet.from_igraph` or
    ``Survey.network()``.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.Network.from_edges(["ana", "ben", "ana"], ["ben", "ana", "cai"], weight=[5, 3, 1])
    >>> g.n, g.m
    (3, 3)
    >>> list(g.out_neighbors("ana"))
    ['ben', 'cai']
    >>> g.edges()
       source target  weight
    0     ana    ben     5.0
    1     ana    cai     1.0
    2     ben    ana     3.0
    """

    __slots__ = (
        "_ids",
        "_nodes",
        "_responded",
        "indptr",
        "indices",
        "_weights",
        "t_indptr",
        "t_indices",
        "t_to_out",
        "_t_weights",
        "_sources",
        "_reverse_arc",
        "_undirected",
    )

    def __init__(
        self,
        ids: pd.Index,
        nodes: pd.DataFrame,
        responded: np.ndarray,
        indptr: np.ndarray,
        indices: np.ndarray,
        weights: np.ndarray,
    ) -> None:
        # Internal: callers guarantee sorted rows without loops or repeats.
        n = len(ids)
        self._ids = ids
        self._nodes = nodes
        self._responded = _readonly(np.ascontiguousarray(responded, dtype=bool))
        self.indptr = _readonly(np.ascontiguousarray(indptr, dtype=np.int64))
        self.indices = _readonly(np.ascontiguousarray(indices, dtype=_index_dtype(n)))
        self._weights = _readonly(np.ascontiguousarray(weights, dtype=np.float64))
        t_indptr, t_indices, t_to_out = csr_kernels.transpose(self.indptr, self.indices, n)
        self.t_indptr = _readonly(t_indptr)
        self.t_indices = _readonly(t_indices.astype(self.indices.dtype, copy=False))
        self.t_to_out = _readonly(t_to_out)
        self._t_weights = None
        self._sources = None
        self._reverse_arc = None
        self._undirected = None

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_edges(
        cls,
        source: Iterable[Hashable],
        target: Iterable[Hashable],
        weight: Iterable[float] | None = None,
        nodes: Sequence[Hashable] | pd.Index | pd.DataFrame | None = None,
        responded: Iterable[bool] | pd.Series | None = None,
    ) -> Network:
        """Build a Network from arcs given as external ids.

        Parameters
        ----------
        source, target : array-like
            The nominator and the nominee of each arc, as external ids (any hashable).
        weight : array-like of float, optional
            Tie strength of each arc (higher = stronger); default 1.
        nodes : sequence of ids or pandas.DataFrame, optional
            The people, in the order positions should take. A DataFrame is indexed by id and its
            columns become node attributes. People without arcs become isolates. When omitted,
            the people are those named in ``source`` or ``target``, in order of appearance.
        responded : array-like of bool or pandas.Series, optional
            Whether each person answered (aligned to ``nodes``, or a Series indexed by id).
            Default: a ``responded`` column of ``nodes`` if there is one, else all True.

        Returns
        -------
        Network

        Raises
        ------
        GraphKindError
            On a self-loop, a repeated arc, or a weight that is not a finite number.
        UnknownPersonError
            When ``nodes`` is given and an arc names someone not in it.

        Examples
        --------
        >>> import relnet as rn
        >>> import pandas as pd
        >>> people = pd.DataFrame({"site": ["north", "north", "south"]}, index=[1, 2, 3])
        >>> g = rn.Network.from_edges([1, 2], [2, 1], nodes=people, responded=[True, True, False])
        >>> g.n, g.m, g.responded.tolist()
        (3, 2, [True, True, False])
        """
        source_values = _as_values(source, "source")
        target_values = _as_values(target, "target")
        if len(source_values) != len(target_values):
            raise ArgumentError(
                f"source has {len(source_values)} ids but target has {len(target_values)}; "
                "give one source and one target per arc."
            )
        ids, node_table = _node_table(nodes, source_values, target_values)
        m = len(source_values)
        weights = None if weight is None else _weights_of(weight, m)
        responded_values = _responded_of(responded, ids, node_table)
        if "responded" in node_table.columns:
            node_table = node_table.drop(columns="responded")
        src = _arc_positions(ids, source_values, "source")
        dst = _arc_positions(ids, target_values, "target")
        del source_values, target_values
        indptr, indices, order = _sorted_arcs(ids, src, dst)
        del src, dst  # the positions are in the CSR now: free them before the transpose
        weights = np.ones(m) if weights is None else weights[order]
        del order
        return cls(ids, node_table, responded_values, indptr, indices, weights)

    @classmethod
    def _from_positions(
        cls,
        ids: pd.Index,
        nodes: pd.DataFrame,
        responded: np.ndarray,
        src: np.ndarray,
        dst: np.ndarray,
        weights: np.ndarray,
        *,
        check: bool = True,
    ) -> Network:
        """Build from position arrays; refuses loops and repeats when ``check``."""
        indptr, indices, order = _sorted_arcs(ids, src, dst, check=check)
        return cls(ids, nodes, responded, indptr, indices, np.asarray(weights)[order])

    def _replace(
        self,
        *,
        src: np.ndarray | None = None,
        dst: np.ndarray | None = None,
        weights: np.ndarray | None = None,
    ) -> Network:
        """A Network on the same people with other arcs (positions) or weights."""
        if src is None:
            return Network(
                self._ids, self._nodes, self._responded, self.indptr, self.indices, weights
            )
        return Network._from_positions(
            self._ids, self._nodes, self._responded, src, dst, weights, check=False
        )

    # ------------------------------------------------------------------ properties
    @property
    def n(self) -> int:
        """Number of people (nodes)."""
        return len(self._ids)

    @property
    def m(self) -> int:
        """Number of arcs."""
        return int(self.indptr[-1])

    @property
    def ids(self) -> pd.Index:
        """External ids in position order."""
        return self._ids

    @property
    def nodes(self) -> pd.DataFrame:
        """Node attributes (a copy), indexed by id, with a ``responded`` column."""
        table = self._nodes.copy()
        table["responded"] = self._responded
        return table

    def attribute(self, name: str) -> pd.Series:
        """One node attribute as a Series indexed by id.

        Raises
        ------
        ArgumentError
            When the attribute does not exist; the message lists those that do.
        """
        if name == "responded":
            return pd.Series(self._responded, index=self._ids, name=name)
        if name not in self._nodes.columns:
            have = ", ".join(map(repr, self._nodes.columns)) or "none"
            raise ArgumentError(
                f"no node attribute {name!r}; attributes are: {have}. Pass a roster with that "
                "column, or nodes=DataFrame to Network.from_edges."
            )
        return self._nodes[name].copy()

    @property
    def responded(self) -> np.ndarray:
        """Read-only bool array: did each person (by position) answer the survey."""
        return self._responded

    @property
    def weights(self) -> np.ndarray:
        """Read-only float64 weights in out-CSR order (aligned with ``indices``)."""
        return self._weights

    @property
    def t_weights(self) -> np.ndarray:
        """Read-only float64 weights in in-CSR order (aligned with ``t_indices``)."""
        if self._t_weights is None:
            self._t_weights = _readonly(self._weights[self.t_to_out])
        return self._t_weights

    @property
    def has_weights(self) -> bool:
        """True when some weight differs from 1."""
        return bool(self.m) and bool(np.any(self._weights != 1.0))

    @property
    def sources(self) -> np.ndarray:
        """Read-only source position of each arc in out-CSR order (int32, computed once)."""
        if self._sources is None:
            self._sources = _readonly(csr_kernels.row_of_arc(self.indptr))
        return self._sources

    @property
    def reverse_arc(self) -> np.ndarray:
        """Read-only int64[m]: for each arc u -> v, the out-CSR position of v -> u, or -1.

        Computed once per Network and shared by every measure that pairs an arc with its
        reverse (reciprocity per group, mutual weights in views, wave comparisons).

        Examples
        --------
        >>> import relnet as rn
        >>> g = rn.Network.from_edges(["a", "b", "a"], ["b", "a", "c"])
        >>> g.reverse_arc.tolist()  # a->b (0) pairs with b->a (2); a->c has no reverse
        [2, -1, 0]
        """
        if self._reverse_arc is None:
            with kernel_chunks(self.m) as chunks:
                reverse = csr_kernels.reverse_arcs(self.indptr, self.indices, chunks)
            self._reverse_arc = _readonly(reverse)
        return self._reverse_arc

    @property
    def undirected(self) -> UndirectedView:
        """The union of each person's out- and in-neighbours, computed once (read-only).

        ``indptr`` (int64[n+1]) and ``indices`` (int32, sorted rows) list each person's
        neighbours either way; ``codes`` (int8) say which arcs join them: 1 the row person
        sends, 2 receives, 3 both. The triad census, clustering and every other measure on
        the undirected ties read this view.

        Examples
        --------
        >>> import relnet as rn
        >>> g = rn.Network.from_edges(["a", "b", "a"], ["b", "a", "c"])
        >>> view = g.undirected
        >>> view.indices.tolist(), view.codes.tolist()  # a: b (both), c (sends); b: a; c: a
        ([1, 2, 0, 0], [3, 1, 3, 2])
        """
        if self._undirected is None:
            with kernel_chunks(self.m) as chunks:
                indptr, indices, codes = neighbor_kernels.undirected_union(
                    self.indptr, self.indices, self.t_indptr, self.t_indices, chunks
                )
            self._undirected = UndirectedView(
                _readonly(indptr), _readonly(indices), _readonly(codes)
            )
        return self._undirected

    def out_degree(self) -> np.ndarray:
        """Number of arcs each person sends (by position)."""
        return np.diff(self.indptr)

    def in_degree(self) -> np.ndarray:
        """Number of arcs each person receives (by position)."""
        return np.diff(self.t_indptr)

    def edges(self) -> pd.DataFrame:
        """Arcs as a DataFrame with columns ``source``, ``target``, ``weight`` (external ids)."""
        return pd.DataFrame(
            {
                "source": self._ids.take(self.sources),
                "target": self._ids.take(self.indices),
                "weight": self._weights,
            }
        )

    def positions(self, people: Iterable[Hashable] | None = None) -> np.ndarray:
        """Positions of the given external ids (all positions when None).

        Raises
        ------
        UnknownPersonError
            Naming the ids that are not in the network.
        """
        if people is None:
            return np.arange(self.n)
        values = _as_values(people, "people")
        return _positions_of(self._ids, values, "people")

    def out_neighbors(self, person: Hashable) -> pd.Index:
        """Ids this person nominates."""
        (u,) = self.positions([person])
        return self._ids.take(self.indices[self.indptr[u] : self.indptr[u + 1]])

    def in_neighbors(self, person: Hashable) -> pd.Index:
        """Ids who nominate this person."""
        (u,) = self.positions([person])
        return self._ids.take(self.t_indices[self.t_indptr[u] : self.t_indptr[u + 1]])

    def __repr__(self) -> str:
        share = self._responded.mean() if self.n else 1.0
        weighted = ", weighted" if self.has_weights else ""
        return f"<Network {self.n} people, {self.m} arcs{weighted}, {share:.0%} responded>"

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        n, m = self.n, self.m
        missing = int(n - self._responded.sum())
        density = m / (n * (n - 1)) if n > 1 else float("nan")
        rows = [("people", n), ("arcs", m), ("density", density), ("weighted", self.has_weights)]
        rows += [("responded", f"{n - missing:,} of {n:,}")]
        rows += [("attributes", ", ".join(map(str, self._nodes.columns)) or "none")]
        notes = [f"{missing:,} of {n:,} did not answer: choose missing= for dyad measures"]
        return html_table(f"Network: {n:,} people, {m:,} arcs", rows, notes if missing else [])

    # ------------------------------------------------------------------ transforms
    def subgraph(self, people: Iterable[Hashable] | np.ndarray | pd.Series) -> Network:
        """The network among some people: a boolean mask by position, or a list of ids.

        Examples
        --------
        >>> import relnet as rn
        >>> g = rn.Network.from_edges(["a", "b", "c"], ["b", "c", "a"])
        >>> g.subgraph(["a", "b"]).edges()
          source target  weight
        0      a      b     1.0
        """
        if isinstance(people, pd.Series) and people.dtype == bool:
            keep = people.reindex(self._ids, fill_value=False).to_numpy()
        else:
            as_array = np.asarray(people) if not isinstance(people, np.ndarray) else people
            if as_array.dtype == bool:
                if as_array.shape != (self.n,):
                    raise ArgumentError(
                        f"a boolean mask needs one value per person ({self.n}); "
                        f"got shape {as_array.shape}."
                    )
                keep = as_array
            else:
                keep = np.zeros(self.n, dtype=bool)
                keep[self.positions(people)] = True
        new_position = np.cumsum(keep) - 1
        src = self.sources
        arc_kept = keep[src] & keep[self.indices]
        ids = self._ids[keep]
        return Network._from_positions(
            ids,
            self._nodes.loc[keep] if len(self._nodes.columns) else pd.DataFrame(index=ids),
            self._responded[keep],
            new_position[src[arc_kept]],
            new_position[self.indices[arc_kept]],
            self._weights[arc_kept],
            check=False,
        )

    def binarize(self) -> Network:
        """The same arcs with every weight set to 1."""
        return self._replace(weights=np.ones(self.m))

    def threshold(self, min_weight: float) -> Network:
        """Keep the arcs whose weight is at least ``min_weight`` (weights unchanged)."""
        keep = self._weights >= min_weight
        return self._replace(
            src=self.sources[keep], dst=self.indices[keep], weights=self._weights[keep]
        )

    def reverse(self) -> Network:
        """Every arc turned around (who nominates me becomes whom I nominate)."""
        return Network(
            self._ids, self._nodes, self._responded, self.t_indptr, self.t_indices, self.t_weights
        )

    def symmetrize(self, rule: str = "any") -> Network:
        """An undirected version, stored as a digraph holding both directions of each tie.

        Parameters
        ----------
        rule : {"any", "mutual", "max", "min", "mean", "sum"}
            ``any``: a tie where at least one arc exists (sna ``symmetrize(rule="weak")``),
            ``mutual``: where both exist (sna ``rule="strong"``); both give weight 1.
            ``max``, ``min``, ``mean``, ``sum``: a tie where at least one arc exists, weighted
            by that function of the weights of the arcs present (igraph
            ``to_undirected(mode="collapse", combine_edges=rule)``).

        Examples
        --------
        >>> import relnet as rn
        >>> g = rn.Network.from_edges(["a", "b", "a"], ["b", "a", "c"], weight=[4, 2, 1])
        >>> g.symmetrize("mean").edges()
          source target  weight
        0      a      b     3.0
        1      a      c     1.0
        2      b      a     3.0
        3      c      a     1.0
        """
        check_choice("rule", rule, SYMMETRIZE_RULES)
        if self.m == 0:
            return self
        reverse = self.reverse_arc
        mutual = reverse >= 0
        w = self._weights
        w_back = w[np.maximum(reverse, 0)]  # the reverse arc's weight where it exists
        if rule in ("any", "mutual"):
            weight = np.ones(self.m)
        elif rule == "max":
            weight = np.where(mutual, np.maximum(w, w_back), w)
        elif rule == "min":
            weight = np.where(mutual, np.minimum(w, w_back), w)
        elif rule == "sum":
            weight = np.where(mutual, w + w_back, w)
        else:  # mean
            weight = np.where(mutual, (w + w_back) / 2.0, w)
        src, dst = self.sources, self.indices
        if rule == "mutual":  # both directions are already arcs
            return self._replace(src=src[mutual], dst=dst[mutual], weights=weight[mutual])
        lone = ~mutual  # add the missing direction of each one-way tie
        return self._replace(
            src=np.r_[src, dst[lone]],
            dst=np.r_[dst, src[lone]],
            weights=np.r_[weight, weight[lone]],
        )

    # ------------------------------------------------------------------ interop
    def to_networkx(self) -> Any:
        """A ``networkx.DiGraph`` with node attributes, ``responded`` and arc ``weight``."""
        return network_export.to_networkx(self)

    def to_igraph(self) -> Any:
        """An ``igraph.Graph`` (directed): vertex ``name`` = id, attributes, ``weight``."""
        return network_export.to_igraph(self)

    def write(self, path: str) -> None:
        """Write to GraphML, GEXF, edge-list CSV or Parquet, chosen by the file's suffix."""
        network_export.write_network(self, path)


# ---------------------------------------------------------------------- helpers
def _as_values(values: Iterable[Hashable], name: str) -> np.ndarray:
    if isinstance(values, (pd.Series, pd.Index)):
        return values.to_numpy()
    if isinstance(values, np.ndarray):
        return values
    if isinstance(values, (str, bytes)):
        raise ArgumentError(f"{name} must be a sequence of ids, not a single string {values!r}.")
    return pd.Index(list(values)).to_numpy()


def _node_table(
    nodes: Sequence[Hashable] | pd.Index | pd.DataFrame | None,
    source: np.ndarray,
    target: np.ndarray,
) -> tuple[pd.Index, pd.DataFrame]:
    if nodes is None:
        if len(source) == 0:
            ids = pd.Index([], dtype=object)
        else:
            _, uniques = pd.factorize(np.concatenate([source, target]))
            ids = pd.Index(uniques)
        return ids, pd.DataFrame(index=ids)
    if isinstance(nodes, pd.DataFrame):
        ids = nodes.index
        table = nodes
    else:
        ids = pd.Index(_as_values(nodes, "nodes"))
        table = pd.DataFrame(index=ids)
    if not ids.is_unique:
        repeated = ids[ids.duplicated()].unique()[:5].tolist()
        raise GraphKindError(f"nodes repeat the ids {repeated}; give each person once.")
    return ids, table


def _sorted_arcs(
    ids: pd.Index, src: np.ndarray, dst: np.ndarray, *, check: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR ``indptr``, ``indices`` and the input ``order`` of each CSR arc.

    Refuses a self-loop or a repeated arc when ``check``, naming the arc (input number) and
    its two ids.
    """
    indptr, indices, order = csr_kernels.csr_from_pairs(
        _kernel_ints(src, len(ids)), _kernel_ints(dst, len(ids)), len(ids)
    )
    if check:
        bad = csr_kernels.first_bad_arc(indptr, indices)
        if bad >= 0:
            e = int(order[bad])
            u = ids[int(np.searchsorted(indptr, bad, side="right")) - 1]
            v = ids[int(indices[bad])]
            if u == v:
                raise GraphKindError(
                    f"arc {e} is a self-loop ({u!r} -> {u!r}); a Network holds no loops. "
                    "Drop self-nominations first (relnet.read_survey does this and reports it)."
                )
            raise GraphKindError(
                f"arc {e} repeats the arc {u!r} -> {v!r}; a Network holds each arc once. "
                "Combine repeated nominations first (relnet.read_survey(duplicates=...))."
            )
    return indptr, indices, order


def _kernel_ints(positions: np.ndarray, n: int) -> np.ndarray:
    """Positions as int32 below 2^31 people (int64 beyond): one dtype, one compiled kernel."""
    dtype = _index_dtype(n)
    return np.ascontiguousarray(positions, dtype=dtype)


def _arc_positions(ids: pd.Index, values: np.ndarray, name: str) -> np.ndarray:
    """Positions of the arcs' ids as int32 when they fit: 4 bytes an arc, not 8.

    When the people are 0..n-1 (integer ids in order) and ``values`` are integers in range,
    the ids are the positions: no look-up.
    """
    n = len(ids)
    dtype = _index_dtype(n)
    if (
        len(values)
        and values.dtype.kind in "iu"
        and ids.dtype.kind in "iu"
        and n
        and ids[0] == 0
        and ids[-1] == n - 1
        and ids.is_monotonic_increasing  # unique (checked) and increasing: exactly 0..n-1
        and values.min() >= 0
        and values.max() < n
    ):
        return values.astype(dtype, copy=False)
    return _positions_of(ids, values, name).astype(dtype)


def _positions_of(ids: pd.Index, values: np.ndarray, name: str) -> np.ndarray:
    if len(values) == 0:
        return np.empty(0, dtype=np.int64)
    positions = ids.get_indexer(values)
    missing = positions < 0
    if missing.any():
        unknown = pd.unique(values[missing])
        shown = ", ".join(repr(v) for v in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise UnknownPersonError(
            f"{name} names {len(unknown)} id(s) not among the nodes: {shown}{more}. "
            "Add them to nodes, or drop those arcs."
        )
    return positions.astype(np.int64, copy=False)


def _weights_of(weight: Iterable[float] | None, m: int) -> np.ndarray:
    if weight is None:
        return np.ones(m)
    try:
        values = np.asarray(
            weight.to_numpy() if isinstance(weight, pd.Series) else weight, dtype=np.float64
        )
    except (TypeError, ValueError) as error:
        raise GraphKindError(f"weights must be numbers: {error}.") from None
    if values.shape != (m,):
        raise ArgumentError(f"weight has {values.size} values for {m} arcs; give one per arc.")
    bad = ~np.isfinite(values)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise GraphKindError(
            f"{int(bad.sum())} weight(s) are missing or infinite (first at arc {first}); "
            "fill or drop them first."
        )
    return values


def _responded_of(
    responded: Iterable[bool] | pd.Series | None, ids: pd.Index, table: pd.DataFrame
) -> np.ndarray:
    if responded is None:
        if "responded" in table.columns:
            responded = table["responded"]
        else:
            return np.ones(len(ids), dtype=bool)
    if isinstance(responded, pd.Series) and not responded.index.equals(pd.RangeIndex(len(ids))):
        if not ids.isin(responded.index).all():
            raise ArgumentError("responded (a Series) must have a value for every node id.")
        responded = responded.reindex(ids)
    values = np.asarray(responded)
    if values.shape != (len(ids),):
        raise ArgumentError(
            f"responded has {values.size} values for {len(ids)} people; give one per node."
        )
    if values.dtype != bool:
        if pd.isna(values).any() or not np.isin(values, [0, 1]).all():
            raise ArgumentError("responded must hold True/False (or 1/0) for every node.")
        values = values.astype(bool)
    return values
