"""The dashboard's running counts (dashboards.StoryCount) stay equal to the stories they
count, whatever writes the stories: the teller flow, a withdrawal, moderation, a bulk insert
in one statement, a changed answer. `dashboard_recount` finds and repairs any drift."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from dashboards.models import StoryCount
from dashboards.selectors import dashboard_counts
from dashboards.services import story_counts_recount
from moderation.services import stories_moderate
from tests.dashboards.test_dashboard import WEEK_10, WEEK_12, at, tell_secret
from tests.factories import StaffUserFactory
from tracks import services
from tracks.models import Story, Track

AMS = ZoneInfo("Europe/Amsterdam")


def agree() -> bool:
    return story_counts_recount(check_only=True).differences == 0


def test_a_completed_story_is_counted_and_an_incomplete_one_is_not(passend):
    tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10), source="facebook")
    tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10), complete=False)
    counts = dashboard_counts(passend, "kennemerland")
    assert counts.total == 1
    assert counts.by["source"] == {"facebook": 1}
    assert counts.by["role_type"] == {"ouder": 1}
    assert agree()


def test_a_withdrawn_story_leaves_the_counts(passend):
    story = tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10))
    tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10))
    services.story_withdraw(story=story)
    assert dashboard_counts(passend, "kennemerland").total == 1
    assert agree()


def test_moderation_changes_no_count_and_writes_no_count_row(passend):
    stories = [
        tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10)) for _i in range(3)
    ]
    before = list(StoryCount.objects.values_list("pk", "stories"))
    stories_moderate(
        story_ids=[s.pk for s in stories], actor=StaffUserFactory(moderator=True), action="hide"
    )
    assert list(StoryCount.objects.values_list("pk", "stories")) == before
    assert agree()


def test_a_changed_region_moves_the_count(passend):
    story = tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10))
    Story.objects.filter(pk=story.pk).update(region="amsterdam_diemen")
    assert dashboard_counts(passend, "kennemerland").total == 0
    assert dashboard_counts(passend, "amsterdam_diemen").total == 1
    assert dashboard_counts(passend).total == 1
    assert agree()


@pytest.mark.parametrize("replica", [False, True], ids=["plain", "replica-role"])
def test_many_stories_inserted_in_one_statement_are_all_counted(passend, replica):
    if replica:
        # What a bulk loader does to skip foreign-key checks (tracks.demo): ordinary
        # triggers stop firing, the counting triggers (ENABLE ALWAYS) do not.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    track = Track.objects.get(collection=passend, role="professional")
    version = passend.questionnaire.versions.get()
    started = at(WEEK_12)
    Story.objects.bulk_create(
        Story(
            collection=passend,
            track=track,
            questionnaire_version=version,
            title="",
            text="bulk",
            status=Story.Status.COMPLETE,
            started_at=started + timedelta(minutes=i),
            completed_at=started + timedelta(minutes=i + 20),
            region="oost_groningen" if i % 2 else "",
            source="school",
            role_type="professional_in_school",
            submission_token=uuid.uuid4(),
        )
        for i in range(500)
    )
    assert dashboard_counts(passend, "oost_groningen").total == 250
    assert dashboard_counts(passend).by["week"] == {WEEK_12: 500}
    assert agree()


def test_recount_finds_and_repairs_drift(passend, capsys):
    tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10))
    StoryCount.objects.update(stories=7)
    with pytest.raises(SystemExit) as exit_info:
        call_command("dashboard_recount", "--check")
    assert exit_info.value.code == 1
    call_command("dashboard_recount")
    assert "rebuilt" in capsys.readouterr().out
    assert dashboard_counts(passend, "kennemerland").total == 1
    call_command("dashboard_recount", "--check")
    assert "agree" in capsys.readouterr().out


def test_weeks_are_counted_in_the_time_zone_of_the_filters():
    from dashboards.checks import rollup_time_zone

    assert rollup_time_zone(None) == []
    with override_settings(TIME_ZONE="UTC"):
        assert [e.id for e in rollup_time_zone(None)] == ["dashboards.E001"]


def test_a_sunday_night_story_counts_in_that_week_in_dutch_time(passend):
    sunday_night = datetime(2025, 3, 9, 23, 30, tzinfo=AMS)  # 22:30 UTC, still week 10
    tell_secret(passend, "leerling", region="kennemerland", started=sunday_night)
    assert dashboard_counts(passend).by["week"] == {WEEK_10: 1}


def test_stories_are_counted_by_the_language_they_were_told_in(passend):
    tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10))
    for _ in range(2):
        tell_secret(passend, "ouder", region="kennemerland", started=at(WEEK_10), language="tr")
    tell_secret(passend, "ouder", region="", started=at(WEEK_10), language="ar")
    assert dashboard_counts(passend, "kennemerland").by["language"] == {"nl": 1, "tr": 2}
    assert dashboard_counts(passend).by["language"] == {"nl": 1, "tr": 2, "ar": 1}
    assert agree()
