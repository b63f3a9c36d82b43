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


# Raised by PostgreSQL itself as the step's story is updated, after its answers were
# inserted: the error a server shutting down gives, so the app sees a lost connection.
LOSE_CONNECTION_ON_UPDATE = """
CREATE FUNCTION test_lose_connection() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'terminating connection' USING ERRCODE = 'admin_shutdown'; END $$;
CREATE TRIGGER test_lose_connection BEFORE UPDATE ON tracks_story
    FOR EACH ROW EXECUTE FUNCTION test_lose_connection();
"""


@pytest.mark.django_db(transaction=True)
def test_a_step_whose_statement_fails_keeps_none_of_its_writes():
    """The step fails after its answers were written, before the story is updated: the
    teller gets the 503 page and the step is not half saved (one statement)."""
    from django.db import connection
    from django.test import Client

    from tests.conftest import DEFAULT_FILE
    from tests.teller import PASSEND_EXPERIENCE, start_story, step_url
    from tracks.loading import collection_load_file
    from tracks.models import Answer, Story

    collection_load_file(path=DEFAULT_FILE)
    client = Client(raise_request_exception=False)
    start_story(client, "passend-onderwijs", "ouder")
    with connection.cursor() as cursor:
        cursor.execute(LOSE_CONNECTION_ON_UPDATE)
    try:
        response = client.post(step_url("passend-onderwijs", "ouder", 2), PASSEND_EXPERIENCE)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER test_lose_connection ON tracks_story")
            cursor.execute("DROP FUNCTION test_lose_connection()")
    assert response.status_code == 503
    assert "Even geduld" in response.content.decode()
    assert Answer.objects.count() == 0
    assert Story.objects.get().step_reached == 1
