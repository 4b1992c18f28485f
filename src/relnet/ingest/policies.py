"""Weights and the repair policies: scales, missing weights, repeated nominations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
from relnet.ids import BLANK_SPELLINGS, shorten
from relnet.ingest.matching import normalize_name

DUPLICATES = ("max", "mean", "sum", "first", "error")
UNKNOWN = ("drop", "keep", "error")


def scale_lookup(scale: dict) -> dict[str, float]:
    """Normalised label -> number for a ``scale=`` mapping."""
    out = {}
    for label, number in scale.items():
        try:
            value = float(number)
        except (TypeError, ValueError):
            value = None
        if isinstance(number, bool) or value is None or not math.isfinite(value) or value < 0:
            raise ArgumentError(
                f"scale maps {shorten(label, 40)} to {shorten(number, 40)}, which is not a "
                "finite number >= 0 (a tie strength); give scale={'label': number, ...} with "
                "numbers such as 1 to 5."
            )
        out[normalize_name(label)] = value
    return out


def row_list(rows: list, total: int | None = None) -> str:
    """Up to 20 row labels, then a count."""
    total = len(rows) if total is None else total
    shown = ", ".join(str(r) for r in rows[:20])
    return shown + (f" and {total - 20} more" if total > 20 else "")


def parse_weights(
    values: pd.Series | None, n: int, *, scale: dict | None, spellings: dict | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Float64 weights (missing -> 1), the mask of missing ones and the mask of bad ones.

    A value is bad when it is outside ``scale`` (labels matched after normalising case,
    accents and spaces; numbers must be among the scale's values) or, without a scale, not a
    finite number. ``NA``-like text is missing (counted into ``spellings``). Distinct text
    values are parsed once each.
    """
    if values is None:
        return np.ones(n), np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    labels = scale_lookup(scale) if scale else None
    allowed = np.array(sorted(set(labels.values()))) if labels is not None else None
    if values.dtype.kind in "iub" and allowed is None:
        weights = values.to_numpy(dtype=np.float64)
        return weights, np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    if values.dtype.kind in "iufb":
        weights = values.to_numpy(dtype=np.float64)
        missing = np.isnan(weights)
        bad = ~missing & ~np.isfinite(weights)
        if allowed is not None:
            bad |= ~missing & ~np.isin(weights, allowed)
    else:
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes = values.cat.codes.to_numpy()
            uniques = values.cat.categories
        else:
            codes, uniques = pd.factorize(values)
        codes = np.asarray(codes)
        distinct = np.full(len(uniques) + 1, np.nan)
        distinct_bad = np.zeros(len(uniques) + 1, dtype=bool)
        distinct_missing = np.zeros(len(uniques) + 1, dtype=bool)
        distinct_missing[-1] = True
        for i, value in enumerate(uniques):
            number = _weight_of(value, labels, allowed)
            if number is None:
                distinct_missing[i] = True
                if spellings is not None and isinstance(value, str) and value.strip():
                    key = value.strip()
                    spellings[key] = spellings.get(key, 0) + int((codes == i).sum())
            elif np.isnan(number):
                distinct_bad[i] = True
            else:
                distinct[i] = number
        codes = np.where(np.asarray(codes) < 0, len(uniques), codes)
        weights = distinct[codes]
        missing = distinct_missing[codes]
        bad = distinct_bad[codes]
    weights = np.where(missing | bad, 1.0, weights)
    return weights.astype(np.float64, copy=False), missing, bad


def _weight_of(value: object, labels: dict | None, allowed: np.ndarray | None) -> float | None:
    """None when blank, NaN when bad, else the number."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        number = float(value)
        if np.isnan(number):
            return None
    else:
        text = str(value).strip()
        if text == "" or text.casefold() in BLANK_SPELLINGS:
            return None
        if labels is not None and normalize_name(text) in labels:
            return labels[normalize_name(text)]
        try:
            number = float(text)
        except ValueError:
            return float("nan")
    if not np.isfinite(number) or (allowed is not None and number not in allowed):
        return float("nan")
    return number
