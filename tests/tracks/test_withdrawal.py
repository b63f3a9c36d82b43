"""A teller can see and withdraw a story with the receipt code; withdrawal deletes it."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from moderation.models import AuditEntry
from tests.teller import (
    PASSEND_EXPERIENCE,
    STORY,
    passend_about_you,
    send_pages,
    start_story,
)
from tracks.models import Answer, Story, StoryRemoval

WITHDRAW = reverse("tracks:withdraw", kwargs={"collection": "passend-onderwijs"})


def tell_and_get_code(client: Client) -> str:
    start_story(client, "passend-onderwijs", "ouder")
    response = send_pages(
        client, "passend-onderwijs", "ouder", PASSEND_EXPERIENCE | passend_about_you("ouder")
    )
    html = client.get(response["Location"]).content.decode()
    return html.split("data-receipt>")[1].split("<")[0].strip()


def test_the_code_shows_the_story_read_only(client, passend):
    code = tell_and_get_code(client)
    html = Client().post(WITHDRAW, {"code": code.lower().replace("-", " ")}).content.decode()
    assert STORY in html
    assert "Luister eerder naar ouders." in html
    assert "<textarea" not in html


def test_withdrawal_deletes_story_and_answers_and_keeps_a_record_without_content(client, passend):
    code = tell_and_get_code(client)
    story_id = Story.objects.get().pk
    response = Client().post(WITHDRAW, {"code": code, "confirm": "1"})
    assert response.status_code == 200
    assert "ingetrokken" in response.content.decode()
    assert not Story.objects.filter(pk=story_id).exists()
    assert not Answer.objects.filter(story_id=story_id).exists()
    removal = StoryRemoval.objects.get(story_id=story_id)
    assert removal.kind == StoryRemoval.Kind.WITHDRAWN
    # tracks keeps the record; moderation's audit log is for what staff do.
    assert not AuditEntry.objects.exists()


def visible_text(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return unescape(re.sub(r"<[^>]+>", " ", main))


def test_the_withdrawal_pages_say_how_soon_the_story_is_gone_everywhere(client, passend):
    code = tell_and_get_code(client)
    confirm = visible_text(Client().post(WITHDRAW, {"code": code}).content.decode())
    done = visible_text(Client().post(WITHDRAW, {"code": code, "confirm": "1"}).content.decode())
    for page in (confirm, done):
        assert "website" in page and "meteen" in page
        assert "Tellingen" in page
        assert "binnen een uur" in page  # the hourly export purge
        assert "reservekopie" in page
        assert "geen termijn" in page  # backups have no retention the software enforces
        assert "De projectorganisatie van het vertelpunt passend onderwijs" in page


@pytest.mark.parametrize("role", ["leerling", "ouder"])
def test_the_withdrawal_pages_use_one_neutral_wording_for_every_track(role, passend):
    """Opened without a story of this visit, the pages do not know the track: neither the
    "je" of the pupils' track nor the "u" of the others, a pupil and a parent read the same
    page. (A visit that told a story reads them in its track's words:
    tests/tracks/test_readability.py.)"""
    client = Client()
    start_story(client, "passend-onderwijs", role)
    response = send_pages(
        client, "passend-onderwijs", role, PASSEND_EXPERIENCE | passend_about_you(role)
    )
    html = client.get(response["Location"]).content.decode()
    code = html.split("data-receipt>")[1].split("<")[0].strip()
    pages = [
        Client().get(WITHDRAW),
        Client().post(WITHDRAW, {"code": "1234"}),
        Client().post(WITHDRAW, {"code": code}),
        Client().post(WITHDRAW, {"code": code, "confirm": "1"}),
    ]
    for response in pages:
        # The teller's own answers are quoted with the questions as their track asked them.
        html = re.sub(
            r'<dl class="answers-readonly">.*?</dl>', "", response.content.decode(), flags=re.S
        )
        words = set(re.findall(r"\w+", visible_text(html).lower()))
        assert not words & {"je", "jij", "jou", "jouw", "u", "uw"}, words & {"je", "u", "uw"}


def test_an_unknown_code_gets_a_friendly_message(passend):
    response = Client().post(WITHDRAW, {"code": "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01"})
    assert response.status_code == 400
    assert "kennen we niet" in response.content.decode()


def test_a_malformed_code_gets_a_friendly_message(passend):
    response = Client().post(WITHDRAW, {"code": "1234"})
    assert response.status_code == 400
    assert "24 letters en cijfers" in response.content.decode()


def test_a_code_only_works_in_its_own_collection(client, passend, triade):
    code = tell_and_get_code(client)
    other = reverse("tracks:withdraw", kwargs={"collection": "triade-test"})
    assert Client().post(other, {"code": code}).status_code == 400


def test_guessing_codes_is_rate_limited(passend):
    guesser = Client(REMOTE_ADDR="192.0.2.77")
    statuses = [
        guesser.post(WITHDRAW, {"code": "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01"}).status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10:] == [429, 429]


def test_each_collection_has_a_privacy_page_linked_from_every_teller_page(client, passend):
    html = client.get("/passend-onderwijs/").content.decode()
    assert "/passend-onderwijs/privacy/" in html
    privacy = client.get("/passend-onderwijs/privacy/").content.decode()
    assert "De projectorganisatie van het vertelpunt passend onderwijs" in privacy
    assert "31 december 2031" in privacy
    assert "/passend-onderwijs/intrekken/" in privacy
    assert "geen IP-adres" in privacy


# The compose shape: gunicorn sees every request come from the host's reverse proxy.
PROXY = "172.18.0.1"
UNKNOWN_CODE = {"code": "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01"}


def test_behind_the_proxy_one_guesser_does_not_block_withdrawals_for_everyone(passend, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.77")
    statuses = [guesser.post(WITHDRAW, UNKNOWN_CODE).status_code for _ in range(11)]
    assert statuses[-1] == 429
    teller = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert teller.post(WITHDRAW, UNKNOWN_CODE).status_code == 400


def test_behind_the_proxy_rotating_the_first_forwarded_entry_does_not_escape_the_limit(
    passend, settings
):
    settings.TRUSTED_PROXY_HOPS = 1
    statuses = [
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 192.0.2.77")
        .post(WITHDRAW, UNKNOWN_CODE)
        .status_code
        for i in range(12)
    ]
    assert statuses[10:] == [429, 429]


def test_without_a_trusted_proxy_a_forged_forwarded_for_gains_nothing(passend, settings):
    settings.TRUSTED_PROXY_HOPS = 0
    statuses = [
        Client(REMOTE_ADDR="192.0.2.77", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
        .post(WITHDRAW, UNKNOWN_CODE)
        .status_code
        for i in range(12)
    ]
    assert statuses[10:] == [429, 429]


def test_a_turkish_teller_reads_the_story_back_in_turkish(client, passend):
    code = tell_and_get_code(client)  # PASSEND_EXPERIENCE answers gevoel with "hoop"
    html = unescape(
        Client().post("/tr/passend-onderwijs/intrekken/", {"code": code}).content.decode()
    )
    assert '<html lang="tr"' in html
    assert "Bu deneyimde kendinizi nasıl hissettiniz?" in html
    assert "umut" in html  # "hoop", as Turkish parents read it
    dutch = unescape(Client().post(WITHDRAW, {"code": code}).content.decode())
    assert "hoop" in dutch and "umut" not in dutch
