"""Read survey exports (csv, tsv, txt, xlsx, parquet, sav, dta) into DataFrames.

Each reader returns the table and a :class:`Source` saying where it came from and which text
encoding was used. Text files are read with pyarrow's multi-threaded CSV reader when pyarrow is
installed (string columns arrive dictionary-encoded, as pandas categoricals, so ten million ids
cost four bytes each), else with pandas' C parser.
"""

from __future__ import annotations

import codecs
import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from relnet.errors import MissingDependencyError, SurveyFileError, SurveyFormatError

TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".tab")
READABLE = (".csv", ".tsv", ".txt", ".tab", ".xlsx", ".xlsm", ".parquet", ".pq", ".sav", ".dta")
SNIFF_BYTES = 1 << 16


@dataclass
class Source:
    """Where a table came from: a file name (or ``"<DataFrame>"``) and its text encoding."""

    name: str
    encoding: str | None = None
    note: str | None = None
    from_file: bool = False


def read_table(data: Any, *, what: str = "nominations") -> tuple[pd.DataFrame, Source]:
    """Read a path or DataFrame into a DataFrame; ``what`` names it in messages."""
    if isinstance(data, pd.DataFrame):
        if data.shape[1] == 0:
            raise SurveyFormatError(
                f"the {what} DataFrame has no columns; pass the table of survey answers."
            )
        return data, Source("<DataFrame>")
    if not isinstance(data, (str, os.PathLike)):
        raise SurveyFormatError(
            f"{what} must be a file path or a pandas DataFrame, not {type(data).__name__}."
        )
    path = Path(data)
    if not path.exists():
        near = difflib.get_close_matches(
            path.name, [p.name for p in path.parent.glob("*")] if path.parent.is_dir() else []
        )
        hint = f" Did you mean {near[0]!r}?" if near else ""
        raise SurveyFileError(f"{what} file {str(path)!r} does not exist.{hint} Check the path.")
    if path.is_dir():
        raise SurveyFileError(f"{what} path {str(path)!r} is a folder; give the file inside it.")
    if path.stat().st_size == 0:
        raise SurveyFileError(
            f"{what} file {path.name!r} is empty (0 bytes); export the survey again."
        )
    suffix = path.suffix.lower()
    source = Source(path.name, from_file=True)
    if suffix in TEXT_SUFFIXES:
        table = _read_text(path, suffix, source)
    elif suffix in (".xlsx", ".xlsm"):
        _require("openpyxl", "Excel .xlsx files")
        table = _guard(path, lambda: pd.read_excel(path, sheet_name=0, engine="openpyxl"))
    elif suffix in (".parquet", ".pq"):
        _require("pyarrow", "Parquet files")
        table = _guard(path, lambda: pd.read_parquet(path))
    elif suffix == ".sav":
        _require("pyreadstat", "SPSS .sav files")
        table = _guard(path, lambda: _read_sav(path))
    elif suffix == ".dta":
        table = _guard(
            path, lambda: pd.read_stata(path, convert_categoricals=False, convert_dates=False)
        )
    else:
        raise SurveyFileError(
            f"{what} file {path.name!r} has suffix {suffix!r}, which relnet cannot read; "
            f"save it as one of {', '.join(READABLE)} or pass a pandas DataFrame."
        )
    if table.shape[1] == 0 or (table.shape[0] == 0 and suffix not in TEXT_SUFFIXES):
        raise SurveyFileError(f"{what} file {path.name!r} holds no table; export it again.")
    if table.shape[0] == 0:
        raise SurveyFileError(
            f"{what} file {path.name!r} has a header but no rows; export the answers again."
        )
    return table, source


def _require(module: str, kind: str) -> None:
    try:
        __import__(module)
    except ImportError:
        raise MissingDependencyError(
            f"reading {kind} needs the optional package {module!r}; install it with "
            "`pip install relnet[io]`."
        ) from None


def _guard(path: Path, read: Any) -> pd.DataFrame:
    try:
        return read()
    except (ValueError, OSError, KeyError, TypeError) as error:
        raise SurveyFileError(
            f"cannot read {path.name!r}: {error}. Check that the file is a valid "
            f"{path.suffix} export (open and re-save it)."
        ) from None


def _read_sav(path: Path) -> pd.DataFrame:
    import pyreadstat

    table, _ = pyreadstat.read_sav(str(path), apply_value_formats=False)
    return table


def sniff_encoding(head: bytes) -> tuple[str, str | None]:
    """Guess a text encoding from the first bytes: UTF-8 (with or without BOM) or cp1252."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "read as UTF-16 (byte-order mark found)"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252", "not valid UTF-8; read as Windows-1252 (cp1252), as Excel saves it"
    except UnicodeDecodeError:
        return "latin-1", "not valid UTF-8 or cp1252; read as Latin-1 (ISO-8859-1)"


def _sniff_delimiter(first_line: str, suffix: str) -> str:
    if suffix in (".tsv", ".tab"):
        return "\t"
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    if suffix == ".csv" and counts[","] > 0:
        return ","
    return best if counts[best] > 0 else ","


def _read_text(path: Path, suffix: str, source: Source) -> pd.DataFrame:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise SurveyFileError(
            f"file {path.name!r} holds only blank space; export the survey again."
        )
    encoding, note = sniff_encoding(head)
    first_line = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[0]
    delimiter = _sniff_delimiter(first_line, suffix)
    try:
        table = _read_text_with(path, encoding, delimiter)
    except UnicodeDecodeError:
        # invalid UTF-8 past the sniffed head: fall back to cp1252 / latin-1
        encoding = "cp1252"
        note = "not valid UTF-8 further into the file; read as Windows-1252 (cp1252)"
        try:
            table = _read_text_with(path, encoding, delimiter)
        except UnicodeDecodeError:
            encoding, note = "latin-1", "not valid UTF-8 or cp1252; read as Latin-1"
            table = _read_text_with(path, encoding, delimiter)
    source.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    if encoding == "utf-8-sig":
        source.note = "UTF-8 with byte-order mark"
    else:
        source.note = note
    return table


def _read_text_with(path: Path, encoding: str, delimiter: str) -> pd.DataFrame:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return _read_text_pandas(path, encoding, delimiter)
    try:
        return _read_text_arrow(path, encoding, delimiter)
    except UnicodeDecodeError:
        raise
    except Exception as error:  # pyarrow.ArrowInvalid and friends
        text = str(error)
        if "UTF8" in text or "utf8" in text or "UTF-8" in text:
            raise UnicodeDecodeError(encoding, b"", 0, 1, text) from None
        # ragged rows and other oddities: let pandas' parser try (and explain) instead
        return _read_text_pandas(path, encoding, delimiter)


def _read_text_arrow(path: Path, encoding: str, delimiter: str) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv

    read_options = csv.ReadOptions(
        encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
        block_size=1 << 24,
    )
    parse_options = csv.ParseOptions(delimiter=delimiter)
    convert_options = csv.ConvertOptions(strings_can_be_null=True)
    table = csv.read_csv(
        path,
        read_options=read_options,
        parse_options=parse_options,
        convert_options=convert_options,
    )
    columns = {}
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = pc.dictionary_encode(column)
        columns[name] = column
    table = pa.table(columns)
    frame = table.to_pandas(split_blocks=True, self_destruct=True)
    del table, columns
    return frame


def _read_text_pandas(path: Path, encoding: str, delimiter: str) -> pd.DataFrame:
    try:
        return pd.read_csv(path, sep=delimiter, encoding=encoding, engine="c")
    except UnicodeDecodeError:
        raise
    except pd.errors.EmptyDataError:
        raise SurveyFileError(f"file {path.name!r} is empty; export the survey again.") from None
    except (pd.errors.ParserError, ValueError) as error:
        raise SurveyFileError(
            f"cannot parse {path.name!r} as delimited text: {error}. Check that every row has "
            "the same number of columns (quote cells that contain the delimiter)."
        ) from None
