"""With a read replica configured, the heavy staff reads (analysis, the stories behind a
count, dashboard counts, exports) run on it, raw SQL included; writes and every teller
request stay on the primary (vertelpunt/dbrouter.py)."""

import re
from typing import Any, ClassVar

import psycopg2.extensions
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.models import StoryCount
from exports.models import Export
from exports.services import export_run
from tests.factories import stories_bulk
from tests.teller import (
    PASSEND_EXPERIENCE,
    PASSEND_LAST,
    passend_about_you,
    send_pages,
    start_story,
)
from tracks.models import Story
from vertelpunt.dbrouter import REPLICA

# --- The heavy staff reads really run on the replica -----------------------------------------


class RecordingCursor(psycopg2.extensions.cursor):
    """Notes every COPY: the analysis streams its answers with copy_expert, which Django's
    query log does not see."""

    copies: ClassVar[list[str]] = []

    def copy_expert(self, sql: Any, file: Any, size: int = 8192) -> Any:
        RecordingCursor.copies.append(str(sql))
        return super().copy_expert(sql, file, size)


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """A "replica" alias as settings make it with DATABASE_REPLICA_URL (a TEST MIRROR of the
    default database): a second, separate connection to the test database, for this module.
    Added before any test's database setup, so the tests can name it in `databases`."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    replica_settings = {
        **primary,
        "OPTIONS": {**primary["OPTIONS"], "cursor_factory": RecordingCursor},
        "TEST": {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS},
    }
    # The connection handler reads the DATABASES dict it was built from; settings.DATABASES
    # is that same dict unless something overrode it.
    databases = [connections.settings, django_settings.DATABASES]
    for dbs in databases:
        dbs[REPLICA] = replica_settings
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        for dbs in databases:
            dbs.pop(REPLICA, None)


# Transactional: the replica's connection sees what the test writes, as a streaming replica
# would (a test transaction on the primary's connection would hide it).
pytestmark = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@pytest.fixture
def replica(settings):
    """(replica connection, primary connection), with a private cache so no analysis comes
    from an earlier test."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "r"}
    }
    cache.clear()
    RecordingCursor.copies.clear()
    yield connections[REPLICA], connections[DEFAULT_DB_ALIAS]
    cache.clear()


def mentions(queries: CaptureQueriesContext, *tables: str) -> list[str]:
    """The captured statements that name one of `tables` (quoted by the ORM or not)."""
    found = re.compile(r"\b(?:" + "|".join(tables) + r")\b")
    return [q["sql"] for q in queries.captured_queries if found.search(q["sql"])]


STORY_TABLES = ("tracks_story", "tracks_answer")


def test_the_analysis_reads_every_answer_on_the_replica(replica, passend, staff_client):
    on_replica, on_primary = replica
    stories_bulk(passend, [{"gevoel": "hoop", "goed_onderwijs": 70}] * 30)
    client = staff_client("Analist")
    with CaptureQueriesContext(on_replica) as read, CaptureQueriesContext(on_primary) as primary:
        page = client.get(reverse("analysis:distributions"))
    assert page.status_code == 200
    assert "30 verhalen in deze selectie" in page.content.decode()
    # The story list, the cache stamp and the questionnaire on the replica; the answers too,
    # streamed by COPY.
    assert mentions(read, "tracks_story") and mentions(read, "signifiers_signifier")
    assert any("tracks_answer" in sql for sql in RecordingCursor.copies)
    # The primary only served the session, the user and the collection's name.
    assert not mentions(primary, *STORY_TABLES)


def test_the_stories_behind_a_count_are_read_on_the_replica(replica, passend, staff_client):
    on_replica, on_primary = replica
    stories_bulk(passend, [{"gevoel": "hoop"}] * 3 + [{}] * 2)
    client = staff_client("Analist")
    with CaptureQueriesContext(on_replica) as read, CaptureQueriesContext(on_primary) as primary:
        page = client.get(reverse("analysis:stories"), {"v": "__beantwoord:1"})
    assert "3 verhalen" in page.content.decode()
    assert mentions(read, "tracks_answer")
    assert not mentions(primary, *STORY_TABLES)


def test_the_dashboard_counts_are_read_on_the_replica(replica, passend, staff_client):
    on_replica, on_primary = replica
    stories_bulk(passend, [{}] * 4, region="kennemerland")
    client = staff_client("Regiocoördinator", regions=["kennemerland"])
    with CaptureQueriesContext(on_replica) as read, CaptureQueriesContext(on_primary) as primary:
        page = client.get(reverse("dashboards:dashboard"))
    assert page.status_code == 200
    assert len(mentions(read, "dashboards_storycount")) == 2 * len(
        StoryCount.Dimension
    )  # region and country
    assert not mentions(primary, "dashboards_storycount", *STORY_TABLES)


def test_an_export_reads_on_the_replica_and_writes_its_progress_on_the_primary(
    replica, passend, settings, tmp_path
):
    on_replica, on_primary = replica
    settings.EXPORT_DIR = str(tmp_path)
    stories_bulk(passend, [{"gevoel": "hoop", "invloed": ["ouders"]}] * 5)
    export = Export.objects.create(filters={"collection": passend.slug}, format="csv")
    with CaptureQueriesContext(on_replica) as read, CaptureQueriesContext(on_primary) as primary:
        done = export_run(export_id=export.pk)
    assert done is not None and done.status == Export.Status.DONE and done.rows == 5
    # The chunked story and answer reads (raw SQL) and the version plan: replica.
    assert mentions(read, "tracks_story") and mentions(read, "tracks_answer")
    assert mentions(read, "signifiers_questionnaireversion")
    assert not mentions(read, "exports_export")
    # The lock and the export's status and progress: primary, and nothing of the stories.
    assert mentions(primary, "exports_export")
    assert not mentions(primary, *STORY_TABLES)


def test_teller_pages_never_touch_the_replica(replica, passend, client):
    on_replica, _primary = replica
    with CaptureQueriesContext(on_replica) as read:
        home = client.get(reverse("tracks:home", kwargs={"collection": passend.slug}))
        assert home.status_code == 200
        start_story(client, passend.slug, "ouder")
        thanks = send_pages(
            client,
            passend.slug,
            "ouder",
            PASSEND_EXPERIENCE | passend_about_you("ouder") | PASSEND_LAST,
            follow=True,
        )
        assert thanks.status_code == 200
    assert Story.objects.filter(status=Story.Status.COMPLETE).count() == 1
    assert read.captured_queries == []
    assert RecordingCursor.copies == []
