"""Full-text search over a story's title, text and free-text answers, each story in its own
language, and over the Dutch working translation staff may add.

The vector is stored on the story (GIN-indexed) and refreshed by the services that change
any of those texts, in the same transaction. The teller's words are parsed with the
PostgreSQL text search configuration of the story's language (`CONFIGS`); the translation
with the Dutch one. A staff query is parsed with the Dutch configuration for every story
(staff type Dutch, and it finds the translations) and with each other configuration for the
stories of its languages, so "waiting lists" finds "waiting list" in an English story.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import DatabaseError, transaction
from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, TextField, Value, When
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce

from tracks.models import Answer, Story

# The configuration of staff pages and of the working translation.
CONFIG = "dutch"
# Teller language → PostgreSQL text search configuration (`SELECT cfgname FROM pg_ts_config`).
# A language PostgreSQL has no configuration for (Polish, Ukrainian) is searched word for
# word, lowercased, with `FALLBACK`: no stemming, no stop words.
CONFIGS = {
    "nl": "dutch",
    "en": "english",
    "ar": "arabic",
    "tr": "turkish",
}
FALLBACK = "simple"


def config_for(language: str) -> str:
    """The text search configuration of a story told in `language`."""
    return CONFIGS.get(language, FALLBACK)


def story_config() -> Case:
    """`config_for(story.language)`, as an SQL expression on the story row."""
    return Case(
        *[When(language=code, then=Value(config)) for code, config in CONFIGS.items()],
        default=Value(FALLBACK),
        output_field=TextField(),
    )


def search_vector() -> CombinedExpression:
    """The value of a story's `search` column: title (weight A), story (B) and its free-text
    answers (C) in the story's language; the Dutch translation's title (A) and text (B)."""
    free_text = (
        Answer.objects.filter(story=OuterRef("pk"), text__isnull=False)
        .values("story")
        .annotate(joined=StringAgg("text", " "))
        .values("joined")
    )
    own = story_config()
    return (
        SearchVector("title", weight="A", config=own)
        + SearchVector("text", weight="B", config=own)
        + SearchVector(
            Coalesce(Subquery(free_text), Value(""), output_field=TextField()),
            weight="C",
            config=own,
        )
        + SearchVector("translation_nl_title", weight="A", config=CONFIG)
        + SearchVector("translation_nl_text", weight="B", config=CONFIG)
    )


def story_refresh_search(*, story_id: int) -> None:
    Story.objects.filter(pk=story_id).update(search=search_vector())


def search_query(text: str, config: str = CONFIG) -> SearchQuery:
    """What a staff member types: words, "a phrase", OR, -excluded (websearch syntax)."""
    return SearchQuery(text, config=config, search_type="websearch")


def own_search_query(text: str) -> SearchQuery:
    """`text` parsed with each story's own configuration (for highlighting its words)."""
    return SearchQuery(text, config=story_config(), search_type="websearch")


def matches(text: str) -> Q:
    """Stories whose vector matches `text` parsed in Dutch, or parsed with their language's
    configuration. Each branch compares with a constant query, so every one is a look-up
    in the GIN index (a query parsed per row could not use it)."""
    condition = Q(search=search_query(text))
    for config in sorted(set(CONFIGS.values()) - {CONFIG}):
        languages = [code for code, c in CONFIGS.items() if c == config]
        condition |= Q(language__in=languages, search=search_query(text, config))
    condition |= ~Q(language__in=list(CONFIGS)) & Q(search=search_query(text, FALLBACK))
    return condition


def stories_matching(stories: QuerySet[Story], text: str) -> QuerySet[Story]:
    return stories.filter(matches(text))


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
