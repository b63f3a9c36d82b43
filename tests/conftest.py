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
RUN_ID = uuid.uuid4().hex[:12]
celery_app.conf.task_default_queue = f"test-{RUN_ID}"
# Cache keys (rate-limit counters, salts) of this run do not meet those of an earlier run.
settings.CACHES["default"]["KEY_PREFIX"] = f"test-{RUN_ID}"

DEFAULT_FILE = Path(settings.BASE_DIR) / "signifiers" / "data" / "passend-onderwijs.toml"
TRIAD_FILE = Path(__file__).parent / "data" / "triade.toml"


@pytest.fixture(autouse=True)
def _fresh_rate_limit_day():
    """Every test starts a new rate-limit day (a new salt, so fresh per-client counters):
    the whole run's stories all come from 127.0.0.1 and would add up to one client's limit."""
    from django.core.cache import cache

    from vertelpunt import ratelimit

    cache.delete(ratelimit.salt_key())
    yield


@pytest.fixture(autouse=True)
def _dutch_to_begin_with():
    """A request activates its page's language in the test's thread, and `reverse` follows
    the active language: every test starts in Dutch, as a process does."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def _instant_tellers(settings):
    """Tests submit a story at once; tests of the minimum time set it back themselves."""
    settings.VERTELPUNT_MIN_SECONDS_FOR_STORY = 0


@pytest.fixture
def passend(db) -> Collection:
    """The default "Passend onderwijs" collection, loaded from its data file."""
    return collection_load_file(path=DEFAULT_FILE).collection


@pytest.fixture
def triade(db) -> Collection:
    """A test collection whose questionnaire has a triad and a required slider."""
    return collection_load_file(path=TRIAD_FILE).collection


def sign_in(client, user):
    """Sign a test client in as `user`, with the second factor done where the role needs it
    (staff who may export); returns the client."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from access.models import Perm

    client.force_login(user)
    if user.has_perm(Perm.EXPORT):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    client.user = user
    return client


@pytest.fixture
def staff_client(db):
    """staff_client("Analist") → a test client signed in (two factors where needed)."""
    from django.test import Client

    from tests.factories import StaffUserFactory

    def make(role: str | None, *, regions: list[str] | None = None) -> Client:
        return sign_in(Client(), StaffUserFactory(role=role, regions=regions or []))

    return make
