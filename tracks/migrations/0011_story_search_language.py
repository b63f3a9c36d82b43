"""Each story's vector in its own language (tracks.search.CONFIGS).

Stories told in another language before this migration have a vector made with the Dutch
configuration; it is made again here with their language's (the mapping as of now: a
migration keeps its own copy). Dutch stories keep theirs: it does not change.
"""

from django.db import migrations

REVECTOR_SQL = """
UPDATE tracks_story SET search =
    setweight(to_tsvector(cfg.name, COALESCE(title, '')), 'A')
    || setweight(to_tsvector(cfg.name, COALESCE(text, '')), 'B')
    || setweight(to_tsvector(cfg.name, COALESCE((
        SELECT string_agg(answer.text, ' ') FROM tracks_answer answer
        WHERE answer.story_id = tracks_story.id AND answer.text IS NOT NULL
    ), '')), 'C')
FROM (
    SELECT CASE tracks_story.language
        WHEN 'en' THEN 'english' WHEN 'ar' THEN 'arabic' WHEN 'tr' THEN 'turkish'
        ELSE 'simple' END::regconfig AS name, tracks_story.id AS story_id
    FROM tracks_story WHERE tracks_story.language <> 'nl'
) AS cfg
WHERE tracks_story.id = cfg.story_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('tracks', '0010_translations'),
    ]

    operations = [
        migrations.RunSQL(REVECTOR_SQL, migrations.RunSQL.noop),
    ]
