"""Reads for exports: the versions in scope, stories in bounded chunks, and export runs."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from django.db.models import (
    DateTimeField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from exports.models import Export
from signifiers.models import QuestionnaireVersion
from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Answer, Collection, Story, StoryRemoval
from vertelpunt.dbrouter import read_connection

# Stories per chunk: two queries per chunk, and never more than this many stories (with their
# answers, ~18 rows each) in memory at once.
CHUNK_SIZE = 2000

STORY_FIELDS = (
    "id",
    "collection_id",
    "track_id",
    "language",
    "questionnaire_version_id",
    "role_type",
    "status",
    "moderation",
    "started_at",
    "completed_at",
    "source",
    "region",
    "title",
    "text",
    "translation_nl_title",
    "translation_nl_text",
    "step_reached",
    # visit_id as text (an annotation, so it must stay last): no UUID object per story, only
    # its text is hashed.
    "visit",
)
# The answers of a whole chunk in one query, aggregated per story into arrays by kind of
# value: one row per story instead of ~18, which keeps psycopg2 from building ~18 tuples per
# story (the largest Python cost of an export before). Each array is in question order
# (signifier id, i.e. creation order), so the tidy table can follow it. `= ANY(array)` keeps
# it one statement with one parameter whatever the chunk size; the (story, signifier, option)
# unique index serves it. A story without answers has no row.
_ANSWERS_SQL = f"""
    SELECT story_id,
        array_agg(option_id ORDER BY signifier_id, option_id)
            FILTER (WHERE option_id IS NOT NULL),
        array_agg(signifier_id ORDER BY signifier_id) FILTER (WHERE is_na),
        array_agg(signifier_id ORDER BY signifier_id) FILTER (WHERE slider IS NOT NULL),
        array_agg(slider ORDER BY signifier_id) FILTER (WHERE slider IS NOT NULL),
        array_agg(signifier_id ORDER BY signifier_id) FILTER (WHERE triad_a IS NOT NULL),
        array_agg(ARRAY[triad_a, triad_b, triad_c] ORDER BY signifier_id)
            FILTER (WHERE triad_a IS NOT NULL),
        array_agg(signifier_id ORDER BY signifier_id) FILTER (WHERE text IS NOT NULL),
        array_agg(text ORDER BY signifier_id) FILTER (WHERE text IS NOT NULL)
    FROM {Answer._meta.db_table}
    WHERE story_id = ANY(%s)
    GROUP BY story_id
"""  # noqa: S608 - a constant table name

StoryRow = tuple[Any, ...]
# (story id, option ids, n.v.t. signifier ids, slider signifier ids, slider values, triad
# signifier ids, triad shares [a, b, c], text signifier ids, texts); a None for "none".
StoryAnswers = tuple[Any, ...]


def export_versions(flt: StoryFilter) -> list[QuestionnaireVersion]:
    """Every version whose questions may appear: the published versions of the questionnaires
    of the collections in scope, plus any version stories in scope answered. Newest first per
    questionnaire, so the newest wording and order lead."""
    collections = Collection.objects.all()
    if flt.collection:
        collections = collections.filter(slug=flt.collection)
    # EXISTS per version (few rows) rides the story table's version index; a DISTINCT over
    # the stories would read them all.
    answered = Exists(
        Story.objects.filter(questionnaire_version=OuterRef("pk"), collection__in=collections)
    )
    return list(
        QuestionnaireVersion.objects.filter(
            Q(
                questionnaire__collections__in=collections,
                status=QuestionnaireVersion.Status.PUBLISHED,
            )
            | Q(answered)
        )
        .select_related("questionnaire")
        .distinct()
        .order_by("questionnaire__slug", "-number")
    )


def export_story_count(flt: StoryFilter) -> int:
    return stories_filtered(flt).order_by().count()


def story_chunks(
    flt: StoryFilter, *, chunk_size: int = CHUNK_SIZE
) -> Iterator[tuple[list[StoryRow], list[StoryAnswers]]]:
    """The filtered stories in id order, `chunk_size` at a time, each chunk with all its
    answers. Keyset pagination (id > last) stays fast deep into a million rows, unlike OFFSET.

    While the caller turns one chunk into rows, a helper thread already fetches the next, so
    PostgreSQL and Python work at the same time (psycopg2 releases the GIL while it waits).
    The thread uses a cursor of this thread's connection, so it sees the same transaction;
    at most two chunks are in memory."""
    filtered = (
        stories_filtered(flt)
        .order_by()
        .annotate(visit=Cast("visit_id", output_field=TextField()))
        .values_list(*STORY_FIELDS)
    )
    # Raw SQL is not routed: inside analysis_reads() this is the replica's connection.
    db = read_connection()
    inner, params = filtered.query.get_compiler(connection=db).as_sql()
    # Filters compile once, here; each chunk only changes the last id. (The SQL's columns are
    # in STORY_FIELDS order because the one annotation, visit, is also last there.)
    stories_sql = (
        f"SELECT * FROM ({inner}) AS chunk "  # noqa: S608 - compiled by the ORM
        "WHERE chunk.id > %s ORDER BY chunk.id LIMIT %s"
    )
    cursor = db.cursor()

    def fetch(last_id: int) -> tuple[list[StoryRow], list[StoryAnswers]]:
        cursor.execute(stories_sql, [*params, last_id, chunk_size])
        stories = cursor.fetchall()
        if not stories:
            return stories, []
        cursor.execute(_ANSWERS_SQL, [[row[0] for row in stories]])
        return stories, cursor.fetchall()

    with cursor, ThreadPoolExecutor(max_workers=1, thread_name_prefix="export") as pool:
        pending = pool.submit(fetch, 0)
        while True:
            stories, answers = pending.result()
            if not stories:
                return
            pending = pool.submit(fetch, stories[-1][0])
            yield stories, answers


def exports_recent(*, limit: int = 20) -> list[Export]:
    return list(Export.objects.select_related("requested_by").order_by("-created_at")[:limit])


# A removal up to this long before an export began may still be in it: the export reads a
# read replica, which lags the primary, and a removal's time is taken before its transaction
# commits (and on another machine's clock). Erring this way only means an export to redo.
STALE_MARGIN = timedelta(minutes=5)


def exports_stale(exports: QuerySet[Export] | None = None) -> QuerySet[Export]:
    """Done exports that may hold a story withdrawn, or text redacted, since they were made:
    a removal in the export's collection (any, for an export of every collection), of a story
    started before the export finished, made after (or just before) the export began."""
    done = (Export.objects.all() if exports is None else exports).filter(status=Export.Status.DONE)
    since_built = StoryRemoval.objects.filter(
        at__gte=ExpressionWrapper(
            OuterRef("started_at") - STALE_MARGIN, output_field=DateTimeField()
        ),
        story_started_at__lte=OuterRef("finished_at"),
    )
    return done.annotate(
        scope=Coalesce(
            KeyTextTransform("collection", "filters"), Value(""), output_field=TextField()
        )
    ).filter(
        (Q(scope="") & Exists(since_built))
        | Exists(since_built.filter(collection__slug=OuterRef("scope")))
    )
