"""The Celery app. Tasks are thin: they load by id and call a service."""

import os
from typing import Any

from celery import Celery
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vertelpunt.settings")

app = Celery("vertelpunt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Seconds a worker waits on an unresponsive broker before giving up on a call.
WORKER_BROKER_SOCKET_TIMEOUT = 30


@celeryd_init.connect
def _patient_worker(conf: Any = None, **kwargs: Any) -> None:
    """The settings make every broker call fail within a second, so that a web request never
    waits on Redis. A worker has no one waiting: with that limit, an acknowledgement sent
    while Redis was paused failed and left the worker consuming nothing (tests/faults/
    test_redis.py). A worker waits for the broker instead."""
    options = dict(conf.broker_transport_options or {})
    options["socket_timeout"] = WORKER_BROKER_SOCKET_TIMEOUT
    conf.broker_transport_options = options
