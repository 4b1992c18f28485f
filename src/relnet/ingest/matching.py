"""Rosters and matching nominee values (ids, names, aliases) to people.

Matching is vectorised over the input: values are looked up as ids in one hashed (or dense,
for small integer ids) pass, and only the *distinct* values that are not ids go through the
slower steps in Python: the id once normalised (:mod:`relnet.ids`: spaces, Unicode form,
invisible characters; a number and the text that writes it plainly, ``7`` and ``"7"``), then
names and aliases after :func:`normalize_name`, then the closest candidates for the report
(difflib on small rosters; a character-trigram index picks the candidates on large ones).
"""

from __future__ import annotations

import contextlib
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import pandas as pd

from relnet.errors import SurveyFormatError
from relnet.ids import id_text, is_blank, normalize_id, shorten
from relnet.ingest.problems import Match
from relnet.ingest.readers import Source, read_table
from relnet.kernels.ingest import (
    lookup_dense,
    lookup_digits,
    lookup_text,
    parse_digits,
    text_table,
)

OK, BLANK, UNKNOWN, AMBIGUOUS, BY_NAME, ADDED, NORMALISED = tuple(Match)
ID_COLUMNS = ("id", "person_id", "staff_id", "employee_id", "record_id", "participant_id")
NAME_COLUMNS = ("name", "full_name", "fullname", "person_name", "display_name")
ALIAS_COLUMNS = ("aliases", "alias", "other_names", "nicknames")
RESPONDED_COLUMNS = ("responded", "respondent", "response", "completed")
MAX_CANDIDATE_POOL = 200_000
MAX_CANDIDATE_QUERIES = 1000
SMALL_POOL = 2_000  # up to this many names, difflib compares each; past it, a trigram index
INDEX_SHORTLIST = 40  # candidates by shared trigrams that difflib then ranks

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")


def normalize_name(text: object) -> str:
    """A name's matching key: no accents, case, repeated spaces, typographic quotes or dashes.

    Examples
    --------
    >>> normalize_name("  O\u2019Neil,   Séan ") == normalize_name("o'neil, sean")
    True
    >>> normalize_name("Anne\u2013Marie")
    'anne-marie'
    """
    value = str(text)
    if value.isascii():  # no accents, typographic quotes or dashes to fold
        return _SPACES.sub(" ", value.replace("`", "'")).strip().casefold()
    value = unicodedata.normalize("NFKD", value.translate(_TRANSLATE))
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return _SPACES.sub(" ", value).strip().casefold()


def clean_ids(values: pd.Index, *, from_file: bool = False) -> tuple[pd.Index, int]:
    """Roster ids and how many were normalised (spaces, Unicode form, invisible characters).

    From a file every id is text (numbers as plainly written); from a DataFrame numbers stay
    numbers (integral floats become ints) and text is normalised.
    """
    if values.dtype.kind in "iub" or (values.dtype.kind == "f" and not from_file):
        if values.dtype.kind == "f":
            finite = values[~values.isna()]
            integral = len(finite) and np.all(np.mod(finite.to_numpy(), 1) == 0)
            if integral and not values.isna().any():
                return values.astype(np.int64), 0
            return values, 0
        if not from_file:
            return values, 0
    if from_file and values.dtype.kind in "iufb":
        text = [None if is_blank(v) else id_text(v) for v in values.tolist()]
        return pd.Index(text, dtype=object), 0
    text = isinstance(values.dtype, pd.StringDtype)
    if not text and values.dtype.kind in "OUS":
        text = pd.api.types.infer_dtype(values, skipna=True) == "string"
        if not text:
            out = [
                id_text(v, from_file=from_file) if isinstance(v, str) or from_file and
                not is_blank(v) else v
                for v in values
            ]  # fmt: skip
            changed = sum(1 for a, b in zip(values, out) if isinstance(a, str) and a.strip() != b)
            return pd.Index(out, dtype=object), changed
    if text:
        raw = pd.Series(values, dtype="str")
        stripped = raw.str.strip()
        odd = ~raw.str.isascii().fillna(True).astype(bool)
        if from_file:
            odd |= raw.str.startswith("'").fillna(False).astype(bool)
        odd &= raw.notna()
        changed = 0
        if odd.any():
            fixed = [normalize_id(v, from_file=from_file) for v in raw[odd].tolist()]
            changed = int(sum(a.strip() != b for a, b in zip(raw[odd].tolist(), fixed)))
            stripped[odd] = fixed
        # kept as object so its hash table is built once and reused
        return pd.Index(stripped.to_numpy(dtype=object, na_value=None), dtype=object), changed
    return values, 0


def check_id_types(ids: pd.Index, where: str) -> None:
    """Raise when ids of different types collide once read as text (7 and "7")."""
    if ids.dtype != object or len(ids) == 0:
        return
    if pd.api.types.infer_dtype(ids, skipna=True) in ("string", "integer", "boolean"):
        return  # one type: nothing can collide
    text = pd.Index([id_text(v) for v in ids])
    if text.is_unique:
        return
    clash = text[text.duplicated(keep=False)]
    pairs = []
    for key in pd.unique(clash)[:5]:
        same = [v for v, t in zip(ids, text) if t == key]
        pairs.append(" and ".join(repr(v) for v in same))
    raise SurveyFormatError(
        f"{where}: ids of different types collide once read as text: {'; '.join(pairs)}. "
        "Give every id the same type (all text or all numbers) in every table."
    )


@dataclass
class Roster:
    """The people on a roster: ids (in order), attributes, and name/alias/responded columns."""

    table: pd.DataFrame  # indexed by id; attributes (name and aliases included)
    source: Source
    id_column: str
    name_column: str | None = None
    alias_column: str | None = None
    responded: np.ndarray | None = None
    responded_column: str | None = None
    n_normalised: int = 0  # ids changed by normalisation (spaces, Unicode form, invisible)
    n_names_normalised: int = 0  # name/alias cells changed (Unicode form, invisible)

    @property
    def ids(self) -> pd.Index:
        return self.table.index


def _find(columns: pd.Index, wanted: tuple[str, ...]) -> str | None:
    lowered = {str(c).strip().lower(): c for c in columns}
    for name in wanted:
        if name in lowered:
            return lowered[name]
    return None


def _parse_bool(values: pd.Series, where: str) -> np.ndarray:
    truth = {"true": True, "t": True, "yes": True, "y": True, "1": True, "1.0": True}
    truth.update({"false": False, "f": False, "no": False, "n": False, "0": False, "0.0": False})
    if values.dtype == bool:
        return values.to_numpy()
    out = np.zeros(len(values), dtype=bool)
    bad = []
    for i, v in enumerate(values.tolist()):
        key = str(v).strip().lower()
        if key in truth:
            out[i] = truth[key]
        elif v is None or (isinstance(v, float) and np.isnan(v)) or key == "":
            out[i] = False
        else:
            bad.append(i)
    if bad:
        raise SurveyFormatError(
            f"{where} holds values that are not yes/no: rows {_row_list(bad, 2)}. "
            "Use true/false, yes/no or 1/0."
        )
    return out


def _row_list(positions: list[int] | np.ndarray, offset: int) -> str:
    positions = list(positions)
    shown = ", ".join(str(p + offset) for p in positions[:20])
    return shown + (f" and {len(positions) - 20} more" if len(positions) > 20 else "")


def read_roster(roster: object) -> Roster:
    """Read a roster (path or DataFrame) and check its ids.

    The id column is ``id`` (or ``person_id``, ``staff_id``...) or else the first column; from
    a file it is read as text, and only an empty cell is blank (``"NA"`` is a person).
    """

    def id_column_of(names: list) -> list:
        return [_find(pd.Index(names), ID_COLUMNS) or names[0]] if names else []

    handle, source = read_table(roster, what="roster", id_columns=id_column_of)
    table = handle.to_pandas(dictionary=True)  # text attributes as categoricals
    where = f"roster {source.name!r}"
    if isinstance(roster, pd.DataFrame) and not isinstance(table.index, pd.RangeIndex):
        table = table.reset_index()
    id_column = _find(table.columns, ID_COLUMNS) or table.columns[0]
    id_values = table[id_column]
    if isinstance(id_values.dtype, pd.CategoricalDtype):
        id_values = id_values.astype(id_values.cat.categories.dtype)
    _check_cells(id_values, f"{where}, column {shorten(id_column)}")
    ids, n_normalised = clean_ids(pd.Index(id_values), from_file=source.from_file)
    blank = np.asarray(pd.isna(ids))
    if isinstance(ids.dtype, pd.StringDtype) or ids.dtype == object:
        if isinstance(id_values.dtype, pd.StringDtype) and not n_normalised:  # compare in arrow
            blank = blank | id_values.str.strip().eq("").fillna(False).to_numpy(dtype=bool)
        else:
            blank = blank | np.asarray(ids == "", dtype=bool)
    blank = np.flatnonzero(blank)
    offset = 2 if source.from_file else 0
    if len(blank):
        raise SurveyFormatError(
            f"{where}, column {id_column!r}: blank ids in rows {_row_list(blank, offset)}. "
            "Give every person an id (or remove the empty rows)."
        )
    if not ids.is_unique:
        repeated = ids[ids.duplicated()].unique()
        shown = ", ".join(shorten(v, 40) for v in repeated[:20])
        more = f" and {len(repeated) - 20} more" if len(repeated) > 20 else ""
        normal = " (after removing spaces and invisible characters)" if n_normalised else ""
        raise SurveyFormatError(
            f"{where}, column {id_column!r}: duplicate ids{normal} {shown}{more}. Give each "
            "person one row (merge or renumber the repeated ones)."
        )
    check_id_types(ids, f"{where}, column {id_column!r}")
    attributes = table.drop(columns=[id_column])
    attributes.index = ids.rename("id")
    name_column = _find(attributes.columns, NAME_COLUMNS)
    alias_column = _find(attributes.columns, ALIAS_COLUMNS)
    responded_column = _find(attributes.columns, RESPONDED_COLUMNS)
    n_names = 0
    for column in (name_column, alias_column):
        if column is not None:
            attributes[column], changed = _normalized_text(attributes[column])
            n_names += changed
    responded = None
    if responded_column is not None:
        responded = _parse_bool(
            attributes[responded_column], f"{where}, column {responded_column!r}"
        )
        attributes = attributes.drop(columns=[responded_column])
    return Roster(
        attributes,
        source,
        str(id_column),
        name_column,
        alias_column,
        responded,
        responded_column,
        n_normalised,
        n_names,
    )


def _normalized_text(values: pd.Series) -> tuple[pd.Series, int]:
    """Names in NFC without BOM/zero-width characters; how many cells changed.

    Only non-ASCII text can change, so ASCII columns are returned untouched.
    """
    distinct = values.cat.categories if isinstance(values.dtype, pd.CategoricalDtype) else None
    pool = pd.Series(distinct if distinct is not None else values.dropna().unique())
    odd = [v for v in pool.tolist() if isinstance(v, str) and not v.isascii()]
    fixed = {v: _INVISIBLE.sub("", unicodedata.normalize("NFC", v)) for v in odd}
    fixed = {k: v for k, v in fixed.items() if k != v}
    if not fixed:
        return values, 0
    plain = values.astype(object)
    changed = int(plain.isin(list(fixed)).sum())
    return plain.map(lambda v: fixed.get(v, v) if isinstance(v, str) else v), changed


def _check_cells(values: pd.Series, where: str) -> None:
    """Refuse list, dict or array cells (a multi-select export) in an id column."""
    if values.dtype != object or not len(values):
        return
    sample = values.iloc[:1000].tolist()
    odd = next((v for v in sample if isinstance(v, (list, tuple, dict, set, np.ndarray))), None)
    if odd is not None:
        raise SurveyFormatError(
            f"{where} holds {type(odd).__name__} cells such as {shorten(odd, 60)} (a "
            "multi-select export?); give one person a cell: one row per nomination (long "
            "layout) or one column per nominee (wide layout, e.g. trust_1, trust_2)."
        )


@dataclass
class Matcher:
    """Resolves raw values to positions among ``ids``; names via ``names`` and ``aliases``.

    ``grow`` adds people for values that match nobody: ``"id"`` (no roster: everyone who
    appears is a person; text forms that collide across types are an error) or ``"name"``
    (``unknown="keep"``: name variants that normalise alike become one person).
    """

    ids: pd.Index
    names: pd.Series | None = None  # aligned to ids
    aliases: pd.Series | None = None  # aligned to ids, ';'-separated
    by_name: bool = True
    grow: str | None = None
    where: str = "nominations"
    _text: dict[str, int] | None = field(default=None, repr=False)
    _keys: dict[str, set[int]] | None = field(default=None, repr=False)
    _labels: dict[str, str] | None = field(default=None, repr=False)
    _lut: tuple[int, np.ndarray] | None = field(default=None, repr=False)
    _grown: dict[str, int] = field(default_factory=dict, repr=False)
    _exact_map: dict | None = field(default=None, repr=False)
    _bytes: tuple | None = field(default=None, repr=False)  # text ids' hash table (kernel)
    _bytes_extra: dict = field(default_factory=dict, repr=False)  # text ids added since
    _index: NameIndex | None = field(default=None, repr=False)
    _close: dict = field(default_factory=dict, repr=False)  # candidates already asked for
    _fold: dict | None = field(default=None, repr=False)  # fold key -> roster position
    _digits: tuple | bool | None = field(default=None, repr=False)  # "7"-style ids' table
    n_base: int = -1
    from_file: bool = False  # values come from a file: undo the CSV writer's formula quote
    normalised: dict = field(default_factory=dict, repr=False)  # raw -> id (first 20)
    n_normalised: int = 0  # distinct raw values that matched only once normalised

    def __post_init__(self) -> None:
        if self.n_base < 0:
            self.n_base = len(self.ids)

    # ------------------------------------------------------------ vectorised entry point
    def resolve(self, values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions (int64, -1 when unmatched) and per-row status for raw ``values``.

        Status is OK, BY_NAME (matched a name or alias, or an id written differently),
        ADDED (a person added by ``grow``), BLANK, UNKNOWN or AMBIGUOUS.
        """
        series = values if isinstance(values, pd.Series) else pd.Series(values)
        if _arrow_text(series.dtype) and len(series) > 256:
            found = self._resolve_digits(series)
            if found is not None:
                return found
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = series.cat.codes.to_numpy()
            categories = series.cat.categories
            used = np.zeros(len(categories) + 1, dtype=bool)
            used[codes] = True  # code -1 (blank) marks the spare last slot
            if used[:-1].all():
                pos_u, status_u = self.resolve_distinct(pd.Index(categories))
            else:  # unused categories are never people
                keep = np.flatnonzero(used[:-1])
                pos_u = np.full(len(categories), -1, dtype=np.int64)
                status_u = np.full(len(categories), BLANK, dtype=np.int8)
                pos_u[keep], status_u[keep] = self.resolve_distinct(pd.Index(categories.take(keep)))
            return self._spread(codes, pos_u, status_u)
        array = series.to_numpy() if series.dtype.kind in "iuf" else None
        pos = None if array is None else self._exact(array)
        if pos is None:
            codes, uniques = pd.factorize(series)
            pos_u, status_u = self.resolve_distinct(pd.Index(uniques))
            return self._spread(codes, pos_u, status_u)
        status = np.zeros(len(pos), dtype=np.int8)
        missing = pos < 0
        if missing.any():
            rows = np.flatnonzero(missing)
            codes, uniques = pd.factorize(array[rows])
            pos_u, status_u = self.resolve_distinct(pd.Index(uniques))
            pos[rows], status[rows] = self._spread(codes, pos_u, status_u)
        return pos, status

    def _resolve_digits(self, series: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
        """Text that writes an id plainly ("7", "120") through a dense table, in one pass.

        Only when every id is such a number; other values (``"007"``, names, blanks) take
        the general path. None when the ids are not all plain numbers.
        """
        table = self._digit_table()
        if table is None:
            return None
        query = _utf8(pd.Index(series.array, copy=False))
        if query is None:
            return None
        pos = lookup_digits(*query, *table)
        status = np.zeros(len(pos), dtype=np.int8)
        rows = np.flatnonzero(pos < 0)
        if len(rows):
            codes, uniques = pd.factorize(series.iloc[rows])
            pos_u, status_u = self.resolve_distinct(pd.Index(uniques))
            pos[rows], status[rows] = self._spread(codes, pos_u, status_u)
        return pos, status

    def digit_ids(self) -> bool:
        """True when every id is text writing a whole number plainly ("7", never "007")."""
        return self._digit_table() is not None

    def _digit_table(self) -> tuple[int, np.ndarray] | None:
        """(lo, lut) when every id is text writing a whole number plainly; else None."""
        if self._digits is None:
            self._digits = False
            n = len(self.ids)
            if n and self.ids.dtype == object:
                query = _utf8(pd.Index(self.ids, dtype=object))
                values = parse_digits(*query) if query is not None else None
                if values is not None and (values >= 0).all():
                    lo, hi = int(values.min()), int(values.max())
                    if hi - lo <= 4 * n + 1_000_000:
                        lut = np.full(hi - lo + 1, -1, dtype=np.int64)
                        lut[values - lo] = np.arange(n)
                        self._digits = (lo, lut)
        return self._digits or None

    @staticmethod
    def _spread(
        codes: np.ndarray, pos_u: np.ndarray, status_u: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        pos_u = np.append(pos_u, -1).astype(np.int64)
        status_u = np.append(status_u, BLANK).astype(np.int8)
        codes = np.where(codes < 0, len(pos_u) - 1, codes)
        return pos_u[codes], status_u[codes]

    def _exact(self, array: np.ndarray) -> np.ndarray | None:
        """Vector id lookup for numeric arrays; None when the slower path must be taken."""
        kind = array.dtype.kind
        if kind not in "iuf" or self.ids.dtype.kind not in "iu":
            return None
        if kind == "f":
            finite = np.isfinite(array)
            integral = finite & (np.mod(np.where(finite, array, 0), 1) == 0)
            if (finite & ~integral).any():
                return None
            ints = np.where(integral, array, -1).astype(np.int64)
            pos = self._lookup_int(ints)
            pos[~integral] = -1
            return pos
        return self._lookup_int(array.astype(np.int64, copy=False))

    def _lookup_int(self, ints: np.ndarray) -> np.ndarray:
        if self._lut is None:
            ids = self.ids.to_numpy()
            self._lut = (0, np.empty(0, dtype=np.int64))
            if len(ids):
                lo, hi = int(ids.min()), int(ids.max())
                if hi - lo <= 4 * len(ids) + 1_000_000:
                    lut = np.full(hi - lo + 1, -1, dtype=np.int64)
                    lut[ids - lo] = np.arange(len(ids))
                    self._lut = (lo, lut)
        lo, lut = self._lut
        if len(lut):
            return lookup_dense(np.ascontiguousarray(ints, dtype=np.int64), lo, lut)
        return self.ids.get_indexer(ints).astype(np.int64)

    # ------------------------------------------------------------ distinct values, in Python
    def resolve_distinct(self, uniques: pd.Index) -> tuple[np.ndarray, np.ndarray]:
        """Positions and status for distinct raw values (growing ``ids`` when asked)."""
        n = len(uniques)
        pos = np.full(n, -1, dtype=np.int64)
        status = np.zeros(n, dtype=np.int8)
        if n == 0:
            return pos, status
        exact = self._exact_distinct(uniques)
        pos[:] = exact
        new: list = []
        missed = np.flatnonzero(exact < 0)
        # arrow-backed text: the missed values as Python strings at once, not one by one
        subset = None
        if isinstance(uniques.dtype, pd.StringDtype) and len(missed):
            subset = uniques.take(missed).to_numpy(dtype=object)
        for k, i in enumerate(missed):
            value = uniques[i] if subset is None else subset[k]
            if type(value) is str:  # the common case, inline: strip, and more only if needed
                text = value.strip()
                if not text.isascii() or (self.from_file and value[:1] == "'"):
                    text = normalize_id(value, from_file=self.from_file)
                if not text:
                    status[i] = BLANK
                    continue
                changed = value != text
            else:
                if is_blank(value):
                    status[i] = BLANK
                    continue
                if isinstance(value, (list, tuple, dict, set, np.ndarray)):
                    raise SurveyFormatError(
                        f"{self.where}: a cell holds a {type(value).__name__} "
                        f"({shorten(value, 60)}), not one person (a multi-select export?); "
                        "give one row per nomination (long layout) or one column per nominee "
                        "(wide layout, e.g. trust_1, trust_2)."
                    )
                text = id_text(value, from_file=self.from_file)
                if text == "":
                    status[i] = BLANK
                    continue
                changed = isinstance(value, str) and value != text
            p = self.text_ids().get(text)
            if p is not None:
                if self.grow == "id" and not (type(value) is str and self.ids.dtype == object
                                              and type(self.ids[p]) is str):  # fmt: skip
                    self._check_same_type(value, self.ids[p])
                pos[i] = p
                status[i] = NORMALISED if changed else OK
                if changed:
                    self._note_normalised(value, self.ids[p])
                continue
            if self.by_name:
                found = self.name_keys().get(normalize_name(text))
                if found and len(found) == 1:
                    pos[i] = next(iter(found))
                    status[i] = BY_NAME
                    continue
                if found:
                    status[i] = AMBIGUOUS
                    continue
            if self.grow is None:
                status[i] = UNKNOWN
                continue
            key = text if self.grow == "id" else normalize_name(text)
            p = self._grown.get(key)
            if p is not None and self.grow == "id":
                other = self.ids[p] if p < len(self.ids) else new[p - len(self.ids)]
                self._check_same_type(value, other)
                if changed:
                    self._note_normalised(value, other)
            if p is None:
                p = len(self.ids) + len(new)
                self._grown[key] = p
                person = _new_id(value, text)
                new.append(person)
                if changed and self.grow == "id":
                    self._note_normalised(value, person)
            pos[i] = p
            status[i] = ADDED if self.grow == "name" else OK
        if new:
            self._digits = None  # rebuilt with the new ids when next asked
            start = len(self.ids)
            added = pd.Index(new)
            if isinstance(added.dtype, pd.StringDtype):
                added = added.astype(object)  # text ids: the dict and byte tables expect objects
            if len(self.ids) == 0:
                self.ids = added
            else:
                grown = self.ids.append(added)
                if isinstance(grown.dtype, pd.StringDtype):  # pandas infers str: keep objects
                    grown = grown.astype(object)
                self.ids = grown
            self._lut = None
            if self._text is not None:
                for k, v in enumerate(new):
                    self._text.setdefault(v if type(v) is str else id_text(v), start + k)
            if self._bytes is not None:
                if len(self.ids) - self._bytes[4] > max(self._bytes[4], 1 << 16):
                    self._bytes, self._bytes_extra = None, {}  # rebuilt on the next lookup
                else:
                    for k, v in enumerate(new):
                        if isinstance(v, str):
                            self._bytes_extra.setdefault(v, start + k)
            if self._exact_map is not None:
                if self.ids.dtype == object:
                    for k, v in enumerate(new):
                        self._exact_map.setdefault(v, start + k)
                else:
                    self._exact_map = None
        return pos, status

    def _exact_distinct(self, uniques: pd.Index) -> np.ndarray:
        """Exact id lookups; a dict for text ids (pandas' object lookup rescans the index)."""
        n = len(uniques)
        if not len(self.ids):
            return np.full(n, -1, dtype=np.int64)
        if self.ids.dtype == object:
            found = self._exact_text(uniques)
            if found is not None:
                return found
            values = uniques.to_numpy(dtype=object)
            if self._exact_map is None:
                self._exact_map = dict(zip(self.ids, range(len(self.ids))))
            table = self._exact_map
            try:
                return np.fromiter(map(table.get, values, repeat(-1, n)), np.int64, count=n)
            except TypeError:  # an unhashable value: one at a time
                out = np.full(n, -1, dtype=np.int64)
                for i, value in enumerate(values):
                    with contextlib.suppress(TypeError):
                        out[i] = table.get(value, -1)
                return out
        try:
            return self.ids.get_indexer(uniques).astype(np.int64)
        except (TypeError, ValueError):
            return np.full(n, -1, dtype=np.int64)

    def _exact_text(self, uniques: pd.Index) -> np.ndarray | None:
        """Exact lookups of text values through a hash table of the ids' UTF-8 bytes.

        One numba pass over the values' bytes (as arrow lays them out) instead of a Python
        dict lookup per value; None when a value is not text (the dict path handles it).
        """
        query = _utf8(uniques)
        if query is None:
            return None
        if self._bytes is None:
            ids = self.ids.to_numpy(dtype=object)
            if not len(ids) or pd.api.types.infer_dtype(ids, skipna=False) == "string":
                text = np.ones(len(ids), dtype=bool)
            else:
                text = np.fromiter((isinstance(v, str) for v in ids), dtype=bool, count=len(ids))
            keys = _utf8(pd.Index(ids if text.all() else ids[text], dtype=object))
            if keys is None:
                return None
            offsets, data, _ = keys
            positions = np.flatnonzero(text).astype(np.int64)
            self._bytes = (text_table(offsets, data), offsets, data, positions, len(ids))
            self._bytes_extra = {}
        slots, offsets, data, positions, _ = self._bytes
        out = lookup_text(slots, offsets, data, positions, *query)
        if self._bytes_extra:  # ids added after the table was built
            miss = np.flatnonzero(out < 0)
            if len(miss):
                values = uniques.take(miss).to_numpy(dtype=object)
                get = self._bytes_extra.get
                out[miss] = np.fromiter(map(get, values, repeat(-1)), np.int64, count=len(miss))
        return out

    def _note_normalised(self, raw: object, person: object) -> None:
        self.n_normalised += 1
        if len(self.normalised) < 20:
            self.normalised.setdefault(raw, person)

    def _check_same_type(self, value: object, other: object) -> None:
        numeric = (int, float, np.integer, np.floating)
        if isinstance(value, numeric) == isinstance(other, numeric):
            return
        raise SurveyFormatError(
            f"{self.where}: ids of different types collide once read as text: "
            f"{shorten(other, 40)} and {shorten(value, 40)}. Give every id the same type (all "
            "text or all numbers)."
        )

    def text_ids(self) -> dict[str, int]:
        if self._text is None:
            text: dict[str, int] = {}
            for i, v in enumerate(self.ids):
                text.setdefault(id_text(v), i)
            self._text = text
        return self._text

    def name_keys(self) -> dict[str, set[int]]:
        """Normalised name, alias and id text -> positions of the people it may mean."""
        if self._keys is None:
            keys: dict[str, set[int]] = {}
            labels: dict[str, str] = {}

            def add(key_source: object, p: int) -> None:
                if key_source is None or (not isinstance(key_source, str) and pd.isna(key_source)):
                    return
                key = normalize_name(key_source)
                if key:
                    keys.setdefault(key, set()).add(p)
                    labels.setdefault(key, str(key_source).strip())

            for p, v in enumerate(self.ids[: self.n_base]):
                add(id_text(v), p)
            if self.names is not None:
                for p, v in enumerate(self.names.tolist()):
                    add(v, p)
            if self.aliases is not None:
                for p, v in enumerate(self.aliases.tolist()):
                    if isinstance(v, str):
                        for alias in v.split(";"):
                            add(alias, p)
            self._keys, self._labels = keys, labels
        return self._keys

    def candidates(self, value: object, n: int = 3) -> list[str]:
        """Closest roster names/ids to an unmatched value, as ``"Name (id)"`` strings.

        The ranking is difflib's (``get_close_matches``, cutoff 0.6). Past
        :data:`SMALL_POOL` names a character-trigram index first shortlists the
        :data:`INDEX_SHORTLIST` names sharing most trigrams with the value, so a query costs
        about the length of the value's posting lists, not a comparison with every name.
        """
        key = normalize_name(value)
        if key in self._close:
            return self._close[key]
        keys = self.name_keys()
        if len(keys) > MAX_CANDIDATE_POOL:
            return []
        if len(keys) <= SMALL_POOL:
            pool: list = list(keys)
        else:
            if self._index is None:
                self._index = NameIndex(list(keys))
            pool = self._index.shortlist(key, INDEX_SHORTLIST)
        close = difflib.get_close_matches(key, pool, n=n, cutoff=0.6)
        out = []
        for match in close:
            people = sorted(keys[match])
            who = ", ".join(shorten(_plain(self.ids[p]), 40) for p in people[:3])
            out.append(f"{shorten(self._labels[match], 60)} (id {who})")
        self._close[key] = out
        return out

    def ambiguous_people(self, value: object) -> list[object]:
        found = self.name_keys().get(normalize_name(id_text(value)), set())
        return [_plain(self.ids[p]) for p in sorted(found)]


def _arrow_text(dtype: object) -> bool:
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def _utf8(values: pd.Index) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Offsets (int64), UTF-8 bytes (uint8) and validity of text values; None if any is not.

    Arrow-backed text (a streamed block's categories) is read in place; Python strings are
    encoded once by pyarrow.
    """
    try:
        import pyarrow as pa
    except ImportError:
        return None
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        array = pa.array(values.array)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
    else:
        if values.dtype != object:
            return None
        if len(values) and pd.api.types.infer_dtype(values, skipna=False) != "string":
            return None
        try:
            array = pa.array(values.to_numpy(), type=pa.string())
        except Exception:  # text that cannot be UTF-8 (lone surrogates)
            return None
    if pa.types.is_large_string(array.type):
        width = np.int64
    elif pa.types.is_string(array.type):
        width = np.int32
    else:
        return None
    buffers = array.buffers()
    start = array.offset
    offsets = np.frombuffer(buffers[1], dtype=width)[start : start + len(array) + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else None
    if data is None:
        data = np.zeros(0, dtype=np.uint8)
    valid = np.ones(len(array), dtype=bool)
    if array.null_count:
        valid = array.is_valid().to_numpy(zero_copy_only=False)
    return offsets.astype(np.int64, copy=False), data, valid


def _new_id(value: object, text: str) -> object:
    """An id for a person first met as ``value``: text normalised, 7.0 read as 7."""
    if isinstance(value, str):
        return text
    value = _plain(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _plain(value: object) -> object:
    return value.item() if isinstance(value, np.generic) else value


class NameIndex:
    """Character-trigram index of normalised names: shortlists the closest for difflib.

    **Definition.** Each name ``k`` is padded (``"  k "``) and cut into its set of trigrams
    ``G(k)``; a query ``q`` scores every name by the Dice overlap
    ``2|G(q) & G(k)| / (|G(q)| + |G(k)|)`` from the posting lists of its trigrams, and the
    best ``size`` names go on. Misspellings (a letter dropped, swapped or changed) keep most
    trigrams, so the names difflib would pick are on the shortlist. Built with numpy (each
    trigram is three code points packed into an int64), no Python loop over names.
    """

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        rows, grams = _trigram_pairs(keys)
        order = np.argsort(grams, kind="stable")
        sorted_grams = grams[order]
        first = np.r_[True, sorted_grams[1:] != sorted_grams[:-1]]
        self.vocabulary = sorted_grams[first]
        gram_ids = np.empty(len(grams), dtype=np.int64)
        gram_ids[order] = np.cumsum(first) - 1
        pairs = np.sort(rows * len(self.vocabulary) + gram_ids)  # each trigram once a name
        pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
        rows, gram_ids = pairs // len(self.vocabulary), pairs % len(self.vocabulary)
        order = np.argsort(gram_ids, kind="stable")
        self.postings = rows[order].astype(np.int32)
        self.starts = np.searchsorted(gram_ids[order], np.arange(len(self.vocabulary) + 1))
        self.sizes = np.bincount(rows, minlength=len(keys)).astype(np.float64)

    def shortlist(self, query: str, size: int) -> list[str]:
        grams = np.array(sorted(set(_trigram_pairs([query])[1].tolist())), dtype=np.int64)
        at = np.searchsorted(self.vocabulary, grams)
        last = len(self.vocabulary) - 1
        at = at[(at <= last) & (self.vocabulary[np.minimum(at, last)] == grams)]
        if not len(at):
            return []
        hits = np.concatenate([self.postings[self.starts[g] : self.starts[g + 1]] for g in at])
        shared = np.bincount(hits, minlength=len(self.keys))
        hits = np.flatnonzero(shared)
        score = 2 * shared[hits] / (self.sizes[hits] + len(grams))
        if len(hits) > size:
            keep = np.argpartition(-score, size - 1)[:size]
            hits, score = hits[keep], score[keep]
        best = hits[np.argsort(-score, kind="stable")]
        return [self.keys[i] for i in best]


def _trigram_pairs(keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, trigram code) for every trigram of every padded key, vectorised."""
    padded = np.array([f"  {k} " for k in keys], dtype=str)
    width = padded.dtype.itemsize // 4
    if not len(keys) or width < 3:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    points = padded.view(np.uint32).reshape(len(keys), width).astype(np.int64)
    lengths = np.char.str_len(padded)
    codes = (points[:, :-2] << 42) | (points[:, 1:-1] << 21) | points[:, 2:]
    valid = np.arange(width - 2)[None, :] < (lengths - 2)[:, None]
    rows = np.broadcast_to(np.arange(len(keys))[:, None], codes.shape)
    return rows[valid], codes[valid]
