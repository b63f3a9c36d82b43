"""Post-commit tasks that survive a broker outage (the transactional outbox).

`outbox_add` writes an event in the caller's transaction and, once that commits, tries to
publish it to Celery. Publishing fails fast when Redis is down or unresponsive (see the
CELERY_* settings) and the teller's request goes on; `outbox_sweep`, run by Celery beat every
minute, publishes whatever is still waiting. Tasks mark their event done, and are idempotent,
so publishing an event twice is harmless.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tracks.models import OutboxEvent
from vertelpunt.celery import app as celery_app

logger = logging.getLogger(__name__)

# An event published this long ago and still not done is published again.
REDELIVER_AFTER = timedelta(minutes=5)
# Done events are kept for a day for inspection, then deleted.
KEEP_DONE = timedelta(days=1)


def outbox_add(*, task_name: str, args: list[object]) -> OutboxEvent:
    event = OutboxEvent.objects.create(task_name=task_name, args=args)
    transaction.on_commit(lambda: outbox_publish(event_id=event.pk))
    return event


def outbox_publish(*, event_id: int) -> bool:
    """Send one event to the broker. Returns False (and logs, without content) on failure."""
    event = OutboxEvent.objects.filter(pk=event_id, done_at__isnull=True).first()
    if event is None:
        return False
    try:
        celery_app.send_task(event.task_name, args=[*event.args, event.pk])
    except Exception as exc:  # any broker failure: the sweeper retries later
        logger.warning(
            "outbox: could not publish event %s (%s): %s",
            event.pk,
            event.task_name,
            type(exc).__name__,
        )
        OutboxEvent.objects.filter(pk=event.pk).update(attempts=event.attempts + 1)
        return False
    OutboxEvent.objects.filter(pk=event.pk).update(
        enqueued_at=timezone.now(), attempts=event.attempts + 1
    )
    return True


def outbox_mark_done(*, event_id: int | None) -> None:
    if event_id is not None:
        OutboxEvent.objects.filter(pk=event_id, done_at__isnull=True).update(done_at=timezone.now())


def outbox_sweep(*, limit: int = 500) -> int:
    """Publish waiting events; returns how many were published."""
    now = timezone.now()
    OutboxEvent.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    waiting = (
        OutboxEvent.objects.filter(done_at__isnull=True)
        .exclude(enqueued_at__gte=now - REDELIVER_AFTER)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outbox_publish(event_id=pk) for pk in waiting)
