"""Apply the repair policies to an :class:`~relnet.ingest.accumulate.Accumulator`: the Survey.

Repeated nominations are merged, every dropped or merged one gets an issue row, who responded
is settled, and the report (counts that balance ``input = kept + merged + dropped``, notes,
possible duplicate ids) is written.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import DataRepairWarning, SurveyFormatError, UnknownPersonError
from relnet.ids import (
    fold_key,
    how_they_differ,
    id_text,
    missing_like,
    possible_duplicates,
    shorten,
)
from relnet.ingest.accumulate import Accumulator, sort_key
from relnet.ingest.matching import Roster
from relnet.ingest.policies import row_list
from relnet.ingest.problems import DROPS, Match, Problem
from relnet.ingest.readers import Source
from relnet.ingest.report import ISSUE_COLUMNS, IngestReport, empty_issues
from relnet.kernels.ingest import keep_rows, mark_repeats, respondent_marks
from relnet.survey import Survey

HOW = {"max": 0, "mean": 1, "sum": 2, "first": 3, "error": 3}
MAX_DETAIL_QUERIES = 1000  # distinct unmatched values given closest-name suggestions


def finish(
    acc: Accumulator,
    *,
    source: Source,
    roster: Roster | None,
    reason: str,
    notes: list,
    duplicates: str,
    strict: bool,
    respondents: Any,
    where: str,
    row_label: Any,
) -> Survey:
    """Merge repeats, drop what was flagged, and build the Survey with its report."""
    acc.concat()
    matcher = acc.matcher
    ids = matcher.ids
    n_people = len(ids)
    n_roster = matcher.n_base if roster is not None else n_people
    # labels stay in the order they were met (codes are not rewritten); Survey sorts them
    relations = list(acc.relations.codes)
    waves = list(acc.waves.codes) if acc.has_waves else []
    rel, wave = acc.rel, acc.wave
    acc.rel = acc.wave = None
    problem = acc.problem
    n_in = acc.n

    n_merged = mark_repeats(
        acc.src,
        rel,
        wave,
        acc.dst,
        problem,
        n_people,
        max(len(relations), 1),
        max(len(waves), 1),
        acc.weight,
        HOW[duplicates],
        int(Problem.REPEATED),
    )
    if n_merged and duplicates == "error":
        repeat_rows = np.flatnonzero(problem == Problem.REPEATED)
        labels = row_label(acc.row_of(repeat_rows[:20]))
        raise SurveyFormatError(
            f"{where}: {n_merged} repeated nomination(s) (same respondent, "
            f"nominee, relation and wave) in rows {row_list(labels, n_merged)}. "
            "Remove them, or pass duplicates='max', 'mean', 'sum' or 'first'."
        )
    by_code = np.bincount(problem, minlength=len(Problem) + 1)
    n_dropped = int(sum(by_code[p] for p in DROPS))
    if strict and n_dropped:
        bad = np.flatnonzero((problem > 0) & (problem < Problem.REPEATED))
        labels = row_label(acc.row_of(bad[:20]))
        kinds = pd.Series(problem[bad]).map(lambda c: Problem(c).label).value_counts()
        summary = ", ".join(f"{v} {k}" for k, v in kinds.items())
        raise SurveyFormatError(
            f"{where}: strict=True and {n_dropped} nomination(s) would be dropped "
            f"({summary}) in rows {row_list(labels, n_dropped)}. Fix those rows, or pass "
            "strict=False to drop them and read the report."
        )

    # respondents before the arrays are compacted
    responded, by_wave, resp_note = _responded(acc, roster, respondents, n_people, len(waves), wave)
    issues = _issues(acc, problem, row_label, duplicates)
    duplicate_rows = _possible_duplicates(acc, roster, row_label)
    if len(duplicate_rows):
        issues = (
            duplicate_rows
            if not len(issues)
            else pd.concat([issues, duplicate_rows], ignore_index=True)
        )
    unmatched = _unmatched(acc)
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
    for code in DROPS:
        counts[code.count] += int(by_code[code])
    counts["matched_by_name"] = _count_status(acc, Match.BY_NAME, problem)
    counts["weight_missing"] = acc.weight_missing
    k = keep_rows(problem, acc.src, acc.dst, rel, wave, acc.weight)  # in place
    src, dst, rel, wave, weights = (
        a[:k].copy() if len(a) > 2 * k + 1024 else a[:k]  # hold no large unused tail
        for a in (acc.src, acc.dst, rel, wave, acc.weight)
    )
    del problem
    acc.problem = acc.src = acc.dst = acc.weight = None
    counts["kept_unknown"] = int((dst >= n_roster).sum()) if roster is not None else 0

    notes = list(notes)
    if resp_note:
        notes.append(resp_note)
    if acc.weight_missing:
        notes.append(f"{acc.weight_missing} nomination(s) had no weight; set to 1")
    if n_people > n_roster:
        notes.append(
            f"{n_people - n_roster} people not on the roster kept as nodes (on_roster=False)"
        )
    notes.extend(_id_notes(acc, roster, len(duplicate_rows)))
    if roster is not None:
        nodes = roster.table.copy()
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
        layout=acc.layout,
        layout_reason=reason,
        encoding=source.encoding,
        counts=counts,
        issues=issues,
        relations=sorted(relations, key=sort_key),
        waves=sorted(waves, key=sort_key),
        n_people=n_people,
        n_respondents=int(responded.sum()),
        unmatched=unmatched,
        notes=notes,
        roster_source=roster.source.name if roster is not None else None,
    )
    if n_merged or n_dropped:
        parts = [f"{v} {k.replace('_', ' ')}" for k, v in counts.items() if v and "_" in k]
        detail = f" ({', '.join(parts)})" if parts else ""
        warnings.warn(
            f"{source.name}: of {n_in} nominations, {n_dropped} dropped and {n_merged} merged"
            f"{detail}; see survey.report.issues for each one.",
            DataRepairWarning,
            stacklevel=3,
        )
    return Survey(nodes, src, dst, rel, relations, wave, waves, weights, report, by_wave)


def _id_notes(acc: Accumulator, roster: Roster | None, n_duplicates: int) -> list[str]:
    """Notes on what the id rules did: normalisation, blank spellings, NA-like ids."""
    notes = []
    matcher = acc.matcher
    n_changed = matcher.n_normalised + (roster.n_normalised if roster is not None else 0)
    if roster is not None and roster.n_names_normalised:
        notes.append(
            f"names normalised: {roster.n_names_normalised} name or alias cell(s) changed to "
            "Unicode form NFC, without byte-order marks or zero-width characters"
        )
    if n_changed:
        examples = ", ".join(
            f"{shorten(raw, 30)} -> {shorten(person, 30)}"
            for raw, person in list(matcher.normalised.items())[:3]
        )
        notes.append(
            f"ids normalised: {n_changed} value(s) differed from an id only by spaces around "
            "it, Unicode form (NFC), a byte-order mark or zero-width characters, or a "
            f"spreadsheet formula quote{f' (e.g. {examples})' if examples else ''}"
        )
    plain_numbers = matcher.digit_ids()  # "7"-style ids only: none looks like a missing value
    like = [] if plain_numbers else missing_like(matcher.ids)
    if like:
        notes.append(
            f"blank ids are empty cells only: {', '.join(shorten(v, 20) for v in like[:10])} "
            "are people's ids here (with or without a roster); blank such cells in the file "
            "if they mean 'no answer'"
        )
    spelled: dict[str, int] = {}
    for counter in (acc.relations.blank_spellings, acc.waves.blank_spellings,
                    acc.weight_blank_spellings):  # fmt: skip
        for key, count in counter.items():
            spelled[key] = spelled.get(key, 0) + count
    if spelled:
        shown = ", ".join(f"{shorten(k, 20)} ({v})" for k, v in spelled.items())
        notes.append(
            f"read as blank in relation, wave or weight columns: {shown} (in id columns only "
            "an empty cell is blank)"
        )
    if n_duplicates:
        notes.append(
            f"{n_duplicates} possible duplicate id(s): ids that differ only by case, leading "
            "zeros or the spelling of a number are kept apart (or matched by name) and listed "
            "in report.issues; merge them in the files if they are one person"
        )
    return notes


def _count_status(acc: Accumulator, code: int, problem: np.ndarray) -> int:
    """Kept nominations whose respondent or nominee had this match status."""
    total = 0
    for role in ("respondent", "nominee"):
        at, status, _ = acc.odd(role)
        total += int((problem[at[status == code]] == 0).sum()) if len(at) else 0
    return total


def _responded(
    acc: Accumulator,
    roster: Roster | None,
    respondents: Any,
    n_people: int,
    n_waves: int,
    wave: np.ndarray,
) -> tuple[np.ndarray, np.ndarray | None, str | None]:
    matcher = acc.matcher
    appears, marks = respondent_marks(acc.src, wave, n_people, max(n_waves, 1))
    if acc.row_resp is not None:
        pos = acc.row_resp[0]
        appears[pos[pos >= 0]] = True
    if roster is not None and roster.responded is not None:
        responded = appears.copy()
        responded[: len(roster.responded)] = roster.responded
        return (
            responded,
            None,
            f"responded taken from roster column {roster.responded_column!r}",
        )
    if respondents is not None:
        values = pd.Series(list(respondents), dtype=object)
        grow, matcher.grow = matcher.grow, None
        try:
            pos, status = matcher.resolve(values)
        finally:
            matcher.grow = grow
        unknown = values[(status == Match.UNKNOWN) | (status == Match.AMBIGUOUS)]
        if len(unknown):
            raise UnknownPersonError(
                "respondents= names people not among the survey's people: "
                f"{', '.join(shorten(v, 40) for v in unknown.tolist()[:20])}. Use roster ids."
            )
        responded = np.zeros(n_people, dtype=bool)
        responded[pos[pos >= 0]] = True
        return responded, None, "responded taken from respondents="
    by_wave = None
    if n_waves > 1:
        by_wave = marks
        if acc.row_resp is not None:
            pos, wcodes, wblank = acc.row_resp
            good = (pos >= 0) & ~wblank
            by_wave[wcodes[good], pos[good]] = True
    return appears, by_wave, None


def _issues(acc: Accumulator, problem: np.ndarray, row_label: Any, duplicates: str) -> pd.DataFrame:
    flagged = np.flatnonzero(problem > 0)
    if not len(flagged):
        return empty_issues()
    codes = problem[flagged].astype(np.int64)
    on_resp = np.isin(codes, [Problem.BLANK_RESPONDENT, Problem.UNKNOWN_RESPONDENT,
                              Problem.AMBIGUOUS_RESPONDENT])  # fmt: skip
    ids = acc.matcher.ids
    # values: the raw value where kept, else the id the value resolved to
    values = np.empty(len(flagged), dtype=object)
    src = acc.src[flagged]
    dst = acc.dst[flagged]
    resolved = np.where(on_resp, src, dst)
    has = resolved >= 0
    values[has] = np.asarray(ids.take(resolved[has]), dtype=object)
    for role, mask in (("respondent", on_resp), ("nominee", ~on_resp)):
        at, _, raw = acc.odd(role)
        if not len(at):
            continue
        where_in = np.searchsorted(flagged, at)
        found = (where_in < len(flagged)) & (flagged[np.minimum(where_in, len(flagged) - 1)] == at)
        target = where_in[found]
        use = mask[target]
        values[target[use]] = raw[found][use]
    columns = np.empty(len(flagged), dtype=object)
    columns[on_resp] = acc.resp_column
    if acc.nom_column is not None:
        columns[~on_resp] = acc.nom_column[flagged[~on_resp]]
    else:
        columns[~on_resp] = acc.nom_name
    for code, name in ((Problem.BLANK_RELATION, acc.rel_name), (Problem.BLANK_WAVE,
                                                                acc.wave_name)):  # fmt: skip
        sel = codes == code
        if sel.any():
            columns[sel] = str(name) if name is not None else code.role
            values[sel] = None
    if duplicates == "first":
        merge_action = "merged (first weight kept)"
    else:
        merge_action = f"merged ({duplicates} weight kept)"
    labels = np.array([""] + [p.label for p in Problem], dtype=object)
    detail = np.full(len(flagged), "", dtype=object)
    unresolved = np.flatnonzero(np.isin(codes, [
        Problem.UNKNOWN_RESPONDENT, Problem.AMBIGUOUS_RESPONDENT,
        Problem.UNKNOWN_NOMINEE, Problem.AMBIGUOUS_NOMINEE,
    ]))  # fmt: skip
    cache: dict = {}
    asked = 0
    for i in unresolved:
        value = values[i]
        try:
            known = value in cache
        except TypeError:
            continue
        if not known:
            if codes[i] in (Problem.AMBIGUOUS_RESPONDENT, Problem.AMBIGUOUS_NOMINEE):
                people = acc.matcher.ambiguous_people(value)
                cache[value] = "could be " + ", ".join(shorten(p, 40) for p in people)
            else:
                near = _formatting_twin(acc, value)
                if near:
                    cache[value] = near
                elif asked < MAX_DETAIL_QUERIES and isinstance(value, str):
                    asked += 1
                    close = acc.matcher.candidates(value)
                    cache[value] = ("closest: " + "; ".join(close)) if close else ""
                else:
                    cache[value] = ""
        detail[i] = cache[value]
    return pd.DataFrame(
        {
            "row": pd.Series(row_label(acc.row_of(flagged)), dtype=object),
            "column": columns,
            "value": values,
            "problem": labels[codes],
            "action": np.where(codes == Problem.REPEATED, merge_action, "dropped"),
            "detail": detail,
        },
        columns=list(ISSUE_COLUMNS),
    )


def _fold_table(acc: Accumulator) -> dict:
    """fold key -> first roster position with it (built once, roster people only)."""
    matcher = acc.matcher
    table = matcher._fold
    if table is None:
        table = {}
        if matcher.n_base <= 1_000_000:
            for p, v in enumerate(matcher.ids[: matcher.n_base]):
                table.setdefault(fold_key(id_text(v)), p)
        matcher._fold = table
    return table


def _formatting_twin(acc: Accumulator, value: object) -> str:
    """Detail for an unknown value that equals a roster id but for formatting."""
    if not isinstance(value, str) or acc.matcher.n_base == 0:
        return ""
    p = _fold_table(acc).get(fold_key(value))
    if p is None:
        return ""
    person = acc.matcher.ids[p]
    words = how_they_differ(value, id_text(person))
    return (
        f"possible duplicate: {shorten(value, 40)} and roster id {shorten(person, 40)} "
        f"{words}; ids are text, so they are different people"
    )


def _possible_duplicates(acc: Accumulator, roster: Roster | None, row_label: Any) -> pd.DataFrame:
    """Issue rows for ids that differ only by formatting: people kept apart, values merged."""
    rows = []
    ids = acc.matcher.ids
    groups = [] if acc.matcher.digit_ids() else possible_duplicates(ids)
    for group in groups:
        first = id_text(group[0])
        words = how_they_differ(first, id_text(group[1]))
        rows.append(
            (
                None,
                roster.id_column if roster is not None else "id",
                " | ".join(map(str, group)),
                Problem.POSSIBLE_DUPLICATE.label,
                "kept apart",
                f"{len(group)} ids {words}; merge them in the files if they are one person",
            )
        )
    # values matched to an id only by ignoring case (name matching): merged, and said so
    seen: set = set()
    for role in ("respondent", "nominee"):
        at, status, raw = acc.odd(role)
        sel = np.flatnonzero(status == Match.BY_NAME)
        for i in sel:
            value = raw[i]
            if not isinstance(value, str) or value in seen:
                continue
            pos = (acc.src if role == "respondent" else acc.dst)[at[i]]
            if pos < 0:
                continue
            person = id_text(ids[pos])
            if value.strip() != person and value.strip().casefold() == person.casefold():
                seen.add(value)
                rows.append(
                    (
                        row_label(acc.row_of(np.array([at[i]])))[0],
                        acc.column_at(role, at[i]),
                        value,
                        Problem.POSSIBLE_DUPLICATE.label,
                        "matched (like a name)",
                        f"differs from id {shorten(person, 40)} only in case",
                    )
                )
    if not rows:
        return empty_issues()
    return pd.DataFrame(rows, columns=list(ISSUE_COLUMNS)).astype(object)


def _unmatched(acc: Accumulator) -> pd.DataFrame:
    rows = []
    for role in ("respondent", "nominee"):
        at, status, raw = acc.odd(role)
        sel = status == Match.UNKNOWN
        if not sel.any():
            continue
        counts = pd.Series(raw[sel]).value_counts(sort=False)
        for k, (value, count) in enumerate(counts.items()):
            use = k < MAX_DETAIL_QUERIES and isinstance(value, str)
            close = acc.matcher.candidates(value) if use else []
            rows.append((value, role, int(count), "; ".join(close)))
    return pd.DataFrame(rows, columns=["value", "role", "count", "closest"])
