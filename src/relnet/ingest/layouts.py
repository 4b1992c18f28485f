"""Survey layouts (long, wide, matrix): detect them and turn each into one nomination a row.

Every layout becomes :class:`Cells`: the raw respondent and nominee values of each input
nomination (a long row, or a non-blank wide/matrix cell), its relation, wave and raw weight,
and where it came from (row position and column) so the report can point at it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import SurveyFormatError
from relnet.ids import shorten
from relnet.ingest.matching import Matcher, id_text, normalize_name
from relnet.ingest.policies import scale_lookup

LAYOUTS = ("auto", "long", "wide", "matrix")
DEFAULT_RELATION = "nomination"
DEFAULT_NOMINEES = r"^(.+?)_(\d+)$"
WEIGHT_SUFFIXES = ("_strength", "_weight", "_w", "_wt")
RESPONDENT_NAMES = (
    "respondent",
    "respondent_id",
    "ego",
    "ego_id",
    "source",
    "from",
    "rater",
    "sender",
    "nominator",
    "record_id",
    "responseid",
    "response_id",
)
NOMINEE_NAMES = (
    "nominee",
    "nominee_id",
    "alter",
    "alter_id",
    "target",
    "to",
    "receiver",
    "nominated",
)
RELATION_NAMES = ("relation", "relationship", "question", "tie_type", "network")
WEIGHT_NAMES = ("weight", "strength", "rating", "score", "value")
WAVE_NAMES = ("wave", "round", "timepoint", "time_point")


@dataclass
class Cells:
    """One entry per input nomination, with where it came from."""

    respondent: pd.Series
    nominee: pd.Series
    relation: pd.Series | str
    wave: pd.Series | None
    weight: pd.Series | None
    row: np.ndarray  # row position in the input table
    resp_column: str
    nom_column: str | np.ndarray  # one column name (long) or one per cell (wide, matrix)
    weight_column: str | np.ndarray | None
    all_respondents: pd.Series  # the respondent of every row of the table
    all_waves: pd.Series | None
    layout: str = "long"
    reason: str = ""
    notes: list = field(default_factory=list)


def _lower_map(columns: pd.Index) -> dict[str, object]:
    return {str(c).strip().lower(): c for c in columns}


def find_column(columns: pd.Index, names: tuple[str, ...]) -> object | None:
    lowered = _lower_map(columns)
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def require_column(table: pd.DataFrame, name: object, keyword: str, where: str) -> object:
    """Return ``name`` if it is a column; else raise naming the columns and the closest."""
    if name in table.columns:
        return name
    lowered = _lower_map(table.columns)
    if str(name).strip().lower() in lowered:
        return lowered[str(name).strip().lower()]
    have = [str(c) for c in table.columns]
    close = difflib.get_close_matches(str(name), have, n=1, cutoff=0.0)
    hint = f" The closest is {close[0]!r}." if close else ""
    shown = ", ".join(shorten(c, 40) for c in have[:30]) + (" ..." if len(have) > 30 else "")
    raise SurveyFormatError(
        f"{where}: no column {shorten(name)} (given as {keyword}=). The columns are: "
        f"{shown}.{hint} Pass {keyword}= with one of them."
    )


def close_column(table: pd.DataFrame, name: str) -> bool:
    have = [str(c) for c in table.columns]
    return bool(difflib.get_close_matches(str(name), have, n=1, cutoff=0.8))


def _blank(values: pd.Series) -> np.ndarray:
    missing = values.isna().to_numpy()
    if values.dtype == object or isinstance(values.dtype, (pd.StringDtype, pd.CategoricalDtype)):
        text = values.astype(str).str.strip()
        missing = missing | (text == "").to_numpy()
    return missing


# ---------------------------------------------------------------------- detection
def detect_layout(
    table: Any,
    *,
    layout: str,
    respondent: object,
    nominee: object,
    nominees: object,
    matcher: Matcher | None,
    where: str,
) -> tuple[str, str]:
    """The layout to use and why."""
    if layout != "auto":
        return layout, "given"
    if nominee is not Ellipsis and nominee is not None:
        return "long", f"nominee={nominee!r} names a column"
    found_nominee = find_column(table.columns, NOMINEE_NAMES)
    if found_nominee is not None:
        return "long", f"found a nominee column {found_nominee!r}"
    if nominees is not None:
        return "wide", "nominees= was given"
    resp_col = _respondent_column(table, respondent, where, allow_first=True)
    if len(table.columns) > 100_000:
        return "long", "too many columns for a wide or matrix layout"
    stems = [c for c in table.columns if c != resp_col and re.search(DEFAULT_NOMINEES, str(c))]
    stems = [c for c in stems if not str(c).lower().endswith(WEIGHT_SUFFIXES)]
    others = [c for c in table.columns if c != resp_col]
    headers_as_people = _share_people(others, lambda: table.column(resp_col), matcher)
    if headers_as_people >= 0.5 and len(others) >= 2:
        return "matrix", (
            f"{headers_as_people:.0%} of the column headers after {resp_col!r} are people"
        )
    if stems:
        shown = ", ".join(map(repr, stems[:3])) + (" ..." if len(stems) > 3 else "")
        return "wide", f"{len(stems)} columns named <stem>_<number> ({shown})"
    have = ", ".join(map(repr, map(str, table.columns)))
    raise SurveyFormatError(
        f"{where}: cannot tell the layout. No nominee column ({', '.join(NOMINEE_NAMES[:4])}, "
        f"...), no <stem>_<number> columns, and the headers are not people. The columns are: "
        f"{have}. Pass layout='long' with respondent=/nominee=, layout='wide' with nominees=, "
        "or layout='matrix'."
    )


def _share_people(headers: list, first_column: Any, matcher: Matcher | None) -> float:
    if not headers or len(headers) > 100_000:
        return 0.0
    index = pd.Index([id_text(h) for h in headers], dtype=object)
    if matcher is not None and matcher.grow != "id":
        known = [id_text(v) for v in matcher.ids[: matcher.n_base]] if len(headers) else []
        names = matcher.name_keys() if matcher.by_name else {}
        known_set = set(known)
        hits = [h in known_set or normalize_name(h) in names for h in index]
        return float(np.mean(hits))
    values = {id_text(v) for v in first_column().dropna().unique()[:100_000]}
    return float(np.mean([h in values for h in index]))


def _respondent_column(
    table: pd.DataFrame, respondent: object, where: str, *, allow_first: bool
) -> object:
    if respondent is not Ellipsis and respondent is not None:
        return require_column(table, respondent, "respondent", where)
    found = find_column(table.columns, RESPONDENT_NAMES)
    if found is not None:
        return found
    if allow_first:
        return table.columns[0]
    have = ", ".join(map(repr, map(str, table.columns)))
    raise SurveyFormatError(
        f"{where}: no respondent column ({', '.join(RESPONDENT_NAMES[:5])}, ...). "
        f"The columns are: {have}. Pass respondent= naming it."
    )


def _optional_column(
    table: pd.DataFrame, given: object, names: tuple[str, ...], keyword: str, where: str
) -> object | None:
    if given is None:
        return find_column(table.columns, names)
    return require_column(table, given, keyword, where)


# ---------------------------------------------------------------------- long
@dataclass
class LongSpec:
    """Which columns of a long table hold what; :meth:`cells` applies it to a slice."""

    respondent: object
    nominee: object
    relation: object | None  # column, or None when ``relation_label`` is used
    relation_label: str
    weight: object | None
    wave: object | None
    notes: list

    @property
    def columns(self) -> list:
        wanted = [self.respondent, self.nominee, self.relation, self.weight, self.wave]
        out = []
        for c in wanted:
            if c is not None and c not in out:
                out.append(c)
        return out

    def cells(self, frame: pd.DataFrame, offset: int) -> Cells:
        n = len(frame)
        relation = frame[self.relation] if self.relation is not None else self.relation_label
        wave = frame[self.wave] if self.wave is not None else None
        return Cells(
            respondent=frame[self.respondent],
            nominee=frame[self.nominee],
            relation=relation,
            wave=wave,
            weight=frame[self.weight] if self.weight is not None else None,
            row=np.arange(offset, offset + n, dtype=np.int64),
            resp_column=str(self.respondent),
            nom_column=str(self.nominee),
            weight_column=str(self.weight) if self.weight is not None else None,
            all_respondents=frame[self.respondent],
            all_waves=wave,
            layout="long",
            notes=self.notes,
        )


def long_spec(
    table: Any,
    *,
    respondent: object,
    nominee: object,
    relation: object,
    weight: object,
    wave: object,
    where: str,
) -> LongSpec:
    notes: list[str] = []
    resp_col = _respondent_column(table, respondent, where, allow_first=False)
    if nominee is Ellipsis or nominee is None:
        nom_col = find_column(table.columns, NOMINEE_NAMES)
        if nom_col is None:
            have = ", ".join(map(repr, map(str, table.columns)))
            raise SurveyFormatError(
                f"{where}: no nominee column ({', '.join(NOMINEE_NAMES[:5])}, ...). "
                f"The columns are: {have}. Pass nominee= naming it."
            )
    else:
        nom_col = require_column(table, nominee, "nominee", where)
    rel_col = None
    label = DEFAULT_RELATION
    if isinstance(relation, str) and relation not in table.columns:
        if close_column(table, relation) or str(relation).lower() in _lower_map(table.columns):
            rel_col = require_column(table, relation, "relation", where)
        else:
            label = relation
            notes.append(f"no relation column {relation!r}: every row is relation {relation!r}")
    else:
        rel_col = _optional_column(table, relation, RELATION_NAMES, "relation", where)
    weight_col = _optional_column(table, weight, WEIGHT_NAMES, "weight", where)
    wave_col = _optional_column(table, wave, WAVE_NAMES, "wave", where)
    if weight_col is not None and weight is None:
        notes.append(f"weights read from column {str(weight_col)!r}")
    if wave_col is not None and wave is None:
        notes.append(f"waves read from column {str(wave_col)!r}")
    if resp_col == nom_col:
        raise SurveyFormatError(
            f"{where}: the respondent and nominee columns are both {str(resp_col)!r}; "
            "pass respondent= and nominee= naming two different columns."
        )
    return LongSpec(resp_col, nom_col, rel_col, label, weight_col, wave_col, notes)


# ---------------------------------------------------------------------- wide
def wide_cells(
    table: pd.DataFrame,
    *,
    respondent: object,
    nominees: object,
    relation: object,
    weight: object,
    wave: object,
    where: str,
) -> Cells:
    resp_col = _respondent_column(table, respondent, where, allow_first=True)
    wave_col = _optional_column(table, wave, WAVE_NAMES, "wave", where)
    suffixes = _weight_suffixes(weight)
    skip = {resp_col, wave_col}
    columns: list[tuple[object, str]] = []  # (column, relation)
    fallback = relation if isinstance(relation, str) else DEFAULT_RELATION
    if nominees is None or isinstance(nominees, (str, re.Pattern)):
        pattern = re.compile(nominees if nominees is not None else DEFAULT_NOMINEES)
        for col in table.columns:
            if col in skip or str(col).lower().endswith(suffixes):
                continue
            match = pattern.search(str(col))
            if match:
                stem = match.group(1) if pattern.groups >= 1 and match.group(1) else fallback
                if pattern.groups < 2 and nominees is not None:
                    stem = fallback if pattern.groups == 0 else stem
                columns.append((col, stem))
    else:
        default = re.compile(DEFAULT_NOMINEES)
        for name in nominees:
            col = require_column(table, name, "nominees", where)
            match = default.search(str(col))
            columns.append((col, match.group(1) if match and relation is None else fallback))
    if not columns:
        have = ", ".join(map(repr, map(str, table.columns)))
        shown = nominees if nominees is not None else DEFAULT_NOMINEES
        raise SurveyFormatError(
            f"{where}: wide layout, but no nominee columns match {shorten(str(shown))}. The "
            "columns "
            f"are: {have}. Pass nominees= as a list of columns or a regex such as "
            r"r'(trust|advice)_(\d+)$'."
        )
    lowered = _lower_map(table.columns)
    pieces = []
    has_weight = False
    for col, stem in columns:
        values = table[col]
        keep = np.flatnonzero(~_blank(values))
        weight_col = None
        for suffix in suffixes:
            weight_col = lowered.get(f"{str(col).lower()}{suffix}")
            if weight_col is not None:
                break
        has_weight = has_weight or weight_col is not None
        pieces.append((col, stem, keep, weight_col))
    rows = np.concatenate([p[2] for p in pieces]).astype(np.int64)
    resp_values = table[resp_col].to_numpy(dtype=object)
    nom_values = np.concatenate([table[c].to_numpy(dtype=object)[k] for c, _, k, _ in pieces])
    rel_values = np.concatenate([np.full(len(k), s, dtype=object) for _, s, k, _ in pieces])
    nom_cols = np.concatenate([np.full(len(k), str(c), dtype=object) for c, _, k, _ in pieces])
    weight_values = weight_cols = None
    if has_weight:
        weight_values = np.concatenate(
            [
                table[w].to_numpy(dtype=object)[k] if w is not None else np.full(len(k), None)
                for _, _, k, w in pieces
            ]
        )
        weight_cols = np.concatenate(
            [
                np.full(len(k), str(w) if w is not None else "", dtype=object)
                for _, _, k, w in pieces
            ]
        )
    # row-major order: a respondent's answers left to right (the first of a repeat is kept)
    col_order = np.concatenate([np.full(len(k), i) for i, (_, _, k, _) in enumerate(pieces)])
    order = np.lexsort((col_order, rows))
    rows, nom_values, rel_values, nom_cols = (
        rows[order],
        nom_values[order],
        rel_values[order],
        nom_cols[order],
    )
    if has_weight:
        weight_values, weight_cols = weight_values[order], weight_cols[order]
    index = pd.RangeIndex(len(rows))
    wave_series = table[wave_col] if wave_col is not None else None
    stems = sorted({s for _, s, _, _ in pieces})
    reason_cols = ", ".join(str(c) for c, _, _, _ in pieces[:4])
    return Cells(
        respondent=pd.Series(resp_values[rows], index=index),
        nominee=pd.Series(nom_values, index=index),
        relation=pd.Series(rel_values, index=index),
        wave=(
            pd.Series(wave_series.to_numpy(dtype=object)[rows], index=index)
            if wave_series is not None
            else None
        ),
        weight=pd.Series(weight_values, index=index) if weight_values is not None else None,
        row=rows,
        resp_column=str(resp_col),
        nom_column=nom_cols,
        weight_column=weight_cols,
        all_respondents=table[resp_col],
        all_waves=wave_series,
        layout="wide",
        notes=[
            f"{len(pieces)} nominee columns ({reason_cols}{' ...' if len(pieces) > 4 else ''}); "
            f"relations {', '.join(map(str, stems))}"
        ],
    )


def _weight_suffixes(weight: object) -> tuple[str, ...]:
    if weight is None:
        return WEIGHT_SUFFIXES
    if isinstance(weight, str):
        return (weight if weight.startswith("_") else "_" + weight,)
    return tuple(w if w.startswith("_") else "_" + w for w in weight)


# ---------------------------------------------------------------------- matrix
def matrix_cells(
    table: pd.DataFrame,
    *,
    respondent: object,
    relation: object,
    wave: object,
    scale: dict | None,
    where: str,
    row_label: callable,
) -> Cells:
    resp_col = _respondent_column(table, respondent, where, allow_first=True)
    if respondent is Ellipsis and resp_col != table.columns[0]:
        resp_col = table.columns[0]
    wave_col = _optional_column(table, wave, WAVE_NAMES, "wave", where)
    people = [c for c in table.columns if c not in (resp_col, wave_col)]
    if not people:
        raise SurveyFormatError(
            f"{where}: matrix layout needs one column per person after {str(resp_col)!r}; "
            "the table has none."
        )
    values = []
    bad = []
    if scale:
        labels = scale_lookup(scale)
    for col in people:
        raw = table[col]
        blank = _blank(raw)
        numeric = pd.to_numeric(raw, errors="coerce") if raw.dtype.kind not in "iufb" else raw
        numeric = pd.Series(np.asarray(numeric, dtype=np.float64), index=raw.index)
        if scale:
            text = raw.astype(str).map(lambda v: labels.get(_scale_key(v)))  # noqa: B023
            numeric = numeric.where(numeric.notna(), pd.to_numeric(text, errors="coerce"))
        invalid = np.flatnonzero(~blank & numeric.isna().to_numpy())
        for i in invalid:
            bad.append((i, col, raw.iloc[i]))
        values.append(numeric.to_numpy())
    if bad:
        shown = "; ".join(
            f"row {row_label(i)} column {shorten(str(c), 40)}: {shorten(v, 40)}"
            for i, c, v in bad[:20]
        )
        more = f" and {len(bad) - 20} more" if len(bad) > 20 else ""
        raise SurveyFormatError(
            f"{where}: matrix cells must be numbers (blank or 0 = no tie); "
            f"{len(bad)} are not: {shown}{more}. Fix those cells, or pass scale= mapping the "
            "labels to numbers."
        )
    grid = np.column_stack(values) if values else np.empty((len(table), 0))
    tie = ~np.isnan(grid) & (grid != 0)
    rows, cols = np.nonzero(tie)
    index = pd.RangeIndex(len(rows))
    headers = np.array([id_text(c) for c in people], dtype=object)
    label = relation if isinstance(relation, str) else DEFAULT_RELATION
    wave_series = table[wave_col] if wave_col is not None else None
    return Cells(
        respondent=pd.Series(table[resp_col].to_numpy(dtype=object)[rows], index=index),
        nominee=pd.Series(headers[cols], index=index),
        relation=label,
        wave=(
            pd.Series(wave_series.to_numpy(dtype=object)[rows], index=index)
            if wave_series is not None
            else None
        ),
        weight=pd.Series(grid[rows, cols], index=index),
        row=rows.astype(np.int64),
        resp_column=str(resp_col),
        nom_column=np.array([str(c) for c in people], dtype=object)[cols],
        weight_column=np.array([str(c) for c in people], dtype=object)[cols],
        all_respondents=table[resp_col],
        all_waves=wave_series,
        layout="matrix",
        notes=[f"{len(people)} person columns; cell value = weight, blank or 0 = no tie"],
    )


def _scale_key(value: object) -> str:
    return normalize_name(value)
