"""Export runs: a real Celery worker writes the zip and reports progress; a run is idempotent
and records failures without story content; the shell command runs the same service."""

import time
import zipfile

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from exports.models import Export
from exports.services import export_request, export_run
from tests.conftest import DEFAULT_FILE, sign_in
from tests.exports.archive import by_story, read_table
from tests.factories import StaffUserFactory, tell_story
from tracks.filters import StoryFilter
from tracks.loading import collection_load_file
from tracks.models import OutboxEvent
from vertelpunt.celery import app as celery_app


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_requested_export(db, settings, tmp_path):
    settings.EXPORT_DIR = tmp_path / "exports"
    collection = collection_load_file(path=DEFAULT_FILE).collection
    ouder = tell_story(collection, "ouder", {"gevoel": "hoop"})
    tell_story(collection, "leerling")
    analyst = StaffUserFactory(analyst=True)
    client = Client()
    sign_in(client, analyst)
    with start_worker(celery_app, perform_ping_check=False, pool="solo", concurrency=1):
        response = client.post(reverse("exports:start"), {"format": "csv", "track": "ouder"})
        export = Export.objects.get()
        assert response["Location"] == reverse("exports:detail", args=[export.pk])
        assert wait_for(lambda: Export.objects.get().is_finished), Export.objects.get().status
    connection.close()

    export.refresh_from_db()
    assert (export.status, export.progress, export.rows) == ("done", 100, 1)
    assert export.started_at is not None and export.finished_at is not None
    assert export.started_at <= export.finished_at
    event = OutboxEvent.objects.get(task_name="exports.tasks.run_export")
    assert event.args == [export.pk] and event.done_at is not None
    path = settings.EXPORT_DIR / export.file_name
    assert export.size_bytes == path.stat().st_size
    rows = read_table(zipfile.ZipFile(path), "verhalen", "csv")
    assert list(by_story(rows)) == [ouder.pk]
    assert by_story(rows)[ouder.pk]["gevoel"] == "hoop"
    download = client.get(reverse("exports:download", args=[export.pk]))
    assert download.status_code == 200


def test_a_run_saves_progress_and_is_idempotent(passend, settings, tmp_path):
    settings.EXPORT_DIR = tmp_path
    for _ in range(3):
        tell_story(passend, "ouder")
    export = export_request(
        requested_by=StaffUserFactory(analyst=True), flt=StoryFilter(), fmt="json"
    )
    seen: list[int] = []
    from exports import services

    original = services._progress_saver

    def spy(export_id):
        save = original(export_id)

        def wrapped(done, total):
            save(done, total)
            seen.append(Export.objects.get(pk=export_id).progress)

        return wrapped

    services._progress_saver = spy
    try:
        done = export_run(export_id=export.pk)
    finally:
        services._progress_saver = original
    assert done is not None
    assert done.status == "done" and done.rows == 3 and done.progress == 100
    assert seen == [99]  # one chunk: 3 of 3 stories, the zip still to write
    stamp = (tmp_path / done.file_name).stat().st_mtime_ns
    again = export_run(export_id=export.pk)
    assert again is not None
    assert again.finished_at == done.finished_at
    assert (tmp_path / done.file_name).stat().st_mtime_ns == stamp


def test_progress_is_saved_per_whole_percent(passend, settings, tmp_path):
    from exports.services import _progress_saver

    export = Export.objects.create(requested_by=StaffUserFactory(analyst=True), format="csv")
    save = _progress_saver(export.pk)
    save(1, 3)
    assert Export.objects.get(pk=export.pk).progress == 33
    save(3, 3)
    assert Export.objects.get(pk=export.pk).progress == 99


def test_a_run_that_another_worker_holds_is_skipped(passend, settings, tmp_path):
    import psycopg2

    from exports import services

    settings.EXPORT_DIR = tmp_path
    export = Export.objects.create(requested_by=StaffUserFactory(analyst=True), format="csv")
    db = connection.settings_dict
    other = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
    )
    try:
        with other.cursor() as cursor:
            # Another worker's session holds the export's lock.
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [services._LOCK_NAMESPACE, export.pk])
        assert export_run(export_id=export.pk) is None
        assert Export.objects.get(pk=export.pk).status == "queued"
    finally:
        other.close()  # the worker's connection ends: the lock goes with it (soon after)
    assert wait_for(lambda: export_run(export_id=export.pk) is not None, timeout=5)
    assert Export.objects.get(pk=export.pk).status == "done"


def test_a_failed_run_records_only_the_error_class(passend, settings, tmp_path):
    settings.EXPORT_DIR = tmp_path
    export = Export.objects.create(
        requested_by=StaffUserFactory(analyst=True), format="csv", filters={"collection": "weg"}
    )
    result = export_run(export_id=export.pk)
    assert result is not None
    assert (result.status, result.error) == ("failed", "ExportFilterError")
    assert result.finished_at is not None and not result.file_name


def test_the_command_exports_with_filters(passend, tmp_path, capsys):
    ouder = tell_story(passend, "ouder")
    tell_story(passend, "leerling")
    output = tmp_path / "uit" / "export.zip"
    call_command(
        "export_stories", "--format", "csv-excel", "--output", str(output), "--track", "ouder"
    )
    out = capsys.readouterr().out
    assert out.startswith(f"1 verhalen geëxporteerd naar {output}")
    rows = read_table(zipfile.ZipFile(output), "verhalen", "csv-excel")
    assert list(by_story(rows)) == [ouder.pk]


def test_the_command_takes_the_questionnaire_version_filter(passend, tmp_path, capsys):
    story = tell_story(passend, "ouder")
    output = tmp_path / "export.zip"
    version = str(story.questionnaire_version_id)
    call_command(
        "export_stories", "--output", str(output), "--version", version, "--format", "json"
    )
    assert capsys.readouterr().out.startswith("1 verhalen")


def test_the_command_refuses_invalid_filters(passend, tmp_path):
    with pytest.raises(CommandError, match="track"):
        call_command("export_stories", "--output", str(tmp_path / "x.zip"), "--track", "kat")
    assert not (tmp_path / "x.zip").exists()


def test_old_export_files_are_purged_and_marked_expired(passend, settings, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from exports.services import exports_purge
    from exports.tasks import purge_exports

    settings.EXPORT_DIR = tmp_path
    settings.EXPORT_KEEP_DAYS = 7
    tell_story(passend, "ouder")
    analyst = StaffUserFactory(analyst=True)
    old = export_run(export_id=Export.objects.create(requested_by=analyst, format="csv").pk)
    recent = export_run(export_id=Export.objects.create(requested_by=analyst, format="csv").pk)
    assert old is not None and recent is not None
    Export.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    old_file = tmp_path / old.file_name

    assert purge_exports() == 1
    assert not old_file.exists() and (tmp_path / recent.file_name).exists()
    old.refresh_from_db()
    assert (old.status, old.file_name) == ("expired", "")
    client = sign_in(Client(), analyst)
    assert client.get(reverse("exports:download", args=[old.pk])).status_code == 404
    assert "bewaartermijn" in client.get(reverse("exports:detail", args=[old.pk])).content.decode()
    assert exports_purge() == 0
