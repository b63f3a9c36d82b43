"""Dutch full-text search over a story's title, text and free-text answers.

The vector is stored on the story (GIN-indexed) and refreshed by the services that change
any of those texts, in the same transaction.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import DatabaseError, transaction
from django.db.models import OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce

from tracks.models import Answer, Story

CONFIG = "dutch"


def search_vector() -> CombinedExpression:
    """The value of a story's `search` column: title (weight A), story (B) and its free-text
    answers (C)."""
    free_text = (
        Answer.objects.filter(story=OuterRef("pk"), text__isnull=False)
        .values("story")
        .annotate(joined=StringAgg("text", " "))
        .values("joined")
    )
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("text", weight="B", config=CONFIG)
        + SearchVector(
            Coalesce(Subquery(free_text), Value(""), output_field=TextField()),
            weight="C",
            config=CONFIG,
        )
    )


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
    are PostgreSQL's own, so PostgreSQL is asked (one index look-up) rather than imitated. A
    savepoint keeps a failed parse from breaking the request's transaction."""
    try:
        with transaction.atomic():
            stories_matching(Story.objects.all(), text).exists()
    except DatabaseError:
        return False
    return True
