"""Post-commit tasks that survive a broker outage (the transactional outbox).

`outbox_add` writes an event in the caller's transaction and, once that commits, tries to
publish it to Celery. Publishing fails fast when Redis is down or unresponsive (see the
CELERY_* settings) and the teller's request goes on; `outbox_sweep`, run by Celery beat every
minute, publishes whatever is still waiting. Tasks mark their event done, and are idempotent,
so publishing an event twice is harmless.

With OUTBOX_PUBLISH_IN_BACKGROUND (the default when DJANGO_DEBUG=0) the publish happens in a
per-process background thread, so a request never waits on the broker at all: a *paused*
Redis (accepting connections, answering nothing) would otherwise hold every final submit for
the broker's socket timeout. Whatever the thread fails to publish, the sweeper publishes.

The thread publishes what arrived within OUTBOX_BATCH_SECONDS together, and events of the
same task with the same arguments as one job: tasks bring state up to date (a collection's
count, an analysis), so one run after all of them were committed covers them all. Only the
newest is sent; the others are marked done once it is on its way (it stays pending, for the
sweeper, until it has run). Under load this spares a publish per story (`make bench`).
"""

import json
import logging
import os
import queue
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tracks.models import OutboxEvent
from vertelpunt.celery import app as celery_app

logger = logging.getLogger(__name__)

# An event published this long ago and still not done is published again: a message can be
# lost after a "successful" publish (a paused Redis that runs the queued LPUSH, then hands it
# to a consumer whose connection already timed out). Settings: OUTBOX_REDELIVER_AFTER_SECONDS.
REDELIVER_AFTER = timedelta(minutes=5)
# Done events are kept for a day for inspection, then deleted.
KEEP_DONE = timedelta(days=1)


def outbox_add(*, task_name: str, args: list[object]) -> OutboxEvent:
    """Write an event in the caller's transaction; it is published once that commits."""
    event = OutboxEvent.objects.create(task_name=task_name, args=args)
    if getattr(settings, "OUTBOX_PUBLISH_IN_BACKGROUND", False):
        transaction.on_commit(lambda: _publish_in_background(event), robust=True)
    else:
        # robust: the story is committed; a failure here must not turn into an error page.
        transaction.on_commit(lambda: outbox_publish(event_id=event.pk), robust=True)
    return event


_waiting: "queue.SimpleQueue[OutboxEvent]" = queue.SimpleQueue()
_publisher_pid: int | None = None
_publisher_lock = threading.Lock()


def _publish_in_background(event: OutboxEvent) -> None:
    global _publisher_pid
    with _publisher_lock:
        # One thread per process; a forked worker (gunicorn, Celery) starts its own.
        if _publisher_pid != os.getpid():
            threading.Thread(target=_publisher_loop, name="outbox-publisher", daemon=True).start()
            _publisher_pid = os.getpid()
    _waiting.put(event)


# Seconds the publisher thread gathers events before it publishes them together.
BATCH_SECONDS = 0.5
BATCH_MAX = 1000


def _publisher_loop() -> None:
    while True:
        batch = [_waiting.get()]
        time.sleep(BATCH_SECONDS)
        while len(batch) < BATCH_MAX:
            try:
                batch.append(_waiting.get_nowait())
            except queue.Empty:
                break
        try:
            publish_batch(batch)
        except Exception as exc:  # PostgreSQL gone, say: the sweeper publishes them later
            logger.warning(
                "outbox: background publish of %s events failed: %s",
                len(batch),
                type(exc).__name__,
            )
            connection.close()  # this thread's connection; the next batch opens a fresh one


def publish_batch(events: list[OutboxEvent]) -> int:
    """Publish committed events, one per job (task and arguments); returns how many were
    sent. Events just committed are not done yet: no need to read them back first."""
    jobs: dict[tuple[str, str], list[OutboxEvent]] = {}
    for event in events:
        jobs.setdefault((event.task_name, json.dumps(event.args, sort_keys=True)), []).append(event)
    sent = 0
    for same_job in jobs.values():
        newest = max(same_job, key=lambda e: e.pk)
        if _send(newest):
            sent += 1
            covered = [e.pk for e in same_job if e.pk != newest.pk]
            if covered:
                OutboxEvent.objects.filter(pk__in=covered, done_at__isnull=True).update(
                    done_at=timezone.now()
                )
    return sent


def outbox_publish(*, event_id: int) -> bool:
    """Send one event to the broker. Returns False (and logs, without content) on failure."""
    event = OutboxEvent.objects.filter(pk=event_id, done_at__isnull=True).first()
    if event is None:
        return False
    return _send(event)


def _send(event: OutboxEvent) -> bool:
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


def _redeliver_after() -> timedelta:
    seconds = getattr(settings, "OUTBOX_REDELIVER_AFTER_SECONDS", None)
    return timedelta(seconds=seconds) if seconds else REDELIVER_AFTER


def outbox_sweep(*, limit: int = 500) -> int:
    """Publish waiting events; returns how many were published."""
    now = timezone.now()
    OutboxEvent.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    waiting = (
        OutboxEvent.objects.filter(done_at__isnull=True)
        .exclude(enqueued_at__gte=now - _redeliver_after())
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(outbox_publish(event_id=pk) for pk in waiting)
