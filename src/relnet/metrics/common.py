"""Argument checks and small helpers shared by the metric functions."""

from __future__ import annotations

import numba
import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
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
