"""The teller's language: the address says it, the browser's Accept-Language picks the first
page's, the whole flow stays in it, and the story records it. Staff pages stay Dutch."""

import re

from django.test import Client
from django.urls import reverse

from tests.factories import tell_story
from tests.teller import start_story
from tracks.language import VISITED_COOKIE
from tracks.models import Story

HOME = "/passend-onderwijs/"
OWN_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
}


def html_tag(page: str) -> str:
    found = re.search(r"<html[^>]*>", page)
    assert found
    return found.group(0)


def test_the_home_page_offers_every_language_by_its_own_name(passend):
    page = Client().get(HOME, headers={"accept-language": "nl"}).content.decode()
    for code, name in OWN_NAMES.items():
        url = HOME if code == "nl" else f"/{code}{HOME}"
        link = f'<a href="{url}" hreflang="{code}" lang="{code}"'
        assert link in page, f"no link to {name}"
        assert f">{name}</a>" in page


def test_a_browser_that_prefers_turkish_lands_on_the_turkish_pages(passend):
    client = Client()
    response = client.get(HOME + "?bron=facebook", headers={"accept-language": "tr,nl;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/tr/passend-onderwijs/?bron=facebook"
    assert "Accept-Language" in response["Vary"]
    page = client.get(response["Location"], headers={"accept-language": "tr"})
    assert 'lang="tr" dir="ltr"' in html_tag(page.content.decode())


def test_choosing_dutch_sticks_whatever_the_browser_prefers(passend):
    client = Client()
    client.get("/tr/passend-onderwijs/", headers={"accept-language": "tr"})
    assert client.cookies[VISITED_COOKIE].value == "tr"
    # The teller clicks "Nederlands": the address without a prefix, and no redirect back.
    response = client.get(HOME, headers={"accept-language": "tr"})
    assert response.status_code == 200
    assert 'lang="nl"' in html_tag(response.content.decode())


def test_a_dutch_or_unknown_browser_language_shows_the_dutch_pages(passend):
    for header in ("nl-NL,nl;q=0.9", "fr,de;q=0.5", ""):
        response = Client().get(HOME, headers={"accept-language": header})
        assert response.status_code == 200, header
        assert 'lang="nl" dir="ltr"' in html_tag(response.content.decode())


def test_arabic_pages_run_right_to_left_with_the_mirrored_stylesheet(passend):
    page = Client().get("/ar/passend-onderwijs/ouder/stap/1/").content.decode()
    assert 'lang="ar" dir="rtl"' in html_tag(page)
    assert "bootstrap.rtl.min.css" in page
    dutch = Client().get("/passend-onderwijs/ouder/stap/1/").content.decode()
    assert "bootstrap.rtl.min.css" not in dutch


def test_the_whole_flow_stays_in_its_language_and_the_story_records_it(passend):
    client = Client()
    client.get("/pl/passend-onderwijs/", headers={"accept-language": "pl"})
    page = client.get("/pl/passend-onderwijs/ouder/stap/1/")
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', page.content.decode())
    assert token
    sent = client.post(
        "/pl/passend-onderwijs/ouder/stap/1/",
        {"text": "Mijn zoon kreeg eindelijk hulp op school.", "token": token.group(1)},
    )
    assert sent.status_code == 302
    assert sent["Location"] == "/pl/passend-onderwijs/ouder/stap/2/"
    assert Story.objects.get().language == "pl"
    another = client.post("/pl/passend-onderwijs/ouder/nog-een/")
    assert another["Location"].startswith("/pl/passend-onderwijs/ouder/")


def test_a_story_told_in_dutch_records_dutch(passend):
    client = Client()
    start_story(client, "passend-onderwijs", "ouder")
    assert Story.objects.get().language == "nl"


def test_staff_pages_stay_dutch_and_get_no_language_cookie(passend):
    client = Client()
    response = client.get("/staf/inloggen/", headers={"accept-language": "ar"}, follow=True)
    assert response.status_code == 200
    assert 'lang="nl"' in html_tag(response.content.decode())
    assert VISITED_COOKIE not in client.cookies


def test_staff_filter_the_queue_by_the_language_a_story_was_told_in(passend, staff_client):
    tell_story(passend, "ouder", text="Een ervaring in het Nederlands over de wachtlijst.")
    tell_story(
        passend, "ouder", text="Oğlum nihayet okulda destek aldı, bekleme listesi.", language="tr"
    )
    moderator = staff_client("Moderator")
    queue = reverse("moderation:queue")
    turkish = moderator.get(queue, {"language": "tr"}).content.decode()
    assert "Oğlum nihayet" in turkish
    assert "in het Nederlands" not in turkish
    page = moderator.get(queue).content.decode()
    assert '<option value="tr">Türkçe</option>' in page
    assert "Oğlum nihayet" in page and "in het Nederlands" in page
