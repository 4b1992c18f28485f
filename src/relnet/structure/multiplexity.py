"""Multiplexity: where two relations (trust and advice, say) run over the same pairs of people."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
from relnet.metrics.common import finish_figure, result_card
from relnet.network import Network

PAIR_COLUMNS = (
    "arcs_a",
    "arcs_b",
    "both",
    "jaccard",
    "p_b_given_a",
    "p_a_given_b",
    "correlation",
    "reciprocity_multiplex",
    "reciprocity_single",
)
NODE_COLUMNS = (
    "n_relations",
    "out_partners",
    "in_partners",
    "multiplex_out",
    "multiplex_in",
    "multiplex_share",
)


@dataclass(frozen=True, eq=False)
class MultiplexResult:
    """How several relations among the same people overlap.

    Attributes
    ----------
    relations : list of str
        The relations (layers), in the order given.
    n_people : int
        Number of people.
    pairs : pandas.DataFrame
        One row per ordered pair of relations, indexed by (``a``, ``b``): ``arcs_a``,
        ``arcs_b``, ``both`` (arcs i -> j present in both), ``jaccard`` (both / arcs in
        either), ``p_b_given_a`` (both / arcs_a: the share of a-ties that are also b-ties),
        ``p_a_given_b``, ``correlation`` (graph correlation of the two adjacency matrices,
        as :func:`relnet.qap_correlation` ``.estimate``), ``reciprocity_multiplex`` (share of
        a's arcs that are also in b whose reverse arc is in a) and ``reciprocity_single``
        (the same for a's arcs not in b).
    nodes : pandas.DataFrame
        One row per person, indexed by id: ``n_relations`` (relations in which the person
        sends or receives a tie), ``out_partners`` / ``in_partners`` (people they nominate /
        are nominated by in any relation), ``multiplex_out`` / ``multiplex_in`` (those
        linked in at least two relations, same direction), ``multiplex_share``
        ((multiplex_out + multiplex_in) / (out_partners + in_partners); NaN without ties).
    weighted : bool
        Whether ``correlation`` used tie weights.
    """

    relations: list
    n_people: int
    pairs: pd.DataFrame
    nodes: pd.DataFrame
    weighted: bool = False
    _ids: pd.Index = field(default=None, repr=False)
    _keys: np.ndarray = field(default=None, repr=False)
    _bits: np.ndarray = field(default=None, repr=False)
    _attributes: pd.DataFrame = field(default=None, repr=False)

    @cached_property
    def dyads(self) -> pd.DataFrame:
        """One row per connected pair of people (computed on first access).

        Columns ``i`` and ``j`` (ids, ``i`` first in the network's order), then for each
        relation ``r`` the booleans ``r_ij`` (arc i -> j in r) and ``r_ji``, then
        ``n_relations`` (relations with a tie either way) and ``multiplex`` (two or more).
        """
        n = self.n_people
        src = self._keys // max(n, 1)
        dst = self._keys % max(n, 1)
        low = np.minimum(src, dst)
        high = np.maximum(src, dst)
        forward = src < dst
        pair = low * n + high
        order = np.argsort(pair, kind="stable")
        pair_sorted = pair[order]
        starts = np.flatnonzero(np.r_[True, pair_sorted[1:] != pair_sorted[:-1]])
        if len(pair_sorted) == 0:
            starts = starts[:0]
        out = {
            "i": self._ids.take(low[order][starts]),
            "j": self._ids.take(high[order][starts]),
        }
        either = np.zeros(len(starts), dtype=np.int64)
        for r, name in enumerate(self.relations):
            present = ((self._bits >> r) & 1).astype(bool)
            ij = _any_by(present & forward, order, starts)
            ji = _any_by(present & ~forward, order, starts)
            out[f"{name}_ij"] = ij
            out[f"{name}_ji"] = ji
            either += ij | ji
        out["n_relations"] = either
        out["multiplex"] = either >= 2
        return pd.DataFrame(out)

    def summary(self) -> pd.DataFrame:
        """The pair table (a copy), with the share of people holding a multiplex tie."""
        table = self.pairs.copy()
        holders = (self.nodes["multiplex_out"] + self.nodes["multiplex_in"]) > 0
        table.attrs["share_people_multiplex"] = float(holders.mean()) if len(holders) else math.nan
        return table

    def plot(self, path: str | None = None, *, by: str | None = None) -> Any:
        """Overlap heatmap (share of a-ties that are also b-ties) and who holds multiplex ties.

        Parameters
        ----------
        path : str, optional
            Save the figure there.
        by : str, optional
            A node attribute (role, team): the right panel shows the mean multiplex share by
            group instead of its histogram.

        Returns
        -------
        matplotlib.figure.Figure
        """
        from matplotlib.figure import Figure

        names = list(self.relations)
        k = len(names)
        grid = np.full((k, k), np.nan)
        for (a, b), value in self.pairs["p_b_given_a"].items():
            grid[names.index(a), names.index(b)] = value
        fig = Figure(figsize=(10, 4))
        left, right = fig.subplots(1, 2)
        image = left.imshow(grid, vmin=0, vmax=1, cmap="Blues")
        left.set_xticks(range(k), names, rotation=30, ha="right")
        left.set_yticks(range(k), names)
        left.set_xlabel("b")
        left.set_ylabel("a")
        left.set_title("share of a-ties that are also b-ties", fontsize=10)
        for i in range(k):
            for j in range(k):
                if not np.isnan(grid[i, j]):
                    colour = "white" if grid[i, j] > 0.6 else "black"
                    left.text(j, i, f"{grid[i, j]:.2f}", ha="center", va="center", color=colour)
        fig.colorbar(image, ax=left, fraction=0.046)
        share = self.nodes["multiplex_share"]
        if by is None:
            values = share.dropna().to_numpy()
            right.hist(values, bins=20, range=(0, 1), color="#9bb7d4")
            right.set_xlabel("multiplex share of a person's ties")
            right.set_ylabel("people")
        else:
            groups = _attribute(self._attributes, by)
            means = share.groupby(groups.reindex(share.index)).mean().sort_values()
            right.barh([str(x) for x in means.index], means.to_numpy(), color="#9bb7d4")
            right.set_xlabel("mean multiplex share")
            right.set_ylabel(by)
        right.set_title("who holds multiplex ties", fontsize=10)
        return finish_figure(fig, path)

    def _repr_html_(self) -> str:
        return result_card(self)

    def __repr__(self) -> str:
        shown = "; ".join(
            f"{a}&{b}: jaccard={row.jaccard:.3g}"
            for (a, b), row in self.pairs.iterrows()
            if self.relations.index(a) < self.relations.index(b)
        )
        return f"<MultiplexResult {len(self.relations)} relations, {self.n_people} people: {shown}>"


def multiplexity(
    layers: Any, *, wave: Hashable | None = None, weighted: bool = False
) -> MultiplexResult:
    r"""How far relations coincide: overlap, conditional shares, correlation, reciprocity.

    **Definition.** With :math:`A` and :math:`B` the arc sets of relations a and b on the
    same people, per ordered pair (a, b): ``both`` :math:`= |A \cap B|`, ``jaccard``
    :math:`= |A \cap B| / |A \cup B|`, ``p_b_given_a`` :math:`= |A \cap B| / |A|` (the share
    of a-ties that are also b-ties), ``p_a_given_b`` :math:`= |A \cap B| / |B|`,
    ``correlation`` the Pearson correlation of the off-diagonal cells of the two adjacency
    matrices (0/1, or weights with ``weighted=True``), and the reciprocity of a's arcs
    split by multiplexity: ``reciprocity_multiplex`` :math:`= |\{i \to j \in A \cap B : j
    \to i \in A\}| / |A \cap B|` against ``reciprocity_single`` for :math:`A \setminus B`.
    Undefined shares are NaN.

    Per person: the partners they nominate (are nominated by) in any relation and how many
    of those are linked in two or more relations in the same direction; see
    :class:`MultiplexResult`. ``.dyads`` lists each connected pair with the relations
    present, on first access.

    Parameters
    ----------
    layers : Survey or dict of str to Network
        A :class:`relnet.Survey` (each of its relations is a layer) or networks by name, all
        on the same people (in any order).
    wave : hashable, optional
        With a Survey that has several waves: the wave to use.
    weighted : bool, default False
        Correlate tie weights instead of 0/1 cells (the other columns count arcs).

    Returns
    -------
    MultiplexResult
        ``.pairs``, ``.nodes``, ``.dyads``, ``summary()``, ``plot()``.

    Raises
    ------
    ArgumentError
        With fewer than two layers, layers on different people (naming the first id missing
        from a layer), a Survey with several waves and no ``wave=``, or ``wave=`` with a
        dict.

    Notes
    -----
    ``correlation`` equals ``relnet.qap_correlation(g_a, g_b).estimate`` and R sna
    ``gcor``, computed from sums over the arcs (no dense matrix, no permutations; run
    :func:`relnet.qap_correlation` for the test). The overlap counts are UCINET's multiplex
    and muxViz's edge overlap; the conditional shares are the "advice given trust"
    proportions of multiplexity studies (Kapferer 1969; Verbrugge 1979).

    Examples
    --------
    >>> import relnet as rn
    >>> trust = rn.Network.from_edges(["a", "b", "a", "c"], ["b", "a", "c", "d"],
    ...                               nodes=["a", "b", "c", "d"])
    >>> advice = rn.Network.from_edges(["a", "c", "d"], ["b", "d", "a"],
    ...                                nodes=["a", "b", "c", "d"])
    >>> m = rn.multiplexity({"trust": trust, "advice": advice})
    >>> # both: a->b, c->d (2); union 4 + 3 - 2 = 5; 2 of 4 trust ties are advice ties
    >>> m.pairs.loc[("trust", "advice"), ["both", "jaccard", "p_b_given_a"]].tolist()
    [2.0, 0.4, 0.5]
    >>> # trust a->b (also advice) is returned (b->a); c->d is not; single a->c, b->a: 1 of 2
    >>> m.pairs.loc[("trust", "advice"), ["reciprocity_multiplex", "reciprocity_single"]].tolist()
    [0.5, 0.5]
    >>> # a nominates b (trust, advice) and c (trust): 1 of 2 out-partners is multiplex;
    >>> # a is nominated by b (trust) and d (advice): none multiplex: 1 / 4
    >>> float(m.nodes.loc["a", "multiplex_share"])
    0.25

    References
    ----------
    .. [1] Kapferer, B. (1969). Norms and the manipulation of relationships in a work
       context. In J. C. Mitchell (ed.), Social Networks in Urban Situations.
    .. [2] Verbrugge, L. M. (1979). Multiplexity in adult friendships. Social Forces 57(4),
       1286-1309.
    .. [3] Krackhardt, D. (1987). QAP partialling as a test of spuriousness. Social Networks
       9(2), 171-186.
    .. [4] Battiston, F., Nicosia, V. & Latora, V. (2014). Structural measures for multiplex
       networks. Physical Review E 89, 032804.
    """
    names, networks = _layers(layers, wave)
    ref = networks[0].ids
    n = len(ref)
    keys, weights, reverse_in = [], [], []
    for name, g in zip(names, networks):
        k, w = _arc_keys(g, ref, name, names[0])
        keys.append(k)
        weights.append(w if weighted else np.ones(len(k)))
        reverse_in.append(_member(k, (k % max(n, 1)) * n + k // max(n, 1)))
    cells = n * (n - 1)
    rows = []
    index = []
    for a in range(len(names)):
        for b in range(len(names)):
            if a == b:
                continue
            ka, kb = keys[a], keys[b]
            common, ia, ib = np.intersect1d(ka, kb, assume_unique=True, return_indices=True)
            both = len(common)
            in_b = np.zeros(len(ka), dtype=bool)
            in_b[ia] = True
            recip = reverse_in[a]
            rows.append(
                {
                    "arcs_a": len(ka),
                    "arcs_b": len(kb),
                    "both": both,
                    "jaccard": _ratio(both, len(ka) + len(kb) - both),
                    "p_b_given_a": _ratio(both, len(ka)),
                    "p_a_given_b": _ratio(both, len(kb)),
                    "correlation": _correlation(
                        weights[a], weights[b], weights[a][ia], weights[b][ib], cells
                    ),
                    "reciprocity_multiplex": _ratio(int(recip[in_b].sum()), both),
                    "reciprocity_single": _ratio(int(recip[~in_b].sum()), len(ka) - both),
                }
            )
            index.append((names[a], names[b]))
    pairs = pd.DataFrame(
        rows, index=pd.MultiIndex.from_tuples(index, names=["a", "b"]), columns=PAIR_COLUMNS
    )
    union, counts_or_bits = _union(keys)
    nodes = _node_table(union, counts_or_bits, keys, ref)
    return MultiplexResult(
        relations=names,
        n_people=n,
        pairs=pairs,
        nodes=nodes,
        weighted=bool(weighted),
        _ids=ref,
        _keys=union,
        _bits=counts_or_bits,
        _attributes=networks[0].nodes,
    )


# ---------------------------------------------------------------------- helpers
def _layers(layers: Any, wave: Hashable | None) -> tuple[list, list[Network]]:
    """Names and networks from a Survey or a dict of Networks."""
    from relnet.survey import Survey

    if isinstance(layers, Survey):
        relations = layers.relations
        if len(relations) < 2:
            raise ArgumentError(
                f"multiplexity needs at least two relations; this survey has {relations}. "
                "Read a survey with a relation column, or pass a dict of networks."
            )
        waves = layers.waves
        if wave is None and len(waves) > 1:
            raise ArgumentError(
                f"this survey has {len(waves)} waves ({', '.join(map(repr, waves))}); pass "
                "wave= to choose one."
            )
        if wave is None and waves:
            wave = waves[0]
        return [str(r) for r in relations], [layers.network(r, wave) for r in relations]
    if isinstance(layers, Mapping):
        if wave is not None:
            raise ArgumentError(
                "wave= applies to a Survey only; with a dict, pass the networks of one wave."
            )
        if len(layers) < 2:
            raise ArgumentError(
                f"multiplexity needs at least two layers; got {len(layers)}. Pass a dict "
                "{name: Network} with two or more relations."
            )
        names, networks = [], []
        for name, g in layers.items():
            if not isinstance(g, Network):
                raise ArgumentError(
                    f"layer {name!r} is a {type(g).__name__}, not a relnet.Network; convert it "
                    "with relnet.from_networkx or relnet.from_igraph."
                )
            names.append(str(name))
            networks.append(g)
        if len(set(names)) < len(names):
            raise ArgumentError(f"layer names repeat once turned into text: {names}.")
        return names, networks
    raise ArgumentError(
        f"layers must be a relnet.Survey or a dict of name -> Network, not {type(layers).__name__}."
    )


def _arc_keys(g: Network, ref: pd.Index, name: str, ref_name: str):
    """Sorted keys src * n + dst in ``ref``'s positions, with the arcs' weights."""
    n = len(ref)
    if g.ids.equals(ref):
        position = None
    else:
        position = ref.get_indexer(g.ids)
        outside = position < 0
        if outside.any() or len(g.ids) != n:
            if outside.any():
                missing = g.ids[np.flatnonzero(outside)[0]]
                where, other = ref_name, name
            else:
                missing = ref[~ref.isin(g.ids)][0]
                where, other = name, ref_name
            if isinstance(missing, np.generic):
                missing = missing.item()
            raise ArgumentError(
                f"layers {ref_name!r} and {name!r} are not on the same people: {missing!r} "
                f"(in {other!r}) is not in {where!r}. Build every layer over the same roster "
                "(Network.from_edges(..., nodes=roster) or one Survey)."
            )
    src = g.sources.astype(np.int64)
    dst = g.indices.astype(np.int64)
    if position is not None:
        src, dst = position[src], position[dst]
    key = src * n + dst
    order = np.argsort(key, kind="stable")
    return key[order], np.asarray(g.weights)[order]


def _member(sorted_keys: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """bool per query: is it in ``sorted_keys`` (sorted, unique)? Binary search."""
    if len(sorted_keys) == 0:
        return np.zeros(len(queries), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, queries), len(sorted_keys) - 1)
    return sorted_keys[at] == queries


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


def _correlation(wa, wb, wa_common, wb_common, cells: int) -> float:
    """Pearson correlation of two sparse off-diagonal cell vectors of length ``cells``."""
    if cells == 0:
        return math.nan
    sx, sy = float(wa.sum()), float(wb.sum())  # plain sums: BLAS dot stalls on a busy box
    sxx, syy = float(np.sum(wa * wa)), float(np.sum(wb * wb))
    sxy = float(np.sum(wa_common * wb_common))
    vx = sxx - sx * sx / cells
    vy = syy - sy * sy / cells
    if vx <= 1e-12 * max(sxx, 1.0) or vy <= 1e-12 * max(syy, 1.0):
        return math.nan
    return (sxy - sx * sy / cells) / math.sqrt(vx * vy)


def _union(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted union of arc keys and, per key, the bitmask of layers holding it."""
    all_keys = np.concatenate(keys) if keys else np.empty(0, dtype=np.int64)
    layer = np.concatenate([np.full(len(k), r, dtype=np.int64) for r, k in enumerate(keys)])
    order = np.argsort(all_keys, kind="stable")
    sorted_keys = all_keys[order]
    if len(sorted_keys) == 0:
        return sorted_keys, np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    bits = np.bitwise_or.reduceat(np.left_shift(1, layer[order]), starts)
    return sorted_keys[starts], bits


def _node_table(union, bits, keys, ref: pd.Index) -> pd.DataFrame:
    n = len(ref)
    src = union // max(n, 1)
    dst = union % max(n, 1)
    n_layers = np.zeros(len(union), dtype=np.int64)
    for r in range(len(keys)):
        n_layers += (bits >> r) & 1
    multi = n_layers >= 2
    out_partners = np.bincount(src, minlength=n)
    in_partners = np.bincount(dst, minlength=n)
    multiplex_out = np.bincount(src[multi], minlength=n)
    multiplex_in = np.bincount(dst[multi], minlength=n)
    n_relations = np.zeros(n, dtype=np.int64)
    for k in keys:
        touched = np.zeros(n, dtype=bool)
        touched[k // max(n, 1)] = True
        touched[k % max(n, 1)] = True
        n_relations += touched
    total = out_partners + in_partners
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, (multiplex_out + multiplex_in) / np.maximum(total, 1), np.nan)
    return pd.DataFrame(
        {
            "n_relations": n_relations,
            "out_partners": out_partners,
            "in_partners": in_partners,
            "multiplex_out": multiplex_out,
            "multiplex_in": multiplex_in,
            "multiplex_share": share,
        },
        index=ref,
    )


def _any_by(values: np.ndarray, order: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per group (sorted by ``order``, groups beginning at ``starts``): any of ``values``."""
    if len(starts) == 0:
        return np.zeros(0, dtype=bool)
    return np.maximum.reduceat(values[order].astype(np.int8), starts).astype(bool)


def _attribute(table: pd.DataFrame, name: str) -> pd.Series:
    if name not in table.columns:
        have = ", ".join(map(repr, table.columns)) or "none"
        raise ArgumentError(f"no node attribute {name!r}; attributes are: {have}.")
    return table[name]
