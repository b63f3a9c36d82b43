"""Helpers for export tests: tell stories through the teller services, run an export and read
its zip back in any format."""

import csv
import io
import json
import uuid
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone
from openpyxl import load_workbook

from exports.services import export_write
from signifiers.answers import AnswerValue
from signifiers.selectors import latest_published_version, version_questions
from tracks import services
from tracks.filters import StoryFilter
from tracks.models import Collection, Story, Track


def opt(*keys: str) -> AnswerValue:
    return AnswerValue(option_keys=tuple(keys))


def slider(value: int) -> AnswerValue:
    return AnswerValue(slider=value)


NA = AnswerValue(na=True)


def text(value: str) -> AnswerValue:
    return AnswerValue(text=value)


def triad(a: int, b: int, c: int) -> AnswerValue:
    return AnswerValue(triad=(a, b, c))


def tell(
    collection: Collection,
    role: str,
    steps: dict[int, dict[str, AnswerValue]] | None = None,
    *,
    title: str = "Eindelijk hulp",
    story_text: str = "Mijn zoon kreeg eindelijk de begeleiding die hij nodig had.",
    visit_id: uuid.UUID | None = None,
    source: str = "",
    started_at: datetime | None = None,
) -> Story:
    """A story told through the services, step by step, as the teller flow stores it. Steps
    not in `steps` are not submitted (the teller stopped), so pass {2: {}, 3: {}, 4: {}} for a
    complete story with every question skipped."""
    track = Track.objects.get(collection=collection, role=role)
    version = latest_published_version(collection.questionnaire)
    assert version is not None
    questions = version_questions(version)
    visit = visit_id or uuid.uuid4()
    story = services.story_start(
        track=track,
        questions=questions,
        text=story_text,
        title=title,
        submission_token=uuid.uuid4(),
        source=source,
        visit_id=visit,
        started_at=started_at or timezone.now() - timedelta(minutes=20),
    )
    for step, values in sorted((steps or {}).items()):
        services.story_answer_step(
            story_id=story.pk,
            visit_id=visit,
            questions=questions,
            step=step,
            values=dict(values),
            complete=step == questions.last_step,
        )
    story.refresh_from_db()
    return story


COMPLETE: dict[int, dict[str, AnswerValue]] = {2: {}, 3: {}, 4: {}}


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
