"""Person ids: the rules that decide when two values are the same person.

**Ids are text.** An id read from a file is the text of its cell: ``"007"`` and ``"7"``,
``"1E3"`` and ``"1000"``, ``"7.0"`` and ``"7"`` are different people, and a numeric-looking
id is never converted. (A DataFrame's numeric id column keeps its numbers; a number matches
the text that writes it plainly: ``7`` matches ``"7"``, never ``"007"``.)

**Blank** is a truly empty cell (or one holding only spaces). ``"NA"``, ``"null"``,
``"None"`` and ``"nan"`` are ids like any other, with or without a roster; only in relation,
wave and weight columns do those spellings (:data:`BLANK_SPELLINGS`) mean "no value", and the
report says when that happened.

**Normalised** (invisible differences, so the values are the same person, and a report note
counts them): Unicode normalisation form (NFC), a byte-order mark or zero-width characters,
spaces around the id, and, for ids read from a file, the single quote relnet's CSV writer puts
before a leading ``= + - @`` (see :mod:`relnet.exports`).

**Reported, never merged** (visible differences): ids equal after ignoring case, leading
zeros or the spelling of a number (``"7.0"``, ``"1E3"``) are listed in the report as possible
duplicates; see :func:`fold_keys`.
"""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np
import pandas as pd

#: characters deleted from ids and names (byte-order mark, zero-width space/joiners)
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
#: spellings that mean "no value" in relation, wave and weight columns (never in id columns)
BLANK_SPELLINGS = frozenset({"na", "n/a", "null", "none", "nan", "#n/a", "nat", "<na>"})
#: leading characters a spreadsheet may run as a formula (OWASP CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = re.compile(r"^'('*[=+\-@\t\r])", re.S)
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$")


def normalize_id(text: str, *, from_file: bool = False) -> str:
    """The id a text value stands for: NFC, no BOM or zero-width characters, no outer spaces.

    With ``from_file``, one leading quote added by a spreadsheet-safe CSV writer before
    ``= + - @``, tab or carriage return is removed (the value reads back as it was written).

    Examples
    --------
    >>> normalize_id("\\ufeff Jose\\u0301 ")
    'José'
    >>> normalize_id("'=A1", from_file=True), normalize_id("'=A1")
    ('=A1', "'=A1")
    """
    if from_file and text.startswith("'"):  # before anything else: undo exactly what was done
        text = _ESCAPED.sub(r"\1", text)
    text = text.strip()
    if not text.isascii():
        text = _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text)).strip()
    return text


def id_text(value: object, *, from_file: bool = False) -> str:
    """The text of an id: numbers as plainly written (7, 7.0 -> ``"7"``), text normalised.

    Examples
    --------
    >>> id_text(7.0), id_text(" 007 "), id_text(2.5)
    ('7', '007', '2.5')
    """
    if isinstance(value, str):
        return normalize_id(value, from_file=from_file)
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isfinite(number) and number.is_integer():
            return str(int(number))
        return repr(number)
    return normalize_id(str(value), from_file=from_file)


def is_blank(value: object) -> bool:
    """True for a truly empty id cell: None, NaN/NA, or text of only spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip(" \t\r\n\f\v" + INVISIBLE)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def is_blank_spelling(value: object) -> bool:
    """True for text that means "no value" outside id columns (``"NA"``, ``"null"``...)."""
    return isinstance(value, str) and value.strip().casefold() in BLANK_SPELLINGS


def label_of(value: object, text: bool) -> object:
    """A relation (``text``) or wave label: None when blank; waves as numbers where they can be.

    Examples
    --------
    >>> [label_of(v, text=False) for v in (1, "1", "1.0", 1.0, " baseline ", "NA")]
    [1, 1, 1, 1, 'baseline', None]
    """
    if is_blank(value):
        return None
    if isinstance(value, str):
        value = value.strip()
        if value.casefold() in BLANK_SPELLINGS:
            return None
        if text:
            return id_text(value)
        try:
            number = float(value)
        except ValueError:
            return id_text(value)
        if math.isfinite(number) and number.is_integer():
            return int(number)
        return number if math.isfinite(number) else id_text(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value)) if text else int(value)
    if isinstance(value, np.generic):
        value = value.item()
    return str(value) if text else value


def fold_key(text: str) -> str:
    """The key under which ids that differ only in formatting collide.

    Case is ignored, and a number-looking id becomes its number (leading zeros, ``7.0``,
    ``1E3`` forms); equal keys with different ids are *possible duplicates*.

    Examples
    --------
    >>> fold_key("007") == fold_key("7") == fold_key("7.0"), fold_key("1E3") == fold_key("1000")
    (True, True)
    >>> fold_key("Ana") == fold_key("ANA")
    True
    """
    key = normalize_id(text).casefold()
    if _NUMBER.match(key):
        try:
            number = float(key)
        except ValueError:  # pragma: no cover - the pattern admits only floats
            return key
        if math.isfinite(number):
            return "#" + (str(int(number)) if number.is_integer() else repr(number))
    return key


def fold_keys(ids: pd.Index) -> np.ndarray | None:
    """Vectorised :func:`fold_key` of text ids; None when no two can collide.

    Ids that are all plain whole numbers without leading zeros (``"1"``, ``"20"``) cannot
    collide and are answered without looking at each one.
    """
    if len(ids) < 2:
        return None
    text = pd.Series(np.asarray(ids, dtype=object), dtype="str")
    text = text.where(text.notna(), "")
    if text.str.fullmatch(r"0|[1-9][0-9]*").all():
        return None
    low = text.str.lower()
    digits = low.str.fullmatch(r"[0-9]+")
    keys = low.copy()
    if digits.any():
        stripped = low[digits].str.lstrip("0")
        keys[digits] = "#" + stripped.where(stripped != "", "0")
    other = ~digits & low.str.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?")
    if other.any():
        keys[other] = [fold_key(v) for v in low[other].tolist()]
    return keys.to_numpy(dtype=object)


def possible_duplicates(ids: pd.Index) -> list[list]:
    """Groups of ids (two or more) that differ only by case, leading zeros or number form.

    Examples
    --------
    >>> possible_duplicates(pd.Index(["007", "7", "ana", "Ana", "ben"]))
    [['007', '7'], ['ana', 'Ana']]
    """
    if ids.dtype.kind in "iufb" or len(ids) < 2:
        return []
    values = np.asarray(ids, dtype=object)
    if pd.api.types.infer_dtype(values, skipna=False) != "string":
        values = np.array([id_text(v) for v in values], dtype=object)
    keys = fold_keys(pd.Index(values, dtype=object))
    if keys is None:
        return []
    repeated = pd.Index(keys).duplicated(keep=False)
    if not repeated.any():
        return []
    at = np.flatnonzero(repeated)
    groups: dict = {}
    for i in at:
        groups.setdefault(keys[i], []).append(ids[i])
    return [g for g in groups.values() if len(g) > 1]


def missing_like(ids: pd.Index) -> list:
    """The ids spelled like a missing value (``"NA"``, ``"null"``...), in order."""
    if ids.dtype.kind in "iufb" or not len(ids):
        return []
    text = pd.Series(np.asarray(ids, dtype=object), dtype="str")
    short = text.str.len() <= 5
    if not short.any():
        return []
    hit = short & text.str.strip().str.lower().isin(BLANK_SPELLINGS)
    return [ids[i] for i in np.flatnonzero(hit.to_numpy(dtype=bool, na_value=False))]


def how_they_differ(a: str, b: str) -> str:
    """Plain words for what separates two ids with the same :func:`fold_key`."""
    a, b = str(a), str(b)
    if a.casefold() == b.casefold():
        return "differ only in case"
    if a.isdigit() and b.isdigit():
        return "differ only in leading zeros"
    return "are the same number written differently"


def shorten(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to about ``limit`` characters, for error messages.

    Examples
    --------
    >>> shorten("x" * 200)[-22:]
    'xx... (200 characters)'
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f" ({len(value)} characters)" if isinstance(value, (str, bytes, list, tuple)) else ""
    return text[: limit - 3] + "..." + size
