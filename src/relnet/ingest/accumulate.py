"""Per-nomination arrays filled batch by batch: positions, relation/wave codes, weights, problems.

:class:`Accumulator` holds one entry per input nomination (a long row, or a non-blank wide or
matrix cell) in preallocated arrays; :mod:`relnet.ingest.assemble` then applies the repair
policies once and builds the Survey.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import SurveyFormatError, UnknownPersonError
from relnet.ids import id_text, is_blank, label_of, shorten
from relnet.ingest.layouts import Cells
from relnet.ingest.matching import Matcher
from relnet.ingest.policies import parse_weights, row_list
from relnet.ingest.problems import ROLE_PROBLEMS, Match, Problem


class Registry:
    """Labels (relations or waves) -> codes, in order of discovery, across batches.

    Wave labels are numbers where they can be (``1``, ``"1"`` and ``"1.0"`` are wave 1);
    relation labels are text. ``NA``-like text (:data:`relnet.ids.BLANK_SPELLINGS`) is blank,
    and :attr:`blank_spellings` counts each one met.
    """

    def __init__(self, text: bool) -> None:
        self.text = text
        self.codes: dict = {}
        self.blank_spellings: dict[str, int] = {}

    def encode(
        self, values: pd.Series | str | None, n: int
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """int32 codes and the blank mask (None when nothing is blank) for one batch."""
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
            try:
                codes, uniques = pd.factorize(values)
            except TypeError:
                raise SurveyFormatError(
                    f"column {shorten(values.name)} holds lists or other containers; give one "
                    "label a cell."
                ) from None
        codes = np.asarray(codes)
        used = np.zeros(len(uniques) + 1, dtype=bool)
        used[codes] = True  # unused categories are never labels
        mapped = np.zeros(len(uniques) + 1, dtype=np.int32)
        blank_u = np.zeros(len(uniques) + 1, dtype=bool)
        blank_u[-1] = True
        for i, value in enumerate(uniques):
            if not used[i]:
                continue
            label = label_of(value, self.text)
            if label is None:
                blank_u[i] = True
                if isinstance(value, str) and value.strip():
                    key = value.strip()
                    self.blank_spellings[key] = self.blank_spellings.get(key, 0) + int(
                        (codes == i).sum()
                    )
            else:
                mapped[i] = self.codes.setdefault(label, len(self.codes))
        if len(codes) and codes.min() < 0:
            codes = np.where(codes < 0, len(uniques), codes)
        if not blank_u[:-1].any() and (not len(codes) or codes.max() < len(uniques)):
            return mapped[codes], None
        return mapped[codes], blank_u[codes]


def sort_key(value: object) -> tuple:
    return (0, value, "") if isinstance(value, (int, float)) else (1, 0, str(value))


class Accumulator:
    """One entry per input nomination, filled batch by batch into preallocated arrays.

    ``src``/``dst`` are person positions (-1 when unresolved), ``rel``/``wave`` label codes,
    ``weight`` the parsed weight and ``problem`` the first :class:`Problem` found (0 = none);
    ``rows`` (wide and matrix layouts) the table row of each entry. After :meth:`concat`
    each array holds exactly ``n`` entries.
    """

    def __init__(
        self,
        matcher: Matcher,
        scale: dict | None,
        layout: str,
        capacity: int = 1024,
        text_ids: bool = False,
    ) -> None:
        self.matcher = matcher
        self.scale = scale if layout != "matrix" else None
        self.layout = layout
        self.text_ids = text_ids  # ids from a file: numbers become their text
        pos = np.int32 if len(matcher.ids) < 2**30 else np.int64
        # preallocated (large, so the allocator maps them apart from per-batch scratch)
        self.capacity = max(int(capacity), 1)
        self.n = 0
        self.src: np.ndarray = np.empty(self.capacity, dtype=pos)
        self.dst: np.ndarray = np.empty(self.capacity, dtype=pos)
        self.rel: np.ndarray | None = np.empty(self.capacity, dtype=np.int32)
        self.wave: np.ndarray | None = np.empty(self.capacity, dtype=np.int32)
        self.weight: np.ndarray = np.empty(self.capacity, dtype=np.float64)
        self.problem: np.ndarray = np.empty(self.capacity, dtype=np.int8)
        self.rows: np.ndarray | None = (
            np.empty(self.capacity, dtype=np.int64) if layout != "long" else None
        )
        self.joined = False
        self.nom_column: np.ndarray | None = None
        self.weight_column: object = None
        self.relations = Registry(text=True)
        self.waves = Registry(text=False)
        self.has_waves = False
        self.has_weight = False
        self.weight_missing = 0
        self.weight_blank_spellings: dict[str, int] = {}
        self.bad_weights: list = []  # (row position, value)
        self.n_bad_weights = 0
        self.raw: dict[str, list] = {"respondent": [], "nominee": []}  # (at, status, values)
        self.resp_column = ""
        self.nom_name = ""
        self.rel_name: object = None
        self.wave_name: object = None
        self.row_resp: tuple | None = None  # wide/matrix: positions and waves of every row

    # ------------------------------------------------------------------ batches
    def add_respondent_rows(self, values: pd.Series, waves: pd.Series | None) -> None:
        """Wide/matrix: every row's respondent (people order, who responded)."""
        pos, status = self.matcher.resolve(self._ids(values))
        wave_codes, wave_blank = self.waves.encode(waves, len(values))
        if wave_blank is None:
            wave_blank = np.zeros(len(values), dtype=bool)
        self.row_resp = (pos, wave_codes, wave_blank)

    def _ids(self, values: pd.Series) -> pd.Series:
        return as_text_ids(values) if self.text_ids else values

    def _room(self, k: int) -> slice:
        if self.n + k > self.capacity:
            self.capacity = cap = max(int((self.n + k) * 1.25), 1024)
            n = self.n
            self.src = _resized(self.src, cap, n)
            self.dst = _resized(self.dst, cap, n)
            self.rel = _resized(self.rel, cap, n)
            self.wave = _resized(self.wave, cap, n)
            self.weight = _resized(self.weight, cap, n)
            self.problem = _resized(self.problem, cap, n)
            self.rows = _resized(self.rows, cap, n)
        return slice(self.n, self.n + k)

    def add(self, cells: Cells) -> None:
        k = len(cells.row)
        start = self.n
        at = self._room(k)
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
        if self.rows is not None:
            self.rows[at] = cells.row
        problem = self.problem[at]
        problem.fill(0)

        def flag(mask: np.ndarray, code: Problem) -> None:
            np.putmask(problem, (problem == 0) & mask, int(code))

        positions = {}
        for role, values in (("respondent", cells.respondent), ("nominee", cells.nominee)):
            column = cells.resp_column if role == "respondent" else cells.nom_column
            check_cells(values, column)
            values = self._ids(values)
            try:
                pos, status = self.matcher.resolve(values)
            except TypeError:  # an unhashable cell the sample did not show
                check_cells(values, column, sample=None)
                raise
            if self._keep_raw(role, values, status, start):
                for match, code in ROLE_PROBLEMS[role].items():
                    flag(status == match, code)
            positions[role] = pos
        self.src[at] = positions["respondent"]
        self.dst[at] = positions["nominee"]
        rel_codes, rel_blank = self.relations.encode(cells.relation, k)
        if rel_blank is not None:
            flag(rel_blank, Problem.BLANK_RELATION)
        self.rel[at] = rel_codes
        wave_codes, wave_blank = self.waves.encode(cells.wave, k)
        if wave_blank is not None:
            flag(wave_blank, Problem.BLANK_WAVE)
        self.wave[at] = wave_codes
        # unresolved rows are flagged already
        same = np.flatnonzero(positions["respondent"] == positions["nominee"])
        if len(same):
            problem[same[problem[same] == 0]] = Problem.SELF_NOMINATION
        weights, missing, bad = parse_weights(
            cells.weight, k, scale=self.scale, spellings=self.weight_blank_spellings
        )
        if cells.weight is not None:
            self.has_weight = True
            self.weight_missing += int(missing.sum())
            if bad.any():
                where_bad = np.flatnonzero(bad)
                self.n_bad_weights += len(where_bad)
                room = 20 - len(self.bad_weights)
                for i in where_bad[: max(room, 0)]:
                    self.bad_weights.append((cells.row[i], _plain(cells.weight.iloc[i])))
        self.weight[at] = weights
        self.n += k

    def _keep_raw(self, role: str, values: pd.Series, status: np.ndarray, start: int) -> bool:
        """Remember raw values that differ from the id they resolve to (or resolve to none).

        Returns whether any is blank, unknown or ambiguous.
        """
        odd = np.flatnonzero(status)
        if len(odd):
            raw = values.iloc[odd].to_numpy(dtype=object)
            self.raw[role].append((odd + start, status[odd], raw))
            bad = status[odd]
            return bool(((bad == Match.BLANK) | (bad == Match.UNKNOWN) |
                         (bad == Match.AMBIGUOUS)).any())  # fmt: skip
        return False

    def concat(self) -> None:
        """Cut every array to the ``n`` entries filled."""
        if self.joined:
            return
        self.joined = True
        n = self.n
        self.src, self.dst, self.weight, self.problem = (
            self.src[:n], self.dst[:n], self.weight[:n], self.problem[:n]
        )  # fmt: skip
        self.rel = self.rel[:n] if self.rel is not None else None
        self.wave = self.wave[:n] if self.wave is not None else None
        self.rows = self.rows[:n] if self.rows is not None else None

    # ------------------------------------------------------------------ errors
    def row_of(self, at: np.ndarray) -> np.ndarray:
        return at if self.rows is None else self.rows[at]

    def odd(self, role: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Positions, match status and raw value of each entry whose value was not plain."""
        parts = self.raw[role]
        if not parts:
            return np.empty(0, np.int64), np.empty(0, np.int8), np.empty(0, object)
        return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))

    def raise_bad_weights(self, where: str, row_label: Any) -> None:
        if not self.n_bad_weights:
            return
        rows = row_label(np.array([r for r, _ in self.bad_weights], dtype=np.int64))
        shown = ", ".join(f"{r} ({shorten(v, 40)})" for r, (_, v) in zip(rows, self.bad_weights))
        more = f" and {self.n_bad_weights - 20} more" if self.n_bad_weights > 20 else ""
        col = self.weight_column if isinstance(self.weight_column, str) else "weight columns"
        if self.scale:
            known = ", ".join(shorten(k, 40) for k in list(self.scale)[:10])
            what = "outside the scale"
            fix = f"use one of the scale's labels ({known}) or its numbers, or extend scale="
        else:
            what = "not finite numbers"
            fix = "give numbers, or pass scale= mapping each label to a number"
        raise SurveyFormatError(
            f"{where}, column {col!r}: {self.n_bad_weights} weight(s) {what} in rows "
            f"{shown}{more}; {fix}."
        )

    def raise_unknown(self, where: str, row_label: Any) -> None:
        lines = []
        total = 0
        for role in ("respondent", "nominee"):
            at, status, raw = self.odd(role)
            bad = np.flatnonzero((status == Match.UNKNOWN) | (status == Match.AMBIGUOUS))
            total += len(bad)
            if not len(bad) or len(lines) >= 20:
                continue
            groups = pd.Series(bad).groupby(pd.Index(raw[bad].astype(str)), sort=False)
            for _, group in groups:
                idx = group.to_numpy()
                value = raw[idx[0]]
                rows = row_label(self.row_of(at[idx[:20]]))
                column = self.column_at(role, at[idx[0]])
                if status[idx[0]] == Match.AMBIGUOUS:
                    people = self.matcher.ambiguous_people(value)
                    why = f"ambiguous: could be {', '.join(shorten(p, 40) for p in people)}"
                else:
                    close = self.matcher.candidates(value) if isinstance(value, str) else []
                    why = "closest: " + "; ".join(close) if close else "no close roster name"
                lines.append(
                    f"{role} {shorten(value)} (column {column!r}, rows "
                    f"{row_list(rows, len(idx))}): {why}"
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

    def column_at(self, role: str, at: int) -> str:
        if role == "respondent":
            return self.resp_column
        if self.nom_column is not None:
            return str(self.nom_column[at])
        return self.nom_name


def check_cells(values: pd.Series, column: object, sample: int | None = 1000) -> None:
    """Refuse lists, dicts or arrays in an id column (a multi-select export), naming it."""
    if values.dtype != object or not len(values):
        return
    cells = values.to_numpy() if sample is None else values.iloc[:sample].to_numpy()
    for value in cells:
        if isinstance(value, (list, tuple, dict, set, np.ndarray)):
            name = column if isinstance(column, str) else "of nominees"
            raise SurveyFormatError(
                f"column {shorten(name)} holds {type(value).__name__} cells such as "
                f"{shorten(value, 60)} (a multi-select export?); give one person a cell: one "
                "row per nomination (long layout) or one column per nominee (wide layout, "
                "e.g. trust_1, trust_2)."
            )


def as_text_ids(values: pd.Series) -> pd.Series:
    """Id values from a file as text: numbers as plainly written (``7.0`` -> ``"7"``).

    Text (and text categories) is returned as is; the matcher normalises it.
    """
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = dtype.categories
        if isinstance(categories.dtype, pd.StringDtype):
            return values
        textual = categories.dtype == object
        if textual and pd.api.types.infer_dtype(categories, skipna=True) in ("string", "empty"):
            return values
        values = values.astype(object)
        dtype = values.dtype
    if isinstance(dtype, pd.StringDtype):
        return values
    if dtype.kind in "iufb":
        array = values.to_numpy()
        if dtype.kind in "iu":
            text = array.astype(str).astype(object)
        else:
            text = np.array([None if is_blank(v) else id_text(v) for v in array], dtype=object)
        return pd.Series(text, index=values.index, name=values.name)
    if dtype.kind == "O":
        array = values.to_numpy()
        if pd.api.types.infer_dtype(array, skipna=True) in ("string", "empty"):
            return values
        text = np.array(
            [v if isinstance(v, str) or is_blank(v) else id_text(v) for v in array], dtype=object
        )
        return pd.Series(text, index=values.index, name=values.name)
    return values.astype(str)


def _resized(array: np.ndarray | None, capacity: int, n: int) -> np.ndarray | None:
    """``array`` with room for ``capacity`` entries, the first ``n`` kept."""
    if array is None:
        return None
    new = np.empty(capacity, dtype=array.dtype)
    new[:n] = array[:n]
    return new


def _plain(value: object) -> object:
    return value.item() if isinstance(value, np.generic) else value
