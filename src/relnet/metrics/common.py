"""Argument checks and small helpers shared by the metric functions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, GraphKindError, UnknownPersonError
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


def complete_attribute(graph: Network, attr: str, argument: str | None = None) -> pd.Series:
    """Node attribute ``attr`` (indexed by id), checked to have a value for everyone.

    ``argument`` names the parameter that gave ``attr`` (then ``attr`` must be a string).

    Raises
    ------
    ArgumentError
        When the attribute does not exist, ``attr`` is not a name, or a person has no value.
    """
    if argument is not None and not isinstance(attr, str):
        raise ArgumentError(f"{argument}={attr!r} must name a node attribute, e.g. 'team'.")
    values = graph.attribute(attr)
    if values.isna().any():
        missing = values.index[values.isna()][:5].tolist()
        count = int(values.isna().sum())
        if argument is None:
            raise ArgumentError(
                f"attribute {attr!r} is missing for {count} people "
                f"(e.g. {missing}); fill it or take the subgraph of people who have it."
            )
        raise ArgumentError(
            f"{argument}={attr!r}: {count} people have no value "
            f"(e.g. {missing}); fill the attribute or take the subgraph of people who have it."
        )
    return values


def group_codes(
    graph: Network, attr: str, argument: str | None = None
) -> tuple[np.ndarray, pd.Index]:
    """Integer group code per position (int64) and the group labels, for attribute ``attr``
    (checked by :func:`complete_attribute`; ``argument`` as there).

    Raises
    ------
    ArgumentError
        When a person has no value for ``attr``.
    """
    values = complete_attribute(graph, attr, argument)
    codes, labels = pd.factorize(values, sort=True)
    return codes.astype(np.int64), pd.Index(labels, name=attr)


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


def seed_sequence(seed: object) -> np.random.SeedSequence:
    """A SeedSequence from ``seed=`` (int, None or numpy Generator).

    Raises
    ------
    ArgumentError
        For any other type.
    """
    if isinstance(seed, np.random.Generator):
        return np.random.SeedSequence(seed.integers(0, 2**63, size=4).tolist())
    if seed is None or (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool)):
        if seed is not None and seed < 0:
            raise ArgumentError(f"seed={seed!r} must be a non-negative integer.")
        return np.random.SeedSequence(None if seed is None else int(seed))
    raise ArgumentError(
        f"seed={seed!r} must be an int, None or a numpy Generator (np.random.default_rng(1))."
    )


def person_positions(graph: Network, people: object, name: str) -> np.ndarray:
    """int64 positions of the ids passed as the argument ``name``, in the order given.

    Raises
    ------
    ArgumentError
        When ``people`` is a single string or not a sequence of ids.
    UnknownPersonError
        Naming the argument, the ids that are not people of ``graph`` and the fix.
    """
    if isinstance(people, (str, bytes)):
        raise ArgumentError(
            f"{name}={people!r} is a single id; pass a list of ids, e.g. {name}=[{people!r}]."
        )
    if not isinstance(people, (pd.Series, pd.Index, np.ndarray)):
        try:
            people = list(people)
        except TypeError:
            raise ArgumentError(f"{name}={people!r} must be a sequence of ids.") from None
    try:
        return graph.positions(people).astype(np.int64)
    except UnknownPersonError:
        values = pd.Index(people)
        unknown = pd.unique(values[graph.ids.get_indexer(values) < 0])
        shown = ", ".join(repr(v) for v in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise UnknownPersonError(
            f"{name} names {len(unknown)} id(s) that are not people of this network: "
            f"{shown}{more}; pass ids from graph.ids (check spelling and type: ids look like "
            f"{graph.ids[0]!r})."
            if graph.n
            else f"{name} names ids but the network has nobody in it: {shown}{more}."
        ) from None
