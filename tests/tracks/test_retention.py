"""purge_expired deletes what is past its retention, and nothing else."""

from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.teller import PASSEND_EXPERIENCE, passend_about_you, send_pages, start_story, step_url
from tracks.models import Answer, Collection, Story
from tracks.retention import purge_expired


def tell(collection: str, *, complete: bool) -> Story:
    client = Client()
    start_story(client, collection, "ouder")
    client.post(
        step_url(collection, "ouder", 2),
        PASSEND_EXPERIENCE if collection == "passend-onderwijs" else {"tevreden_0": "5"},
    )
    if complete and collection == "passend-onderwijs":
        send_pages(client, collection, "ouder", passend_about_you("ouder"), first=3)
    return Story.objects.latest("pk")


def age(story: Story, days: int) -> None:
    Story.objects.filter(pk=story.pk).update(started_at=timezone.now() - timedelta(days=days))


def test_old_incomplete_stories_are_deleted_and_recent_or_complete_ones_kept(passend, settings):
    settings.VERTELPUNT_INCOMPLETE_RETENTION_DAYS = 30
    old_incomplete = tell("passend-onderwijs", complete=False)
    recent_incomplete = tell("passend-onderwijs", complete=False)
    old_complete = tell("passend-onderwijs", complete=True)
    age(old_incomplete, 31)
    age(recent_incomplete, 29)
    Story.objects.filter(pk=old_complete.pk).update(
        started_at=timezone.now() - timedelta(days=400),
        completed_at=timezone.now() - timedelta(days=399),
    )
    result = purge_expired()
    assert result.incomplete_stories == 1
    assert set(Story.objects.values_list("pk", flat=True)) == {
        recent_incomplete.pk,
        old_complete.pk,
    }
    assert not Answer.objects.filter(story_id=old_incomplete.pk).exists()


def test_a_collection_past_its_retention_date_is_deleted_with_its_stories(passend, triade):
    kept = tell("passend-onderwijs", complete=True)
    tell("triade-test", complete=False)
    Collection.objects.filter(slug="triade-test").update(
        retention_until=timezone.now().date() - timedelta(days=1)
    )
    call_command("purge_expired")
    assert list(Collection.objects.values_list("slug", flat=True)) == ["passend-onderwijs"]
    assert list(Story.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_collection_is_kept_on_its_retention_date(passend):
    Collection.objects.filter(pk=passend.pk).update(retention_until=timezone.now().date())
    purge_expired()
    assert Collection.objects.filter(pk=passend.pk).exists()
