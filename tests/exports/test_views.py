"""The staff export pages: analysts only; a request becomes an export run queued through the
outbox; progress can be followed with and without JavaScript; the zip downloads as a file."""

import re
import zipfile
from io import BytesIO

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from exports.models import Export
from exports.services import export_run
from tests.conftest import sign_in
from tests.factories import StaffUserFactory, tell_story
from tracks.models import OutboxEvent


@pytest.fixture
def done_export(passend, settings, tmp_path) -> Export:
    settings.EXPORT_DIR = tmp_path / "exports"
    tell_story(passend, "ouder")
    export = Export.objects.create(requested_by=StaffUserFactory(analyst=True), format="csv")
    export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.is_done
    return export


def pages(export: Export) -> dict[str, tuple[str, str]]:
    return {
        "start": ("get", reverse("exports:start")),
        "request": ("post", reverse("exports:start")),
        "detail": ("get", reverse("exports:detail", args=[export.pk])),
        "status": ("get", reverse("exports:status", args=[export.pk])),
        "download": ("get", reverse("exports:download", args=[export.pk])),
    }


@pytest.mark.parametrize("role", ["Moderator", "Regiocoördinator", "Vragenlijstbeheerder", None])
def test_other_roles_get_403_everywhere(done_export, role):
    client = Client()
    sign_in(client, StaffUserFactory(role=role))
    for name, (method, url) in pages(done_export).items():
        assert getattr(client, method)(url).status_code == 403, (role, name)
    assert Export.objects.count() == 1


def test_anonymous_users_are_sent_to_the_login_page(done_export):
    client = Client()
    for name, (method, url) in pages(done_export).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("access:login")), name


def test_analysts_reach_every_page(done_export):
    client = Client()
    sign_in(client, StaffUserFactory(analyst=True))
    for name in ("start", "detail", "status", "download"):
        method, url = pages(done_export)[name]
        assert getattr(client, method)(url).status_code == 200, name


def test_the_start_page_offers_filters_formats_and_recent_exports(done_export):
    client = Client()
    sign_in(client, StaffUserFactory(analyst=True))
    html = client.get(reverse("exports:start") + "?track=ouder").content.decode()
    for name in ("collection", "track", "moderation", "region", "since", "version", "q"):
        assert f'name="{name}"' in html
    assert 'value="ouder" selected' in html
    for fmt in ("csv", "csv-excel", "xlsx", "json"):
        assert f'value="{fmt}"' in html
    assert reverse("exports:detail", args=[done_export.pk]) in html


def test_the_staff_menu_and_home_link_to_exports_for_analysts_only(passend):
    analyst, moderator = Client(), Client()
    sign_in(analyst, StaffUserFactory(analyst=True))
    sign_in(moderator, StaffUserFactory(moderator=True))
    url = reverse("exports:start")
    assert analyst.get(reverse("access:home")).content.decode().count(f'href="{url}"') == 2
    assert f'href="{url}"' not in moderator.get(reverse("access:home")).content.decode()


def test_posting_the_form_queues_an_export_through_the_outbox(passend):
    client = Client()
    analyst = StaffUserFactory(analyst=True)
    sign_in(client, analyst)
    response = client.post(
        reverse("exports:start"), {"format": "xlsx", "track": "ouder", "moderation": "approved"}
    )
    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:detail", args=[export.pk])
    assert (export.requested_by, export.format, export.status) == (analyst, "xlsx", "queued")
    assert export.filters == {"track": "ouder", "moderation": "approved"}
    event = OutboxEvent.objects.get()
    assert (event.task_name, event.args) == ("exports.tasks.run_export", [export.pk])


def test_an_invalid_request_shows_the_form_again(passend):
    client = Client()
    sign_in(client, StaffUserFactory(analyst=True))
    response = client.post(reverse("exports:start"), {"format": "pdf"})
    assert response.status_code == 200
    assert Export.objects.count() == 0


def test_the_status_page_works_without_javascript(passend):
    analyst = StaffUserFactory(analyst=True)
    export = Export.objects.create(requested_by=analyst, format="csv", progress=40, rows=800)
    client = Client()
    sign_in(client, analyst)
    html = client.get(reverse("exports:detail", args=[export.pk])).content.decode()
    assert '<progress id="export-progress" class="export-progress" max="100" value="40">' in html
    assert "Vernieuw" in html
    assert 'http-equiv="refresh"' not in html
    # The script is a static file; no inline script (the CSP forbids it).
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    assert "exports/export-status.js" in html
    status = client.get(reverse("exports:status", args=[export.pk])).json()
    assert status == {
        "status": "queued",
        "status_display": "In de wachtrij",
        "progress": 40,
        "rows": 800,
        "finished": False,
        "download_url": None,
    }


def test_any_analyst_downloads_a_finished_export_as_an_attachment(done_export):
    client = Client()
    sign_in(client, StaffUserFactory(analyst=True))  # not the one who asked for it
    status = client.get(reverse("exports:status", args=[done_export.pk])).json()
    assert status["download_url"] == reverse("exports:download", args=[done_export.pk])
    response = client.get(status["download_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"vertelpunt-export-{done_export.pk}-" in disposition
    assert isinstance(response, StreamingHttpResponse)
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    assert "verhalen.csv" in archive.namelist()


def test_an_unfinished_or_unknown_export_does_not_download(passend):
    analyst = StaffUserFactory(analyst=True)
    running = Export.objects.create(requested_by=analyst, format="csv", status="running")
    client = Client()
    sign_in(client, analyst)
    assert client.get(reverse("exports:download", args=[running.pk])).status_code == 404
    assert client.get(reverse("exports:download", args=[running.pk + 99])).status_code == 404
    assert client.get(reverse("exports:detail", args=[running.pk + 99])).status_code == 404
