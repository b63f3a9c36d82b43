"""Run an export in a test and read its zip back in any format."""

import csv
import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from exports.services import export_write
from tracks.filters import StoryFilter


def run_export(
    tmp_path: Path, fmt: str = "csv", flt: StoryFilter | None = None, **kwargs: Any
) -> zipfile.ZipFile:
    path = tmp_path / f"export-{uuid.uuid4().hex[:8]}.zip"
    export_write(flt=flt or StoryFilter(), fmt=fmt, path=path, **kwargs)
    return zipfile.ZipFile(path)


def read_table(archive: zipfile.ZipFile, name: str, fmt: str) -> list[dict[str, Any]]:
    """A table of the zip as dicts, all values as the format gives them back."""
    member = next(n for n in archive.namelist() if n.startswith(name + "."))
    raw = archive.read(member)
    if fmt in ("csv", "csv-excel"):
        encoding = "utf-8-sig" if fmt == "csv-excel" else "utf-8"
        delimiter = ";" if fmt == "csv-excel" else ","
        return list(csv.DictReader(io.StringIO(raw.decode(encoding)), delimiter=delimiter))
    if fmt == "json":
        if member.endswith(".json"):
            return json.loads(raw)
        return [json.loads(line) for line in raw.decode().splitlines()]
    workbook = load_workbook(io.BytesIO(raw), read_only=True)
    rows: list[dict[str, Any]] = []
    for sheet in workbook.worksheets:
        values = list(sheet.iter_rows(values_only=True))
        header = values[0]
        # Trailing empty cells are not stored: pad the row to the header.
        width = len(header)
        rows += [
            dict(zip(header, row + (None,) * (width - len(row)), strict=True)) for row in values[1:]
        ]
    return rows


def wide(tmp_path: Path, fmt: str = "csv", **kwargs: Any) -> list[dict[str, Any]]:
    return read_table(run_export(tmp_path, fmt, **kwargs), "verhalen", fmt)


def by_story(rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {int(row["story_id"]): row for row in rows}


def plain(value: Any) -> str:
    """A cell as CSV shows it: numbers as digits, empty as ''."""
    return "" if value is None else str(value)
