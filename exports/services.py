"""Writes of exports: request a run, run it (in a Celery worker or the shell), and the zip
itself: the wide table, the tidy table, the codebook and a README."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from exports.codebook import CODEBOOK_COLUMNS, codebook_rows
from exports.columns import Plan, plan_build
from exports.models import Export
from exports.rows import TIDY_COLUMNS, TIDY_QUOTE, TIDY_UNSAFE, RowBuilder
from exports.selectors import (
    CHUNK_SIZE,
    export_story_count,
    export_versions,
    exports_stale,
    story_chunks,
)
from exports.writers import EXTENSIONS, TableWriter, table_writer
from tracks.filters import StoryFilter, StoryFilterForm
from tracks.outbox import outbox_add
from vertelpunt.dbrouter import analysis_reads

logger = logging.getLogger(__name__)

F = Export.Format
Progress = Callable[[int, int], None]

WIDE_NAME = "verhalen"
TIDY_NAME = "antwoorden"
CODEBOOK_NAME = "codeboek"
# Deflate level 1: text still shrinks ~4x, at several times the speed of the default level 6.
ZIP_LEVEL = 1
# First key of the advisory lock that keeps two workers off one export (second key: its id).
_LOCK_NAMESPACE = 4_807_001


class ExportFilterError(ValueError):
    """The stored filters no longer validate (e.g. a collection was removed). Exporting
    everything instead would silently widen the export, so the run fails."""


@dataclass(frozen=True)
class ExportResult:
    rows: int
    path: Path
    size_bytes: int


def export_dir() -> Path:
    path = Path(settings.EXPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


@transaction.atomic
def export_request(*, requested_by: User | None, flt: StoryFilter, fmt: str) -> Export:
    """Record the request and queue the run through the outbox: committed with the request,
    so a Redis outage delays the export instead of losing it."""
    if fmt not in F.values:
        raise ValueError(f"unknown export format {fmt!r}")
    export = Export.objects.create(requested_by=requested_by, filters=flt.as_query(), format=fmt)
    outbox_add(task_name="exports.tasks.run_export", args=[export.pk])
    return export


def export_run(*, export_id: int) -> Export | None:
    """Run one export to its zip in EXPORT_DIR. Idempotent: a done export is left alone, and
    an export another worker is running (a redelivered task) is skipped."""
    with _export_lock(export_id) as locked:
        if not locked:
            return None
        export = Export.objects.filter(pk=export_id).first()
        if export is None or export.is_done:
            return export
        Export.objects.filter(pk=export_id).update(
            status=Export.Status.RUNNING, started_at=timezone.now(), progress=0, error=""
        )
        path = export_dir() / f"export-{export_id}.zip"
        try:
            flt = filter_from_query(export.filters)
            result = export_write(
                flt=flt, fmt=export.format, path=path, progress=_progress_saver(export_id)
            )
        except Exception as exc:  # any failure ends the run; the error is shown on its page
            # Only the exception's class: its message may quote story content.
            logger.error("export %s failed: %s", export_id, type(exc).__name__)
            Export.objects.filter(pk=export_id).update(
                status=Export.Status.FAILED,
                error=type(exc).__name__[:200],
                finished_at=timezone.now(),
            )
        else:
            Export.objects.filter(pk=export_id).update(
                status=Export.Status.DONE,
                progress=100,
                rows=result.rows,
                file_name=path.name,
                size_bytes=result.size_bytes,
                finished_at=timezone.now(),
            )
            logger.info("export %s done: %s stories", export_id, result.rows)
        export.refresh_from_db()
        return export


def exports_purge(*, now: datetime | None = None) -> int:
    """Delete the zips of exports finished more than EXPORT_KEEP_DAYS ago and mark them
    expired; returns how many. Exports hold story text, which staff may have redacted or a
    teller withdrawn since."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EXPORT_KEEP_DAYS)
    old = Export.objects.filter(status=Export.Status.DONE, finished_at__lt=cutoff)
    folder = export_dir()
    purged = 0
    for export in old.only("pk", "file_name"):
        (folder / export.file_name).unlink(missing_ok=True)
        purged += Export.objects.filter(pk=export.pk, status=Export.Status.DONE).update(
            status=Export.Status.EXPIRED, file_name="", size_bytes=0
        )
    return purged


def exports_expire_stale(*, export_ids: list[int] | None = None) -> int:
    """Refuse and delete the exports that may hold a withdrawn story or redacted text (all,
    or those of `export_ids`); returns how many files went. An export is marked first, so no
    download starts after; then its file goes, also the file of one marked earlier (a crash
    in between, or the migration that marked the exports made before removals were kept)."""
    candidates = Export.objects.all()
    if export_ids is not None:
        candidates = candidates.filter(pk__in=export_ids)
    stale_ids = list(exports_stale(candidates).values_list("pk", flat=True))
    Export.objects.filter(pk__in=stale_ids, status=Export.Status.DONE).update(
        status=Export.Status.STALE
    )
    folder = export_dir()
    deleted = 0
    leftovers = candidates.filter(status=Export.Status.STALE).exclude(file_name="")
    for export in leftovers.only("pk", "file_name"):
        (folder / export.file_name).unlink(missing_ok=True)
        deleted += Export.objects.filter(pk=export.pk).update(file_name="", size_bytes=0)
    if deleted:
        # How many, not which story: that is nobody's business in a log.
        logger.info("deleted %s stale exports", deleted)
    return deleted


def filter_from_query(data: dict[str, Any]) -> StoryFilter:
    form = StoryFilterForm(data)
    if not form.is_valid():
        raise ExportFilterError(", ".join(sorted(form.errors)))
    return form.to_filter()


def export_write(
    *,
    flt: StoryFilter,
    fmt: str,
    path: Path,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> ExportResult:
    """Write the export zip to `path`: the wide table, the tidy table, the codebook and a
    README. The tables go to temporary files beside `path` first (a zip can only take one
    member at a time) and the zip appears under its name only when complete."""
    if fmt not in F.values:
        raise ValueError(f"unknown export format {fmt!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Every read of the export (versions, stories, answers) goes to the read replica when
    # there is one; the progress updates are writes and stay on the primary.
    with analysis_reads():
        return _export_write(flt=flt, fmt=fmt, path=path, progress=progress, chunk_size=chunk_size)


def _export_write(
    *, flt: StoryFilter, fmt: str, path: Path, progress: Progress | None, chunk_size: int
) -> ExportResult:
    plan = plan_build(export_versions(flt))
    ext = EXTENSIONS[F(fmt)]
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".export-") as tmp:
        folder = Path(tmp)
        wide_path = folder / f"{WIDE_NAME}.{ext}"
        tidy_path = folder / f"{TIDY_NAME}.{ext}"
        wide = table_writer(
            fmt,
            wide_path,
            sheet=WIDE_NAME,
            unsafe=plan.unsafe_indexes,
            datetimes=plan.datetime_indexes,
            quote=plan.quote_indexes,
        )
        tidy = table_writer(fmt, tidy_path, sheet=TIDY_NAME, unsafe=TIDY_UNSAFE, quote=TIDY_QUOTE)
        rows = export_tables(
            flt=flt, plan=plan, wide=wide, tidy=tidy, progress=progress, chunk_size=chunk_size
        )
        codebook_path = _write_codebook(plan, fmt, folder, ext)
        readme = render_to_string(
            "exports/readme.txt",
            {
                "fmt": fmt,
                "ext": ext,
                "rows": rows,
                "filters": flt.as_query(),
                "plan": plan,
                "created": timezone.localtime(),
                "wide": wide_path.name,
                "tidy": tidy_path.name,
                "codebook": codebook_path.name,
            },
        )
        partial = folder / "export.zip"
        with zipfile.ZipFile(
            partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL
        ) as archive:
            archive.writestr("README.txt", readme)
            for member in (wide_path, tidy_path, codebook_path):
                archive.write(member, arcname=member.name)
        os.replace(partial, path)
    return ExportResult(rows=rows, path=path, size_bytes=path.stat().st_size)


def export_tables(
    *,
    flt: StoryFilter,
    plan: Plan,
    wide: TableWriter,
    tidy: TableWriter | None = None,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> int:
    """Stream the filtered stories into the wide (and tidy) table, chunk by chunk, in one pass
    over the database. Returns the number of stories; closes the writers."""
    total = export_story_count(flt) if progress else 0
    # CSV takes rows of strings, built directly as text; XLSX and JSON take typed cells.
    builder = RowBuilder(plan, text=wide.text_rows)
    wide.write_header(plan.names)
    if tidy is not None:
        tidy.write_header(TIDY_COLUMNS)
    done = 0
    try:
        for stories, answers in story_chunks(flt, chunk_size=chunk_size):
            wide.write_rows(builder.wide_rows(stories, answers))
            if tidy is not None:
                tidy.write_rows(builder.tidy_rows(answers))
            done += len(stories)
            if progress:
                progress(done, total)
    finally:
        wide.close()
        if tidy is not None:
            tidy.close()
    return done


def _write_codebook(plan: Plan, fmt: str, folder: Path, ext: str) -> Path:
    rows = codebook_rows(plan)
    if fmt == F.JSON:
        path = folder / f"{CODEBOOK_NAME}.json"
        entries = [dict(zip(CODEBOOK_COLUMNS, row, strict=True)) for row in rows]
        path.write_text(json.dumps(entries, ensure_ascii=False, indent=2), encoding="utf-8")
        return path
    path = folder / f"{CODEBOOK_NAME}.{ext}"
    # Labels and question texts are staff-written: neutralise (and quote) every column.
    every = range(len(CODEBOOK_COLUMNS))
    writer = table_writer(fmt, path, sheet=CODEBOOK_NAME, unsafe=every, quote=every)
    writer.write_header(CODEBOOK_COLUMNS)
    writer.write_rows(rows)
    writer.close()
    return path


def _progress_saver(export_id: int) -> Progress:
    """Saves progress whenever the whole percentage changes: at most 100 small updates."""
    last = -1

    def save(done: int, total: int) -> None:
        nonlocal last
        # 99 at most: 100 means the zip is written too.
        percent = min(99, done * 100 // total) if total else 99
        if percent != last:
            last = percent
            Export.objects.filter(pk=export_id).update(progress=percent, rows=done)

    return save


@contextmanager
def _export_lock(export_id: int) -> Iterator[bool]:
    """A session-level PostgreSQL advisory lock: released when the worker's connection ends,
    so a worker that dies never leaves the export locked."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, export_id])
        locked = bool(cursor.fetchone()[0])
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, export_id])
