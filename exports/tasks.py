"""Celery tasks for exports: a thin way in that loads by id and calls the service."""

from celery import shared_task

from exports import services
from tracks import outbox

# A CSV export of a million stories takes minutes and an XLSX one (openpyxl, ~1 ms a story)
# can take an hour or more: far beyond the default task limits.
SOFT_TIME_LIMIT = 3 * 60 * 60
TIME_LIMIT = SOFT_TIME_LIMIT + 120


@shared_task(
    name="exports.tasks.run_export",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def run_export(export_id: int, event_id: int | None = None) -> None:
    # export_run records any failure on the export itself, so the event is done either way;
    # a worker that dies mid-run never gets here and the message is delivered again.
    services.export_run(export_id=export_id)
    outbox.outbox_mark_done(event_id=event_id)


@shared_task(name="exports.tasks.purge_exports")
def purge_exports() -> int:
    # Stale ones too: an export page or a download would refuse them at once, but the file
    # must not wait for someone to look.
    return services.exports_purge() + services.exports_expire_stale()
