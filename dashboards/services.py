"""Repair of the dashboard's running counts (normally kept by triggers, see models)."""

from dataclasses import dataclass

from django.db import connection, transaction

from dashboards.models import ROLLUP_TIME_ZONE

_KEY = "collection_id, region, dimension, key"
# The counts as they should be, straight from the stories (same cells as the triggers).
_FRESH = f"""
    SELECT s.collection_id, s.region, cell.dimension, cell.key, count(*) AS stories
    FROM tracks_story s
    CROSS JOIN LATERAL (VALUES
        ('track', s.track_id::text),
        ('week', to_char(date_trunc('week', s.started_at AT TIME ZONE '{ROLLUP_TIME_ZONE}'),
                         'YYYY-MM-DD')),
        ('source', s.source),
        ('role_type', s.role_type),
        ('language', s.language)
    ) AS cell (dimension, key)
    WHERE s.status = 'complete'
    GROUP BY 1, 2, 3, 4
"""  # noqa: S608 - constants only
_DIFFERENCES = f"""
    SELECT count(*) FROM ({_FRESH}) fresh
    FULL JOIN (SELECT * FROM dashboards_storycount WHERE stories <> 0) kept USING ({_KEY})
    WHERE fresh.stories IS DISTINCT FROM kept.stories
"""  # noqa: S608


@dataclass(frozen=True)
class RecountResult:
    differences: int
    rebuilt: bool


@transaction.atomic
def story_counts_recount(*, check_only: bool = False) -> RecountResult:
    """Compare the running counts with a count of the stories; rebuild them unless
    `check_only`. Story writes wait meanwhile (SHARE lock), so nothing slips between the
    count and the rebuild; at a million stories that takes seconds."""
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE tracks_story IN SHARE MODE")
        cursor.execute(_DIFFERENCES)
        differences = int(cursor.fetchone()[0])
        if check_only or differences == 0:
            return RecountResult(differences=differences, rebuilt=False)
        cursor.execute("DELETE FROM dashboards_storycount")
        cursor.execute(f"INSERT INTO dashboards_storycount ({_KEY}, stories) {_FRESH}")  # noqa: S608
    return RecountResult(differences=differences, rebuilt=True)
