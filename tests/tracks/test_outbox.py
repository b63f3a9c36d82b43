"""After a story completes, a Celery task refreshes the collection's count. The submission
never depends on Redis: the task goes through an outbox row committed with the story."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from tests.conftest import DEFAULT_FILE
from tests.teller import PASSEND_EXPERIENCE, passend_about_you, send_pages, start_story
from tracks import outbox
from tracks.loading import collection_load_file
from tracks.models import Collection, OutboxEvent, Story
from vertelpunt.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=True)


def complete_story(client) -> None:
    start_story(client, "passend-onderwijs", "ouder")
    response = send_pages(
        client, "passend-onderwijs", "ouder", PASSEND_EXPERIENCE | passend_about_you("ouder")
    )
    assert response.status_code == 302 and "bedankt" in response["Location"]


def switch_broker(url: str) -> None:
    """Make Celery publish to another broker URL: forget its connection pools, which are
    bound to the old URL (kombu keeps one pool per URL, so the old ones stay usable)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = url


@pytest.fixture
def broker_down():
    """Point Celery at a port where nothing listens, as when Redis has stopped."""
    real = celery_app.conf.broker_url
    switch_broker("redis://127.0.0.1:1/0")
    yield real
    switch_broker(real)


@pytest.fixture
def worker():
    with start_worker(celery_app, perform_ping_check=False, pool="solo", concurrency=1) as w:
        yield w
    connection.close()


def wait_for(predicate, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_story_completes_when_redis_is_down_and_the_task_is_kept(client, broker_down):
    collection_load_file(path=DEFAULT_FILE)
    started = time.monotonic()
    complete_story(client)
    assert time.monotonic() - started < 5
    assert Story.objects.get().status == Story.Status.COMPLETE
    event = OutboxEvent.objects.get()
    assert event.enqueued_at is None and event.done_at is None
    assert event.attempts == 1
    # Still down: the sweeper tries and keeps the event.
    assert outbox.outbox_sweep() == 0
    assert OutboxEvent.objects.get().done_at is None


def test_the_sweeper_delivers_kept_tasks_once_redis_is_back(client, broker_down):
    collection_load_file(path=DEFAULT_FILE)
    complete_story(client)
    switch_broker(broker_down)
    with start_worker(celery_app, perform_ping_check=False, pool="solo", concurrency=1):
        assert outbox.outbox_sweep() == 1
        assert wait_for(lambda: OutboxEvent.objects.filter(done_at__isnull=False).exists())
    connection.close()
    assert Collection.objects.get(slug="passend-onderwijs").completed_story_count == 1


def test_a_real_worker_refreshes_the_count_after_a_story_completes(client, worker):
    collection_load_file(path=DEFAULT_FILE)
    complete_story(client)
    assert wait_for(
        lambda: Collection.objects.get(slug="passend-onderwijs").completed_story_count == 1
    ), [(e.enqueued_at, e.done_at, e.attempts) for e in OutboxEvent.objects.all()]
    event = OutboxEvent.objects.get()
    assert event.enqueued_at is not None and event.done_at is not None
    html = client.get("/passend-onderwijs/").content.decode()
    assert "Er is al 1 ervaring gedeeld" in html


def test_events_of_one_job_are_published_once_and_all_complete(client, worker):
    """The background publisher sends one task per job (task and arguments): the newest
    event's run, after all of them were committed, covers the others."""
    collection_load_file(path=DEFAULT_FILE)
    for _ in range(3):
        client.cookies.clear()
        complete_story(client)
    assert wait_for(lambda: not OutboxEvent.objects.filter(done_at__isnull=True).exists())
    collection = Collection.objects.get(slug="passend-onderwijs")
    Collection.objects.filter(pk=collection.pk).update(completed_story_count=0)
    task = "tracks.tasks.refresh_collection_counts"
    events = [OutboxEvent.objects.create(task_name=task, args=[collection.pk]) for _ in range(3)]
    other = OutboxEvent.objects.create(task_name=task, args=[collection.pk + 1000])

    assert outbox.publish_batch([*events, other]) == 2
    older = OutboxEvent.objects.filter(pk__in=[e.pk for e in events[:2]])
    assert all(e.done_at is not None for e in older)
    assert wait_for(
        lambda: OutboxEvent.objects.filter(pk=events[2].pk, done_at__isnull=False).exists()
    )
    assert wait_for(lambda: OutboxEvent.objects.filter(pk=other.pk, done_at__isnull=False).exists())
    assert Collection.objects.get(pk=collection.pk).completed_story_count == 3
