"""Read survey exports (csv, tsv, txt, xlsx, parquet, sav, dta) into tables.

Each reader returns a :class:`Table` and a :class:`Source` saying where it came from and which
text encoding was used. Text files are streamed with pyarrow's CSV reader when pyarrow is
installed: a block of rows at a time (text columns dictionary-encoded, as pandas
categoricals), so a long file is never held whole in memory; otherwise pandas' C parser reads
them.

Id columns of text files are read as text, and only an empty cell is blank there (see
:mod:`relnet.ids`). Whatever a lower library raises while reading (a truncated workbook, a
damaged Parquet or SPSS file, content that does not match the suffix) becomes a
:class:`~relnet.errors.SurveyFileError` naming the file, the format it was read as and the fix.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import MissingDependencyError, RelnetError, SurveyFileError, SurveyFormatError
from relnet.ids import is_blank_spelling, shorten

TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".tab")
READABLE = (".csv", ".tsv", ".txt", ".tab", ".xlsx", ".xlsm", ".parquet", ".pq", ".sav", ".dta")
SNIFF_BYTES = 1 << 16
BLOCK_BYTES = 1 << 21  # streamed CSV block: small blocks keep the reader's buffers small
KIND = {
    ".csv": "delimited text (CSV)",
    ".tsv": "delimited text (TSV)",
    ".txt": "delimited text",
    ".tab": "delimited text",
    ".xlsx": "an Excel .xlsx workbook",
    ".xlsm": "an Excel .xlsm workbook",
    ".parquet": "a Parquet file",
    ".pq": "a Parquet file",
    ".sav": "an SPSS .sav file",
    ".dta": "a Stata .dta file",
}
# what a file's first bytes say it is: (magic, description, suffixes it suits)
MAGIC = (
    (b"PK\x03\x04", "a zip archive (an Excel .xlsx workbook?)", (".xlsx", ".xlsm")),
    (b"PAR1", "a Parquet file", (".parquet", ".pq")),
    (b"$FL2", "an SPSS .sav file", (".sav",)),
    (b"$FL3", "an SPSS .sav file (compressed)", (".sav",)),
    (b"<stata_dta>", "a Stata .dta file", (".dta",)),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls (or other Office) file", ()),
    (b"%PDF", "a PDF document", ()),
    (b"\x1f\x8b", "a gzip-compressed file", ()),
    (b"{\\rtf", "an RTF document", ()),
)
#: picks the id columns of a text file from its header: read as text, only "" is blank
IdColumns = Callable[[list], list]


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

    def batches(self, columns: list, size: int = 1 << 20, ids: list | None = None) -> Any:
        """Yield ``(offset, DataFrame)`` slices of ``columns``, ``size`` rows at a time."""
        del ids  # a DataFrame's ids are as given
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
    """A delimited text file streamed by pyarrow, one block of rows at a time.

    ``data`` is the file's path, or its text already made UTF-8 (a file with lines in other
    encodings). Id columns are read as text in which only an empty cell is blank: the
    columns :meth:`batches` is told are ids; for a roster the column ``id_columns`` picks
    from the header; for :meth:`to_pandas` of a nominations table (wide, matrix) every column.
    Other columns are typed by arrow as usual.
    """

    def __init__(
        self,
        data: Path | bytes,
        encoding: str,
        delimiter: str,
        source: Source,
        id_columns: IdColumns | None = None,
    ) -> None:
        super().__init__()
        self.path = data if isinstance(data, Path) else None
        self.data = data if not isinstance(data, Path) else None
        self.encoding = encoding
        self.delimiter = delimiter
        self.source = source
        self.string_columns: set = set()
        self.picker = id_columns
        self.stream_ids: list = []  # id columns of the current stream
        self.pinned: dict = {}  # column types of the first block, once read
        self._schema: Any = None
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
                f"file {source.name!r} has a header but no rows; export the answers again."
            )
        check_unique_columns(list(first.schema.names), f"file {source.name!r}")
        self._schema = first.schema
        self._has_rows = first.num_rows > 0
        # pin the first block's types: later blocks convert without inferring again (about
        # twice as fast); a block that does not fit is re-read with that column as text
        self.pinned = _pinned_types(first.schema)
        self._first_rows = first.num_rows
        self._first_bytes = first.nbytes

    def _input(self) -> Any:
        import pyarrow as pa

        if self.data is not None:
            return pa.BufferReader(self.data)
        return self.path

    def _options(
        self,
        dictionary: bool = True,
        include: list | None = None,
        ids: list | None = None,
        id_dictionary: bool = True,
        empty_only: bool | None = None,
    ) -> tuple:
        import pyarrow as pa
        from pyarrow import csv

        read = csv.ReadOptions(
            encoding="utf8" if self.encoding in ("utf-8", "utf-8-sig") else self.encoding,
            block_size=BLOCK_BYTES,
            use_threads=False,
        )
        # quoted cells may hold line breaks (relnet's own CSV writer quotes them)
        parse = csv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True)
        text = pa.dictionary(pa.int32(), pa.string()) if id_dictionary else pa.string()
        id_types = {str(c): text for c in ids or ()}
        if empty_only is None:
            empty_only = bool(id_types)
        extra = {"null_values": [""]} if empty_only else {}  # only an empty id cell is blank
        convert = csv.ConvertOptions(
            include_columns=[str(c) for c in include] if include else [],
            strings_can_be_null=True,
            auto_dict_encode=dictionary,
            auto_dict_max_cardinality=1 << 22,
            column_types={
                **{
                    c: t if dictionary or not pa.types.is_dictionary(t) else t.value_type
                    for c, t in self.pinned.items()
                },
                **{c: pa.string() for c in self.string_columns},
                **id_types,
            },
            **extra,
        )
        return read, parse, convert

    def _stream(self, include: list | None = None) -> Any:
        import pyarrow as pa
        from pyarrow import csv

        # ids of a stream stay plain text (no dictionary): whole numbers are looked up in
        # one pass over their bytes, other text is factorised by the matcher
        read, parse, convert = self._options(
            include=include, ids=self.stream_ids, id_dictionary=False
        )
        try:
            reader = csv.open_csv(
                self._input(),
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
        if utf8 and self.data is None and self.encoding in ("utf-8", "utf-8-sig"):
            # lines that are not UTF-8 further into the file: each line is decoded on its own
            self.data, self.encoding = transcode_lines(self.path, self.source), "utf-8"
            raise Restart() from None
        match = re.search(r"column #(\d+)", text)
        if match and "conversion error" in text.lower() and self._schema is not None:
            name = self._schema.names[int(match.group(1))]
            if name not in self.string_columns:
                self.string_columns.add(name)
                raise Restart() from None
        raise SurveyFileError(
            f"cannot parse {self.source.name!r} as delimited text: {shorten(text, 160)}. Check "
            "that every row has the same number of columns (quote cells that contain the "
            "delimiter)."
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
        size = len(self.data) if self.data is not None else self.path.stat().st_size
        block = BLOCK_BYTES
        if size <= block or self._first_rows == 0:
            return max(self._first_rows, 1)
        return int(size / block * self._first_rows * 1.05) + 1024

    @property
    def index(self) -> pd.Index:
        return pd.RangeIndex(0)

    def _read_all(
        self,
        dictionary: bool,
        include: list | None,
        ids: list,
        id_dict: bool,
        empty_only: bool | None = None,
    ) -> Any:
        import pyarrow as pa
        from pyarrow import csv

        while True:
            read, parse, convert = self._options(dictionary, include, ids, id_dict, empty_only)
            try:
                return csv.read_csv(
                    self._input(),
                    read_options=read,
                    parse_options=parse,
                    convert_options=convert,
                    memory_pool=pa.system_memory_pool(),
                )
            except pa.ArrowInvalid as error:
                try:
                    self._recover(error)
                except Restart:
                    continue

    def to_pandas(self, dictionary: bool = False) -> pd.DataFrame:
        if self._frame is None:
            names = list(self._schema.names)

            def convert(table: Any) -> pd.DataFrame:
                return table.to_pandas() if not dictionary else _arrow_to_pandas(table)

            if self.picker is None:  # nominations: every column is read as ids are
                self._frame = convert(self._read_all(dictionary, None, names, dictionary))
                return self._frame
            ids = [c for c in self.picker(names) if c is not None]
            # ids typed as text; other columns keep arrow's usual blanks ("NA", "null"...)
            table = self._read_all(dictionary, None, ids, False, empty_only=False)
            frame = convert(table.drop_columns([str(c) for c in ids]))
            for c in ids:  # plain text ids (no dictionary: each is unique)
                frame[c] = _text_column(table.column(str(c))).array
            if any(table.column(str(c)).null_count for c in ids):
                # "NA" or "null" read as blank by arrow: read the ids again, only "" blank
                again = self._read_all(dictionary, list(ids), list(ids), False)
                for c in ids:
                    frame[c] = _text_column(again.column(str(c))).array
            self._frame = frame[names]
        return self._frame

    def head(self, n: int) -> pd.DataFrame:
        return self.to_pandas().head(n)

    def column(self, name: object) -> pd.Series:
        return self.to_pandas()[name]

    def batches(self, columns: list, size: int = 1 << 20, ids: list | None = None) -> Any:
        """Yield ``(offset, DataFrame)`` blocks of ``columns``; ``ids`` are read as text."""
        del size
        if self._frame is not None:
            yield from Table(frame=self._frame).batches(columns)
            return
        self.stream_ids = [c for c in ids or () if c in columns]
        start = 0
        for batch in self._stream(include=list(columns)):  # other columns are not converted
            if batch.num_rows == 0:
                continue
            plain = {str(c) for c in self.stream_ids}
            yield start, _arrow_to_pandas(batch.select(columns), arrow_text=True, plain=plain)
            start += batch.num_rows


def _text_column(column: Any) -> pd.Series:
    """An arrow text column as pandas' arrow-backed text (no Python objects made)."""
    import pyarrow as pa
    from pandas.arrays import ArrowStringArray

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    return pd.Series(
        ArrowStringArray(column, dtype=pd.StringDtype("pyarrow", na_value=np.nan)), copy=False
    )


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


def _arrow_to_pandas(
    table: Any, arrow_text: bool = False, plain: set | None = None
) -> pd.DataFrame:
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
        if plain and name in plain and pa.types.is_string(kind):
            # arrow-backed text, not copied to Python objects
            text = ArrowStringArray(column, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
            columns[name] = pd.Series(text, copy=False)
            continue
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


def read_table(
    data: Any, *, what: str = "nominations", id_columns: IdColumns | None = None
) -> tuple[Table, Source]:
    """Read a path or DataFrame into a :class:`Table`; ``what`` names it in messages.

    ``id_columns`` picks, from a text file's header, the columns read as text in which only
    an empty cell is blank (default: every column).
    """
    if isinstance(data, pd.DataFrame):
        if data.shape[1] == 0:
            raise SurveyFormatError(
                f"the {what} DataFrame has no columns; pass the table of survey answers."
            )
        check_unique_columns(list(data.columns), f"the {what} DataFrame")
        return Table(frame=data), Source("<DataFrame>")
    if isinstance(data, bytes) or not isinstance(data, (str, os.PathLike)):
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
    if suffix not in READABLE:
        raise SurveyFileError(
            f"{what} file {path.name!r} has suffix {suffix or '(none)'!r}, which relnet cannot "
            f"read; save it as one of {', '.join(READABLE)} or pass a pandas DataFrame."
        )
    source = Source(path.name, from_file=True)
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise SurveyFileError(
            f"cannot open {what} file {path.name!r}: {error.strerror or error}. Check that "
            "the file exists and that you may read it (its permissions)."
        ) from None
    check_content(head, suffix, path.name)
    kind = KIND[suffix]
    pick = id_columns if id_columns is not None else list
    picker = id_columns  # None: a nominations table (its id columns are known later)
    try:
        if suffix in TEXT_SUFFIXES:
            table = _read_text(path, suffix, source, head, picker)
        elif suffix in (".xlsx", ".xlsm"):
            _require("openpyxl", "Excel .xlsx files")
            table = _read_excel(path, pick)
        elif suffix in (".parquet", ".pq"):
            _require("pyarrow", "Parquet files")
            table = pd.read_parquet(path)
        elif suffix == ".sav":
            _require("pyreadstat", "SPSS .sav files")
            table = _read_sav(path)
        else:
            table = pd.read_stata(path, convert_categoricals=False, convert_dates=False)
    except RelnetError:
        raise
    except MemoryError:
        raise
    except Exception as error:  # whatever the lower library raises (BadZipFile, ReadstatError)
        raise SurveyFileError(
            f"cannot read {what} file {path.name!r} as {kind}: {type(error).__name__}: "
            f"{shorten(str(error))}. The file may be truncated or damaged: open it in the "
            f"program that made it and save it again (or export the survey again)."
        ) from None
    if isinstance(table, pd.DataFrame):
        check_unique_columns(list(table.columns), f"{what} file {path.name!r}")
    if table.shape[1] == 0 or (table.shape[0] == 0 and suffix not in TEXT_SUFFIXES):
        raise SurveyFileError(f"{what} file {path.name!r} holds no table; export it again.")
    if table.shape[0] == 0:
        raise SurveyFileError(
            f"{what} file {path.name!r} has a header but no rows; export the answers again."
        )
    return table if isinstance(table, Table) else Table(frame=table), source


def check_unique_columns(names: list, where: str) -> None:
    """Refuse a table with two columns of one name (which one would be read?)."""
    seen: set = set()
    for name in names:
        try:
            key = name.strip() if isinstance(name, str) else name
            if key in seen:
                raise SurveyFormatError(
                    f"{where} has two columns named {shorten(name)}; rename one of them (relnet "
                    "will not guess which one holds the answers)."
                )
            seen.add(key)
        except TypeError:
            continue


def looks_like(head: bytes) -> tuple[str, tuple]:
    """What a file's first bytes look like, and the suffixes that suit it."""
    for magic, description, suffixes in MAGIC:
        if head.startswith(magic):
            return description, suffixes
    if head[:1] in (b"\x71", b"\x72", b"\x73") and head[1:2] in (b"\x01", b"\x02"):
        return "a Stata .dta file (old format)", (".dta",)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "delimited text", TEXT_SUFFIXES
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "an HTML page (a web page saved instead of the export?)", ()
    if start.startswith(b"<?xml"):
        return "an XML document", ()
    if start[:1] in (b"{", b"["):
        return "JSON", ()
    if b"\x00" in head[:8192]:
        return "binary data", ()
    return "delimited text", TEXT_SUFFIXES


def check_content(head: bytes, suffix: str, name: str) -> None:
    """Refuse a file whose first bytes do not match its suffix; say what it looks like."""
    description, suits = looks_like(head)
    if suffix in suits:
        return
    expected = KIND[suffix]
    fix = (
        f"rename it to {suits[0]}"
        if suits and suits[0] != suffix
        else f"export the survey again as {expected}"
    )
    raise SurveyFileError(
        f"file {name!r} was to be read as {expected} (its suffix is {suffix!r}), but it looks "
        f"like {description}; {fix}."
    )


def _require(module: str, kind: str) -> None:
    try:
        __import__(module)
    except ImportError:
        raise MissingDependencyError(
            f"reading {kind} needs the optional package {module!r}; install it with "
            "`pip install relnet[io]`."
        ) from None


def _read_excel(path: Path, pick: IdColumns) -> pd.DataFrame:
    """The first sheet: text cells stay text (``"007"``), numbers stay numbers.

    The header is read as a row (so two columns of one name are seen, not renamed), id
    columns keep every non-empty cell as written, other columns treat ``NA``-like text as
    blank as pandas does.
    """
    raw = pd.read_excel(
        path, sheet_name=0, engine="openpyxl", header=None, dtype=object,
        keep_default_na=False, na_values=[""],
    )  # fmt: skip
    if raw.empty:
        return raw
    header = [_header_text(v, i) for i, v in enumerate(raw.iloc[0].tolist())]
    check_unique_columns(header, f"file {path.name!r}")
    body = raw.iloc[1:].reset_index(drop=True)
    body.columns = header
    ids = set(pick(header))
    for column in header:
        values = body[column]
        if column not in ids:
            blank = values.map(is_blank_spelling).to_numpy(dtype=bool)
            if blank.any():
                values = values.mask(blank)
            body[column] = values.infer_objects()
    return body


def _header_text(value: object, i: int) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return f"Unnamed: {i}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if isinstance(value, str) else str(value)


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
    return "cp1252", "not valid UTF-8; read as Windows-1252 (cp1252), as Excel saves it"


_BAD_LINE = re.compile("[^\\n]*[\\udc80-\\udcff][^\\n]*")


def transcode_lines(path: Path, source: Source) -> bytes:
    """The file as UTF-8: each line decoded as UTF-8 where valid, else as cp1252.

    Never reads a whole file in one legacy encoding: a UTF-8 ``José`` beside a cp1252 one
    both stay ``José``. Sets ``source.encoding`` and a note saying how many lines (and which)
    needed the fallback.
    """
    data = path.read_bytes()
    bom = data.startswith(codecs.BOM_UTF8)
    text = data[3 if bom else 0 :].decode("utf-8", errors="surrogateescape")
    fallback: list[int] = []
    line = [1, 0]  # line number at position

    def fix(match: re.Match) -> str:
        start = match.start()
        line[0] += text.count("\n", line[1], start)
        line[1] = start
        fallback.append(line[0])
        raw = match.group(0).encode("utf-8", errors="surrogateescape")
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:  # bytes cp1252 leaves undefined
            return raw.decode("latin-1")

    fixed = _BAD_LINE.sub(fix, text)
    n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    non_ascii_utf8 = any(ord(ch) > 127 for ch in fixed) and len(fallback) < n_lines
    shown = ", ".join(map(str, fallback[:10])) + (" ..." if len(fallback) > 10 else "")
    utf8_lines = _count_non_ascii_lines(text) - len(fallback) if non_ascii_utf8 else 0
    if utf8_lines > 0:
        source.encoding = "utf-8+cp1252"
        source.note = (
            f"mixed encodings: {len(fallback)} line(s) not valid UTF-8 (lines {shown}) read "
            "as Windows-1252 (cp1252), every other line as UTF-8"
        )
    else:
        source.encoding = "cp1252"
        source.note = (
            f"not valid UTF-8; {len(fallback)} line(s) (lines {shown}) read as Windows-1252 "
            "(cp1252), as Excel saves it"
        )
    return fixed.encode("utf-8", errors="surrogatepass")


def _count_non_ascii_lines(text: str) -> int:
    return sum(1 for line in re.finditer("[^\\n]*[^\\x00-\\x7f][^\\n]*", text))


def _sniff_delimiter(first_line: str, suffix: str) -> str:
    if suffix in (".tsv", ".tab"):
        return "\t"
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    if suffix == ".csv" and counts[","] > 0:
        return ","
    return best if counts[best] > 0 else ","


def _read_text(
    path: Path, suffix: str, source: Source, head: bytes, pick: IdColumns | None
) -> Table | pd.DataFrame:
    if not head.strip():
        raise SurveyFileError(
            f"file {path.name!r} holds only blank space; export the survey again."
        )
    encoding, note = sniff_encoding(head)
    first_line = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[0]
    delimiter = _sniff_delimiter(first_line, suffix)
    source.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    source.note = "UTF-8 with byte-order mark" if encoding == "utf-8-sig" else note
    data: Path | bytes = path
    if encoding == "cp1252":
        data, encoding = transcode_lines(path, source), "utf-8"
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return _read_text_pandas(data, source, encoding, delimiter, pick or list)
    try:
        return CsvTable(data, encoding, delimiter, source, id_columns=pick)
    except (SurveyFileError, SurveyFormatError):
        raise
    except Exception:  # pyarrow.ArrowInvalid and friends: let pandas try (and explain)
        return _read_text_pandas(data, source, encoding, delimiter, pick or list)


def _read_text_pandas(
    data: Path | bytes, source: Source, encoding: str, delimiter: str, pick: IdColumns
) -> pd.DataFrame:
    import io

    name = source.name
    if isinstance(data, Path) and encoding in ("utf-8", "utf-8-sig"):
        raw = data.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            data = transcode_lines(data, source)
    handle = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        header = pd.read_csv(
            handle, sep=delimiter, encoding=encoding, nrows=1, header=None, dtype=str,
            keep_default_na=False,
        )  # fmt: skip
        names = [str(v).lstrip("\ufeff") for v in header.iloc[0].tolist()] if len(header) else []
        if isinstance(handle, io.BytesIO):
            handle.seek(0)
        check_unique_columns(names, f"file {name!r}")
        ids = set(pick(names))
        frame = pd.read_csv(
            handle, sep=delimiter, encoding=encoding, engine="c", keep_default_na=False,
            na_values={c: [""] if c in ids else list(_PANDAS_NA) for c in names},
            dtype={c: str for c in ids},
        )  # fmt: skip
    except pd.errors.EmptyDataError:
        raise SurveyFileError(f"file {name!r} is empty; export the survey again.") from None
    except (pd.errors.ParserError, ValueError) as error:
        raise SurveyFileError(
            f"cannot parse {name!r} as delimited text: {shorten(str(error), 160)}. Check that "
            "every row has the same number of columns (quote cells that contain the delimiter)."
        ) from None
    return frame


_PANDAS_NA = ("", "#N/A", "N/A", "NA", "NULL", "NaN", "n/a", "nan", "null", "None", "<NA>")
