"""Linking network tables (group or person metrics) to outcome tables, with nothing dropped
silently."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import pandas as pd

from relnet.errors import ArgumentError, LinkageError, LinkWarning, check_choice
from relnet.outcomes.results import LinkReport

JOIN_KINDS = ("inner", "left", "right", "outer")


def link_outcomes(
    table: pd.DataFrame,
    outcomes: pd.DataFrame,
    on: str | Sequence[str],
    *,
    how: str = "inner",
    warn: bool = True,
) -> pd.DataFrame:
    """Join a network table to an outcome table by group (or person) key.

    **Definition.** A relational join on the key column(s) ``on``: each row of ``table``
    (one group from :func:`relnet.group_metrics`, or one person from
    :func:`relnet.node_metrics`) is paired with the outcome row carrying the same key. Keys
    must be unique on both sides and of compatible types. Every key that finds no partner is
    reported: in a :class:`LinkReport` stored in ``result.attrs["link_report"]`` and, unless
    ``warn=False``, in a :class:`relnet.LinkWarning`.

    Parameters
    ----------
    table : pandas.DataFrame
        The network side. The key is looked up among its index level names first (the
        tables of :func:`relnet.group_metrics` are indexed by the grouping attribute), then
        among its columns; a person table with an unnamed index uses that index.
    outcomes : pandas.DataFrame
        The outcome side; the key is a column or an index level of the same name.
    on : str or list of str
        Key name(s), e.g. ``"site"``, ``["site", "team"]`` or ``"id"``.
    how : {"inner", "left", "right", "outer"}, default "inner"
        Which rows to keep, as :meth:`pandas.DataFrame.merge`; unmatched keys are reported
        whichever is chosen.
    warn : bool, default True
        Warn (:class:`relnet.LinkWarning`) when some key is unmatched.

    Returns
    -------
    pandas.DataFrame
        The joined table indexed by the key(s) (in ``table``'s row order for ``inner`` and
        ``left``), with ``attrs["link_report"]`` a :class:`LinkReport`.

    Raises
    ------
    LinkageError
        When a key is missing, repeated, empty or of incompatible type on either side, or
        when both tables have a non-key column of the same name.

    Examples
    --------
    >>> import relnet as rn
    >>> import pandas as pd
    >>> teams = pd.DataFrame({"density": [0.4, 0.2, 0.5]},
    ...                      index=pd.Index(["a", "b", "c"], name="team"))
    >>> fidelity = pd.DataFrame({"team": ["a", "b", "d"], "fidelity": [61.0, 50.5, 70.0]})
    >>> linked = rn.link_outcomes(teams, fidelity, on="team", warn=False)
    >>> linked
          density  fidelity
    team
    a         0.4      61.0
    b         0.2      50.5
    >>> linked.attrs["link_report"]
    <LinkReport on ['team']: 2 linked, 1 without outcome, 1 outcomes unmatched>
    >>> list(linked.attrs["link_report"].unmatched_right)
    ['d']
    """
    check_choice("how", how, JOIN_KINDS)
    if not isinstance(table, pd.DataFrame) or not isinstance(outcomes, pd.DataFrame):
        raise ArgumentError(
            "link_outcomes needs two pandas DataFrames (the network table and the outcomes); "
            f"got {type(table).__name__} and {type(outcomes).__name__}."
        )
    keys = [on] if isinstance(on, str) else list(on)
    if not keys:
        raise ArgumentError("on must name at least one key column.")
    left = _keyed(table, keys, "network table")
    right = _keyed(outcomes, keys, "outcome table")
    for key in keys:
        _check_key_types(left, right, key)
    _check_unique(left, keys, "network table")
    _check_unique(right, keys, "outcome table")
    clash = (set(left.columns) & set(right.columns)) - set(keys)
    if clash:
        raise LinkageError(
            f"both tables have the column(s) {sorted(clash)}; rename or drop them on one side "
            "before linking so no value is overwritten."
        )
    left_keys = pd.MultiIndex.from_frame(left[keys]) if len(keys) > 1 else pd.Index(left[keys[0]])
    right_keys = (
        pd.MultiIndex.from_frame(right[keys]) if len(keys) > 1 else pd.Index(right[keys[0]])
    )
    unmatched_left = left_keys[~left_keys.isin(right_keys)]
    unmatched_right = right_keys[~right_keys.isin(left_keys)]
    merged = left.merge(right, on=keys, how=how, sort=False)
    merged = merged.set_index(keys)
    report = LinkReport(
        on=keys,
        how=how,
        n_left=len(left),
        n_right=len(right),
        n_linked=len(merged),
        unmatched_left=unmatched_left,
        unmatched_right=unmatched_right,
    )
    merged.attrs["link_report"] = report
    if warn and not report.complete:
        warnings.warn(report.summary(), LinkWarning, stacklevel=2)
    return merged


def _keyed(frame: pd.DataFrame, keys: list[str], side: str) -> pd.DataFrame:
    """``frame`` with the keys as plain (non-categorical) columns and a fresh RangeIndex."""
    names = [n for n in frame.index.names if n is not None]
    frame = frame.copy(deep=False)
    if any(k in names for k in keys):
        frame = frame.reset_index(level=names)  # other named levels become columns, not lost
    elif (
        len(keys) == 1
        and keys[0] not in frame.columns
        and frame.index.nlevels == 1
        and frame.index.name is None
        and not isinstance(frame.index, pd.RangeIndex)
    ):
        frame = frame.rename_axis(keys[0]).reset_index()
    missing = [k for k in keys if k not in frame.columns]
    if missing:
        have = [n for n in frame.index.names if n is not None] + list(frame.columns)
        raise LinkageError(
            f"the {side} has no key {missing}: it has {have[:12]}. Name the index after the "
            "grouping (df.rename_axis('site')) or pass the right on=."
        )
    frame = frame.reset_index(drop=True)
    for key in keys:
        column = frame[key]
        if isinstance(column.dtype, pd.CategoricalDtype):
            frame[key] = column.astype(column.cat.categories.dtype)
        if frame[key].isna().any():
            rows = list(frame.index[frame[key].isna()][:5])
            raise LinkageError(
                f"the {side} has {int(frame[key].isna().sum())} empty {key!r} key(s) (rows "
                f"{rows}); fill or drop those rows first, an empty key cannot be matched."
            )
    return frame


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    if inferred in ("string", "empty"):
        return "text"
    if inferred in ("integer", "floating", "mixed-integer-float", "decimal"):
        return "number"
    return inferred


def _check_key_types(left: pd.DataFrame, right: pd.DataFrame, key: str) -> None:
    a, b = _kind(left[key]), _kind(right[key])
    if a != b:
        raise LinkageError(
            f"key {key!r} holds {a} values in the network table but {b} values in the outcome "
            f"table (e.g. {left[key].iloc[0]!r} vs {right[key].iloc[0]!r}); convert one side, "
            f"e.g. outcomes[{key!r}] = outcomes[{key!r}].astype(str)."
            if len(left) and len(right)
            else f"key {key!r} has different types on the two sides ({a} vs {b})."
        )


def _check_unique(frame: pd.DataFrame, keys: list[str], side: str) -> None:
    repeated = frame.duplicated(keys, keep=False)
    if repeated.any():
        examples = frame.loc[repeated, keys].drop_duplicates().head(5)
        shown = [tuple(r) if len(keys) > 1 else r[0] for r in examples.itertuples(index=False)]
        raise LinkageError(
            f"the {side} repeats {int(frame.loc[repeated, keys].drop_duplicates().shape[0])} "
            f"key value(s) of {keys} (e.g. {shown}); each key must appear once. Aggregate the "
            "rows first (groupby(...).mean()) or add the level that tells them apart to on=."
        )
