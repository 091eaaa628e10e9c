"""Open an uploaded file and stream it as chunks of text cells with their spreadsheet row numbers.

- Format by extension: .csv or .xlsx (the first worksheet).
- CSV encoding is detected, never asked for: UTF-8 (with or without BOM), else CP949 (a superset of
  EUC-KR, what Korean Excel writes). A file that is neither, a UTF-16 file, a binary file (NUL
  bytes) or an Excel file named .csv is refused with one clear message.
- Row numbers are what a spreadsheet user sees: the header is row 1, the first data row is row 2;
  blank rows and comment rows (first cell starting with '#') are skipped but still counted.
- Text cells written as `'=…` (an apostrophe before =, +, -, @, tab or CR: how the CLI export and
  every download keep them from being formulas, `config.cells`) lose that one apostrophe.
- XLSX bombs are refused before anything is parsed (`check_xlsx`, well under a second): a workbook
  whose parts unpack to more than MAX_XLSX_UNCOMPRESSED bytes (or shared strings, which openpyxl
  loads whole, over MAX_XLSX_SHARED_STRINGS; or a part compressed over MAX_XLSX_RATIO:1) - sizes
  from the zip directory - or whose first sheet declares a range (`<dimension ref=...>`) of more than
  MAX_XLSX_COLUMNS columns or XLSX rows. Below those limits only the rows the sheet really holds
  are read (the declared range is ignored); cells right of the header are only checked for data.
- Memory stays bounded: CSV is parsed by pandas in chunks, XLSX read by openpyxl in read-only mode.
"""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from config.cells import PREFIXED_PATTERN
from loading.importing.specs import COMMENT_PREFIX

CHUNK_ROWS = 100_000
BLOCK = 1 << 20
ZIP_MAGIC = b"PK\x03\x04"
MAX_XLSX_UNCOMPRESSED = 1 << 30  # 1 GiB of XML: about a million rows of any dataset
MAX_XLSX_SHARED_STRINGS = 256 << 20  # openpyxl keeps every shared string in memory
MAX_XLSX_RATIO = 200  # deflate of real sheets: about 5-20:1; a bomb of empty rows: 1,000:1 and more
RATIO_FLOOR = 16 << 20  # parts smaller than this may compress as they like
MAX_XLSX_COLUMNS = 1_000
MAX_XLSX_ROWS = 1_048_576
EXTRA_COLUMNS = 64
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls

PathOrBytes = str | os.PathLike | bytes | bytearray | BinaryIO


class FileRefused(Exception):
    """A problem with the file as a whole (not a row): an i18n key under import.* and its values."""

    def __init__(self, key: str, *, row: int | None = None, column: str | None = None, **values):
        super().__init__(key)
        self.key = key
        self.row = row
        self.column = column
        self.values = values


@dataclass
class Source:
    """An opened upload: its bytes are reachable again through `open()` (a path or a buffer)."""

    filename: str
    fmt: str  # csv | xlsx
    sha256: str
    size: int
    encoding: str | None  # csv only: 'utf-8-sig' or 'cp949'
    estimated_rows: int  # data rows, an estimate for progress bars
    _path: Path | None = None
    _data: bytes | None = None

    def open(self) -> BinaryIO:
        return self._path.open("rb") if self._path is not None else io.BytesIO(self._data)


def _blocks(stream: BinaryIO) -> Iterator[bytes]:
    while block := stream.read(BLOCK):
        yield block


def _decodes(opener, encoding: str) -> tuple[bool, int]:
    """(whole stream decodes, byte offset of the first undecodable byte)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with opener() as stream:
        for block in _blocks(stream):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return False, offset + exc.start
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return False, offset + exc.start
    return True, -1


def _line_of(opener, offset: int) -> int:
    """1-based line number of a byte offset."""
    lines = 1
    with opener() as stream:
        done = 0
        for block in _blocks(stream):
            part = block[: max(0, offset - done)]
            lines += part.count(b"\n")
            done += len(block)
            if done >= offset:
                break
    return lines


def open_source(path_or_bytes: PathOrBytes, filename: str | None = None) -> Source:
    """Check the file (format, encoding, not binary, not empty) and return a re-openable Source."""
    path: Path | None = None
    data: bytes | None = None
    if isinstance(path_or_bytes, (bytes, bytearray)):
        data = bytes(path_or_bytes)
    elif isinstance(path_or_bytes, (str, os.PathLike)):
        path = Path(path_or_bytes)
        if not path.is_file():
            raise FileRefused("import.file_not_found", name=str(path))
    else:  # a binary file-like object (e.g. a Streamlit UploadedFile), read from its start
        if hasattr(path_or_bytes, "seek"):
            path_or_bytes.seek(0)
        data = path_or_bytes.read()
    name = filename or (path.name if path is not None else "upload")
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise FileRefused("import.unsupported_format", name=name)

    def opener() -> BinaryIO:
        return path.open("rb") if path is not None else io.BytesIO(data)

    digest = hashlib.sha256()
    size = newlines = 0
    head = last = b""
    nul = False
    with opener() as stream:
        for block in _blocks(stream):
            if len(head) < 8:
                head = (head + block)[:8]
            digest.update(block)
            size += len(block)
            newlines += block.count(b"\n")
            nul = nul or b"\x00" in block
            last = block[-1:]
    if size == 0:
        raise FileRefused("import.empty_file")
    source = Source(filename=name, fmt=suffix[1:], sha256=digest.hexdigest(), size=size, encoding=None,
                     estimated_rows=max(0, newlines - (1 if last == b"\n" else 0)), _path=path, _data=data)
    if suffix == ".xlsx":
        if head.startswith(OLE_MAGIC):
            raise FileRefused("import.xls_legacy")
        if not head.startswith(ZIP_MAGIC):
            raise FileRefused("import.bad_xlsx")
        check_xlsx(source)
        return source
    if head.startswith(ZIP_MAGIC):
        raise FileRefused("import.xlsx_as_csv")
    if head.startswith(OLE_MAGIC):
        raise FileRefused("import.xls_as_csv")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused("import.utf16")
    if nul:
        raise FileRefused("import.binary_file")
    ok, bad_offset = _decodes(opener, "utf-8")
    if ok:
        source.encoding = "utf-8-sig"
    elif _decodes(opener, "cp949")[0]:
        source.encoding = "cp949"
    else:
        raise FileRefused("import.bad_encoding", row=_line_of(opener, bad_offset))
    return source


# --- XLSX bombs ----------------------------------------------------------------------------

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _first_sheet_part(archive) -> str | None:
    """The first worksheet's part name, through workbook.xml and its relationships (as openpyxl finds it)."""
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.functions import fromstring

    try:
        manifest = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
        parser = WorkbookParser(archive, _find_workbook_part(manifest).PartName[1:])
        parser.parse()
        _sheet, rel = next(iter(parser.find_sheets()), (None, None))
        return rel.target if rel is not None else None
    except Exception:  # noqa: BLE001 - openpyxl reports the same damage as bad_xlsx later
        return None


def check_xlsx(source: Source) -> None:
    """Refuse a workbook that would cost far more to read than its size says (see the module docstring).

    Reads only the zip directory and the first sheet's first 64 KB (where <dimension> sits).
    """
    import zipfile

    with source.open() as stream:
        try:
            archive = zipfile.ZipFile(stream)
        except zipfile.BadZipFile:
            raise FileRefused("import.bad_xlsx") from None
        with archive:
            infos = archive.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_XLSX_UNCOMPRESSED:
                raise FileRefused("import.xlsx_unpacks_too_large", size=f"{total / 2**20:,.0f}",
                                  limit=f"{MAX_XLSX_UNCOMPRESSED / 2**20:,.0f}")
            for info in infos:
                if info.filename.endswith("sharedStrings.xml") and info.file_size > MAX_XLSX_SHARED_STRINGS:
                    raise FileRefused("import.xlsx_unpacks_too_large", size=f"{info.file_size / 2**20:,.0f}",
                                      limit=f"{MAX_XLSX_SHARED_STRINGS / 2**20:,.0f}")
                if info.file_size > RATIO_FLOOR and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
                    raise FileRefused("import.xlsx_ratio", part=info.filename,
                                      ratio=f"{info.file_size // max(info.compress_size, 1):,}", limit=MAX_XLSX_RATIO)
            part = _first_sheet_part(archive)
            if part is None:
                return
            part = part.lstrip("/")
            try:
                with archive.open(part) as sheet:
                    head = sheet.read(1 << 16)
            except KeyError:
                return
    match = _DIMENSION.search(head)
    if match is None or match.group(3) is None:
        return
    first_col, first_row, last_col, last_row = (g.decode("ascii") if g else None for g in match.groups())
    ref = f"{first_col or 'A'}{first_row or 1}:{last_col}{last_row}"
    columns = _column_number(last_col) - _column_number(first_col or "A") + 1
    rows = int(last_row) - int(first_row or 1) + 1
    if columns > MAX_XLSX_COLUMNS or rows > MAX_XLSX_ROWS:
        raise FileRefused("import.xlsx_declared_too_large", ref=ref, rows=f"{rows:,}", columns=f"{columns:,}",
                          max_columns=f"{MAX_XLSX_COLUMNS:,}")


# --- cells ----------------------------------------------------------------------------------


def _cell_text(value) -> str:
    """An XLSX cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


@dataclass
class Table:
    """The header (raw names) and a chunk iterator of (frame of str cells, row numbers)."""

    header: list[str]
    chunks: Iterator[tuple[pd.DataFrame, np.ndarray]]
    close: Callable[[], None]


_PARSER_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_PARSER_EOF = re.compile(r"EOF inside string starting at row (\d+)")


def _parser_refusal(exc: Exception) -> FileRefused:
    text = str(exc)
    if m := _PARSER_LINE.search(text):
        return FileRefused("import.too_many_fields", row=int(m.group(2)), expected=int(m.group(1)),
                           found=int(m.group(3)))
    if m := _PARSER_EOF.search(text):
        return FileRefused("import.unclosed_quote", row=int(m.group(1)) + 1)
    return FileRefused("import.csv_unreadable", detail=text.strip().splitlines()[-1][:200])


def _restore_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo the exports' formula-neutralising apostrophe (`config.cells.restore`), column by column."""
    for col in frame.columns:
        values = frame[col].astype(str)
        marked = values.str.startswith("'").to_numpy()
        if marked.any():
            frame.loc[marked, col] = values[marked].str.replace(PREFIXED_PATTERN, "", n=1, regex=True)
    return frame


def _clean(frame: pd.DataFrame, rows: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Drop blank and comment rows; undo the exports' formula-neutralising apostrophes."""
    frame = frame.fillna("")
    if frame.empty:
        return frame, rows
    frame = _restore_text(frame)
    first = frame.iloc[:, 0].astype(str).str.lstrip()
    blank = np.ones(len(frame), dtype=bool)
    for col in frame.columns:
        blank &= (frame[col].astype(str).str.strip() == "").to_numpy()
    keep = ~blank & ~first.str.startswith(COMMENT_PREFIX).to_numpy()
    if keep.all():
        return frame, rows
    return frame.loc[keep], rows[keep]


def _csv_table(source: Source, chunk_rows: int) -> Table:
    stream = source.open()
    try:
        reader = pd.read_csv(stream, header=None, dtype=str, keep_default_na=False, na_filter=False,
                             skip_blank_lines=False, chunksize=chunk_rows, encoding=source.encoding)
        first = next(iter(reader))
    except StopIteration:
        stream.close()
        raise FileRefused("import.empty_file") from None
    except pd.errors.EmptyDataError:
        stream.close()
        raise FileRefused("import.empty_file") from None
    except pd.errors.ParserError as exc:
        stream.close()
        raise _parser_refusal(exc) from None
    header = [str(v) for v in first.iloc[0].fillna("").tolist()]

    def chunks() -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
        try:
            frame = first.iloc[1:]
            yield _clean(frame, frame.index.to_numpy() + 1)
            while True:
                try:
                    frame = next(reader)
                except StopIteration:
                    return
                except pd.errors.ParserError as exc:
                    raise _parser_refusal(exc) from None
                yield _clean(frame, frame.index.to_numpy() + 1)
        finally:
            stream.close()

    return Table(header=header, chunks=chunks(), close=stream.close)


def _xlsx_table(source: Source, chunk_rows: int) -> Table:
    from openpyxl import load_workbook

    stream = source.open()
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # read the rows the sheet holds, not the range it declares
        header_cells = next(sheet.iter_rows(max_row=1, max_col=MAX_XLSX_COLUMNS, values_only=True), None)
    except Exception:  # noqa: BLE001 - any failure to open the workbook is the same user error
        stream.close()
        raise FileRefused("import.bad_xlsx") from None
    if header_cells is None or all(v is None or str(v).strip() == "" for v in header_cells):
        workbook.close()
        stream.close()
        raise FileRefused("import.empty_file")
    header = [_cell_text(v) for v in header_cells]
    while header and not header[-1].strip():  # trailing empty header cells widen nothing
        header.pop()
    width = len(header)
    # No max_col: a row the sheet does not hold then comes back as () and costs nothing.
    rows = sheet.iter_rows(min_row=2, values_only=True)

    def chunks() -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
        try:
            buffer: list[list[str]] = []
            numbers: list[int] = []
            for number, cells in enumerate(rows, start=2):
                if not cells:  # a row the sheet does not hold (between real rows)
                    continue
                if len(cells) > width + EXTRA_COLUMNS:  # e.g. one cell in column XFD: no text for 16,384 cells
                    filled = [i for i in range(width, len(cells)) if cells[i] is not None and str(cells[i]).strip()]
                    if filled:
                        raise FileRefused("import.too_many_fields", row=number, expected=width, found=filled[-1] + 1)
                    cells = cells[:width]
                texts = [_cell_text(v) for v in cells]
                if len(texts) < width:
                    texts += [""] * (width - len(texts))
                elif len(texts) > width and any(t.strip() for t in texts[width:]):
                    raise FileRefused("import.too_many_fields", row=number, expected=width,
                                      found=max(i + 1 for i, t in enumerate(texts) if t.strip()))
                buffer.append(texts[:width])
                numbers.append(number)
                if len(buffer) >= chunk_rows:
                    yield _clean(pd.DataFrame(buffer, dtype=str), np.array(numbers))
                    buffer, numbers = [], []
            if buffer:
                yield _clean(pd.DataFrame(buffer, dtype=str), np.array(numbers))
        finally:
            workbook.close()
            stream.close()

    def close() -> None:
        workbook.close()
        stream.close()

    return Table(header=header, chunks=chunks(), close=close)


def read_table(source: Source, chunk_rows: int = CHUNK_ROWS) -> Table:
    """The header row and a lazy iterator over the data rows in chunks."""
    if source.fmt == "xlsx":
        return _xlsx_table(source, chunk_rows)
    return _csv_table(source, chunk_rows)


def estimate_xlsx_rows(source: Source) -> int:
    from openpyxl import load_workbook

    with source.open() as stream:
        try:
            workbook = load_workbook(stream, read_only=True)
            rows = (workbook.worksheets[0].max_row or 1) - 1
            workbook.close()
            return max(0, rows)
        except Exception:  # noqa: BLE001
            return 0
