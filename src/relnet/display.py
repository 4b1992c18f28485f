"""Notebook display: one small HTML card shared by relnet's result objects.

Jupyter shows an object through its ``_repr_html_``. Every relnet result builds that card with
:func:`html_table`: a title, a two-column table of key numbers, optional warnings (shown in
a highlighted list) and optionally a DataFrame underneath. Everything is escaped, so labels
from survey files can never inject markup into a notebook.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

__all__ = ["format_value", "html_table"]

_STYLE = (
    "<style>.relnet-card{font-family:system-ui,sans-serif;font-size:13px;margin:2px 0}"
    ".relnet-card table{border-collapse:collapse;margin:4px 0}"
    ".relnet-card th,.relnet-card td{padding:1px 10px 1px 0;text-align:left;"
    "vertical-align:top}.relnet-card .relnet-warn{color:#8a4b00}</style>"
)


def format_value(value: Any) -> str:
    """A short text form of one number or label (4 significant digits for floats).

    Examples
    --------
    >>> from relnet.display import format_value
    >>> format_value(0.123456), format_value(12000), format_value(float("nan")), format_value(True)
    ('0.1235', '12,000', 'NaN', 'yes')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        value = float(value)
        return "NaN" if math.isnan(value) else f"{value:.4g}"
    return str(value)


def html_table(
    title: str,
    rows: Iterable[tuple[str, Any]],
    notes: Sequence[str] = (),
    table: pd.DataFrame | pd.Series | None = None,
    max_rows: int = 12,
) -> str:
    """An escaped HTML card: a bold title, label/value rows, warnings and an optional table.

    Parameters
    ----------
    title : str
        First line, e.g. ``"Network: 12 people, 30 arcs"``.
    rows : iterable of (str, object)
        Label and value pairs; values are formatted with :func:`format_value`.
    notes : sequence of str, optional
        Warnings or remarks, shown as a highlighted list under the rows.
    table : pandas.DataFrame or pandas.Series, optional
        Shown under the notes (its first ``max_rows`` rows).
    max_rows : int, default 12
        Rows of ``table`` shown; the card says how many were left out.

    Returns
    -------
    str
        An HTML fragment for Jupyter's ``_repr_html_``.

    Examples
    --------
    >>> from relnet.display import html_table
    >>> card = html_table("Network", [("people", 3), ("label", "<b>")], notes=["2 did not answer"])
    >>> "<td>3</td>" in card, "&lt;b&gt;" in card, "2 did not answer" in card
    (True, True, True)
    """
    parts = [_STYLE, '<div class="relnet-card">', f"<strong>{html.escape(str(title))}</strong>"]
    body = "".join(
        f"<tr><th>{html.escape(str(label))}</th><td>{html.escape(format_value(value))}</td></tr>"
        for label, value in rows
    )
    if body:
        parts.append(f"<table>{body}</table>")
    if notes:
        items = "".join(f"<li>{html.escape(str(note))}</li>" for note in notes)
        parts.append(f'<ul class="relnet-warn">{items}</ul>')
    if table is not None:
        frame = table.to_frame() if isinstance(table, pd.Series) else table
        shown = frame.head(max_rows)
        parts.append(shown.to_html(float_format=lambda x: f"{x:.4g}", escape=True, border=0))
        if len(frame) > max_rows:
            parts.append(f"<p>... {len(frame) - max_rows:,} more rows</p>")
    parts.append("</div>")
    return "".join(parts)
