"""tracks_save_step(): saving one step of the teller flow in one statement.

tracks.services.story_submit_step works out what to write (the answer rows, the story's
region and role type, on the last step the receipt's hash) and this function writes it: it
locks the story, checks that the step may be saved, replaces the step's earlier answers
when the teller went back, inserts the new ones, updates the story (its search vector too,
after free-text answers) and, when asked, queues an outbox event with the story's
collection. One statement is its own transaction: the step is saved whole or not at all.

Why in PostgreSQL: the same work as five statements (BEGIN, SELECT ... FOR UPDATE, INSERT,
UPDATE, COMMIT) cost the web process about a sixth of a whole teller flow's CPU in round
trips and their Python (`make bench-profile`, interleaved A/B), and PostgreSQL about a
quarter of its CPU per story (`make bench`).

The outcome is one row: ('saved', 0, step reached, collection, outbox event or NULL),
('closed', 0, ...) when the story is complete or gone, or ('out_of_order', the step the
teller can go on with, ...).
"""

from django.db import migrations

# A migration keeps its own copy: this is tracks.search.SEARCH_VECTOR_SQL as of now
# (tests/tracks/test_flow.py fails when the two differ: change both in a new migration).
SEARCH_VECTOR_SQL = (
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(tracks_story.title, '')), 'A')"
    " || setweight(to_tsvector('dutch'::regconfig, COALESCE(tracks_story.text, '')), 'B')"
    " || setweight(to_tsvector('dutch'::regconfig, COALESCE(("
    "SELECT string_agg(answer.text, ' ') FROM tracks_answer answer"
    " WHERE answer.story_id = tracks_story.id AND answer.text IS NOT NULL"
    "), '')), 'C')"
)

FUNCTION = f"""
CREATE OR REPLACE FUNCTION tracks_save_step(
    p_story bigint,
    p_version bigint,
    p_step integer,
    p_last_step integer,
    p_step_signifiers bigint[],
    p_signifier bigint[],
    p_is_na boolean[],
    p_option bigint[],
    p_slider integer[],
    p_triad_a integer[],
    p_triad_b integer[],
    p_triad_c integer[],
    p_text text[],
    p_region text,
    p_role_type text,
    p_with_search boolean,
    p_completed_at timestamptz,
    p_receipt_hash text,
    p_outbox_task text
) RETURNS TABLE (outcome text, allowed integer, step_reached integer, collection_id bigint,
                 outbox_event_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
    story record;
    reached integer;
    event_id bigint;
BEGIN
    SELECT s.collection_id, s.questionnaire_version_id, s.status, s.step_reached INTO story
    FROM tracks_story s WHERE s.id = p_story FOR UPDATE;
    IF NOT FOUND OR story.status = 'complete' THEN
        RETURN QUERY SELECT 'closed', 0, 0, 0::bigint, NULL::bigint;
        RETURN;
    END IF;
    IF story.questionnaire_version_id <> p_version OR p_step < 2
            OR p_step > LEAST(story.step_reached + 1, p_last_step) THEN
        RETURN QUERY SELECT 'out_of_order', LEAST(story.step_reached + 1, p_last_step), 0,
            0::bigint, NULL::bigint;
        RETURN;
    END IF;

    IF p_step <= story.step_reached THEN  -- answered before (the teller went back): replace
        DELETE FROM tracks_answer a
        WHERE a.story_id = p_story AND a.signifier_id = ANY (p_step_signifiers);
    END IF;
    INSERT INTO tracks_answer
        (story_id, signifier_id, is_na, option_id, slider, triad_a, triad_b, triad_c, text)
    SELECT p_story, * FROM unnest(
        p_signifier, p_is_na, p_option, p_slider, p_triad_a, p_triad_b, p_triad_c, p_text);

    reached := GREATEST(story.step_reached, p_step);
    UPDATE tracks_story SET
        step_reached = reached,
        region = COALESCE(p_region, tracks_story.region),
        role_type = COALESCE(p_role_type, tracks_story.role_type),
        status = CASE WHEN p_receipt_hash IS NULL THEN tracks_story.status ELSE 'complete' END,
        completed_at = COALESCE(p_completed_at, tracks_story.completed_at),
        receipt_hash = COALESCE(p_receipt_hash, tracks_story.receipt_hash),
        search = CASE WHEN p_with_search THEN {SEARCH_VECTOR_SQL} ELSE tracks_story.search END
    WHERE tracks_story.id = p_story;

    IF p_outbox_task IS NOT NULL THEN
        INSERT INTO tracks_outboxevent (task_name, args, created_at, attempts)
        VALUES (p_outbox_task, jsonb_build_array(story.collection_id), now(), 0)
        RETURNING id INTO event_id;
    END IF;
    RETURN QUERY SELECT 'saved', 0, reached, story.collection_id, event_id;
END;
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS tracks_save_step(bigint, bigint, integer, integer, bigint[], bigint[],
    boolean[], bigint[], integer[], integer[], integer[], integer[], text[], text, text, boolean,
    timestamptz, text, text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("tracks", "0004_collection_retention"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, DROP),
    ]
