"""Celery tasks: a thin way in that rebuilds the filter set and calls a service."""

from celery import shared_task
from django.http import QueryDict

from analysis import services
from analysis.params import params_from_query
from tracks import outbox
from tracks.filters import StoryFilter


@shared_task(
    name="analysis.tasks.compute_analysis",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=300,
    time_limit=360,
)
def compute_analysis(
    filter_query: dict[str, str], params_query: dict[str, str], event_id: int | None = None
) -> None:
    params_data = QueryDict(mutable=True)
    params_data.update(params_query)
    services.analysis_store(
        flt=StoryFilter.from_query(filter_query), params=params_from_query(params_data)
    )
    outbox.outbox_mark_done(event_id=event_id)
