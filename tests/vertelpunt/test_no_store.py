"""Pupils share school computers: a page that shows a story, answers or a receipt code is
never kept by the browser (Cache-Control: no-store), so the next user cannot page back to
it. Every staff page is such a page, and every page of the teller flow."""

from django.test import Client
from django.urls import reverse

from tests.access.test_admin import operator  # noqa: F401 (fixture)
from tests.access.test_staff_security import login
from tests.teller import (
    PASSEND_EXPERIENCE,
    STORY,
    page_of,
    passend_about_you,
    send_pages,
    start_story,
    step_url,
)
from tests.tracks.test_withdrawal import WITHDRAW, tell_and_get_code
from tracks.models import Story


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_kind_of_staff_response_is_not_stored(passend, staff_client):
    start_story(Client(), "passend-onderwijs", "ouder")
    story = Story.objects.get()
    moderator = staff_client("Moderator")
    for url in (
        reverse("access:home"),
        reverse("moderation:queue") + "?q=begeleiding",
        reverse("moderation:detail", args=[story.pk]),
    ):
        response = moderator.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url
    refused = staff_client("Regiocoördinator").get(reverse("moderation:detail", args=[story.pk]))
    assert refused.status_code == 403
    assert no_store(refused)
    assert no_store(Client().get(reverse("moderation:queue")))  # to the login page
    assert no_store(Client().get(reverse("access:login")))


def test_admin_pages_are_not_stored(operator):  # noqa: F811
    client = Client()
    login(client, operator.username)
    assert no_store(client.get("/beheer/"))  # to the second step


def test_the_first_step_is_not_stored_once_it_shows_the_saved_story(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    again = client.get(step_url("passend-onderwijs", "ouder", 1))
    assert STORY in again.content.decode()
    assert no_store(again)


def test_a_notice_quoting_the_story_is_not_stored(client, passend):
    start_story(client, "passend-onderwijs", "ouder", text="Juf Annemiek hielp mijn zoon elke dag.")
    response = client.get(step_url("passend-onderwijs", "ouder", 2))
    assert "Annemiek" in response.content.decode()
    assert no_store(response)


def test_a_step_showing_saved_answers_is_not_stored(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    send_pages(client, "passend-onderwijs", "ouder", PASSEND_EXPERIENCE, last=page_of("advies"))
    back = client.get(step_url("passend-onderwijs", "ouder", page_of("advies")))
    assert "Luister eerder naar ouders." in back.content.decode()
    assert no_store(back)


def test_the_thank_you_page_with_the_receipt_code_is_not_stored(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    done = send_pages(
        client, "passend-onderwijs", "ouder", PASSEND_EXPERIENCE | passend_about_you("ouder")
    )
    thanks = client.get(done["Location"])
    assert "data-receipt>" in thanks.content.decode()
    assert no_store(thanks)


def test_the_withdrawal_confirmation_showing_the_story_is_not_stored(client, passend):
    code = tell_and_get_code(client)
    response = Client().post(WITHDRAW, {"code": code})
    assert STORY in response.content.decode()
    assert no_store(response)


def test_a_form_shown_back_with_the_tellers_words_is_not_stored(client, passend):
    # A browser's back-forward cache restores answers to a POST too.
    start_story(client, "passend-onderwijs", "ouder")
    shown_back = client.post(
        step_url("passend-onderwijs", "ouder", 1), {"text": "Te kort", "title": "Mijn titel"}
    )
    assert shown_back.status_code == 400
    assert "Te kort" in shown_back.content.decode()
    assert no_store(shown_back)
    page = page_of("advies")
    send_pages(client, "passend-onderwijs", "ouder", {}, last=page - 1)
    advice = "Luister eerder naar ouders. " * 80  # longer than the answer may be
    with_errors = client.post(step_url("passend-onderwijs", "ouder", page), {"advies": advice})
    assert with_errors.status_code == 400
    assert advice.strip() in with_errors.content.decode()
    assert no_store(with_errors)
