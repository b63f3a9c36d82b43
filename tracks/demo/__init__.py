"""DEVELOPMENT AND BENCHMARK SEEDER: synthetic stories. Never run it against real data.

`demo_stories_create(count=N)` adds N made-up stories to a collection (default: the
"passend onderwijs" one), spread like the 2019 vertelpunt: over the three tracks (parents ~58%,
professionals ~33%, pupils ~9%), regions, source channels, two questionnaire versions, ~5
months, ~97% complete, with moderation statuses and answers to every question kind that keep
every rule (option belongs to the question and is shown on the track, at most `max_choices`,
n.v.t. only where allowed, triads sum to 100, role type and region copied from their answers,
some questions skipped). Some tellers share a second story in the same visit.

Speed: a million stories (~18 million answers) must load in minutes, so rows go in with
PostgreSQL COPY from an in-memory buffer per batch of stories, one transaction per batch, and
the search vector is computed by PostgreSQL in the same INSERT that moves a batch from a
staging table. The ORM is not used per row. Idempotency is not a goal: each run adds more.
"""

import io
import logging
import random
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from signifiers import services as signifier_services
from signifiers.models import Questionnaire, QuestionnaireVersion
from signifiers.selectors import version_spec
from tracks.demo.generator import TRACK_WEIGHTS, Generator, prepare_version
from tracks.loading import collection_load_file
from tracks.models import Answer, Collection, Story
from tracks.search import config_for
from tracks.services import collection_refresh_counts

logger = logging.getLogger(__name__)

DEFAULT_COLLECTION = "passend-onderwijs"
DEFAULT_FILE = Path(settings.BASE_DIR) / "signifiers" / "data" / "passend-onderwijs.toml"
BATCH_SIZE = 5000


class DemoError(Exception):
    pass


def demo_stories_create(
    *,
    count: int,
    seed: int = 0,
    collection: str = DEFAULT_COLLECTION,
    batch_size: int = BATCH_SIZE,
    search: bool = True,
) -> int:
    """Add `count` synthetic stories to `collection`; returns how many were created.
    `search=False` leaves the full-text vector empty (faster; for export benchmarks)."""
    if count <= 0:
        return 0
    target = _collection(collection)
    versions = [prepare_version(v) for v in _demo_versions(target.questionnaire)]
    tracks = dict(target.tracks.values_list("role", "pk"))
    roles = [r for r in TRACK_WEIGHTS if r in tracks]
    if not roles:
        raise DemoError(f"collection {collection!r} has no tracks")
    # A seeded generator on purpose: the same seed gives the same stories (not for secrets).
    generator = Generator(random.Random(seed), target.pk, tracks, roles, versions)  # noqa: S311
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Story._meta.db_table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = bool(cursor.fetchone()[0])

    def reserve(n: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, n])
            return [row[0] for row in cursor.fetchall()]

    # Python builds batch k+1 in a thread while PostgreSQL ingests batch k (psycopg2 lets go
    # of the GIL while it waits on the server), so the two cores work at the same time.
    created = 0
    sizes = [min(batch_size, count - start) for start in range(0, count, batch_size)]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo") as pool:
        pending: Future[tuple[str, str]] = pool.submit(generator.batch, reserve(sizes[0]))
        for i, size in enumerate(sizes):
            stories, answers = pending.result()
            if i + 1 < len(sizes):
                pending = pool.submit(generator.batch, reserve(sizes[i + 1]))
            with transaction.atomic(), connection.cursor() as cursor:
                _copy_batch(cursor, stories, answers, superuser=superuser, search=search)
            created += size
            logger.info("demo stories: %s of %s", created, count)
    collection_refresh_counts(collection_id=target.pk)
    with connection.cursor() as cursor:
        # Fresh planner statistics: the staff pages and benchmarks query right away.
        cursor.execute(f"ANALYZE {Story._meta.db_table}, {Answer._meta.db_table}")  # noqa: S608
    return created


def _collection(slug: str) -> Collection:
    found = Collection.objects.select_related("questionnaire").filter(slug=slug).first()
    if found is None and slug == DEFAULT_COLLECTION:
        found = collection_load_file(path=DEFAULT_FILE).collection
    if found is None:
        raise DemoError(f"no collection {slug!r}; load its questionnaire first")
    return found


def _demo_versions(questionnaire: Questionnaire) -> list[QuestionnaireVersion]:
    """The two newest published versions, oldest first. With only one, a copy is published as
    the next version (development data only), so the stories span two versions."""
    published = list(
        QuestionnaireVersion.objects.filter(
            questionnaire=questionnaire, status=QuestionnaireVersion.Status.PUBLISHED
        ).order_by("-number")[:2]
    )
    if not published:
        raise DemoError(f"questionnaire {questionnaire.slug!r} has no published version")
    if len(published) == 1:
        current = published[0]
        number = current.number + 1
        copy = signifier_services.questionnaire_version_create(
            questionnaire=questionnaire,
            number=number,
            label=f"{number}.0",
            signifiers=version_spec(current),
        )
        signifier_services.questionnaire_version_publish(version=copy)
        published.insert(0, copy)
    return list(reversed(published))


# Demo stories are told in Dutch: the story table's language column keeps its default.
DEMO_LANGUAGE = "nl"
# Staging columns, in COPY order; the search vector is computed on the way into the story
# table, with the configuration and weights of tracks.search (title A, story B, free-text
# answers C; demo stories have no translation).
_STAGING_COLUMNS = [
    ("id", "bigint"),
    ("collection_id", "bigint"),
    ("track_id", "bigint"),
    ("questionnaire_version_id", "bigint"),
    ("title", "text"),
    ("text", "text"),
    ("status", "text"),
    ("moderation", "text"),
    ("step_reached", "smallint"),
    ("started_at", "timestamptz"),
    ("completed_at", "timestamptz"),
    ("source", "text"),
    ("region", "text"),
    ("role_type", "text"),
    ("visit_id", "uuid"),
    ("submission_token", "uuid"),
    ("free_text", "text"),
]
_STORY_COLUMNS = [name for name, _ in _STAGING_COLUMNS if name != "free_text"]
_ANSWER_COLUMNS = [
    "story_id",
    "signifier_id",
    "is_na",
    "option_id",
    "slider",
    "triad_a",
    "triad_b",
    "triad_c",
    "text",
]


def _copy_batch(cursor: Any, stories: str, answers: str, *, superuser: bool, search: bool) -> None:
    if superuser:
        # Every id in the batch was just read from the database, so the foreign-key checks
        # (deferred to commit, three per answer row) only cost time; a superuser may skip
        # them for this transaction. Other roles keep them.
        cursor.execute("SET LOCAL session_replication_role = replica")
    # Fewer, larger merges of the GIN search index's pending list.
    cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
    staging = ", ".join(f"{name} {kind}" for name, kind in _STAGING_COLUMNS)
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS demo_story_staging ({staging}) ON COMMIT DELETE ROWS"
    )
    # Emptied here too: inside an outer transaction (a test) nothing commits between batches.
    cursor.execute("TRUNCATE demo_story_staging")
    cursor.copy_expert(
        f"COPY demo_story_staging ({', '.join(n for n, _ in _STAGING_COLUMNS)}) FROM STDIN",
        io.BytesIO(stories.encode()),
    )
    columns = ", ".join(_STORY_COLUMNS)
    vector = (
        "setweight(to_tsvector(%(config)s::regconfig, title), 'A') "
        "|| setweight(to_tsvector(%(config)s::regconfig, text), 'B') "
        "|| setweight(to_tsvector(%(config)s::regconfig, free_text), 'C')"
        if search
        else "NULL"
    )
    cursor.execute(
        f"INSERT INTO {Story._meta.db_table} ({columns}, search) "  # noqa: S608 - constants
        f"SELECT {columns}, {vector} FROM demo_story_staging",
        {"config": config_for(DEMO_LANGUAGE)},
    )
    cursor.copy_expert(
        f"COPY {Answer._meta.db_table} ({', '.join(_ANSWER_COLUMNS)}) FROM STDIN",
        io.BytesIO(answers.encode()),
    )
