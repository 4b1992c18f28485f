"""Weights and the repair policies: scales, missing weights, repeated nominations."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from relnet.errors import SurveyFormatError
from relnet.ingest.matching import normalize_name

DUPLICATES = ("max", "mean", "sum", "first", "error")
UNKNOWN = ("drop", "keep", "error")


def scale_lookup(scale: dict) -> dict[str, float]:
    """Normalised label -> number for a ``scale=`` mapping."""
    out = {}
    for label, number in scale.items():
        try:
            out[normalize_name(label)] = float(number)
        except (TypeError, ValueError):
            raise SurveyFormatError(
                f"scale maps {label!r} to {number!r}, which is not a number; "
                "give scale={'label': number, ...}."
            ) from None
    return out


def row_list(rows: list, total: int | None = None) -> str:
    """Up to 20 row labels, then a count."""
    total = len(rows) if total is None else total
    shown = ", ".join(str(r) for r in rows[:20])
    return shown + (f" and {total - 20} more" if total > 20 else "")


def parse_weights(
    values: pd.Series | None,
    n: int,
    *,
    scale: dict | None,
    where: str,
    column: str | np.ndarray | None,
    row_label: Callable[[np.ndarray], list],
    rows: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Float64 weights (missing -> 1) and the mask of missing ones.

    Raises SurveyFormatError listing the rows (up to 20, then a count) of values outside
    ``scale`` or not numeric without one.
    """
    if values is None:
        return np.ones(n), np.zeros(n, dtype=bool)
    allowed = None
    labels = scale_lookup(scale) if scale else None
    if labels is not None:
        allowed = np.array(sorted(set(labels.values())))
    if values.dtype.kind in "iufb":
        weights = values.to_numpy(dtype=np.float64)
        missing = np.isnan(weights)
        bad = ~missing & ~np.isfinite(weights)
        if allowed is not None:
            bad |= ~missing & ~np.isin(weights, allowed)
    else:
        codes, uniques = pd.factorize(values)
        distinct = np.full(len(uniques), np.nan)
        distinct_bad = np.zeros(len(uniques), dtype=bool)
        distinct_missing = np.zeros(len(uniques), dtype=bool)
        for i, value in enumerate(uniques):
            text = str(value).strip()
            if text == "":
                distinct_missing[i] = True
                continue
            number = labels.get(normalize_name(text)) if labels is not None else None
            if number is None:
                try:
                    number = float(text)
                except ValueError:
                    distinct_bad[i] = True
                    continue
                if allowed is not None and number not in allowed:
                    distinct_bad[i] = True
                    continue
                if not np.isfinite(number):
                    distinct_bad[i] = True
                    continue
            distinct[i] = number
        codes = np.asarray(codes)
        blank = codes < 0
        safe = np.where(blank, 0, codes)
        weights = np.where(blank, np.nan, distinct[safe] if len(uniques) else np.nan)
        missing = blank | (distinct_missing[safe] if len(uniques) else blank)
        bad = ~blank & (distinct_bad[safe] if len(uniques) else blank)
    if bad.any():
        where_bad = np.flatnonzero(bad)
        labels_bad = row_label(rows[where_bad[:20]])
        shown = ", ".join(f"{r} ({values.iloc[i]!r})" for r, i in zip(labels_bad, where_bad[:20]))
        more = f" and {len(where_bad) - 20} more" if len(where_bad) > 20 else ""
        col = column if isinstance(column, str) else "weight columns"
        if allowed is not None:
            known = ", ".join(repr(k) for k in scale)
            fix = f"use one of the scale's labels ({known}) or numbers, or extend scale="
            what = "outside the scale"
        else:
            fix = "give numbers, or pass scale= mapping each label to a number"
            what = "not numeric"
        raise SurveyFormatError(
            f"{where}, column {col!r}: {len(where_bad)} weight(s) {what} in rows "
            f"{shown}{more}; {fix}."
        )
    weights = np.where(missing, 1.0, weights)
    return weights.astype(np.float64, copy=False), missing


def combine_duplicates(
    key: np.ndarray, weights: np.ndarray, how: str
) -> tuple[np.ndarray, np.ndarray]:
    """Mask of repeats (all but the first of each key) and weights with groups combined.

    ``key`` identifies (relation, wave, respondent, nominee); the first row of a group keeps
    the combined weight (max, mean, sum or first) and the others are marked as repeats.
    """
    repeat = pd.Series(key).duplicated(keep="first").to_numpy()
    if not repeat.any():
        return repeat, weights
    involved = np.flatnonzero(pd.Series(key).duplicated(keep=False).to_numpy())
    if how == "first":
        return repeat, weights
    sub = pd.Series(weights[involved])
    combined = sub.groupby(key[involved], sort=False).transform(how).to_numpy()
    weights = weights.copy()
    weights[involved] = combined
    return repeat, weights
