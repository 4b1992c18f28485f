"""read_survey: any survey export -> Survey, accounting for every input nomination."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import SurveyFormatError, UnknownPersonError, check_choice
from relnet.ingest.layouts import (
    LAYOUTS,
    Cells,
    detect_layout,
    long_cells,
    matrix_cells,
    wide_cells,
)
from relnet.ingest.matching import (
    AMBIGUOUS,
    BLANK,
    UNKNOWN,
    Matcher,
    check_id_types,
    clean_ids,
    id_text,
    normalize_name,
    read_roster,
)
from relnet.ingest.policies import DUPLICATES, combine_duplicates, parse_weights, row_list
from relnet.ingest.policies import UNKNOWN as UNKNOWN_CHOICES
from relnet.ingest.readers import read_table
from relnet.ingest.report import ISSUE_COLUMNS, IngestReport, empty_issues

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
    1    ben    ana    trust  <NA>     1.0
    2    ana    cai    trust  <NA>     1.0

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

    table, source = read_table(nominations, what="nominations")
    where = f"nominations {source.name!r}" if source.from_file else "nominations DataFrame"
    index = table.index

    def row_label(positions: np.ndarray) -> list:
        positions = np.asarray(positions, dtype=np.int64)
        if source.from_file:
            return (positions + 2).tolist()
        return index.take(positions).tolist()

    roster_obj = read_roster(roster) if roster is not None else None
    matcher = None
    if roster_obj is not None:
        rtable = roster_obj.table
        matcher = Matcher(
            roster_obj.ids,
            names=rtable[roster_obj.name_column] if roster_obj.name_column else None,
            aliases=rtable[roster_obj.alias_column] if roster_obj.alias_column else None,
        )

    chosen, reason = detect_layout(
        table,
        layout=layout,
        respondent=respondent,
        nominee=nominee,
        nominees=nominees,
        matcher=matcher,
        where=where,
    )
    if chosen == "long":
        cells = long_cells(
            table,
            respondent=respondent,
            nominee=nominee,
            relation=relation,
            weight=weight,
            wave=wave,
            where=where,
        )
    elif chosen == "wide":
        cells = wide_cells(
            table,
            respondent=respondent,
            nominees=nominees,
            relation=relation,
            weight=weight,
            wave=wave,
            where=where,
        )
    else:
        cells = matrix_cells(
            table,
            respondent=respondent,
            relation=relation,
            wave=wave,
            scale=scale,
            where=where,
            row_label=lambda i: row_label(np.array([i]))[0],
        )
    cells.reason = reason
    notes = list(cells.notes)
    if source.note:
        notes.insert(0, f"encoding: {source.note}")
    n_in = len(cells.row)

    # ---------------------------------------------------------------- people
    if matcher is None:
        ids = _people_without_roster(cells, where)
        matcher = Matcher(ids, by_name=False)
        attributes = pd.DataFrame(index=ids)
        on_roster_n = len(ids)
    else:
        attributes = roster_obj.table
        on_roster_n = len(attributes)
    r_pos, r_status, r_unknown = matcher.resolve(cells.respondent)
    n_pos, n_status, n_unknown = matcher.resolve(cells.nominee)

    new_ids: list = []
    if unknown == "keep" and roster_obj is not None and (len(r_unknown) or len(n_unknown)):
        new_ids, key_pos = _new_people(list(r_unknown) + list(n_unknown), len(attributes))
        for pos, status, values in (
            (r_pos, r_status, cells.respondent),
            (n_pos, n_status, cells.nominee),
        ):
            rows = np.flatnonzero(status == UNKNOWN)
            if len(rows):
                codes, uniques = pd.factorize(values.iloc[rows])
                mapped = np.array([key_pos[normalize_name(id_text(u))] for u in uniques])
                pos[rows] = mapped[codes]
                status[rows] = 0
        kept_unknown_rows = int(
            np.isin(n_pos, np.arange(len(attributes), len(attributes) + len(new_ids))).sum()
        )
    else:
        kept_unknown_rows = 0

    if unknown == "error":
        _raise_unknown(cells, r_status, n_status, r_pos, n_pos, matcher, row_label, where)

    # ---------------------------------------------------------------- relation, wave
    rel_codes, relations, rel_blank = _codes(cells.relation, n_in, sort=True, text=True)
    wave_codes, waves, wave_blank = (
        _codes(cells.wave, n_in, sort=True, text=False)
        if cells.wave is not None
        else (np.zeros(n_in, dtype=np.int32), [], np.zeros(n_in, dtype=bool))
    )
    weights, weight_missing = parse_weights(
        cells.weight,
        n_in,
        scale=scale if cells.layout != "matrix" else None,
        where=where,
        column=cells.weight_column if isinstance(cells.weight_column, str) else "weight",
        row_label=row_label,
        rows=cells.row,
    )

    # ---------------------------------------------------------------- problems
    problem = np.zeros(n_in, dtype=np.int8)

    def flag(mask: np.ndarray, code: int) -> None:
        np.putmask(problem, (problem == 0) & mask, code)

    flag(r_status == BLANK, 1)
    flag(r_status == UNKNOWN, 2)
    flag(r_status == AMBIGUOUS, 3)
    flag(n_status == BLANK, 4)
    flag(n_status == UNKNOWN, 5)
    flag(n_status == AMBIGUOUS, 6)
    flag(rel_blank, 7)
    flag(wave_blank, 8)
    flag(r_pos == n_pos, 9)
    valid = problem == 0
    n_people = len(attributes) + len(new_ids)
    valid_rows = np.flatnonzero(valid) if not valid.all() else None
    sub = (lambda a: a) if valid_rows is None else (lambda a: a[valid_rows])
    key = _pair_key(sub(rel_codes), sub(wave_codes), sub(r_pos), sub(n_pos), n_people, len(waves))
    repeat, kept_weights = combine_duplicates(
        key, sub(weights), duplicates if duplicates != "error" else "first"
    )
    del key
    if repeat.any():
        repeat_rows = np.flatnonzero(repeat) if valid_rows is None else valid_rows[repeat]
        if duplicates == "error":
            labels = row_label(cells.row[repeat_rows[:20]])
            raise SurveyFormatError(
                f"{where}: {len(repeat_rows)} repeated nomination(s) (same respondent, nominee, "
                f"relation and wave) in rows {row_list(labels, len(repeat_rows))}. Remove them, "
                "or pass duplicates='max', 'mean', 'sum' or 'first' to combine them."
            )
        problem[repeat_rows] = 10
        keep_sub = ~repeat
    else:
        keep_sub = None
    dropped_mask = (problem > 0) & (problem < 10)
    n_dropped = int(dropped_mask.sum())
    n_merged = int((problem == 10).sum())
    if strict and n_dropped:
        bad = np.flatnonzero(dropped_mask)
        labels = row_label(cells.row[bad[:20]])
        kinds = pd.Series(problem[bad]).map(lambda c: PROBLEMS[c][0]).value_counts()
        summary = ", ".join(f"{v} {k}" for k, v in kinds.items())
        raise SurveyFormatError(
            f"{where}: strict=True and {n_dropped} nomination(s) would be dropped ({summary}) "
            f"in rows {row_list(labels, n_dropped)}. Fix those rows, or pass strict=False to "
            "drop them and read the report."
        )

    def kept(a: np.ndarray) -> np.ndarray:
        a = sub(a)
        return a if keep_sub is None else a[keep_sub]

    src = kept(r_pos)
    dst = kept(n_pos)
    kept_rel = kept(rel_codes)
    kept_wave = kept(wave_codes)
    kept_w = kept_weights if keep_sub is None else kept_weights[keep_sub]
    index_dtype = np.int32 if n_people < 2**31 else np.int64
    src = src.astype(index_dtype)
    dst = dst.astype(index_dtype)

    # ---------------------------------------------------------------- respondents
    responded, by_wave, resp_note = _responded(
        cells,
        roster_obj,
        respondents,
        matcher,
        r_pos,
        wave_codes,
        len(waves),
        n_people,
        len(new_ids),
    )
    if resp_note:
        notes.append(resp_note)
    nodes = attributes.copy()
    if new_ids:
        extra = pd.DataFrame(index=pd.Index(new_ids, dtype=object))
        nodes = (
            pd.concat([nodes, extra])
            if len(nodes.columns)
            else nodes.reindex(nodes.index.append(extra.index))
        )
    nodes.index.name = "id"
    nodes["responded"] = responded
    on_roster = np.zeros(n_people, dtype=bool)
    on_roster[:on_roster_n] = True
    nodes["on_roster"] = on_roster

    # ---------------------------------------------------------------- report
    issues = _issues(cells, problem, row_label, matcher, duplicates, new_ids)
    counts = {
        "input": n_in,
        "kept": n_in - n_merged - n_dropped,
        "merged": n_merged,
        "dropped": n_dropped,
        "dropped_self": 0,
        "dropped_unknown": 0,
        "dropped_ambiguous": 0,
        "dropped_blank": 0,
        "kept_unknown": kept_unknown_rows,
        "weight_missing": int(weight_missing.sum()) if cells.weight is not None else 0,
    }
    if n_dropped:
        for code, n in zip(*np.unique(problem[dropped_mask], return_counts=True)):
            counts[COUNT_OF[int(code)]] += int(n)
    if counts["weight_missing"]:
        notes.append(f"{counts['weight_missing']} nomination(s) had no weight; set to 1")
    if new_ids:
        notes.append(f"{len(new_ids)} people not on the roster kept as nodes (on_roster=False)")
    unmatched = _unmatched_table(cells, r_status, n_status, matcher, r_unknown, n_unknown)
    report = IngestReport(
        source=source.name,
        layout=cells.layout,
        layout_reason=reason,
        encoding=source.encoding,
        counts=counts,
        issues=issues,
        relations=list(relations),
        waves=list(waves),
        n_people=n_people,
        n_respondents=int(responded.sum()),
        unmatched=unmatched,
        notes=notes,
        roster_source=roster_obj.source.name if roster_obj is not None else None,
    )
    return Survey(
        nodes,
        src,
        dst,
        kept_rel.astype(np.int32),
        relations,
        kept_wave.astype(np.int32),
        waves,
        np.ascontiguousarray(kept_w, dtype=np.float64),
        report,
        by_wave,
    )


# ---------------------------------------------------------------------- helpers
def _people_without_roster(cells: Cells, where: str) -> pd.Index:
    """Everyone who appears, respondents first, in order of appearance."""
    parts = []
    for values in (cells.all_respondents, cells.nominee):
        uniques = pd.unique(values)
        parts.append(pd.Index(np.asarray(uniques, dtype=object)))
    people = parts[0].append(parts[1])
    people = people[~pd.isna(people)]
    people = clean_ids(pd.Index(people, dtype=object))
    if len(people) and people.dtype == object:
        people = people[[not (isinstance(v, str) and v == "") for v in people]]
        kinds = {type(v) for v in people}
        if kinds <= {int, np.int64} and len(people):
            people = pd.Index(people.astype(np.int64))
        elif kinds <= {int, float, np.int64, np.float64}:
            people = clean_ids(pd.Index(np.asarray(people, dtype=np.float64)))
    people = people.drop_duplicates()
    check_id_types(people, where)
    return people


def _new_people(values: list, start: int) -> tuple[list, dict[str, int]]:
    """Ids for unknown people kept as nodes; name variants (case, accents) share one."""
    new_ids: list = []
    key_pos: dict[str, int] = {}
    for value in values:
        key = normalize_name(id_text(value))
        if key not in key_pos:
            key_pos[key] = start + len(new_ids)
            new_ids.append(value.strip() if isinstance(value, str) else value)
    return new_ids, key_pos


def _codes(
    values: pd.Series | str | None, n: int, *, sort: bool, text: bool
) -> tuple[np.ndarray, list, np.ndarray]:
    """Integer codes, sorted labels and the blank mask of a relation or wave column."""
    if isinstance(values, str):
        return np.zeros(n, dtype=np.int32), [values], np.zeros(n, dtype=bool)
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy().astype(np.int64)
        uniques = pd.Index(values.cat.categories)
    else:
        codes, uniques = pd.factorize(values)
        uniques = pd.Index(uniques)
    labels = [_label(u, text) for u in uniques]
    blank_u = np.array([label is None for label in labels] + [True], dtype=bool)
    codes = np.where(codes < 0, len(labels), codes)
    blank = blank_u[codes]
    distinct = sorted({label for label in labels if label is not None}, key=_sort_key)
    where = {label: i for i, label in enumerate(distinct)}
    remap = np.array([where.get(label, 0) if label is not None else 0 for label in labels] + [0])
    return remap[codes].astype(np.int32), distinct, blank


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


def _pair_key(
    rel: np.ndarray, wave: np.ndarray, src: np.ndarray, dst: np.ndarray, n: int, n_waves: int
) -> np.ndarray:
    """One int64 per (relation, wave, respondent, nominee)."""
    layers = (int(rel.max()) + 1 if len(rel) else 1) * max(n_waves, 1)
    if n * n * layers < 2**62:
        key = rel.astype(np.int64)
        if n_waves > 1:
            key *= n_waves
            key += wave
        key *= n
        key += src
        key *= n
        key += dst
        return key
    frame = pd.DataFrame({"r": rel, "w": wave, "s": src, "d": dst})
    return frame.groupby(["r", "w", "s", "d"], sort=False).ngroup().to_numpy()


def _raise_unknown(
    cells: Cells,
    r_status: np.ndarray,
    n_status: np.ndarray,
    r_pos: np.ndarray,
    n_pos: np.ndarray,
    matcher: Matcher,
    row_label: Any,
    where: str,
) -> None:
    del r_pos, n_pos
    lines = []
    total = 0
    for role, status, values, column in (
        ("respondent", r_status, cells.respondent, cells.resp_column),
        ("nominee", n_status, cells.nominee, cells.nom_column),
    ):
        bad = np.flatnonzero((status == UNKNOWN) | (status == AMBIGUOUS))
        total += len(bad)
        if not len(bad):
            continue
        sub = values.iloc[bad]
        for value, group in pd.Series(bad, index=sub.to_numpy()).groupby(level=0, sort=False):
            rows = row_label(cells.row[group.to_numpy()[:20]])
            col = column if isinstance(column, str) else column[group.iloc[0]]
            people = matcher.ambiguous_people(value)
            if len(people) > 1:
                why = f"ambiguous: could be {', '.join(map(repr, people))}"
            else:
                close = matcher.candidates(value)
                why = "closest: " + "; ".join(close) if close else "no close roster name"
            lines.append(
                f"{role} {value!r} (column {col!r}, rows {row_list(rows, len(group))}): {why}"
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


def _responded(
    cells: Cells,
    roster_obj: Any,
    respondents: Iterable[Hashable] | None,
    matcher: Matcher,
    r_pos: np.ndarray,
    wave_codes: np.ndarray,
    n_waves: int,
    n_people: int,
    n_new: int,
) -> tuple[np.ndarray, np.ndarray | None, str | None]:
    """Who responded (overall) and, when inferred with several waves, by wave."""
    responded = np.zeros(n_people, dtype=bool)
    if roster_obj is not None and roster_obj.responded is not None:
        responded[: len(roster_obj.responded)] = roster_obj.responded
        if n_new:
            responded[len(roster_obj.responded) :] = _appears(cells, r_pos, matcher, n_people)[
                len(roster_obj.responded) :
            ]
        return (
            responded,
            None,
            f"responded taken from roster column {roster_obj.responded_column!r}",
        )
    if respondents is not None:
        values = pd.Series(list(respondents), dtype=object)
        pos, status, unknown = matcher.resolve(values)
        if len(unknown):
            raise UnknownPersonError(
                f"respondents= names people not among the survey's people: "
                f"{', '.join(map(repr, list(unknown)[:20]))}. Use roster ids."
            )
        responded[pos[pos >= 0]] = True
        return responded, None, "responded taken from respondents="
    appears = _appears(cells, r_pos, matcher, n_people)
    by_wave = None
    if n_waves > 1 and cells.layout == "long":
        by_wave = np.zeros((n_waves, n_people), dtype=bool)
        ok = r_pos >= 0
        by_wave[wave_codes[ok], r_pos[ok]] = True
    elif n_waves > 1 and cells.all_waves is not None:
        pos_all, _, _ = matcher.resolve(cells.all_respondents)
        wcodes, wlabels, wblank = _codes(cells.all_waves, len(pos_all), sort=True, text=False)
        by_wave = np.zeros((n_waves, n_people), dtype=bool)
        ok = (pos_all >= 0) & ~wblank
        by_wave[wcodes[ok], pos_all[ok]] = True
    return appears, by_wave, None


def _appears(cells: Cells, r_pos: np.ndarray, matcher: Matcher, n_people: int) -> np.ndarray:
    out = np.zeros(n_people, dtype=bool)
    if cells.layout == "long":
        pos = r_pos
    else:
        pos, _, _ = matcher.resolve(cells.all_respondents)
        pos = np.concatenate([pos, r_pos])
    out[pos[pos >= 0]] = True
    return out


def _issues(
    cells: Cells,
    problem: np.ndarray,
    row_label: Any,
    matcher: Matcher,
    duplicates: str,
    new_ids: list,
) -> pd.DataFrame:
    flagged = np.flatnonzero(problem > 0)
    if not len(flagged):
        return empty_issues()
    codes = problem[flagged]
    on_resp = np.isin(codes, [1, 2, 3])
    on_rel = codes == 7
    on_wave = codes == 8

    def column_at(column: str | np.ndarray) -> np.ndarray:
        if isinstance(column, str):
            return np.full(len(flagged), column, dtype=object)
        return np.asarray(column, dtype=object)[flagged]

    resp_vals = cells.respondent.iloc[flagged].to_numpy(dtype=object)
    nom_vals = cells.nominee.iloc[flagged].to_numpy(dtype=object)
    columns = np.where(on_resp, column_at(cells.resp_column), column_at(cells.nom_column))
    values = np.where(on_resp, resp_vals, nom_vals)
    if on_rel.any() and isinstance(cells.relation, pd.Series):
        columns[on_rel] = cells.relation.name if cells.relation.name is not None else "relation"
        values[on_rel] = cells.relation.iloc[flagged[on_rel]].to_numpy(dtype=object)
    if on_wave.any() and cells.wave is not None:
        columns[on_wave] = cells.wave.name if cells.wave.name is not None else "wave"
        values[on_wave] = cells.wave.iloc[flagged[on_wave]].to_numpy(dtype=object)
    merge_action = (
        "merged (kept first weight)"
        if duplicates == "first"
        else (f"merged ({duplicates} weight kept)")
    )
    problems = np.array([PROBLEMS[int(c)][0] for c in range(0, 11) if c > 0], dtype=object)
    detail = np.full(len(flagged), "", dtype=object)
    unresolved = np.flatnonzero(np.isin(codes, [2, 3, 5, 6]))
    if len(unresolved):
        cache: dict = {}
        asked = 0
        for i in unresolved:
            value = values[i]
            try:
                hash(value)
            except TypeError:
                continue
            if value not in cache:
                if codes[i] in (3, 6):
                    people = matcher.ambiguous_people(value)
                    cache[value] = "could be " + ", ".join(map(repr, people))
                elif asked < 200 and isinstance(value, str):
                    asked += 1
                    close = matcher.candidates(value)
                    cache[value] = ("closest: " + "; ".join(close)) if close else ""
                else:
                    cache[value] = ""
            detail[i] = cache[value]
    frame = pd.DataFrame(
        {
            "row": pd.Series(row_label(cells.row[flagged]), dtype=object),
            "column": columns,
            "value": values,
            "problem": problems[codes.astype(np.int64) - 1],
            "action": np.where(codes == 10, merge_action, "dropped"),
            "detail": detail,
        },
        columns=list(ISSUE_COLUMNS),
    )
    del new_ids
    return frame


def _unmatched_table(
    cells: Cells,
    r_status: np.ndarray,
    n_status: np.ndarray,
    matcher: Matcher,
    r_unknown: pd.Index,
    n_unknown: pd.Index,
) -> pd.DataFrame:
    rows = []
    for role, status, values, unknown_values in (
        ("respondent", r_status, cells.respondent, r_unknown),
        ("nominee", n_status, cells.nominee, n_unknown),
    ):
        if not len(unknown_values):
            continue
        bad = values.iloc[np.flatnonzero(status == UNKNOWN)] if (status == UNKNOWN).any() else None
        counts = (
            pd.Series(bad.to_numpy(dtype=object)).value_counts(sort=False)
            if bad is not None
            else pd.Series(dtype=int)
        )
        for k, value in enumerate(unknown_values):
            close = matcher.candidates(value) if k < 200 and isinstance(value, str) else []
            rows.append((value, role, int(counts.get(value, 0)), "; ".join(close)))
    return pd.DataFrame(rows, columns=["value", "role", "count", "closest"])
