"""The development/benchmark seeder makes realistic stories that keep every rule the teller
flow keeps, over tracks, versions, statuses and moderation statuses."""

from collections import Counter
from collections.abc import Iterable
from typing import cast

import pytest
from django.core.management import call_command
from django.db import connection

from tests.teller import current_version
from tracks.demo import demo_stories_create
from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Answer, Collection, Story

# Each query counts answers that break a rule; every one must find none.
RULES = {
    "n.v.t. where the question has none": """
        SELECT count(*) FROM tracks_answer a JOIN signifiers_signifier s ON s.id = a.signifier_id
        WHERE a.is_na AND NOT s.allow_na""",
    "more choices than allowed": """
        SELECT count(*) FROM (
            SELECT a.story_id, s.id FROM tracks_answer a
            JOIN signifiers_signifier s ON s.id = a.signifier_id WHERE s.kind = 'multiple'
            GROUP BY a.story_id, s.id, s.max_choices HAVING count(*) > s.max_choices) x""",
    "two rows for a one-value question": """
        SELECT count(*) FROM (
            SELECT a.story_id, a.signifier_id FROM tracks_answer a
            JOIN signifiers_signifier s ON s.id = a.signifier_id WHERE s.kind <> 'multiple'
            GROUP BY 1, 2 HAVING count(*) > 1) x""",
    "option of another question": """
        SELECT count(*) FROM tracks_answer a JOIN signifiers_option o ON o.id = a.option_id
        WHERE o.signifier_id <> a.signifier_id""",
    "question of another version": """
        SELECT count(*) FROM tracks_answer a
        JOIN signifiers_signifier s ON s.id = a.signifier_id
        JOIN tracks_story st ON st.id = a.story_id
        WHERE s.version_id <> st.questionnaire_version_id""",
    "option not shown on the track": """
        SELECT count(*) FROM tracks_answer a JOIN signifiers_option o ON o.id = a.option_id
        JOIN tracks_story st ON st.id = a.story_id JOIN tracks_track t ON t.id = st.track_id
        WHERE cardinality(o.roles) > 0 AND NOT t.role = ANY(o.roles)""",
    "role type differs from the role answer": """
        SELECT count(*) FROM tracks_story st JOIN tracks_answer a ON a.story_id = st.id
        JOIN signifiers_signifier s ON s.id = a.signifier_id AND s.story_attribute = 'role_type'
        JOIN signifiers_option o ON o.id = a.option_id WHERE o.group <> st.role_type""",
    "region differs from the region answer": """
        SELECT count(*) FROM tracks_story st JOIN tracks_answer a ON a.story_id = st.id
        JOIN signifiers_signifier s ON s.id = a.signifier_id AND s.story_attribute = 'region'
        JOIN signifiers_option o ON o.id = a.option_id WHERE o.key <> st.region""",
    "answer on a step the teller never saved": """
        SELECT count(*) FROM tracks_answer a JOIN signifiers_signifier s ON s.id = a.signifier_id
        JOIN tracks_story st ON st.id = a.story_id WHERE s.step > st.step_reached""",
    "option of a non-choice question": """
        SELECT count(*) FROM tracks_answer a JOIN signifiers_signifier s ON s.id = a.signifier_id
        WHERE a.option_id IS NOT NULL AND s.kind NOT IN ('single', 'multiple', 'select')""",
    "completed in the future or before it started": """
        SELECT count(*) FROM tracks_story
        WHERE completed_at > now() OR completed_at < started_at""",
}


def broken_rules() -> dict[str, int]:
    found = {}
    with connection.cursor() as cursor:
        for name, sql in RULES.items():
            cursor.execute(sql)
            found[name] = cursor.fetchone()[0]
    return {name: n for name, n in found.items() if n}


def test_demo_stories_spread_over_tracks_versions_statuses_and_keep_every_rule(passend):
    loaded = current_version()
    assert demo_stories_create(count=1200, seed=1, batch_size=500) == 1200
    stories = Story.objects.filter(collection=passend)
    assert stories.count() == 1200
    assert broken_rules() == {}

    tracks = Counter(stories.values_list("track__role", flat=True))
    assert tracks["ouder"] > tracks["professional"] > tracks["leerling"] > 40
    assert 0.50 < tracks["ouder"] / 1200 < 0.66
    versions = Counter(stories.values_list("questionnaire_version__label", flat=True))
    # The demo publishes a copy of the loaded version, so stories answer two versions.
    assert set(versions) == {loaded.label, f"{loaded.number + 1}.0"}
    assert min(versions.values()) > 200
    statuses = Counter(stories.values_list("status", flat=True))
    assert 0.94 < statuses["complete"] / 1200 < 0.995
    assert not stories.filter(status="complete", completed_at__isnull=True).exists()
    assert set(stories.values_list("moderation", flat=True)) >= {"new", "approved", "hidden"}
    assert set(stories.values_list("source", flat=True)) == {
        "facebook",
        "twitter",
        "nieuwsbrief",
        "",
    }
    assert len(set(stories.values_list("region", flat=True))) >= 6
    assert len(set(stories.values_list("role_type", flat=True))) >= 5
    days = {d.date() for d in stories.values_list("started_at", flat=True)}
    assert len(days) > 100  # spread over ~5 months
    # Some tellers shared a second story in the same visit.
    assert stories.values("visit_id").distinct().count() < 1200
    # Every kind of answer occurs, with skips and n.v.t.
    answers = Answer.objects.filter(story__collection=passend)
    assert answers.filter(is_na=True).exists()
    assert answers.filter(slider__isnull=False).exists()
    assert answers.filter(text__isnull=False).exists()
    assert 15 < answers.count() / 1200 < 21
    # Lengths vary, and the search vector is filled: demo stories are findable.
    lengths = [len(t) for t in stories.values_list("text", flat=True)]
    assert min(lengths) < 250 and max(lengths) > 900
    assert stories_filtered(StoryFilter(q="wachtlijst")).exists()
    passend.refresh_from_db()
    assert passend.completed_story_count == statuses["complete"]


def test_the_same_seed_run_twice_adds_more(passend):
    demo_stories_create(count=50, seed=3)
    demo_stories_create(count=50, seed=3)
    assert Story.objects.count() == 100
    assert broken_rules() == {}


def test_triads_in_demo_stories_sum_to_100(triade):
    demo_stories_create(count=300, seed=2, collection="triade-test")
    triads = Answer.objects.filter(triad_a__isnull=False)
    assert triads.count() > 200
    # Filtered on triad_a; a triad answer has all three shares.
    shares = cast(
        Iterable[tuple[int, int, int]], triads.values_list("triad_a", "triad_b", "triad_c")
    )
    assert all(a + b + c == 100 for a, b, c in shares)
    assert broken_rules() == {}


def test_the_command_seeds_the_default_collection_even_when_not_loaded(db, capsys):
    call_command("make_demo_stories", "30", "--seed", "4")
    assert Collection.objects.get(slug="passend-onderwijs").stories.count() == 30
    assert capsys.readouterr().out.startswith("30 demoverhalen toegevoegd aan passend-onderwijs")


def test_the_command_refuses_an_unknown_collection(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="geen-idee"):
        call_command("make_demo_stories", "5", "--collection", "geen-idee")
