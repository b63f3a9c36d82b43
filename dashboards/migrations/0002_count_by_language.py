"""The dashboard's counts by the language a story was told in: the triggers' function of
0001 with a fifth breakdown, and the language rows of the stories already there."""

from django.db import migrations, models

# A migration keeps its own copy: this is dashboards.models.ROLLUP_TIME_ZONE as of now.
TIME_ZONE = "Europe/Amsterdam"


def cells(languages: bool) -> str:
    language = ",\n        ('language', s.language)" if languages else ""
    return f"""
    SELECT s.collection_id, s.region, cell.dimension, cell.key, {{delta}} AS delta
    FROM {{table}} s
    CROSS JOIN LATERAL (VALUES
        ('track', s.track_id::text),
        ('week', to_char(date_trunc('week', s.started_at AT TIME ZONE '{TIME_ZONE}'),
                         'YYYY-MM-DD')),
        ('source', s.source),
        ('role_type', s.role_type){language}
    ) AS cell (dimension, key)
    WHERE s.status = 'complete'"""


KEY = "collection_id, region, dimension, key"
NEW, OLD = ("new_stories", "1"), ("old_stories", "-1")


def function(languages: bool) -> str:
    def upsert(*sources: tuple[str, str]) -> str:
        union = "\n        UNION ALL".join(
            cells(languages).format(table=t, delta=d) for t, d in sources
        )
        return f"""
        INSERT INTO dashboards_storycount AS c ({KEY}, stories)
        SELECT {KEY}, sum(delta) FROM ({union}
        ) d
        GROUP BY {KEY}
        HAVING sum(delta) <> 0
        ORDER BY {KEY}
        ON CONFLICT ({KEY}) DO UPDATE SET stories = c.stories + EXCLUDED.stories;"""

    return f"""
CREATE OR REPLACE FUNCTION dashboards_count_stories() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {upsert(NEW)}
    ELSIF TG_OP = 'DELETE' THEN {upsert(OLD)}
    ELSE {upsert(NEW, OLD)}
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


POPULATE = f"""
LOCK TABLE tracks_story IN SHARE MODE;
INSERT INTO dashboards_storycount ({KEY}, stories)
SELECT collection_id, region, 'language', language, count(*) FROM tracks_story
WHERE status = 'complete' GROUP BY 1, 2, 4;
"""
FORGET = "DELETE FROM dashboards_storycount WHERE dimension = 'language';"


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0001_story_counts"),
        ("tracks", "0009_story_language"),
    ]

    operations = [
        migrations.AlterField(
            model_name="storycount",
            name="dimension",
            field=models.CharField(
                choices=[
                    ("track", "Track"),
                    ("week", "Week"),
                    ("source", "Bron"),
                    ("role_type", "Rol"),
                    ("language", "Taal"),
                ],
                max_length=10,
            ),
        ),
        migrations.RunSQL(function(True) + POPULATE, FORGET + function(False)),
    ]
