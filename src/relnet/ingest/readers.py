"""Read survey exports (csv, tsv, txt, xlsx, parquet, sav, dta) into tables.

Each reader returns a :class:`Table` and a :class:`Source` saying where it came from and which
text encoding was used. Text files are streamed with pyarrow's CSV reader when pyarrow is
installed: a block of rows at a time (text columns dictionary-encoded, as pandas
categoricals), so a long file is never held whole in memory; otherwise pandas' C parser reads
them.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import MissingDependencyError, SurveyFileError, SurveyFormatError

TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".tab")
READABLE = (".csv", ".tsv", ".txt", ".tab", ".xlsx", ".xlsm", ".parquet", ".pq", ".sav", ".dta")
SNIFF_BYTES = 1 << 16
BLOCK_BYTES = 1 << 21  # streamed CSV block: small blocks keep the reader's buffers small


@dataclass
class Source:
    """Where a table came from: a file name (or ``"<DataFrame>"``) and its text encoding."""

    name: str
    encoding: str | None = None
    note: str | None = None
    from_file: bool = False


class Table:
    """A table read from a file or given as a DataFrame.

    Text files read by pyarrow stay an arrow table until used: :meth:`batches` converts a slice
    of rows at a time (text columns dictionary-encoded, as pandas categoricals), so a long
    file never exists twice in memory.
    """

    def __init__(self, frame: pd.DataFrame | None = None, arrow: Any = None) -> None:
        self._frame = frame
        self._arrow = arrow

    @property
    def columns(self) -> pd.Index:
        if self._frame is not None:
            return self._frame.columns
        return pd.Index(self._arrow.column_names)

    @property
    def shape(self) -> tuple[int, int]:
        if self._frame is not None:
            return self._frame.shape
        return (self._arrow.num_rows, self._arrow.num_columns)

    def __len__(self) -> int:
        return self.shape[0]

    def estimated_rows(self) -> int:
        """Rows, or an estimate for a streamed file."""
        return len(self)

    @property
    def index(self) -> pd.Index:
        if self._frame is not None:
            return self._frame.index
        return pd.RangeIndex(self._arrow.num_rows)

    def to_pandas(self, dictionary: bool = False) -> pd.DataFrame:
        """The whole table as a DataFrame (converted once, then kept)."""
        if self._frame is None:
            self._frame = _arrow_to_pandas(self._arrow)
            self._arrow = None
        return self._frame

    def head(self, n: int) -> pd.DataFrame:
        if self._frame is not None:
            return self._frame.head(n)
        return _arrow_to_pandas(self._arrow.slice(0, n))

    def column(self, name: object) -> pd.Series:
        if self._frame is not None:
            return self._frame[name]
        return _arrow_to_pandas(self._arrow.select([name]))[name]

    def batches(self, columns: list, size: int = 1 << 20) -> Any:
        """Yield ``(offset, DataFrame)`` slices of ``columns``, ``size`` rows at a time."""
        n = len(self)
        if self._frame is not None:
            frame = self._frame[columns]
            if n <= size:
                yield 0, frame
                return
            for start in range(0, n, size):
                yield start, frame.iloc[start : start + size]
            return
        table = self._arrow.select(columns)
        start = 0
        for batch in table.to_batches(max_chunksize=size):
            yield start, _arrow_to_pandas(batch)
            start += batch.num_rows

    def release(self) -> None:
        """Drop the data (the caller has what it needs)."""
        self._frame = None
        self._arrow = None


class Restart(Exception):  # noqa: N818  (a signal, not an error)
    """A streamed file needs reading again with other options (encoding or column types)."""


class CsvTable(Table):
    """A delimited text file streamed by pyarrow, one block of rows at a time."""

    def __init__(self, path: Path, encoding: str, delimiter: str, source: Source) -> None:
        super().__init__()
        self.path = path
        self.encoding = encoding
        self.delimiter = delimiter
        self.source = source
        self.string_columns: set = set()
        first = None
        for _attempt in range(3):
            try:
                for batch in self._stream():
                    first = batch
                    if batch.num_rows:
                        break
                break
            except Restart:
                continue
        if first is None or first.num_rows == 0:
            raise SurveyFileError(
                f"file {path.name!r} has a header but no rows; export the answers again."
            )
        if self.encoding in ("utf-8", "utf-8-sig") and _has_binary(first.schema):
            # arrow reads bytes that are not UTF-8 as binary: read the file as cp1252
            self.encoding = source.encoding = "cp1252"
            source.note = "not valid UTF-8; read as Windows-1252 (cp1252), as Excel saves it"
            first = next(iter(self._stream()), first)
        self._schema = first.schema
        self._has_rows = first.num_rows > 0
        # pin the first block's types: later blocks convert without inferring again (about
        # twice as fast); a block that does not fit is re-read with that column as text
        self.pinned = _pinned_types(first.schema)
        self._first_rows = first.num_rows
        self._first_bytes = first.nbytes

    def _options(self, dictionary: bool = True, include: list | None = None) -> tuple:
        import pyarrow as pa
        from pyarrow import csv

        read = csv.ReadOptions(
            encoding="utf8" if self.encoding in ("utf-8", "utf-8-sig") else self.encoding,
            block_size=BLOCK_BYTES,
            use_threads=False,
        )
        parse = csv.ParseOptions(delimiter=self.delimiter)
        convert = csv.ConvertOptions(
            include_columns=[str(c) for c in include] if include else [],
            strings_can_be_null=True,
            auto_dict_encode=dictionary,
            auto_dict_max_cardinality=1 << 22,
            column_types={
                **{
                    c: t if dictionary or not pa.types.is_dictionary(t) else t.value_type
                    for c, t in getattr(self, "pinned", {}).items()
                },
                **{c: pa.string() for c in self.string_columns},
            },
        )
        return read, parse, convert

    def _stream(self, include: list | None = None) -> Any:
        import pyarrow as pa
        from pyarrow import csv

        read, parse, convert = self._options(include=include)
        try:
            reader = csv.open_csv(
                self.path,
                read_options=read,
                parse_options=parse,
                convert_options=convert,
                memory_pool=pa.system_memory_pool(),
            )
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    return
                yield batch
        except pa.ArrowInvalid as error:
            self._recover(error)

    def _recover(self, error: Exception) -> None:
        """Adjust the options after a conversion error and ask for a restart."""
        text = str(error)
        utf8 = "UTF8" in text or "utf8" in text or "UTF-8" in text
        if utf8 and self.encoding in ("utf-8", "utf-8-sig"):
            self.encoding = "cp1252"
            self.source.encoding = "cp1252"
            self.source.note = (
                "not valid UTF-8 further into the file; read as Windows-1252 (cp1252)"
            )
            raise Restart() from None
        match = re.search(r"column #(\d+)", text)
        if match and "conversion error" in text.lower() and hasattr(self, "_schema"):
            name = self._schema.names[int(match.group(1))]
            if name not in self.string_columns:
                self.string_columns.add(name)
                raise Restart() from None
        raise SurveyFileError(
            f"cannot parse {self.path.name!r} as delimited text: {text}. Check that every row "
            "has the same number of columns (quote cells that contain the delimiter)."
        ) from None

    @property
    def columns(self) -> pd.Index:
        return pd.Index(self._schema.names)

    @property
    def shape(self) -> tuple[int, int]:
        return (1 if self._has_rows else 0, len(self._schema.names))

    def __len__(self) -> int:
        raise TypeError("the row count of a streamed file is known only after reading it")

    def estimated_rows(self) -> int:
        """Rows expected from the file size and the first block (a little over, not under)."""
        if self._frame is not None:
            return len(self._frame)
        size = self.path.stat().st_size
        block = BLOCK_BYTES
        if size <= block or self._first_rows == 0:
            return max(self._first_rows, 1)
        return int(size / block * self._first_rows * 1.05) + 1024

    @property
    def index(self) -> pd.Index:
        return pd.RangeIndex(0)

    def to_pandas(self, dictionary: bool = False) -> pd.DataFrame:
        if self._frame is None:
            import pyarrow as pa
            from pyarrow import csv

            while True:
                read, parse, convert = self._options(dictionary=dictionary)
                try:
                    table = csv.read_csv(
                        self.path,
                        read_options=read,
                        parse_options=parse,
                        convert_options=convert,
                        memory_pool=pa.system_memory_pool(),
                    )
                    break
                except pa.ArrowInvalid as error:
                    try:
                        self._recover(error)
                    except Restart:
                        continue
            self._frame = table.to_pandas() if not dictionary else _arrow_to_pandas(table)
        return self._frame

    def head(self, n: int) -> pd.DataFrame:
        return self.to_pandas().head(n)

    def column(self, name: object) -> pd.Series:
        return self.to_pandas()[name]

    def batches(self, columns: list, size: int = 1 << 20) -> Any:
        del size
        if self._frame is not None:
            yield from Table(frame=self._frame).batches(columns)
            return
        start = 0
        for batch in self._stream(include=list(columns)):  # other columns are not converted
            if batch.num_rows == 0:
                continue
            yield start, _arrow_to_pandas(batch.select(columns), arrow_text=True)
            start += batch.num_rows


def _pinned_types(schema: Any) -> dict:
    import pyarrow as pa

    pinned = {}
    for field in schema:
        kind = field.type
        if pa.types.is_null(kind):
            kind = pa.string()
        if pa.types.is_dictionary(kind):
            kind = pa.dictionary(pa.int32(), kind.value_type)
        pinned[field.name] = kind
    return pinned


def _has_binary(schema: Any) -> bool:
    import pyarrow as pa

    for field in schema:
        kind = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
            return True
    return False


def _arrow_to_pandas(table: Any, arrow_text: bool = False) -> pd.DataFrame:
    """Arrow columns to pandas: numbers without copying where possible, text as categoricals.

    With ``arrow_text`` the categories of text columns stay arrow strings (pandas' ``string``
    dtype, no Python objects made): a streamed block's ids are matched on their bytes.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    from pandas.arrays import ArrowStringArray

    columns = {}
    for name in table.column_names:
        column = table.column(name)
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        kind = column.type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            column = pc.dictionary_encode(column)
            kind = column.type
        if pa.types.is_dictionary(kind):
            codes = column.indices.fill_null(-1).to_numpy(zero_copy_only=False)
            # an arrow dictionary holds each value once: no uniqueness check needed
            values = column.dictionary
            if arrow_text and pa.types.is_string(values.type) and values.null_count == 0:
                text = ArrowStringArray(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
                categories = pd.Index(text, copy=False)
                dtype = pd.CategoricalDtype._from_fastpath(categories, False)
            else:
                categories = pd.Index(values.to_numpy(zero_copy_only=False), dtype=object)
                dtype = pd.CategoricalDtype(categories)
            columns[name] = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
        elif (pa.types.is_integer(kind) or pa.types.is_floating(kind)) and column.null_count == 0:
            columns[name] = column.to_numpy()
        else:
            columns[name] = column.to_pandas()
    return pd.DataFrame(columns, copy=False)


def read_table(data: Any, *, what: str = "nominations") -> tuple[Table, Source]:
    """Read a path or DataFrame into a :class:`Table`; ``what`` names it in messages."""
    if isinstance(data, pd.DataFrame):
        if data.shape[1] == 0:
            raise SurveyFormatError(
                f"the {what} DataFrame has no columns; pass the table of survey answers."
            )
        return Table(frame=data), Source("<DataFrame>")
    if not isinstance(data, (str, os.PathLike)):
        raise SurveyFormatError(
            f"{what} must be a file path or a pandas DataFrame, not {type(data).__name__}."
        )
    path = Path(data)
    if not path.exists():
        near = difflib.get_close_matches(
            path.name,
            [p.name for p in path.parent.glob("*")] if path.parent.is_dir() else [],
            cutoff=0.8,
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
    return table if isinstance(table, Table) else Table(frame=table), source


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


def _read_text(path: Path, suffix: str, source: Source) -> Table | pd.DataFrame:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise SurveyFileError(
            f"file {path.name!r} holds only blank space; export the survey again."
        )
    encoding, note = sniff_encoding(head)
    first_line = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[0]
    delimiter = _sniff_delimiter(first_line, suffix)
    source.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    source.note = "UTF-8 with byte-order mark" if encoding == "utf-8-sig" else note
    try:
        table = _read_text_with(path, encoding, delimiter, source)
    except UnicodeDecodeError:
        # invalid UTF-8 past the sniffed head: fall back to cp1252 / latin-1
        encoding = "cp1252"
        source.encoding, source.note = (
            encoding,
            ("not valid UTF-8 further into the file; read as Windows-1252 (cp1252)"),
        )
        try:
            table = _read_text_with(path, encoding, delimiter, source)
        except UnicodeDecodeError:
            encoding = "latin-1"
            source.encoding, source.note = encoding, "not valid UTF-8 or cp1252; read as Latin-1"
            table = _read_text_with(path, encoding, delimiter, source)
    return table


def _read_text_with(
    path: Path, encoding: str, delimiter: str, source: Source
) -> Table | pd.DataFrame:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return _read_text_pandas(path, encoding, delimiter)
    try:
        return _read_text_arrow(path, encoding, delimiter, source)
    except (UnicodeDecodeError, SurveyFileError):
        raise
    except Exception as error:  # pyarrow.ArrowInvalid and friends
        text = str(error)
        if "UTF8" in text or "utf8" in text or "UTF-8" in text:
            raise UnicodeDecodeError(encoding, b"", 0, 1, text) from None
        # ragged rows and other oddities: let pandas' parser try (and explain) instead
        return _read_text_pandas(path, encoding, delimiter)


def _read_text_arrow(path: Path, encoding: str, delimiter: str, source: Source) -> Table:
    return CsvTable(path, encoding, delimiter, source)


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
