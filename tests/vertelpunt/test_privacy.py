"""No tracking data: a teller's address and browser are stored nowhere (nor a staff member's,
with a failed login), and neither story text nor answers reach the logs."""

import logging

from axes.models import AccessAttempt
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.teller import PASSEND_EXPERIENCE, passend_about_you, send_pages, step_url, token_from

ADDRESS = "203.0.113.77"
AGENT = "UniqueAgent/9.9 (Teller phone)"
STORY = "Een herkenbaar verhaal over de brugklas met het woord zeldzaamheidsmarker erin."


def every_text_value_in_the_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public'
              AND data_type IN ('text', 'character varying', 'inet', 'jsonb', 'json')
            """
        )
        columns = cursor.fetchall()
        chunks = []
        for table, column in columns:
            cursor.execute(f'SELECT "{column}"::text FROM "{table}"')  # noqa: S608 (catalog names)
            chunks += [row[0] or "" for row in cursor.fetchall()]
    return "\n".join(chunks)


def test_a_tellers_address_and_user_agent_are_stored_nowhere(passend, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    client.post(
        step_url("passend-onderwijs", "ouder", 1),
        {"text": STORY, "title": "Brugklas", "token": token_from(page)},
    )
    client.post(step_url("passend-onderwijs", "ouder", 2), {**PASSEND_EXPERIENCE, "gevoel": "oeps"})
    send_pages(
        client, "passend-onderwijs", "ouder", PASSEND_EXPERIENCE | passend_about_you("ouder")
    )
    # A staff member mistyping a password from the same address: django-axes records it.
    Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT).post(
        reverse("access:login"), {"username": "moderator", "password": "wrong"}
    )

    stored = every_text_value_in_the_database()
    assert "zeldzaamheidsmarker" in stored  # the check does see stored text
    assert AccessAttempt.objects.exists()  # ... and the failed login's row
    assert ADDRESS not in stored
    assert "UniqueAgent" not in stored

    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "zeldzaamheidsmarker" not in logged
    assert "Luister eerder naar ouders" not in logged
    assert ADDRESS not in logged
    assert "UniqueAgent" not in logged
