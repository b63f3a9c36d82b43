"""Retention: what is kept how long, and the purge that enforces it."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tracks.models import Answer, Collection, OutboxEvent, Story, Track


@dataclass(frozen=True)
class PurgeResult:
    incomplete_stories: int
    collections: int
    collection_stories: int


@transaction.atomic
def purge_expired() -> PurgeResult:
    """Delete incomplete stories older than the configured number of days, and collections
    (with all their stories) past their retention date. Deleted, not flagged."""
    now = timezone.now()
    cutoff = now - timedelta(days=settings.VERTELPUNT_INCOMPLETE_RETENTION_DAYS)
    stale = Story.objects.filter(status=Story.Status.INCOMPLETE, started_at__lt=cutoff)
    Answer.objects.filter(story__in=stale).delete()
    incomplete = stale.delete()[0]

    expired = Collection.objects.filter(retention_until__lt=now.date())
    collection_stories = Story.objects.filter(collection__in=expired)
    Answer.objects.filter(story__in=collection_stories).delete()
    stories = collection_stories.delete()[0]
    Track.objects.filter(collection__in=expired).delete()
    expired_ids = list(expired.values_list("pk", flat=True))
    collections = expired.delete()[0] if expired_ids else 0
    # Count-refresh events for deleted collections have nothing left to do.
    OutboxEvent.objects.filter(args__0__in=expired_ids).update(done_at=now)
    return PurgeResult(
        incomplete_stories=incomplete, collections=collections, collection_stories=stories
    )
