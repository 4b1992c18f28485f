"""read_survey: any survey export -> Survey, accounting for every input nomination."""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import DataRepairWarning, SurveyFormatError, UnknownPersonError, check_choice
from relnet.ingest.layouts import (
    LAYOUTS,
    Cells,
    detect_layout,
    long_spec,
    matrix_cells,
    wide_cells,
)
from relnet.ingest.matching import (
    AMBIGUOUS,
    BLANK,
    BY_NAME,
    UNKNOWN,
    Matcher,
    check_id_types,
    read_roster,
)
from relnet.ingest.policies import DUPLICATES, parse_weights, row_list
from relnet.ingest.policies import UNKNOWN as UNKNOWN_CHOICES
from relnet.ingest.readers import Restart, read_table
from relnet.ingest.report import ISSUE_COLUMNS, IngestReport, empty_issues
from relnet.kernels.ingest import keep_rows, mark_repeats, respondent_marks

BATCH_ROWS = 1 << 20
HOW = {"max": 0, "mean": 1, "sum": 2, "first": 3, "error": 3}

# problem codes, in the order they are checked (the first problem of a nomination wins)
PROBLEMS = {
    1: ("blank respondent", "respondent"),
    2: ("respondent not on roster", "respondent"),
    3: ("ambiguous respondent name", "respondent"),
    4: ("blank nominee", "nominee"),
    5: ("nominee not on roster", "nominee"),
    6: ("ambiguous nominee name", "nominee"),
    7: ("blank relation", "relation"),
    8: ("blank wave", "wave"),
    9: ("self-nomination", "nominee"),
    10: ("repeated nomination", "nominee"),
}
COUNT_OF = {
    1: "dropped_blank",
    2: "dropped_unknown",
    3: "dropped_ambiguous",
    4: "dropped_blank",
    5: "dropped_unknown",
    6: "dropped_ambiguous",
    7: "dropped_blank",
    8: "dropped_blank",
    9: "dropped_self",
}


def read_survey(
    nominations: Any,
    roster: Any = None,
    layout: str = "auto",
    respondent: Hashable = ...,
    nominee: Hashable = ...,
    nominees: Iterable[Hashable] | str | None = None,
    relation: Hashable | None = None,
    weight: Hashable | None = None,
    wave: Hashable | None = None,
    scale: dict | None = None,
    duplicates: str = "max",
    unknown: str = "drop",
    respondents: Iterable[Hashable] | None = None,
    strict: bool = False,
) -> Any:
    r"""Read a sociometric survey export into a :class:`~relnet.survey.Survey`.

    **Definition.** Each input nomination (a long row, or a non-blank wide/matrix cell) is
    either *kept*, *merged* into an earlier nomination of the same person by the same
    respondent in the same relation and wave, or *dropped* (self-nomination, blank, unknown or
    ambiguous person); ``report.counts`` balances ``input = kept + merged + dropped`` and
    ``report.issues`` lists every merged or dropped one with its row and column.

    Parameters
    ----------
    nominations : path or pandas.DataFrame
        A .csv, .tsv, .txt, .xlsx, .parquet, .sav or .dta file, or a DataFrame.
    roster : path or pandas.DataFrame, optional
        One row a person: an id column (``id`` or the first column), attributes, and
        optionally ``name``, ``aliases`` (``;``-separated) and ``responded``. Without a
        roster the people are everyone who appears.
    layout : {"auto", "long", "wide", "matrix"}
        ``long``: a row per nomination. ``wide``: a row per respondent with nominee columns
        ``<relation>_<number>``. ``matrix``: a row per rater, a column per person, cells are
        ratings (blank or 0 = no tie). ``auto`` detects it and the report says why.
    respondent, nominee : str, optional
        Column names (default: detected, e.g. ``respondent``/``ego``, ``nominee``/``alter``).
        In a matrix, ``respondent`` is the rater column (default the first).
    nominees : list of str or regex, optional
        Wide layout: the nominee columns, or a regex whose first group is the relation
        (e.g. ``r"(trust|advice)_(\d+)$"``). Default: columns named ``<stem>_<number>``.
    relation : str, optional
        Long layout: the relation column (default ``relation`` if present); a name that is
        not a column becomes the relation label. Wide/matrix: the relation label.
    weight : str, optional
        Long layout: the weight column (default ``weight``/``strength``/``rating`` if
        present). Wide: the weight column suffix (default ``_strength``, ``_weight``, ``_w``).
    wave : str, optional
        The wave column (default ``wave`` if present).
    scale : dict, optional
        Weight labels to numbers, e.g. ``{"Not at all": 1, ..., "Completely": 5}``.
    duplicates : {"max", "mean", "sum", "first", "error"}
        How to combine repeated nominations of one person (same relation and wave).
    unknown : {"drop", "keep", "error"}
        Nominees (and respondents) not on the roster: drop the nomination, keep it (the person
        is added with ``on_roster=False``), or raise.
    respondents : list of ids, optional
        Who responded, when the roster has no ``responded`` column. Default: anyone with a
        row as a respondent.
    strict : bool
        Raise instead of dropping any nomination.

    Returns
    -------
    Survey

    Raises
    ------
    SurveyFileError
        Missing, empty or unreadable file.
    SurveyFormatError
        Unknown column, duplicate roster ids, colliding id types, weights outside the scale,
        non-numeric matrix cells, wide file without nominee columns, repeated nominations with
        ``duplicates="error"``, or any drop with ``strict=True``.
    UnknownPersonError
        People not on the roster with ``unknown="error"``.
    MissingDependencyError
        Reading xlsx/sav without ``pip install relnet[io]``.

    Warns
    -----
    DataRepairWarning
        When nominations were dropped or merged, with the counts.

    Examples
    --------
    >>> import pandas as pd
    >>> import relnet as rn
    >>> wide = pd.DataFrame({"id": ["ana", "ben", "cai"], "trust_1": ["ben", "ana", None],
    ...                      "trust_2": ["cai", "ana", None]})
    >>> survey = rn.read_survey(wide)
    >>> survey.report.layout, survey.report.counts["merged"]
    ('wide', 1)
    >>> survey.nominations
      source target relation  wave  weight
    0    ana    ben    trust  <NA>     1.0
    1    ana    cai    trust  <NA>     1.0
    2    ben    ana    trust  <NA>     1.0

    Notes
    -----
    Matches what a careful analyst does by hand in UCINET's DL import or statnet's
    ``as.network(edgelist)``: self-ties and repeated ties are removed before analysis, and
    non-respondents stay in the network as nodes whose outgoing ties are unobserved.

    References
    ----------
    .. [1] Marsden, P. V. (1990). Network data and measurement. Annual Review of Sociology 16,
       435-463.
    """
    from relnet.survey import Survey

    check_choice("layout", layout, LAYOUTS)
    check_choice("duplicates", duplicates, DUPLICATES)
    check_choice("unknown", unknown, UNKNOWN_CHOICES)
    if scale is not None and not isinstance(scale, dict):
        raise SurveyFormatError("scale must be a dict mapping each label to a number.")

    handle, source = read_table(nominations, what="nominations")
    where = f"nominations {source.name!r}" if source.from_file else "nominations DataFrame"
    index = handle.index

    def row_label(positions: np.ndarray) -> list:
        positions = np.asarray(positions, dtype=np.int64)
        if source.from_file:
            return (positions + 2).tolist()
        return [_plain(v) for v in index.take(positions)]

    roster_obj = read_roster(roster) if roster is not None else None
    for _attempt in range(2 + len(handle.columns)):
        try:
            acc, notes, reason = _ingest(
                handle,
                roster_obj,
                unknown=unknown,
                layout=layout,
                respondent=respondent,
                nominee=nominee,
                nominees=nominees,
                relation=relation,
                weight=weight,
                wave=wave,
                scale=scale,
                where=where,
                row_label=row_label,
            )
            break
        except Restart:
            continue
    matcher = acc.matcher
    handle.release()
    if source.note:
        notes.insert(0, f"encoding: {source.note}")
    if roster_obj is None:
        check_id_types(matcher.ids, where)

    acc.raise_bad_weights(where, row_label)
    if unknown == "error":
        acc.raise_unknown(where, row_label)
    return acc.finish(
        Survey,
        source=source,
        roster_obj=roster_obj,
        reason=reason,
        notes=notes,
        duplicates=duplicates,
        strict=strict,
        respondents=respondents,
        where=where,
        row_label=row_label,
    )


def _ingest(
    handle: Any,
    roster_obj: Any,
    *,
    unknown: str,
    layout: str,
    respondent: Any,
    nominee: Any,
    nominees: Any,
    relation: Any,
    weight: Any,
    wave: Any,
    scale: Any,
    where: str,
    row_label: Any,
) -> tuple:
    """Detect the layout and fill an accumulator (may raise Restart for a streamed file)."""
    if roster_obj is not None:
        rtable = roster_obj.table
        matcher = Matcher(
            roster_obj.ids,
            names=rtable[roster_obj.name_column] if roster_obj.name_column else None,
            aliases=rtable[roster_obj.alias_column] if roster_obj.alias_column else None,
            grow="name" if unknown == "keep" else None,
            where=where,
        )
    else:
        matcher = Matcher(pd.Index([], dtype=object), by_name=False, grow="id", where=where)

    chosen, reason = detect_layout(
        handle,
        layout=layout,
        respondent=respondent,
        nominee=nominee,
        nominees=nominees,
        matcher=matcher if roster_obj is not None else None,
        where=where,
    )
    if chosen == "long":
        spec = long_spec(
            handle,
            respondent=respondent,
            nominee=nominee,
            relation=relation,
            weight=weight,
            wave=wave,
            where=where,
        )
        acc = _Accumulator(matcher, scale, layout="long", capacity=handle.estimated_rows())
        for offset, frame in handle.batches(spec.columns, BATCH_ROWS):
            acc.add(spec.cells(frame, offset))
            del frame
        notes = list(spec.notes)
    else:
        frame = handle.to_pandas()
        if chosen == "wide":
            cells = wide_cells(
                frame,
                respondent=respondent,
                nominees=nominees,
                relation=relation,
                weight=weight,
                wave=wave,
                where=where,
            )
        else:
            cells = matrix_cells(
                frame,
                respondent=respondent,
                relation=relation,
                wave=wave,
                scale=scale,
                where=where,
                row_label=lambda i: row_label(np.array([i]))[0],
            )
        acc = _Accumulator(matcher, scale, layout=chosen, capacity=len(cells.row))
        acc.add_respondent_rows(cells.all_respondents, cells.all_waves)
        acc.add(cells)
        notes = list(cells.notes)
    acc._concat()
    return acc, notes, reason


def _plain(value: object) -> object:
    return value.item() if isinstance(value, np.generic) else value


class _Registry:
    """Labels (relations or waves) -> codes, in order of discovery, across batches."""

    def __init__(self, text: bool) -> None:
        self.text = text
        self.codes: dict = {}

    def encode(self, values: pd.Series | str | None, n: int) -> tuple[np.ndarray, np.ndarray]:
        """int32 codes and the blank mask for one batch."""
        if values is None:
            return np.zeros(n, dtype=np.int32), None
        if isinstance(values, str):
            code = self.codes.setdefault(values, len(self.codes))
            return np.full(n, code, dtype=np.int32), None
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes = values.cat.codes.to_numpy()
            uniques = values.cat.categories
        elif values.dtype.kind in "iu" and len(values):
            # small integer range (waves): a table instead of hashing
            array = values.to_numpy()
            lo, hi = int(array.min()), int(array.max())
            if hi - lo < 4096:
                present = np.flatnonzero(np.bincount(array - lo, minlength=hi - lo + 1))
                table = np.full(hi - lo + 1, -1, dtype=np.int64)
                table[present] = np.arange(len(present))
                codes = table[array - lo]
                uniques = pd.Index(present + lo)
            else:
                codes, uniques = pd.factorize(values)
        else:
            codes, uniques = pd.factorize(values)
        mapped = np.empty(len(uniques) + 1, dtype=np.int32)
        blank_u = np.zeros(len(uniques) + 1, dtype=bool)
        mapped[-1], blank_u[-1] = 0, True
        for i, value in enumerate(uniques):
            label = _label(value, self.text)
            if label is None:
                mapped[i], blank_u[i] = 0, True
            else:
                mapped[i] = self.codes.setdefault(label, len(self.codes))
        codes = np.asarray(codes)
        if len(codes) and codes.min() < 0:
            codes = np.where(codes < 0, len(uniques), codes)
        if not blank_u[:-1].any() and (not len(codes) or codes.max() < len(uniques)):
            return mapped[codes], None
        return mapped[codes], blank_u[codes]


def _label(value: object, text: bool) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    if isinstance(value, np.generic):
        value = value.item()
    return str(value) if text else value


def _sort_key(value: object) -> tuple:
    return (0, value, "") if isinstance(value, (int, float)) else (1, 0, str(value))


class _Accumulator:
    """Per-nomination arrays filled batch by batch, then the policies applied once."""

    def __init__(
        self, matcher: Matcher, scale: dict | None, layout: str, capacity: int = 1024
    ) -> None:
        self.matcher = matcher
        self.scale = scale if layout != "matrix" else None
        self.layout = layout
        self.pos_dtype = np.int32 if len(matcher.ids) < 2**30 else np.int64
        self.kinds = {
            "src": self.pos_dtype,
            "dst": self.pos_dtype,
            "rel": np.int32,
            "wave": np.int32,
            "weight": np.float64,
            "problem": np.int8,
        }
        if layout != "long":
            self.kinds["rows"] = np.int64
        # preallocated (large, so the allocator maps them apart from per-batch scratch)
        self.capacity = max(int(capacity), 1)
        self.arrays = {k: np.empty(self.capacity, dtype=d) for k, d in self.kinds.items()}
        self.n = 0
        self.nom_column: np.ndarray | None = None
        self.weight_column: object = None
        self.relations = _Registry(text=True)
        self.waves = _Registry(text=False)
        self.has_waves = False
        self.has_weight = False
        self.weight_missing = 0
        self.bad_weights: list = []  # (row position, value)
        self.n_bad_weights = 0
        self.raw: dict[str, list] = {"respondent": [], "nominee": []}  # (at, status, values)
        self.resp_column = ""
        self.nom_name = ""
        self.rel_name = None
        self.wave_name = None
        self.row_resp: tuple | None = None  # wide/matrix: positions and waves of every row

    # ------------------------------------------------------------------ batches
    def add_respondent_rows(self, values: pd.Series, waves: pd.Series | None) -> None:
        """Wide/matrix: every row's respondent (people order, who responded)."""
        pos, status = self.matcher.resolve(values)
        wave_codes, wave_blank = self.waves.encode(waves, len(values))
        if wave_blank is None:
            wave_blank = np.zeros(len(values), dtype=bool)
        self.row_resp = (pos, wave_codes, wave_blank)

    def _room(self, k: int) -> slice:
        if self.n + k > self.capacity:
            self.capacity = max(int((self.n + k) * 1.25), 1024)
            for name, old in self.arrays.items():
                new = np.empty(self.capacity, dtype=old.dtype)
                new[: self.n] = old[: self.n]
                self.arrays[name] = new
        return slice(self.n, self.n + k)

    def add(self, cells: Cells) -> None:
        k = len(cells.row)
        start = self.n
        at = self._room(k)
        arrays = self.arrays
        self.resp_column = cells.resp_column
        self.nom_name = cells.nom_column if isinstance(cells.nom_column, str) else ""
        if not isinstance(cells.nom_column, str):
            self.nom_column = np.asarray(cells.nom_column, dtype=object)
        self.weight_column = cells.weight_column
        if isinstance(cells.relation, pd.Series):
            self.rel_name = cells.relation.name
        if cells.wave is not None:
            self.wave_name = cells.wave.name
            self.has_waves = True
        if self.layout != "long":
            arrays["rows"][at] = cells.row
        problem = arrays["problem"][at]
        problem.fill(0)

        def flag(mask: np.ndarray, code: int) -> None:
            np.putmask(problem, (problem == 0) & mask, code)

        r_pos, r_status = self.matcher.resolve(cells.respondent)
        if self._keep_raw("respondent", cells.respondent, r_status, start):
            flag(r_status == BLANK, 1)
            flag(r_status == UNKNOWN, 2)
            flag(r_status == AMBIGUOUS, 3)
        arrays["src"][at] = r_pos
        del r_status
        n_pos, n_status = self.matcher.resolve(cells.nominee)
        if self._keep_raw("nominee", cells.nominee, n_status, start):
            flag(n_status == BLANK, 4)
            flag(n_status == UNKNOWN, 5)
            flag(n_status == AMBIGUOUS, 6)
        arrays["dst"][at] = n_pos
        del n_status
        rel_codes, rel_blank = self.relations.encode(cells.relation, k)
        if rel_blank is not None:
            flag(rel_blank, 7)
        arrays["rel"][at] = rel_codes
        wave_codes, wave_blank = self.waves.encode(cells.wave, k)
        if wave_blank is not None:
            flag(wave_blank, 8)
        arrays["wave"][at] = wave_codes
        same = np.flatnonzero(r_pos == n_pos)  # unresolved rows are flagged already
        if len(same):
            problem[same[problem[same] == 0]] = 9
        weights, missing, bad = parse_weights(cells.weight, k, scale=self.scale)
        if cells.weight is not None:
            self.has_weight = True
            self.weight_missing += int(missing.sum())
            if bad.any():
                where_bad = np.flatnonzero(bad)
                self.n_bad_weights += len(where_bad)
                room = 20 - len(self.bad_weights)
                for i in where_bad[: max(room, 0)]:
                    self.bad_weights.append((cells.row[i], _plain(cells.weight.iloc[i])))
        arrays["weight"][at] = weights
        self.n += k

    def _keep_raw(self, role: str, values: pd.Series, status: np.ndarray, start: int) -> bool:
        """Remember raw values that differ from the id they resolve to (or resolve to none).

        Returns whether there were any.
        """
        odd = np.flatnonzero(status)
        if len(odd):
            raw = values.iloc[odd].to_numpy(dtype=object)
            self.raw[role].append((odd + start, status[odd], raw))
        return bool(len(odd))

    # ------------------------------------------------------------------ errors
    def _row_of(self, at: np.ndarray) -> np.ndarray:
        return at if self.rows is None else self.rows[at]

    def _concat(self) -> None:
        """Expose the filled part of each array as an attribute."""
        if getattr(self, "_joined", False):
            return
        self._joined = True
        for name, array in self.arrays.items():
            setattr(self, name, array[: self.n])
        self.arrays = {}
        self.rows = getattr(self, "rows", None)

    def raise_bad_weights(self, where: str, row_label: Any) -> None:
        if not self.n_bad_weights:
            return
        rows = row_label(np.array([r for r, _ in self.bad_weights], dtype=np.int64))
        shown = ", ".join(f"{r} ({v!r})" for r, (_, v) in zip(rows, self.bad_weights))
        more = f" and {self.n_bad_weights - 20} more" if self.n_bad_weights > 20 else ""
        col = self.weight_column if isinstance(self.weight_column, str) else "weight columns"
        if self.scale:
            known = ", ".join(repr(k) for k in self.scale)
            what = "outside the scale"
            fix = f"use one of the scale's labels ({known}) or its numbers, or extend scale="
        else:
            what = "not finite numbers"
            fix = "give numbers, or pass scale= mapping each label to a number"
        raise SurveyFormatError(
            f"{where}, column {col!r}: {self.n_bad_weights} weight(s) {what} in rows "
            f"{shown}{more}; {fix}."
        )

    def _odd(self, role: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        parts = self.raw[role]
        if not parts:
            return np.empty(0, np.int64), np.empty(0, np.int8), np.empty(0, object)
        return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))

    def raise_unknown(self, where: str, row_label: Any) -> None:
        lines = []
        total = 0
        for role in ("respondent", "nominee"):
            at, status, raw = self._odd(role)
            bad = np.flatnonzero((status == UNKNOWN) | (status == AMBIGUOUS))
            total += len(bad)
            if not len(bad) or len(lines) >= 20:
                continue
            groups = pd.Series(bad).groupby(pd.Index(raw[bad].astype(str)), sort=False)
            for _, group in groups:
                idx = group.to_numpy()
                value = raw[idx[0]]
                rows = row_label(self._row_of(at[idx[:20]]))
                column = self._column_at(role, at[idx[0]])
                if status[idx[0]] == AMBIGUOUS:
                    people = self.matcher.ambiguous_people(value)
                    why = f"ambiguous: could be {', '.join(map(repr, people))}"
                else:
                    close = self.matcher.candidates(value) if isinstance(value, str) else []
                    why = "closest: " + "; ".join(close) if close else "no close roster name"
                lines.append(
                    f"{role} {value!r} (column {column!r}, rows {row_list(rows, len(idx))}): {why}"
                )
                if len(lines) >= 20:
                    break
        if lines:
            raise UnknownPersonError(
                f"{where}: {total} nomination(s) name people not on the roster:\n  "
                + "\n  ".join(lines)
                + "\nAdd them to the roster (or as aliases), fix the spelling, or pass "
                "unknown='drop' or unknown='keep'."
            )

    def _column_at(self, role: str, at: int) -> str:
        if role == "respondent":
            return self.resp_column
        if self.nom_column is not None:
            return str(self.nom_column[at])
        return self.nom_name

    # ------------------------------------------------------------------ policies
    def finish(self, survey_cls: Any, **kw: Any) -> Any:
        source, roster_obj, where, row_label = (
            kw["source"],
            kw["roster_obj"],
            kw["where"],
            kw["row_label"],
        )
        duplicates, strict = kw["duplicates"], kw["strict"]
        self._concat()
        matcher = self.matcher
        ids = matcher.ids
        n_people = len(ids)
        n_roster = matcher.n_base if roster_obj is not None else n_people
        # labels stay in the order they were met (codes are not rewritten); Survey sorts them
        relations = list(self.relations.codes)
        waves = list(self.waves.codes) if self.has_waves else []
        rel, wave = self.rel, self.wave
        self.rel = self.wave = None
        problem = self.problem
        n_in = self.n

        n_merged = mark_repeats(
            self.src,
            rel,
            wave,
            self.dst,
            problem,
            n_people,
            max(len(relations), 1),
            max(len(waves), 1),
            self.weight,
            HOW[duplicates],
            10,
        )
        if n_merged and duplicates == "error":
            repeat_rows = np.flatnonzero(problem == 10)
            labels = row_label(self._row_of(repeat_rows[:20]))
            raise SurveyFormatError(
                f"{where}: {n_merged} repeated nomination(s) (same respondent, "
                f"nominee, relation and wave) in rows {row_list(labels, n_merged)}. "
                "Remove them, or pass duplicates='max', 'mean', 'sum' or 'first'."
            )
        by_code = np.bincount(problem, minlength=11)
        n_dropped = int(by_code[1:10].sum())
        if strict and n_dropped:
            bad = np.flatnonzero((problem > 0) & (problem < 10))
            labels = row_label(self._row_of(bad[:20]))
            kinds = pd.Series(problem[bad]).map(lambda c: PROBLEMS[c][0]).value_counts()
            summary = ", ".join(f"{v} {k}" for k, v in kinds.items())
            raise SurveyFormatError(
                f"{where}: strict=True and {n_dropped} nomination(s) would be dropped "
                f"({summary}) in rows {row_list(labels, n_dropped)}. Fix those rows, or pass "
                "strict=False to drop them and read the report."
            )

        # respondents before the arrays are compacted
        responded, by_wave, resp_note = self._responded(
            roster_obj, kw["respondents"], n_people, len(waves), wave
        )
        issues = self._issues(problem, row_label, duplicates, rel, wave, relations, waves)
        unmatched = self._unmatched()
        counts = {
            "input": n_in,
            "kept": n_in - n_merged - n_dropped,
            "merged": n_merged,
            "dropped": n_dropped,
            "dropped_self": 0,
            "dropped_unknown": 0,
            "dropped_ambiguous": 0,
            "dropped_blank": 0,
        }
        for code in range(1, 10):
            counts[COUNT_OF[code]] += int(by_code[code])
        counts["matched_by_name"] = self._count_status(BY_NAME, problem)
        counts["weight_missing"] = self.weight_missing
        k = keep_rows(problem, self.src, self.dst, rel, wave, self.weight)  # in place
        src, dst, rel, wave, weights = (
            a[:k].copy() if len(a) > 2 * k + 1024 else a[:k]  # hold no large unused tail
            for a in (self.src, self.dst, rel, wave, self.weight)
        )
        del problem
        self.problem = self.src = self.dst = self.weight = None
        counts["kept_unknown"] = int((dst >= n_roster).sum()) if roster_obj is not None else 0

        notes = kw["notes"]
        if resp_note:
            notes.append(resp_note)
        if self.weight_missing:
            notes.append(f"{self.weight_missing} nomination(s) had no weight; set to 1")
        if n_people > n_roster:
            notes.append(
                f"{n_people - n_roster} people not on the roster kept as nodes (on_roster=False)"
            )
        if roster_obj is not None:
            nodes = roster_obj.table.copy()
            if n_people > n_roster:
                nodes = nodes.reindex(ids)
        else:
            nodes = pd.DataFrame(index=ids)
        nodes.index = ids.copy()
        nodes.index.name = "id"
        nodes["responded"] = responded
        on_roster = np.zeros(n_people, dtype=bool)
        on_roster[:n_roster] = True
        nodes["on_roster"] = on_roster
        report = IngestReport(
            source=source.name,
            layout=self.layout,
            layout_reason=kw["reason"],
            encoding=source.encoding,
            counts=counts,
            issues=issues,
            relations=sorted(relations, key=_sort_key),
            waves=sorted(waves, key=_sort_key),
            n_people=n_people,
            n_respondents=int(responded.sum()),
            unmatched=unmatched,
            notes=notes,
            roster_source=roster_obj.source.name if roster_obj is not None else None,
        )
        if n_merged or n_dropped:
            parts = [f"{v} {k.replace('_', ' ')}" for k, v in counts.items() if v and "_" in k]
            warnings.warn(
                f"{source.name}: of {n_in} nominations, {n_dropped} dropped and {n_merged} merged "
                f"({', '.join(parts)}); see survey.report.issues for each one.",
                DataRepairWarning,
                stacklevel=3,
            )
        return survey_cls(nodes, src, dst, rel, relations, wave, waves, weights, report, by_wave)

    def _count_status(self, code: int, problem: np.ndarray) -> int:
        """Kept nominations whose respondent or nominee had this match status."""
        total = 0
        for role in ("respondent", "nominee"):
            at, status, _ = self._odd(role)
            total += int((problem[at[status == code]] == 0).sum()) if len(at) else 0
        return total

    def _responded(
        self,
        roster_obj: Any,
        respondents: Any,
        n_people: int,
        n_waves: int,
        wave: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray | None, str | None]:
        matcher = self.matcher
        appears, marks = respondent_marks(self.src, wave, n_people, max(n_waves, 1))
        if self.row_resp is not None:
            pos = self.row_resp[0]
            appears[pos[pos >= 0]] = True
        if roster_obj is not None and roster_obj.responded is not None:
            responded = appears.copy()
            responded[: len(roster_obj.responded)] = roster_obj.responded
            return (
                responded,
                None,
                f"responded taken from roster column {roster_obj.responded_column!r}",
            )
        if respondents is not None:
            values = pd.Series(list(respondents), dtype=object)
            grow, matcher.grow = matcher.grow, None
            try:
                pos, status = matcher.resolve(values)
            finally:
                matcher.grow = grow
            unknown = values[(status == UNKNOWN) | (status == AMBIGUOUS)]
            if len(unknown):
                raise UnknownPersonError(
                    "respondents= names people not among the survey's people: "
                    f"{', '.join(map(repr, unknown.tolist()[:20]))}. Use roster ids."
                )
            responded = np.zeros(n_people, dtype=bool)
            responded[pos[pos >= 0]] = True
            return responded, None, "responded taken from respondents="
        by_wave = None
        if n_waves > 1:
            by_wave = marks
            if self.row_resp is not None:
                pos, wcodes, wblank = self.row_resp
                good = (pos >= 0) & ~wblank
                by_wave[wcodes[good], pos[good]] = True
        return appears, by_wave, None

    def _issues(
        self,
        problem: np.ndarray,
        row_label: Any,
        duplicates: str,
        rel: np.ndarray,
        wave: np.ndarray,
        relations: list,
        waves: list,
    ) -> pd.DataFrame:
        flagged = np.flatnonzero(problem > 0)
        if not len(flagged):
            return empty_issues()
        codes = problem[flagged].astype(np.int64)
        on_resp = np.isin(codes, [1, 2, 3])
        ids = self.matcher.ids
        # values: the raw value where kept, else the id the value resolved to
        values = np.empty(len(flagged), dtype=object)
        src = self.src[flagged]
        dst = self.dst[flagged]
        resolved = np.where(on_resp, src, dst)
        has = resolved >= 0
        values[has] = np.asarray(ids.take(resolved[has]), dtype=object)
        for role, mask in (("respondent", on_resp), ("nominee", ~on_resp)):
            at, _, raw = self._odd(role)
            if not len(at):
                continue
            where_in = np.searchsorted(flagged, at)
            found = (where_in < len(flagged)) & (
                flagged[np.minimum(where_in, len(flagged) - 1)] == at
            )
            target = where_in[found]
            use = mask[target]
            values[target[use]] = raw[found][use]
        columns = np.empty(len(flagged), dtype=object)
        columns[on_resp] = self.resp_column
        if self.nom_column is not None:
            columns[~on_resp] = self.nom_column[flagged[~on_resp]]
        else:
            columns[~on_resp] = self.nom_name
        for code, name in ((7, self.rel_name), (8, self.wave_name)):
            sel = codes == code
            if sel.any():
                columns[sel] = str(name) if name is not None else PROBLEMS[code][1]
                values[sel] = None
        if duplicates == "first":
            merge_action = "merged (first weight kept)"
        else:
            merge_action = f"merged ({duplicates} weight kept)"
        problems = np.array([PROBLEMS[c][0] for c in range(1, 11)], dtype=object)
        detail = np.full(len(flagged), "", dtype=object)
        unresolved = np.flatnonzero(np.isin(codes, [2, 3, 5, 6]))
        cache: dict = {}
        asked = 0
        for i in unresolved:
            value = values[i]
            try:
                known = value in cache
            except TypeError:
                continue
            if not known:
                if codes[i] in (3, 6):
                    people = self.matcher.ambiguous_people(value)
                    cache[value] = "could be " + ", ".join(map(repr, people))
                elif asked < 200 and isinstance(value, str):
                    asked += 1
                    close = self.matcher.candidates(value)
                    cache[value] = ("closest: " + "; ".join(close)) if close else ""
                else:
                    cache[value] = ""
            detail[i] = cache[value]
        frame = pd.DataFrame(
            {
                "row": pd.Series(row_label(self._row_of(flagged)), dtype=object),
                "column": columns,
                "value": values,
                "problem": problems[codes - 1],
                "action": np.where(codes == 10, merge_action, "dropped"),
                "detail": detail,
            },
            columns=list(ISSUE_COLUMNS),
        )
        return frame

    def _unmatched(self) -> pd.DataFrame:
        rows = []
        for role in ("respondent", "nominee"):
            at, status, raw = self._odd(role)
            sel = status == UNKNOWN
            if not sel.any():
                continue
            counts = pd.Series(raw[sel]).value_counts(sort=False)
            for k, (value, count) in enumerate(counts.items()):
                close = self.matcher.candidates(value) if k < 200 and isinstance(value, str) else []
                rows.append((value, role, int(count), "; ".join(close)))
        return pd.DataFrame(rows, columns=["value", "role", "count", "closest"])
