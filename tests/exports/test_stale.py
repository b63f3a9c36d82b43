"""An export made before a teller withdrew a story, or a moderator redacted text in one, may
hold what is gone: from then on it is refused, its file is deleted and its pages say so."""

import ast
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from exports.models import Export
from exports.services import export_run, exports_purge
from exports.tasks import purge_exports
from tests.conftest import sign_in
from tests.factories import StaffUserFactory, tell_story
from tests.tracks.test_withdrawal import WITHDRAW, tell_and_get_code
from tracks import services
from tracks.models import Story, StoryRemoval

REFUSED = "Deze export is vervallen"


@pytest.fixture
def export_dir(settings, tmp_path) -> Path:
    settings.EXPORT_DIR = tmp_path / "exports"
    return settings.EXPORT_DIR


@pytest.fixture
def analyst(db) -> Client:
    return sign_in(Client(), StaffUserFactory(analyst=True))


def done_export(filters: dict[str, str] | None = None) -> Export:
    export = Export.objects.create(filters=filters or {}, format="csv")
    export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.is_done
    return export


def download(client: Client, export: Export):
    return client.get(reverse("exports:download", args=[export.pk]))


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


def test_after_a_withdrawal_the_zip_is_refused_and_its_file_deleted(
    client, passend, export_dir, analyst
):
    code = tell_and_get_code(client)
    export = done_export({"collection": "passend-onderwijs"})
    assert files(export_dir) == [export.file_name]
    assert Client().post(WITHDRAW, {"code": code, "confirm": "1"}).status_code == 200

    response = download(analyst, export)
    assert response.status_code == 410
    assert REFUSED in unescape(response.content.decode())
    assert files(export_dir) == []
    export.refresh_from_db()
    assert (export.status, export.file_name) == (Export.Status.STALE, "")
    detail = analyst.get(reverse("exports:detail", args=[export.pk])).content.decode()
    assert REFUSED in unescape(detail) and "downloaden/" not in detail
    status = analyst.get(reverse("exports:status", args=[export.pk])).json()
    assert (status["status"], status["download_url"]) == ("stale", None)
    start = analyst.get(reverse("exports:start")).content.decode()
    assert "Vervallen" in start


def test_after_a_redaction_the_zip_is_refused_and_its_file_deleted(
    passend, export_dir, analyst, staff_client
):
    story = tell_story(passend, "ouder", text="Juf Annemieke hielp mijn zoon elke dag.")
    export = done_export()
    assert files(export_dir) == [export.file_name]
    moderator = staff_client("Moderator")
    redact = reverse("moderation:redact", args=[story.pk])
    assert moderator.post(redact, {"field": "text", "fragment": "Annemieke"}).status_code == 302

    response = download(analyst, export)
    assert response.status_code == 410
    assert REFUSED in unescape(response.content.decode())
    assert files(export_dir) == []
    assert StoryRemoval.objects.get().kind == StoryRemoval.Kind.REDACTED


def test_the_hourly_purge_deletes_stale_files_without_anyone_asking(passend, export_dir):
    story = tell_story(passend, "ouder")
    export = done_export()
    services.story_withdraw(story=story)
    assert files(export_dir) == [export.file_name]
    assert purge_exports() == 1
    assert files(export_dir) == []
    export.refresh_from_db()
    assert export.status == Export.Status.STALE
    assert exports_purge() == 0  # nothing left to do


def test_the_purge_runs_hourly_as_the_withdrawal_page_promises():
    schedule = django_settings.CELERY_BEAT_SCHEDULE["purge-exports"]["schedule"]
    assert isinstance(schedule, float) and schedule <= 3600


def test_an_export_made_after_the_withdrawal_stays_downloadable(passend, export_dir, analyst):
    story = tell_story(passend, "ouder")
    tell_story(passend, "leerling")
    services.story_withdraw(story=story)
    # Well after the withdrawal (beyond any replication lag).
    StoryRemoval.objects.update(at=story.started_at - timedelta(hours=1))
    export = done_export()
    assert download(analyst, export).status_code == 200
    assert purge_exports() == 0


def test_removals_an_export_cannot_hold_leave_it_alone(passend, triade, export_dir, analyst):
    tell_story(passend, "ouder")
    other = tell_story(triade, "ouder", until_step=2)
    scoped = done_export({"collection": "passend-onderwijs"})
    everything = done_export()
    # A story of another collection: only the export of every collection may hold it.
    services.story_withdraw(story=other)
    assert download(analyst, scoped).status_code == 200
    assert download(analyst, everything).status_code == 410
    # A story started after the export was finished cannot be in it.
    later = tell_story(
        passend, "ouder", until_step=2
    )  # not complete: no completion time to keep after
    assert scoped.finished_at is not None
    Story.objects.filter(pk=later.pk).update(started_at=scoped.finished_at + timedelta(minutes=1))
    later.refresh_from_db()
    services.story_withdraw(story=later)
    assert download(analyst, scoped).status_code == 200


def test_the_record_of_a_withdrawal_holds_no_content(client, passend):
    code = tell_and_get_code(client)
    story = Story.objects.get()
    Client().post(WITHDRAW, {"code": code, "confirm": "1"})
    removal = StoryRemoval.objects.get()
    assert (removal.collection, removal.story_id, removal.kind) == (
        passend,
        story.pk,
        StoryRemoval.Kind.WITHDRAWN,
    )
    assert removal.story_started_at == story.started_at
    names = {f.name for f in StoryRemoval._meta.get_fields()}
    assert names == {"id", "collection", "story_id", "story_started_at", "kind", "at"}


def test_moderation_shows_that_a_story_was_withdrawn(client, passend, staff_client):
    code = tell_and_get_code(client)
    story_id = Story.objects.get().pk
    Client().post(WITHDRAW, {"code": code, "confirm": "1"})
    response = staff_client("Moderator").get(reverse("moderation:detail", args=[story_id]))
    assert response.status_code == 410
    assert "ingetrokken door de verteller" in response.content.decode()
    assert (
        staff_client("Moderator").get(reverse("moderation:detail", args=[999999])).status_code
        == 404
    )


def test_exports_made_before_removals_were_recorded_are_stale(passend, export_dir):
    """Migration exports 0002 marks them: they may hold stories withdrawn before."""
    from importlib import import_module

    from django.apps import apps

    export = done_export()
    migration = import_module("exports.migrations.0002_export_stale")
    migration.mark_earlier_exports_stale(apps, None)
    export.refresh_from_db()
    assert export.status == Export.Status.STALE
    assert purge_exports() == 1
    assert files(export_dir) == []


STAFF_APPS = {"access", "moderation", "exports", "dashboards", "analysis"}


def test_tracks_never_imports_the_staff_apps():
    """tracks knows nothing of moderation or exports: a removal is recorded in tracks, and
    the staff apps read it."""
    root = Path(django_settings.BASE_DIR) / "tracks"
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in STAFF_APPS, f"{path}: imports {name}"
