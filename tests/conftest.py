"""Shared fixtures. Tests run against real PostgreSQL and Redis: `make test` starts embedded
ones unless DATABASE_URL / REDIS_URL name servers (see vertelpunt/embedded.py)."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tracks.loading import collection_load_file
from tracks.models import Collection
from vertelpunt.celery import app as celery_app

# Tasks of this test run go to a queue of its own, so a worker of `make run` (or another test
# run) on the same Redis never takes them.
celery_app.conf.task_default_queue = f"test-{uuid.uuid4().hex[:12]}"

DEFAULT_FILE = Path(settings.BASE_DIR) / "signifiers" / "data" / "passend-onderwijs.toml"
TRIAD_FILE = Path(__file__).parent / "data" / "triade.toml"


@pytest.fixture
def passend(db) -> Collection:
    """The default "Passend onderwijs" collection, loaded from its data file."""
    return collection_load_file(path=DEFAULT_FILE).collection


@pytest.fixture
def triade(db) -> Collection:
    """A test collection whose questionnaire has a triad and a required slider."""
    return collection_load_file(path=TRIAD_FILE).collection
