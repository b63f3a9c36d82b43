"""Spam and abuse without third parties: a bot gets a generic answer and nothing is stored;
a fast human is not blocked, and never loses the text."""

from dataclasses import replace
from datetime import timedelta

from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from tests.teller import STORY, step_url, token_from
from tracks import flow
from tracks.models import Collection, Story

URL = step_url("passend-onderwijs", "ouder", 1)


def open_form(client: Client) -> str:
    return token_from(client.get(URL).content.decode())


def opened_ago(client: Client, seconds: int) -> None:
    """Pretend the teller opened step 1 `seconds` ago (as if they had been writing)."""
    collection = Collection.objects.get()
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    state = flow.load(request, collection.pk)
    state = replace(state, started_at=(timezone.now() - timedelta(seconds=seconds)).isoformat())
    client.cookies.update(flow.save(HttpResponse(), collection.pk, state).cookies)


def test_a_bot_filling_the_honeypot_gets_a_generic_answer_and_nothing_is_stored(passend):
    client = Client()
    token = open_form(client)
    response = client.post(
        URL, {"text": STORY, "title": "x", "token": token, "website": "http://spam"}
    )
    assert response.status_code == 400
    assert "Dat ging niet helemaal goed" in response.content.decode()
    assert Story.objects.count() == 0


def test_the_honeypot_is_hidden_from_people_and_skipped_by_the_keyboard(passend):
    html = Client().get(URL).content.decode()
    assert 'id="div_id_website"' in html
    assert 'tabindex="-1"' in html


def test_a_too_fast_submit_is_shown_back_with_the_text_and_the_second_try_is_stored(
    passend, settings
):
    settings.VERTELPUNT_MIN_SECONDS_FOR_STORY = 3
    client = Client()
    token = open_form(client)
    data = {"text": STORY, "title": "Snel", "token": token}
    first = client.post(URL, data)
    assert first.status_code == 400
    html = first.content.decode()
    assert "Dat ging snel" in html and STORY in html
    assert Story.objects.count() == 0
    # A person reads the note and presses the button again a few seconds later.
    opened_ago(client, 5)
    assert client.post(URL, data).status_code == 302
    assert Story.objects.count() == 1


def test_a_human_writing_at_normal_speed_is_not_held_up(passend, settings):
    settings.VERTELPUNT_MIN_SECONDS_FOR_STORY = 3
    client = Client()
    token = open_form(client)
    opened_ago(client, 12 * 60)
    assert client.post(URL, {"text": STORY, "title": "", "token": token}).status_code == 302


def test_one_client_sending_very_many_stories_is_slowed_down_without_losing_text(passend, settings):
    settings.VERTELPUNT_STORIES_PER_CLIENT_PER_HOUR = 2
    statuses = []
    for i in range(3):
        client = Client(REMOTE_ADDR="198.51.100.23")
        token = open_form(client)
        response = client.post(URL, {"text": f"{STORY} ({i})", "title": "", "token": token})
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert f"{STORY} (2)" in response.content.decode()
    assert Story.objects.count() == 2


def test_an_oversized_post_gets_the_friendly_400_page(passend):
    client = Client()
    token = open_form(client)
    response = client.post(URL, {"text": "x" * (600 * 1024), "title": "", "token": token})
    assert response.status_code == 400
    assert "konden we niet verwerken" in response.content.decode()
