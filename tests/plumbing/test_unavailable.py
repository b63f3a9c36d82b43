"""A lost database connection is a 503 "Even geduld", and a failed POST leaves nothing behind
(the fault test tests/faults/test_postgres.py does the same against a real restart)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from vertelpunt import errors
from vertelpunt.middleware import AtomicWriteRequestMiddleware


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_lost_database_connection_is_a_friendly_503(error):
    try:
        raise error("server closed the connection unexpectedly")
    except error:
        response = errors.server_error(RequestFactory().get("/passend-onderwijs/ouder/stap/2/"))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Even geduld" in response.content.decode()


def test_a_session_save_lost_with_the_database_is_a_503_not_a_400():
    """Django's database sessions turn a failed save into SessionInterrupted (a 400)."""
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.exceptions import SessionInterrupted

    update_error = UpdateError()
    update_error.__context__ = OperationalError("terminating connection")
    interrupted = SessionInterrupted("The request's session was deleted")
    interrupted.__context__ = update_error
    response = errors.bad_request(RequestFactory().get("/"), interrupted)
    assert response.status_code == 503


def test_any_other_error_is_still_a_500(db):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500


def _writes_then(status: int):
    def view(request):
        Session.objects.create(
            session_key="k" * 32, session_data="x", expire_date=timezone.now() + timedelta(1)
        )
        return HttpResponse(status=status)

    return view


def test_a_post_that_ends_in_an_error_page_keeps_none_of_its_writes(db):
    middleware = AtomicWriteRequestMiddleware(_writes_then(503))
    assert middleware(RequestFactory().post("/")).status_code == 503
    assert not Session.objects.exists()


def test_a_post_that_succeeds_keeps_its_writes(db):
    middleware = AtomicWriteRequestMiddleware(_writes_then(302))
    assert middleware(RequestFactory().post("/")).status_code == 302
    assert Session.objects.count() == 1
