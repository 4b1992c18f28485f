"""IngestReport: what read_survey decided, and every nomination it merged or dropped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from relnet.exports import write_csv

ISSUE_COLUMNS = ("row", "column", "value", "problem", "action", "detail")


def empty_issues() -> pd.DataFrame:
    """An issues table with no rows (the fixed columns, object dtype)."""
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in ISSUE_COLUMNS})


@dataclass(frozen=True, eq=False)
class IngestReport:
    """Account of one :func:`relnet.read_survey` call.

    Attributes
    ----------
    source : str
        The file name, or ``"<DataFrame>"``.
    layout : str
        ``"long"``, ``"wide"`` or ``"matrix"``.
    layout_reason : str
        Why that layout was chosen (auto-detection) or ``"given"``.
    encoding : str or None
        Text encoding used for a text file (``None`` for binary files and DataFrames).
    counts : dict
        ``input`` (each input nomination once: a long row, or a non-blank wide/matrix cell),
        ``kept``, ``merged``, ``dropped`` (``input = kept + merged + dropped``), and the
        breakdown: ``dropped_self``, ``dropped_unknown``, ``dropped_ambiguous``,
        ``dropped_blank``, ``kept_unknown`` (nominations of people added with
        ``unknown="keep"``), ``matched_by_name``, ``weight_missing`` (weight set to 1).
    issues : pandas.DataFrame
        One row per merged or dropped input nomination: ``row`` (spreadsheet row, header = 1,
        or the DataFrame's index label), ``column``, ``value``, ``problem``, ``action`` and
        ``detail`` (closest roster candidates, the people an ambiguous name could mean); and
        one row per *possible duplicate id* (ids that differ only by case, leading zeros or
        the spelling of a number: kept apart, or matched like a name, never silently).
        ``problem`` holds :attr:`relnet.ingest.problems.Problem.label`.
    relations, waves : list
        Relations and waves found.
    n_people, n_respondents : int
        People in the survey (roster plus kept unknowns) and how many responded.
    unmatched : pandas.DataFrame
        Distinct values not found on the roster: ``value``, ``count``, ``role``
        (respondent/nominee), ``closest``.
    notes : list of str
        Plain-language notes (encoding fallback, weights set to 1, columns chosen).

    Examples
    --------
    >>> import pandas as pd
    >>> import relnet as rn
    >>> table = pd.DataFrame({"respondent": ["a", "a", "b"], "nominee": ["b", "a", "a"]})
    >>> report = rn.read_survey(table).report
    >>> report.counts["input"], report.counts["kept"], report.counts["dropped"]
    (3, 2, 1)
    >>> report.issues[["row", "problem", "action"]]
       row          problem   action
    0    1  self-nomination  dropped
    """

    source: str
    layout: str
    layout_reason: str
    encoding: str | None
    counts: dict
    issues: pd.DataFrame
    relations: list
    waves: list
    n_people: int
    n_respondents: int
    unmatched: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list = field(default_factory=list)
    roster_source: str | None = None

    @property
    def response_rate(self) -> float:
        """Share of people who responded (NaN with no people)."""
        return self.n_respondents / self.n_people if self.n_people else float("nan")

    @property
    def ok(self) -> bool:
        """True when every input nomination was kept."""
        return self.counts.get("merged", 0) == 0 and self.counts.get("dropped", 0) == 0

    def to_frame(self) -> pd.DataFrame:
        """The summary as a two-column table (``item``, ``value``), counts included."""
        rows = [
            ("source", self.source),
            ("roster", self.roster_source),
            ("layout", self.layout),
            ("layout_reason", self.layout_reason),
            ("encoding", self.encoding),
            ("relations", ", ".join(map(str, self.relations))),
            ("waves", ", ".join(map(str, self.waves))),
            ("n_people", self.n_people),
            ("n_respondents", self.n_respondents),
            ("response_rate", self.response_rate),
        ]
        rows += [(key, value) for key, value in self.counts.items()]
        return pd.DataFrame(rows, columns=["item", "value"])

    def summary(self) -> str:
        """The readable report (same as ``str(report)``)."""
        return str(self)

    def write_issues(self, path: str | Path) -> Path:
        """Write :attr:`issues` as a spreadsheet-safe CSV (:func:`relnet.exports.write_csv`)."""
        return write_csv(self.issues, path, index=False)

    def __str__(self) -> str:
        c = self.counts
        lines = [f"relnet ingest report: {self.source}"]
        if self.roster_source:
            lines.append(f"  roster:      {self.roster_source}")
        lines.append(f"  layout:      {self.layout} ({self.layout_reason})")
        if self.encoding:
            lines.append(f"  encoding:    {self.encoding}")
        lines.append(f"  relations:   {', '.join(map(str, self.relations)) or '(none)'}")
        if self.waves:
            lines.append(f"  waves:       {', '.join(map(str, self.waves))}")
        rate = f"{self.response_rate:.1%}" if self.n_people else "n/a"
        lines.append(f"  people:      {self.n_people:,} ({self.n_respondents:,} responded, {rate})")
        lines.append(
            f"  nominations: {c.get('input', 0):,} in = {c.get('kept', 0):,} kept"
            f" + {c.get('merged', 0):,} merged + {c.get('dropped', 0):,} dropped"
        )
        detail = [
            (k, v) for k, v in c.items() if k not in ("input", "kept", "merged", "dropped") and v
        ]
        for key, value in detail:
            lines.append(f"    {key.replace('_', ' ')}: {value:,}")
        for note in self.notes:
            lines.append(f"  note: {note}")
        if len(self.issues):
            problems = self.issues.groupby(["problem", "action"], sort=False).size()
            lines.append("  issues:")
            for (problem, action), count in problems.items():
                lines.append(f"    {count:,} x {problem} -> {action}")
            shown = self.issues.head(10)
            lines.append("  first issues:")
            for rec in shown.itertuples(index=False):
                extra = f" ({rec.detail})" if isinstance(rec.detail, str) and rec.detail else ""
                where = f"row {rec.row}, " if rec.row is not None else ""
                lines.append(
                    f"    {where}column {rec.column!r}, value {rec.value!r}: "
                    f"{rec.problem}, {rec.action}{extra}"
                )
            if len(self.issues) > 10:
                lines.append(f"    ... {len(self.issues) - 10:,} more in report.issues")
        return "\n".join(lines)

    def __repr__(self) -> str:
        c = self.counts
        return (
            f"<IngestReport {self.source}: {self.layout}, {c.get('input', 0)} in, "
            f"{c.get('kept', 0)} kept, {c.get('merged', 0)} merged, "
            f"{c.get('dropped', 0)} dropped>"
        )

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        c = self.counts
        rate = f"{self.response_rate:.1%}" if self.n_people else "n/a"
        rows = [("source", self.source), ("roster", self.roster_source or "none")]
        rows += [("layout", f"{self.layout} ({self.layout_reason})")]
        rows += [("relations", ", ".join(map(str, self.relations)) or "none")]
        rows += [("waves", ", ".join(map(str, self.waves)) or "none")]
        rows += [("people", self.n_people), ("responded", f"{self.n_respondents:,} ({rate})")]
        rows += [(f"nominations {key}", c.get(key, 0)) for key in ("input", "kept", "merged")]
        rows += [("nominations dropped", c.get("dropped", 0))]
        notes = [str(note) for note in self.notes]
        if len(self.issues):
            notes.append(f"{len(self.issues):,} merged or dropped inputs: see report.issues")
        columns = ("row", "column", "value", "problem", "action")
        shown = [col for col in columns if col in self.issues]
        table = self.issues[shown] if len(self.issues) else None
        return html_table(f"IngestReport: {self.source}", rows, notes, table=table, max_rows=10)
