"""Argument checks and small helpers shared by the metric functions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numba
import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, GraphKindError
from relnet.network import Network


def check_network(graph: object) -> Network:
    """Return ``graph`` if it is a relnet Network, else raise a helpful ArgumentError."""
    if not isinstance(graph, Network):
        kind = type(graph).__name__
        hint = ""
        if "Graph" in kind:
            hint = " Convert it with relnet.from_networkx(G) or relnet.from_igraph(g)."
        raise ArgumentError(f"expected a relnet.Network, got {kind}.{hint}")
    return graph


def n_chunks() -> int:
    """Number of parallel chunks for kernels: numba's current thread count."""
    return numba.get_num_threads()


def positive_weights(graph: Network, use: str) -> np.ndarray:
    """The arc weights (out-CSR order) after checking they are all positive.

    The one check for every measure that needs strengths w > 0 (a distance 1/w, Burt's
    proportions, Fagiolo's cube roots).

    Raises
    ------
    GraphKindError
        Naming how many arcs fail, the measure (``use``) and the two fixes.
    """
    weights = graph.weights
    if graph.m and not np.all(weights > 0):
        bad = int(np.sum(~(weights > 0)))
        raise GraphKindError(
            f"{bad} arc weight(s) are zero, negative or NaN; {use} needs positive tie "
            "strengths. Drop those arcs (graph.threshold(...)) or pass weighted=False."
        )
    return weights


def node_series(graph: Network, values: np.ndarray, name: str) -> pd.Series:
    """A Series of per-position values indexed by the external ids."""
    return pd.Series(values, index=graph.ids, name=name)


def group_codes(graph: Network, attr: str) -> tuple[np.ndarray, pd.Index]:
    """Integer group code per position (int64) and the group labels, for attribute ``attr``.

    Raises
    ------
    ArgumentError
        When a person has no value for ``attr``.
    """
    values = graph.attribute(attr)
    if values.isna().any():
        missing = values.index[values.isna()][:5].tolist()
        raise ArgumentError(
            f"attribute {attr!r} is missing for {int(values.isna().sum())} people "
            f"(e.g. {missing}); fill it or take the subgraph of people who have it."
        )
    codes, labels = pd.factorize(values, sort=True)
    return codes.astype(np.int64), pd.Index(labels, name=attr)


#: Below this many arcs an iterative parallel kernel runs on one thread: each parallel region
#: wakes the thread pool, which costs more than the work there (measured on PageRank at
#: 10,000 staff, 31,000 arcs: 43 iterations took 2.8 ms on one thread and 990 ms on two
#: while another process held the second core).
SERIAL_BELOW_ARCS = 200_000


@contextmanager
def threads_for(n_arcs: int) -> Iterator[None]:
    """Run the numba kernels called inside on one thread when ``n_arcs`` is small."""
    if n_arcs >= SERIAL_BELOW_ARCS:
        yield
        return
    previous = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        yield
    finally:
        numba.set_num_threads(previous)


def finish_figure(fig, path: str | None = None, *, layout: bool = True):
    """Tighten a result's figure, save it to ``path`` when given, and return it."""
    if layout:
        fig.tight_layout()
    if path is not None:
        fig.savefig(path)
    return fig


def result_card(result) -> str:
    """A result's ``_repr_html_``: its short repr over its ``summary()`` table, escaped."""
    from relnet.display import html_table

    return html_table(repr(result).strip("<>"), (), table=result.summary())
