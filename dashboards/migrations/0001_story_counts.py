"""Running counts of complete stories (dashboards.models.StoryCount), kept by statement-level
triggers on tracks_story.

Each INSERT, UPDATE or DELETE statement on tracks_story adds +1 for every new row and -1 for
every old row that is complete, once per breakdown (track, week, source, role type), summed
per region and category; an update that changes none of them (a moderation status, a
redaction, a step saved) adds up to zero and writes nothing. A COPY of a million stories
fires the trigger once per statement, not per row. Rows are upserted in key order, so two
bulk statements always lock them in the same order.
"""

import django.db.models.deletion
from django.db import migrations, models

# A migration keeps its own copy: this is dashboards.models.ROLLUP_TIME_ZONE as of now.
TIME_ZONE = "Europe/Amsterdam"

# One story row `s` → its four (dimension, key) pairs. The week is the Monday of its start
# in Dutch time, written out so no DateStyle setting can change the text.
CELLS = f"""
    SELECT s.collection_id, s.region, cell.dimension, cell.key, {{delta}} AS delta
    FROM {{table}} s
    CROSS JOIN LATERAL (VALUES
        ('track', s.track_id::text),
        ('week', to_char(date_trunc('week', s.started_at AT TIME ZONE '{TIME_ZONE}'),
                         'YYYY-MM-DD')),
        ('source', s.source),
        ('role_type', s.role_type)
    ) AS cell (dimension, key)
    WHERE s.status = 'complete'"""
KEY = "collection_id, region, dimension, key"


def _upsert(*sources: tuple[str, str]) -> str:
    """Add up the +1s and -1s per cell and apply the non-zero sums."""
    union = "\n        UNION ALL".join(CELLS.format(table=t, delta=d) for t, d in sources)
    return f"""
        INSERT INTO dashboards_storycount AS c ({KEY}, stories)
        SELECT {KEY}, sum(delta) FROM ({union}
        ) d
        GROUP BY {KEY}
        HAVING sum(delta) <> 0
        ORDER BY {KEY}
        ON CONFLICT ({KEY}) DO UPDATE SET stories = c.stories + EXCLUDED.stories;"""


NEW, OLD = ("new_stories", "1"), ("old_stories", "-1")

FUNCTION = f"""
CREATE OR REPLACE FUNCTION dashboards_count_stories() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {_upsert(NEW)}
    ELSIF TG_OP = 'DELETE' THEN {_upsert(OLD)}
    ELSE {_upsert(NEW, OLD)}
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION dashboards_forget_stories() RETURNS trigger AS $$
BEGIN
    DELETE FROM dashboards_storycount;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER dashboards_count_insert AFTER INSERT ON tracks_story
    REFERENCING NEW TABLE AS new_stories
    FOR EACH STATEMENT EXECUTE FUNCTION dashboards_count_stories();
CREATE TRIGGER dashboards_count_update AFTER UPDATE ON tracks_story
    REFERENCING OLD TABLE AS old_stories NEW TABLE AS new_stories
    FOR EACH STATEMENT EXECUTE FUNCTION dashboards_count_stories();
CREATE TRIGGER dashboards_count_delete AFTER DELETE ON tracks_story
    REFERENCING OLD TABLE AS old_stories
    FOR EACH STATEMENT EXECUTE FUNCTION dashboards_count_stories();
CREATE TRIGGER dashboards_count_truncate AFTER TRUNCATE ON tracks_story
    FOR EACH STATEMENT EXECUTE FUNCTION dashboards_forget_stories();

-- ALWAYS: bulk loaders set session_replication_role = replica to skip foreign-key checks
-- (tracks.demo does), which silently skips ordinary triggers too; the counts must follow
-- every story that goes in. (Were tracks_story ever logically replicated together with
-- dashboards_storycount, the subscriber would count twice: replicate one or the other.)
ALTER TABLE tracks_story ENABLE ALWAYS TRIGGER dashboards_count_insert;
ALTER TABLE tracks_story ENABLE ALWAYS TRIGGER dashboards_count_update;
ALTER TABLE tracks_story ENABLE ALWAYS TRIGGER dashboards_count_delete;
ALTER TABLE tracks_story ENABLE ALWAYS TRIGGER dashboards_count_truncate;

-- Every completion updates four rows; room in each page keeps those updates in the page
-- (HOT updates: no index change), so busy rows do not spread over the table.
ALTER TABLE dashboards_storycount SET (fillfactor = 50);
"""

DROP = """
DROP TRIGGER IF EXISTS dashboards_count_insert ON tracks_story;
DROP TRIGGER IF EXISTS dashboards_count_update ON tracks_story;
DROP TRIGGER IF EXISTS dashboards_count_delete ON tracks_story;
DROP TRIGGER IF EXISTS dashboards_count_truncate ON tracks_story;
DROP FUNCTION IF EXISTS dashboards_count_stories();
DROP FUNCTION IF EXISTS dashboards_forget_stories();
"""

# The stories already there when the app is installed.
POPULATE = f"""
INSERT INTO dashboards_storycount ({KEY}, stories)
SELECT {KEY}, sum(delta) FROM ({CELLS.format(table="tracks_story", delta="1")}) d
GROUP BY {KEY};
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("tracks", "0002_story_moderation_and_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("region", models.CharField(max_length=50)),
                (
                    "dimension",
                    models.CharField(
                        choices=[
                            ("track", "Track"),
                            ("week", "Week"),
                            ("source", "Bron"),
                            ("role_type", "Rol"),
                        ],
                        max_length=10,
                    ),
                ),
                ("key", models.CharField(max_length=50)),
                ("stories", models.IntegerField()),
                (
                    "collection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="tracks.collection",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("collection", "region", "dimension", "key"),
                        name="storycount_unique_cell",
                    )
                ],
            },
        ),
        migrations.RunSQL(FUNCTION, DROP),
        migrations.RunSQL(POPULATE, migrations.RunSQL.noop),
    ]
