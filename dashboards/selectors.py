"""The dashboard's counts: complete stories of one collection, for one region and for the
whole country, by track, ISO week, source channel, role type and language.

What is counted is exactly `stories_filtered(dashboard_filter(...))`, the rows an export with
the same filter has. Counting those rows live takes seconds at a million stories, so the
counts are read from StoryCount, which triggers keep equal to them (the tests compare both,
and `manage.py dashboard_recount --check` does on a live database). One GROUP BY query per
breakdown, each over a few hundred rows at most.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet, Sum

from dashboards.models import StoryCount
from tracks.filters import StoryFilter
from tracks.models import Collection, Story
from vertelpunt.dbrouter import analysis_reads

D = StoryCount.Dimension
# How a stored category key (text) reads back.
KEY_TYPES: dict[str, Callable[[str], Any]] = {
    D.TRACK: int,
    D.WEEK: date.fromisoformat,
    D.SOURCE: str,
    D.ROLE_TYPE: str,
    D.LANGUAGE: str,
}


@dataclass(frozen=True)
class Counts:
    """Raw counts per category key of each dimension (only categories with stories)."""

    total: int
    by: dict[str, dict[Any, int]]


def dashboard_filter(collection: Collection, region: str = "") -> StoryFilter:
    """The stories the dashboard counts; region "" is the whole country."""
    return StoryFilter(collection=collection.slug, status=Story.Status.COMPLETE, region=region)


def dashboard_counts(collection: Collection, region: str = "") -> Counts:
    cells = StoryCount.objects.filter(collection=collection)
    if region:
        cells = cells.filter(region=region)
    # Staff counts, read-only: on the read replica when there is one (tellers never wait).
    with analysis_reads():
        by = {str(dimension): _count_by(cells, dimension) for dimension in D}
    # Every story has a track, so the track breakdown adds up to the total: no extra query.
    return Counts(total=sum(by[D.TRACK].values()), by=by)


def _count_by(cells: QuerySet[StoryCount], dimension: str) -> dict[Any, int]:
    """One breakdown: a GROUP BY over that dimension's rows (all regions, or one)."""
    rows = (
        cells.filter(dimension=dimension)
        .values_list("key")
        .annotate(n=Sum("stories"))
        .filter(n__gt=0)
        .order_by()
    )
    as_key = KEY_TYPES[dimension]
    return {as_key(key): n for key, n in rows}


def week_range(weeks: Iterable[date]) -> list[date]:
    """Every Monday from the first to the last week given, so empty weeks show as 0."""
    ordered = sorted(weeks)
    if not ordered:
        return []
    result, monday = [], ordered[0]
    while monday <= ordered[-1]:
        result.append(monday)
        monday += timedelta(days=7)
    return result
