"""Celery tasks: a thin way in that loads by id and calls a service."""

from celery import shared_task

from tracks import outbox, retention, services


@shared_task(
    name="tracks.tasks.refresh_collection_counts",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def refresh_collection_counts(collection_id: int, event_id: int | None = None) -> None:
    services.collection_refresh_counts(collection_id=collection_id)
    outbox.outbox_mark_done(event_id=event_id)


@shared_task(name="tracks.tasks.sweep_outbox")
def sweep_outbox() -> int:
    return outbox.outbox_sweep()


@shared_task(name="tracks.tasks.purge_expired")
def purge_expired() -> int:
    result = retention.purge_expired()
    return result.incomplete_stories + result.collection_stories
