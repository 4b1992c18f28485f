"""Random networks under the conditions of a conditional uniform graph (CUG) test.

:func:`random_network` draws one network; :mod:`relnet.inference.cug` draws thousands through
the same :class:`NullModel`, in numba batches (``relnet.kernels.random_graphs``).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, check_choice
from relnet.kernels import random_graphs as kernels
from relnet.metrics.common import seed_sequence
from relnet.network import Network
from relnet.threads import kernel_chunks

CONDITIONS = ("size", "edges", "dyad_census", "degree")

#: Attempted moves per arc of degree-preserving rewiring, by default.
SWAPS_PER_ARC = 10

#: Arc keys held at once while drawing (about 32 MB); the draws come in batches of this size.
BATCH_KEYS = 4_000_000


def draw_seeds(sequence: np.random.SeedSequence, k: int) -> np.ndarray:
    """One uint32 seed per draw: ``k`` words of ``sequence.generate_state``.

    Each draw reseeds numba's generator with its own word, so a draw depends on its seed
    only, not on threads. (``spawn``-ing one child per draw gives the same guarantee at
    about 30 us a draw, which a ``by=`` test over 1,000 teams would feel.) Seeds are 32-bit,
    as numba's ``np.random.seed`` takes: two of 1,000 draws share a seed with probability
    about 1e-4.
    """
    return sequence.generate_state(k, np.uint32)


@dataclass(frozen=True, eq=False)
class NullModel:
    """What the samplers need for one condition on one set of people.

    Cells whose sender is in ``rows`` are random; the arcs of the other rows
    (``fixed_keys``) are the same in every draw.
    """

    n: int
    condition: str
    rows: np.ndarray
    others: np.ndarray
    fixed_keys: np.ndarray
    n_random: int = 0
    mutual: int = 0
    asymmetric: int = 0
    n_half: int = 0
    graph: Network | None = None
    swaps_per_arc: int = SWAPS_PER_ARC

    @property
    def arcs_per_draw(self) -> int:
        """Arcs in a draw (the expected number under ``"size"``)."""
        if self.condition == "size":
            return self.rows.shape[0] * max(self.n - 1, 0) // 2 + self.fixed_keys.shape[0]
        if self.condition == "edges":
            return self.n_random + self.fixed_keys.shape[0]
        if self.condition == "dyad_census":
            f = self.fixed_keys.shape[0]
            return 2 * self.mutual + self.asymmetric + self.n_half + f
        return self.graph.m

    @property
    def steps(self) -> int:
        """Attempted rewiring moves per draw under ``"degree"``."""
        if self.rows.shape[0] == self.n:
            return self.swaps_per_arc * self.graph.m
        free = np.zeros(self.n, dtype=bool)
        free[self.rows] = True
        return self.swaps_per_arc * int(np.count_nonzero(free[self.graph.sources]))

    def draw(self, seeds: np.ndarray, chunks: int) -> tuple[np.ndarray, np.ndarray]:
        """Sorted arc keys ``u * n + v`` of ``len(seeds)`` draws and their offsets."""
        seeds = np.ascontiguousarray(seeds, dtype=np.uint32)
        if self.n < 2:
            return np.empty(0, dtype=np.int64), np.zeros(len(seeds) + 1, dtype=np.int64)
        if self.condition == "size":
            return kernels.draw_size(self.n, self.rows, self.fixed_keys, seeds, chunks)
        if self.condition == "edges":
            return kernels.draw_edges(
                self.n, self.rows, self.n_random, self.fixed_keys, seeds, chunks
            )
        if self.condition == "dyad_census":
            return kernels.draw_dyad_census(
                self.n,
                self.rows,
                self.others,
                self.mutual,
                self.asymmetric,
                self.n_half,
                self.fixed_keys,
                seeds,
                chunks,
            )
        g = self.graph
        is_free = np.zeros(g.n, dtype=bool)
        is_free[self.rows] = True
        return kernels.draw_degree(
            g.indptr,
            g.indices.astype(np.int64),
            g.t_indptr,
            g.t_indices.astype(np.int64),
            g.t_to_out,
            is_free,
            self.steps,
            seeds,
            chunks,
        )

    def batches(self, seeds: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray, int]]:
        """(keys, offsets, chunks) for consecutive batches of draws."""
        per = max(self.arcs_per_draw, 1)
        size = max(1, min(len(seeds), BATCH_KEYS // per))
        for start in range(0, len(seeds), size):
            part = seeds[start : start + size]
            work = len(part) * max(per, self.steps if self.condition == "degree" else 0)
            with kernel_chunks(work) as chunks:
                keys, offsets = self.draw(part, chunks)
            yield keys, offsets, chunks


def null_model(
    graph: Network, condition: str, *, observed_only: bool, swaps_per_arc: int = SWAPS_PER_ARC
) -> NullModel:
    """The null model of ``graph`` under ``condition``.

    With ``observed_only``, only the cells sent by respondents are random: their arcs are
    redrawn and the non-respondents' rows are kept as they are.
    """
    n = graph.n
    free = graph.responded if observed_only else np.ones(n, dtype=bool)
    rows = np.flatnonzero(free).astype(np.int64)
    others = np.flatnonzero(~free).astype(np.int64)
    src = graph.sources.astype(np.int64)
    dst = graph.indices.astype(np.int64)
    from_free = free[src]
    fixed_keys = np.ascontiguousarray(src[~from_free] * n + dst[~from_free])
    common = {"n": n, "condition": condition, "rows": rows, "others": others}
    if condition == "size":
        return NullModel(**common, fixed_keys=fixed_keys)
    if condition == "edges":
        return NullModel(**common, fixed_keys=fixed_keys, n_random=int(from_free.sum()))
    if condition == "dyad_census":
        both = from_free & free[dst]
        pair_src, pair_dst = src[both], dst[both]
        key = pair_src * n + pair_dst
        reverse = pair_dst * n + pair_src
        twice = int(np.isin(key, reverse, assume_unique=True).sum())
        mutual = twice // 2
        return NullModel(
            **common,
            fixed_keys=fixed_keys,
            mutual=mutual,
            asymmetric=int(both.sum()) - twice,
            n_half=int((from_free & ~free[dst]).sum()),
        )
    return NullModel(**common, fixed_keys=fixed_keys, graph=graph, swaps_per_arc=int(swaps_per_arc))


def network_from_keys(template: Network, keys: np.ndarray, nodes: pd.DataFrame) -> Network:
    """A Network on ``template``'s people (ids, attributes, respondent flags) with these arcs
    (sorted keys ``u * n + v``), every weight 1."""
    n = template.n
    indptr = np.zeros(n + 1, dtype=np.int64)
    if n:
        np.cumsum(np.bincount(keys // n, minlength=n), out=indptr[1:])
        indices = keys % n
    else:
        indices = keys
    return Network(template.ids, nodes, template.responded, indptr, indices, np.ones(len(keys)))


def node_table(graph: Network) -> pd.DataFrame:
    """The node attributes of ``graph`` without the ``responded`` column."""
    return graph.nodes.drop(columns="responded")


def _check_count(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ArgumentError(f"{name}={value!r} must be an integer between {low} and {high}.")
    if not low <= value <= high:
        raise ArgumentError(f"{name}={value} must be between {low} and {high}.")
    return int(value)


def _census_of(dyad_census: object, dyads: int) -> tuple[int, int]:
    if isinstance(dyad_census, pd.Series):  # what rn.dyad_census(g) returns
        dyad_census = dyad_census.to_dict()
    if isinstance(dyad_census, Mapping):
        unknown = set(dyad_census) - {"mutual", "asymmetric", "null"}
        if unknown or not {"mutual", "asymmetric"} <= set(dyad_census):
            raise ArgumentError(
                f"dyad_census={dict(dyad_census)!r} needs the keys 'mutual' and 'asymmetric' "
                "(and optionally 'null'), as rn.dyad_census(g) returns."
            )
        values = [dyad_census["mutual"], dyad_census["asymmetric"]]
        null = dyad_census.get("null")
    elif isinstance(dyad_census, Sequence) and len(dyad_census) in (2, 3):
        values = list(dyad_census[:2])
        null = dyad_census[2] if len(dyad_census) == 3 else None
    else:
        raise ArgumentError(
            f"dyad_census={dyad_census!r} must be what rn.dyad_census(g) returns (a Series), "
            "a dict ({'mutual': M, 'asymmetric': A, 'null': N}) or a tuple (M, A, N)."
        )
    mutual = _check_count("dyad_census mutual", values[0], 0, dyads)
    asymmetric = _check_count("dyad_census asymmetric", values[1], 0, dyads - mutual)
    if null is not None and mutual + asymmetric + null != dyads:
        raise ArgumentError(
            f"dyad_census {mutual} + {asymmetric} + {null} must add up to the {dyads} dyads "
            f"of n(n-1)/2."
        )
    return mutual, asymmetric


def _degrees_of(name: str, values: object, n: int) -> np.ndarray:
    array = np.asarray(values)
    if array.shape != (n,) or not np.issubdtype(array.dtype, np.integer):
        raise ArgumentError(f"{name} must hold one integer per person ({n}); got {values!r}.")
    if (array < 0).any() or (array > n - 1).any():
        raise ArgumentError(f"{name} values must be between 0 and n - 1 = {n - 1}.")
    return array.astype(np.int64)


def random_network(
    n: int,
    *,
    condition: str = "edges",
    m: int | None = None,
    dyad_census: Mapping[str, int] | Sequence[int] | None = None,
    out_degree: Sequence[int] | None = None,
    in_degree: Sequence[int] | None = None,
    seed: int | np.random.Generator | None = None,
    ids: Sequence[Hashable] | None = None,
    swaps_per_arc: int = SWAPS_PER_ARC,
) -> Network:
    r"""A random directed network, uniform given a condition.

    **Definition.** Uniform over the simple digraphs on n people (no loops, each arc at most
    once) that share:

    * ``"size"``: only n; each of the :math:`n(n-1)` arcs is present with probability 1/2;
    * ``"edges"``: the number of arcs ``m`` (G(n, m));
    * ``"dyad_census"``: the counts of mutual, asymmetric and null dyads (U|MAN);
    * ``"degree"``: each person's out-degree and in-degree.

    Parameters
    ----------
    n : int
        Number of people.
    condition : {"size", "edges", "dyad_census", "degree"}
        What the draw keeps fixed.
    m : int, optional
        Number of arcs, for ``"edges"``.
    dyad_census : dict or tuple, optional
        ``{"mutual": M, "asymmetric": A, "null": N}`` (as :func:`relnet.dyad_census` returns)
        or ``(M, A, N)``, for ``"dyad_census"``; ``null`` may be left out.
    out_degree, in_degree : sequence of int, optional
        Degrees by position, for ``"degree"``; both are needed and must add up to the same
        number of arcs.
    seed : int, numpy.random.Generator or None
        Seed; the same seed gives the same network.
    ids : sequence, optional
        The people's ids (default ``0 .. n-1``).
    swaps_per_arc : int, default 10
        For ``"degree"``: attempted rewiring moves per arc from the starting realization.

    Returns
    -------
    Network
        Weights 1; everyone marked as a respondent.

    Raises
    ------
    ArgumentError
        For an unknown condition, a missing or inconsistent ``m`` / ``dyad_census`` /
        degree sequence, or degree sequences that no simple digraph has.

    Notes
    -----
    ``"size"`` is R sna ``rgraph(n)``, ``"edges"`` sna ``rgnm`` and igraph
    ``Erdos_Renyi(n, m, directed=True)``, ``"dyad_census"`` sna ``rguman(method="exact")``.
    ``"degree"`` starts from the Kleitman & Wang (1973) realization of the sequences and
    makes ``swaps_per_arc`` × m moves: double-edge swaps that keep the graph simple (as
    igraph ``rewire(mode="simple")`` and netdiffuseR ``rewire_graph``), mixed with
    reversals of directed 3-cycles (10% of the moves), which swaps alone cannot make (Rao,
    Jana & Bandyopadhyay 1996). Rejected moves count, so the chain's stationary law is
    uniform; a finite number of moves gives approximately uniform draws.

    Examples
    --------
    >>> import relnet as rn
    >>> g = rn.random_network(20, condition="edges", m=38, seed=1)
    >>> g.n, g.m
    (20, 38)
    >>> h = rn.random_network(6, condition="dyad_census", dyad_census=(2, 3, 10), seed=1)
    >>> rn.dyad_census(h).to_dict()
    {'mutual': 2, 'asymmetric': 3, 'null': 10}
    >>> d = rn.random_network(4, condition="degree", out_degree=[2, 1, 1, 0],
    ...                       in_degree=[1, 1, 1, 1], seed=3)
    >>> d.out_degree().tolist(), d.in_degree().tolist()
    ([2, 1, 1, 0], [1, 1, 1, 1])

    References
    ----------
    .. [1] Holland, P. W. & Leinhardt, S. (1976). Local structure in social networks.
       Sociological Methodology 7, 1-45.
    .. [2] Kleitman, D. J. & Wang, D. L. (1973). Algorithms for constructing graphs and
       digraphs with given valences and factors. Discrete Mathematics 6(1), 79-88.
    .. [3] Rao, A. R., Jana, R. & Bandyopadhyay, S. (1996). A Markov chain Monte Carlo
       method for generating random (0, 1)-matrices with given marginals. Sankhya A 58,
       225-242.
    """
    check_choice("condition", condition, CONDITIONS)
    n = _check_count("n", n, 0, 2**31 - 1)
    sequence = seed_sequence(seed)
    swaps_per_arc = _check_count("swaps_per_arc", swaps_per_arc, 0, 10**6)
    if ids is None:
        index = pd.RangeIndex(n)
    else:
        index = pd.Index(list(ids))
        if len(index) != n or not index.is_unique:
            raise ArgumentError(f"ids must hold {n} distinct ids; got {len(index)}.")
    given = {
        "m": m is not None,
        "dyad_census": dyad_census is not None,
        "out_degree": out_degree is not None,
        "in_degree": in_degree is not None,
    }
    needs = {
        "size": set(),
        "edges": {"m"},
        "dyad_census": {"dyad_census"},
        "degree": {"out_degree", "in_degree"},
    }[condition]
    extra = sorted(k for k, v in given.items() if v and k not in needs)
    lacking = sorted(k for k in needs if not given[k])
    if extra or lacking:
        what = f"needs {', '.join(lacking)}" if lacking else f"takes no {', '.join(extra)}"
        raise ArgumentError(
            f"condition={condition!r} {what}: 'size' takes nothing, 'edges' m=, "
            "'dyad_census' dyad_census=, 'degree' out_degree= and in_degree=."
        )
    empty = Network(
        index,
        pd.DataFrame(index=index),
        np.ones(n, dtype=bool),
        np.zeros(n + 1, dtype=np.int64),
        np.zeros(0, dtype=np.int64),
        np.zeros(0),
    )
    if condition == "degree":
        outs = _degrees_of("out_degree", out_degree, n)
        ins = _degrees_of("in_degree", in_degree, n)
        if outs.sum() != ins.sum():
            raise ArgumentError(
                f"out_degree adds up to {outs.sum()} arcs but in_degree to {ins.sum()}; "
                "every arc has one sender and one receiver."
            )
        src, dst, ok = kernels.kleitman_wang(outs, ins)
        if not ok:
            raise ArgumentError(
                "no simple digraph has these out- and in-degrees (Kleitman-Wang test); "
                "take them from an existing network (g.out_degree(), g.in_degree())."
            )
        start = Network._from_positions(
            index, pd.DataFrame(index=index), np.ones(n, dtype=bool), src, dst, np.ones(len(src))
        )
        model = null_model(start, "degree", observed_only=False, swaps_per_arc=swaps_per_arc)
    else:
        model = null_model(empty, condition, observed_only=False)
        dyads = n * (n - 1) // 2
        if condition == "edges":
            arcs = _check_count("m", m, 0, 2 * dyads)
            model = replace(model, n_random=arcs)
        elif condition == "dyad_census":
            mutual, asymmetric = _census_of(dyad_census, dyads)
            model = replace(model, mutual=mutual, asymmetric=asymmetric)
    ((keys, _, _),) = list(model.batches(draw_seeds(sequence, 1)))
    return network_from_keys(empty, keys, pd.DataFrame(index=index))


def expected_mutual_edges(n: int, m: int) -> float:
    r"""Expected mutual dyads of G(n, m): :math:`D m(m-1) / (2D(2D-1))`, :math:`D = n(n-1)/2`.

    Each of the D dyads is mutual when both of its cells are among the m arcs drawn from the
    2D cells, with probability :math:`m(m-1)/(2D(2D-1))`.
    """
    dyads = n * (n - 1) // 2
    if dyads == 0:
        return math.nan
    return dyads * m * (m - 1) / (2 * dyads * (2 * dyads - 1))
