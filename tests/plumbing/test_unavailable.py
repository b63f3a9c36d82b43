"""A lost database connection is a 503 "Even geduld", and a failed POST leaves nothing behind
(the fault test tests/faults/test_postgres.py does the same against a real restart)."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from vertelpunt import errors


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


def test_a_step_whose_transaction_fails_keeps_none_of_its_writes(passend, monkeypatch):
    """The connection is lost after the answers were written, before the story is updated:
    the teller gets the 503 page and the step is not half saved (one transaction)."""
    from django.test import Client

    from tests.teller import PASSEND_STEP_2, start_story, step_url
    from tracks import services
    from tracks.models import Answer, Story

    client = Client(raise_request_exception=False)
    start_story(client, "passend-onderwijs", "ouder")

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "_story_update", lost)
    response = client.post(step_url("passend-onderwijs", "ouder", 2), PASSEND_STEP_2)
    assert response.status_code == 503
    assert "Even geduld" in response.content.decode()
    assert Answer.objects.count() == 0
    assert Story.objects.get().step_reached == 1
