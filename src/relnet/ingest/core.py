"""read_survey: any survey export -> Survey, accounting for every input nomination.

This module checks the arguments and runs the steps: read the table
(:mod:`~relnet.ingest.readers`), detect the layout (:mod:`~relnet.ingest.layouts`), resolve
people (:mod:`~relnet.ingest.matching`), fill the per-nomination arrays
(:mod:`~relnet.ingest.accumulate`) and apply the policies (:mod:`~relnet.ingest.assemble`).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, SurveyFileError, check_choice
from relnet.ids import shorten
from relnet.ingest.accumulate import Accumulator
from relnet.ingest.assemble import finish
from relnet.ingest.layouts import LAYOUTS, detect_layout, long_spec, matrix_cells, wide_cells
from relnet.ingest.matching import Matcher, Roster, check_id_types, read_roster
from relnet.ingest.policies import DUPLICATES, scale_lookup
from relnet.ingest.policies import UNKNOWN as UNKNOWN_CHOICES
from relnet.ingest.readers import Restart, Table, read_table
from relnet.survey import Survey

BATCH_ROWS = 1 << 20


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
) -> Survey:
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
    ArgumentError
        Argument misuse: an unknown choice, a list where one column name is expected, an
        invalid ``nominees=`` pattern, ``strict`` that is not a bool, ``scale=`` that is
        not a dict of finite numbers >= 0, ``respondents=`` that is not a list.
    SurveyFileError
        Missing, empty, unreadable, truncated or damaged file, or content that does not
        match the suffix.
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
    Ids are text (:mod:`relnet.ids`): from a file, ``"007"``, ``"7"``, ``"7.0"`` and ``"1E3"``
    are four people, and only an empty cell is blank (``"NA"`` is an id). Spaces around an
    id, its Unicode form, BOM and zero-width characters are normalised (a note says so); ids
    that differ only by case, leading zeros or number spelling are listed in
    ``report.issues`` as possible duplicates, never merged silently.

    Matches what a careful analyst does by hand in UCINET's DL import or statnet's
    ``as.network(edgelist)``: self-ties and repeated ties are removed before analysis, and
    non-respondents stay in the network as nodes whose outgoing ties are unobserved.

    References
    ----------
    .. [1] Marsden, P. V. (1990). Network data and measurement. Annual Review of Sociology 16,
       435-463.
    """
    check_arguments(
        layout=layout, duplicates=duplicates, unknown=unknown, respondent=respondent,
        nominee=nominee, nominees=nominees, relation=relation, weight=weight, wave=wave,
        scale=scale, respondents=respondents, strict=strict,
    )  # fmt: skip
    handle, source = read_table(nominations, what="nominations")
    where = f"nominations {source.name!r}" if source.from_file else "nominations DataFrame"
    index = handle.index

    def row_label(positions: np.ndarray) -> list:
        positions = np.asarray(positions, dtype=np.int64)
        if source.from_file:
            return (positions + 2).tolist()
        return [_plain(v) for v in index.take(positions)]

    roster_obj = read_roster(roster) if roster is not None else None
    options = {
        "unknown": unknown, "layout": layout, "respondent": respondent, "nominee": nominee,
        "nominees": nominees, "relation": relation, "weight": weight, "wave": wave,
        "scale": scale, "where": where, "row_label": row_label, "from_file": source.from_file,
    }  # fmt: skip
    attempts = 2 + len(handle.columns)  # a streamed file restarts once per column at most
    for attempt in range(attempts):
        try:
            acc, notes, reason = _ingest(handle, roster_obj, **options)
            break
        except Restart:
            if attempt == attempts - 1:
                raise SurveyFileError(
                    f"{where}: the file kept changing its column types while being read; "
                    "save it again as UTF-8 CSV with one kind of value per column."
                ) from None
    matcher = acc.matcher
    handle.release()
    if source.note:
        notes.insert(0, f"encoding: {source.note}")
    if roster_obj is None:
        check_id_types(matcher.ids, where)

    acc.raise_bad_weights(where, row_label)
    if unknown == "error":
        acc.raise_unknown(where, row_label)
    return finish(
        acc,
        source=source,
        roster=roster_obj,
        reason=reason,
        notes=notes,
        duplicates=duplicates,
        strict=strict,
        respondents=respondents,
        where=where,
        row_label=row_label,
    )


def check_arguments(**kw: Any) -> None:
    """Refuse argument misuse before any file is opened (:class:`ArgumentError`)."""
    check_choice("layout", kw["layout"], LAYOUTS)
    check_choice("duplicates", kw["duplicates"], DUPLICATES)
    check_choice("unknown", kw["unknown"], UNKNOWN_CHOICES)
    for name in ("respondent", "nominee", "relation", "wave", "weight"):
        value = kw[name]
        if value is None or value is Ellipsis:
            continue
        if not isinstance(value, (str, int, np.integer)) or isinstance(value, bool):
            raise ArgumentError(
                f"{name}= must be one column name (text), not {type(value).__name__} "
                f"{shorten(value)}."
            )
    nominees = kw["nominees"]
    if nominees is not None:
        if isinstance(nominees, (str, re.Pattern)):
            try:
                re.compile(nominees)
            except re.error as error:
                raise ArgumentError(
                    f"nominees={shorten(nominees)} is not a valid regular expression "
                    f"({error}); give e.g. r'(trust|advice)_(\\d+)$' or a list of columns."
                ) from None
        elif not isinstance(nominees, (list, tuple, pd.Index)) or not all(
            isinstance(c, (str, int, np.integer)) and not isinstance(c, bool) for c in nominees
        ):
            raise ArgumentError(
                f"nominees= must be a list of column names or a regular expression, not "
                f"{type(nominees).__name__} {shorten(nominees)}."
            )
    scale = kw["scale"]
    if scale is not None and not isinstance(scale, dict):
        raise ArgumentError(
            f"scale= must be a dict mapping each label to a number, not "
            f"{type(scale).__name__} {shorten(scale)}."
        )
    if scale is not None:
        scale_lookup(scale)  # labels to finite numbers >= 0
    respondents = kw["respondents"]
    if respondents is not None and (
        isinstance(respondents, (str, bytes, dict)) or not isinstance(respondents, Iterable)
    ):
        raise ArgumentError(
            f"respondents= must be a list of ids (who responded), not "
            f"{type(respondents).__name__} {shorten(respondents)}."
        )
    if not isinstance(kw["strict"], (bool, np.bool_)):
        raise ArgumentError(
            f"strict= must be True or False, not {type(kw['strict']).__name__} "
            f"{shorten(kw['strict'])}."
        )


def _matcher(roster: Roster | None, unknown: str, where: str, from_file: bool) -> Matcher:
    if roster is None:
        return Matcher(
            pd.Index([], dtype=object), by_name=False, grow="id", where=where, from_file=from_file
        )
    table = roster.table
    return Matcher(
        roster.ids,
        names=table[roster.name_column] if roster.name_column else None,
        aliases=table[roster.alias_column] if roster.alias_column else None,
        grow="name" if unknown == "keep" else None,
        where=where,
        from_file=from_file,
    )


def _ingest(
    handle: Table,
    roster: Roster | None,
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
    from_file: bool,
) -> tuple[Accumulator, list, str]:
    """Detect the layout and fill an accumulator (may raise Restart for a streamed file)."""
    matcher = _matcher(roster, unknown, where, from_file)
    chosen, reason = detect_layout(
        handle,
        layout=layout,
        respondent=respondent,
        nominee=nominee,
        nominees=nominees,
        matcher=matcher if roster is not None else None,
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
        acc = Accumulator(
            matcher, scale, layout="long", capacity=handle.estimated_rows(), text_ids=from_file
        )
        ids = [spec.respondent, spec.nominee]  # read as text: only an empty cell is blank
        for offset, frame in handle.batches(spec.columns, BATCH_ROWS, ids=ids):
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
        acc = Accumulator(
            matcher, scale, layout=chosen, capacity=len(cells.row), text_ids=from_file
        )
        acc.add_respondent_rows(cells.all_respondents, cells.all_waves)
        acc.add(cells)
        notes = list(cells.notes)
    acc.concat()
    return acc, notes, reason


def _plain(value: object) -> object:
    return value.item() if isinstance(value, np.generic) else value
