"""The Celery app. Tasks are thin: they load by id and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vertelpunt.settings")

app = Celery("vertelpunt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
