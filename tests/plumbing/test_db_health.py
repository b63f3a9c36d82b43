"""Django's database health check (conn_health_checks): a connection the server ended is
found unusable, and the next request opens a fresh one, so the app recovers without a
restart (tests/faults/test_postgres.py does the same against a real restart)."""

import time

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db


@pytest.fixture
def other():
    """A second connection, apart from the test's own."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


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
