"""The database health check (vertelpunt/db/postgresql): no round trip while a connection
is quiet, and a connection the server ended is still found unusable."""

import time

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db


@pytest.fixture
def other():
    """A second connection of our backend, apart from the test's own."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_a_quiet_connection_is_usable_without_a_query(other, monkeypatch):
    from django.db.backends.postgresql import base

    full_checks = []
    monkeypatch.setattr(base.DatabaseWrapper, "is_usable", lambda self: full_checks.append(1))
    assert other.is_usable()
    assert full_checks == []  # Django's own check (SELECT 1) was not needed


def test_a_connection_the_server_ended_is_not_usable(other):
    pid = other.connection.get_backend_pid()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while other.is_usable() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not other.is_usable()


def test_django_replaces_an_ended_connection_at_the_next_request(other):
    pid = other.connection.get_backend_pid()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.2)
    other.health_check_enabled, other.health_check_done = True, False
    other.close_if_health_check_failed()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
