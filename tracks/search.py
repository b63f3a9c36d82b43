"""Dutch full-text search over a story's title, text and free-text answers.

The vector is stored on the story (GIN-indexed) and refreshed by the services that change
any of those texts, in the same transaction.
"""

from django.contrib.postgres.search import SearchQuery
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from tracks.models import Story

CONFIG = "dutch"


# A story's search vector in SQL, for an UPDATE of tracks_story after its answers are
# saved. Written out once (not composed from SearchVector expressions on every call):
# composing it was a large share of saving a step (`make bench-profile`).
SEARCH_VECTOR_SQL = (
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(tracks_story.title, '')), 'A')"
    " || setweight(to_tsvector('dutch'::regconfig, COALESCE(tracks_story.text, '')), 'B')"
    " || setweight(to_tsvector('dutch'::regconfig, COALESCE(("
    "SELECT string_agg(answer.text, ' ') FROM tracks_answer answer"
    " WHERE answer.story_id = tracks_story.id AND answer.text IS NOT NULL"
    "), '')), 'C')"
)
# The same for a story being inserted (tracks.services.story_start): it has no answers yet.
NEW_STORY_VECTOR_SQL = (
    "setweight(to_tsvector('dutch'::regconfig, %s), 'A')"
    " || setweight(to_tsvector('dutch'::regconfig, %s), 'B')"
)


def search_vector() -> RawSQL:
    """The value of a story's `search` column: title, story and free-text answers."""
    return RawSQL(SEARCH_VECTOR_SQL, ())  # noqa: S611 - a constant, no input in it


def story_refresh_search(*, story_id: int) -> None:
    Story.objects.filter(pk=story_id).update(search=search_vector())


def search_query(text: str) -> SearchQuery:
    """What a staff member types: words, "a phrase", OR, -excluded (websearch syntax)."""
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def stories_matching(stories: QuerySet[Story], text: str) -> QuerySet[Story]:
    return stories.filter(search=search_query(text))


def search_query_parses(text: str) -> bool:
    """Whether PostgreSQL can turn `text` into a query. Operator soup (e.g. more than 32
    "-" in a row) makes websearch_to_tsquery fail with "tsquery stack too small"; the limits
    are PostgreSQL's own, so PostgreSQL is asked rather than imitated. A savepoint keeps a
    failed parse from breaking the request's transaction."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT websearch_to_tsquery(%s::regconfig, %s)", [CONFIG, text])
    except DatabaseError:
        return False
    return True
