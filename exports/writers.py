"""Table writers for each export format. They take rows (lists of plain values: str, int,
None, aware datetimes) chunk by chunk and stream them to a file, so memory stays flat.

Spreadsheet formats (both CSVs and XLSX) neutralise formula injection in the columns that can
hold outside text (vertelpunt.csvsafe). JSON Lines is data for programs, not a spreadsheet, so
its strings are written as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from exports.models import Export
from vertelpunt.csvsafe import neutralise_cells

F = Export.Format

EXTENSIONS = {F.CSV: "csv", F.CSV_EXCEL: "csv", F.XLSX: "xlsx", F.JSON: "jsonl"}

# Excel's limits: rows per sheet (including the header) and characters per cell.
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CELL = 32_767


class TableWriter(Protocol):
    # True: rows of strings (RowBuilder text mode); False: typed cells.
    text_rows: bool

    def write_header(self, names: Sequence[str]) -> None: ...

    def write_rows(self, rows: Iterable[list[Any]]) -> None: ...

    def close(self) -> None: ...


class CsvTableWriter:
    """RFC 4180 CSV in UTF-8. The Excel variant adds a byte-order mark and uses `;`, which is
    what Dutch Excel expects when a file is opened by double-clicking it.

    Takes rows of strings only (RowBuilder's text mode) and joins them itself: the csv module
    inspects every character of every field, which made it the slowest step of a large export.
    Only the columns in `quote` can hold a delimiter, a double quote, CR or LF (free text,
    labels); those are quoted exactly as the csv module would (QUOTE_MINIMAL, quotes doubled).
    """

    text_rows = True

    def __init__(
        self, path: Path, *, excel: bool, unsafe: Sequence[int], quote: Sequence[int]
    ) -> None:
        self._file = path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="")
        self._delimiter = ";" if excel else ","
        self._needs_quotes = re.compile(f'["{self._delimiter}\\r\\n]').search
        self._unsafe = list(unsafe)
        self._quote = list(quote)

    def write_header(self, names: Sequence[str]) -> None:
        row = list(names)
        self._write([row], quote=range(len(row)))

    def write_rows(self, rows: Iterable[list[Any]]) -> None:
        self._write(rows, quote=self._quote)

    def _write(self, rows: Iterable[list[Any]], *, quote: Iterable[int]) -> None:
        unsafe, needs_quotes, delimiter = self._unsafe, self._needs_quotes, self._delimiter
        quote = list(quote)
        lines = []
        for row in rows:
            neutralise_cells(row, unsafe)
            for i in quote:
                value = row[i]
                if needs_quotes(value):
                    row[i] = '"' + value.replace('"', '""') + '"'
            lines.append(delimiter.join(row))
        if lines:
            lines.append("")
            self._file.write("\r\n".join(lines))

    def close(self) -> None:
        self._file.close()


class XlsxTableWriter:
    text_rows = False

    """An XLSX workbook in openpyxl's write-only mode: rows go to a temporary file as they come
    (strings inline, no shared-string table), so memory does not grow with the row count. When
    a sheet is full (Excel's row limit) the rows continue on a new sheet with the same header."""

    def __init__(
        self,
        path: Path,
        *,
        sheet: str,
        unsafe: Sequence[int],
        datetimes: Sequence[int],
        max_rows: int | None = None,
    ) -> None:
        self._path = path
        self._workbook = Workbook(write_only=True)
        self._sheet_title = sheet
        self._sheets = 0
        self._rows_in_sheet = 0
        self._max_rows = max_rows or XLSX_MAX_ROWS
        self._header: list[str] = []
        self._unsafe = list(unsafe)
        self._datetimes = list(datetimes)

    def write_header(self, names: Sequence[str]) -> None:
        self._header = list(names)
        self._new_sheet()

    def _new_sheet(self) -> None:
        self._sheets += 1
        title = self._sheet_title if self._sheets == 1 else f"{self._sheet_title} {self._sheets}"
        self._sheet = self._workbook.create_sheet(title=title[:31])
        self._sheet.append(self._header)
        self._rows_in_sheet = 1

    def write_rows(self, rows: Iterable[list[Any]]) -> None:
        sheet = self._sheet
        for row in rows:
            if self._rows_in_sheet >= self._max_rows:
                self._new_sheet()
                sheet = self._sheet
            for i in self._datetimes:
                value = row[i]
                if value is not None:
                    # Excel has no time zones: local wall-clock time, as staff read it.
                    row[i] = value.replace(tzinfo=None, microsecond=0)
            for i in self._unsafe:
                value = row[i]
                if value.__class__ is str:
                    # Control characters are not allowed in XLSX XML; a cell holds at most
                    # 32,767 characters.
                    row[i] = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_CELL]
            neutralise_cells(row, self._unsafe)
            sheet.append(row)
            self._rows_in_sheet += 1

    def close(self) -> None:
        self._workbook.save(self._path)


class JsonLinesWriter:
    text_rows = False

    """JSON Lines: one JSON object per line, keys are the column names, empty cells are null.
    Streams like CSV and reads with `pandas.read_json(path, lines=True)` or R's
    `jsonlite::stream_in`."""

    def __init__(self, path: Path, *, datetimes: Sequence[int]) -> None:
        self._file = path.open("w", encoding="utf-8", newline="\n")
        self._encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        self._names: list[str] = []
        self._datetimes = list(datetimes)

    def write_header(self, names: Sequence[str]) -> None:
        self._names = list(names)

    def write_rows(self, rows: Iterable[list[Any]]) -> None:
        names, encode, datetimes = self._names, self._encode, self._datetimes
        lines = []
        for row in rows:
            for i in datetimes:
                value = row[i]
                if value is not None:
                    row[i] = value.isoformat(timespec="seconds")
            lines.append(encode(dict(zip(names, row, strict=True))))
        if lines:
            self._file.write("\n".join(lines))
            self._file.write("\n")

    def close(self) -> None:
        self._file.close()


def table_writer(
    fmt: str,
    path: Path,
    *,
    sheet: str,
    unsafe: Sequence[int] = (),
    datetimes: Sequence[int] = (),
    quote: Sequence[int] = (),
) -> TableWriter:
    """`unsafe`: columns with outside text (neutralised in spreadsheets); `datetimes`: columns
    with datetimes (typed rows); `quote`: columns that may need CSV quoting (text rows)."""
    if fmt in (F.CSV, F.CSV_EXCEL):
        return CsvTableWriter(path, excel=fmt == F.CSV_EXCEL, unsafe=unsafe, quote=quote)
    if fmt == F.XLSX:
        return XlsxTableWriter(path, sheet=sheet, unsafe=unsafe, datetimes=datetimes)
    if fmt == F.JSON:
        return JsonLinesWriter(path, datetimes=datetimes)
    raise ValueError(f"unknown export format {fmt!r}")
