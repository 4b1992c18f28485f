"""Spreadsheet-safe CSV: the one writer behind every CSV file relnet writes.

**Definition.** A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return may be run as a formula by a spreadsheet (CSV injection). :func:`write_csv` prefixes
such a cell with a single quote, as OWASP's CSV-injection guidance recommends, unless it is a
genuine number (``-3.5`` stays a number). A cell that already begins with quotes followed by
one of those characters gets one more quote, so the original always reads back: relnet's
readers remove exactly one leading quote before those characters in ids
(:func:`relnet.ids.normalize_id`). Cells holding a newline or carriage return are quoted,
so rows never split (lines end with CRLF, as RFC 4180 writes them).

Used by ``relnet metrics --out``, :meth:`relnet.Network.write` (``.csv``), the ingest
report's :meth:`~relnet.ingest.report.IngestReport.write_issues` and the HTML report's tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

_RISKY = re.compile(r"^'*[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_RISKY_PATTERN = r"^'*[=+\-@\t\r]"
_NUMBER_PATTERN = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"


def safe_cell(value: object) -> object:
    """One cell made safe to open in a spreadsheet (non-text values are returned as is).

    Examples
    --------
    >>> [safe_cell(v) for v in ("=1+2", "-3.5", "@SUM(A1)", "'=x", "ana", 7)]
    ["'=1+2", '-3.5', "'@SUM(A1)", "''=x", 'ana', 7]
    """
    if isinstance(value, str) and _RISKY.match(value) and not _NUMBER.match(value):
        return "'" + value
    return value


def _safe_values(values: pd.Series | pd.Index) -> pd.Series | pd.Index:
    """Text values made safe, vectorised; numbers and other values untouched."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.categories if isinstance(values, pd.Index) else values.cat.categories
        safe = _safe_values(pd.Index(categories))
        if safe.equals(pd.Index(categories)):
            return values
        values = values.astype(object)
    if values.dtype.kind in "iufbcmM":
        return values
    if isinstance(values.dtype, pd.StringDtype):
        text = pd.Series(values, copy=False)
        risky = text.str.match(_RISKY_PATTERN).fillna(False) & ~text.str.match(
            _NUMBER_PATTERN
        ).fillna(False)
        if not risky.any():
            return values
        fixed = text.where(~risky, "'" + text)
        return pd.Index(fixed) if isinstance(values, pd.Index) else fixed
    if values.dtype.kind == "O":
        array = np.asarray(values, dtype=object)
        out = np.array([safe_cell(v) for v in array], dtype=object)
        if isinstance(values, pd.Index):
            return pd.Index(out, name=values.name, dtype=object)
        return pd.Series(out, index=values.index, name=values.name, dtype=object)
    return values


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells, index and column names are spreadsheet-safe.

    Examples
    --------
    >>> table = pd.DataFrame({"id": ["=HYPERLINK(1)", "-2"], "x": [-1.5, 2.0]})
    >>> spreadsheet_safe(table)["id"].tolist()
    ["'=HYPERLINK(1)", '-2']
    """
    out = frame.copy(deep=False)
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        safe = _safe_values(column)
        if safe is not column:
            out.isetitem(i, safe)
    if isinstance(out.index, pd.MultiIndex):
        out.index = out.index.set_levels(
            [_safe_values(level) for level in out.index.levels], verify_integrity=False
        )
    else:
        out.index = _safe_values(out.index)
    if not isinstance(out.columns, pd.MultiIndex):
        out.columns = pd.Index([safe_cell(c) for c in out.columns], name=out.columns.name)
    return out


def write_csv(frame: pd.DataFrame, path: str | Path, *, index: bool = True) -> Path:
    """Write ``frame`` as a CSV file that is safe to open in a spreadsheet.

    **Definition.** Text cells beginning with ``= + - @``, tab or carriage return get a
    leading single quote (not genuine numbers); cells with line breaks are quoted.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    path : str or Path
        The file to write (UTF-8).
    index : bool
        Write the index as the first column(s).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = write_csv(pd.DataFrame({"id": ["=1+1", "a\\nb"], "w": [-1, 2]}), path, index=False)
    >>> path.read_bytes()
    b'id,w\\r\\n\\'=1+1,-1\\r\\n"a\\nb",2\\r\\n'

    References
    ----------
    .. [1] OWASP Foundation. CSV Injection. https://owasp.org/www-community/attacks/CSV_Injection
    """
    path = Path(path)
    spreadsheet_safe(frame).to_csv(path, index=index, lineterminator="\r\n", encoding="utf-8")
    return path
