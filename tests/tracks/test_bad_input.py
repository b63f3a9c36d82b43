"""Bad input gets a clear Dutch message next to the field, keeps what was typed, and never
a 500 or a second story."""

import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from tests.teller import (
    PASSEND_EXPERIENCE,
    STORY,
    last_page,
    page_of,
    passend_about_you,
    send_pages,
    start_story,
    step_url,
    token_from,
)
from tracks.models import Answer, Collection, Story


@pytest.fixture
def at_step_2(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    return client


def post_step_2(client, data, collection="passend-onderwijs"):
    return client.post(step_url(collection, "ouder", 2), data)


def post_page_of(client, key, data):
    """Send the pages before question `key`'s page empty, then its page with `data`."""
    page = page_of(key)
    send_pages(client, "passend-onderwijs", "ouder", {}, last=page - 1)
    return client.post(step_url("passend-onderwijs", "ouder", page), data)


# --- Step 1: the story -----------------------------------------------------------------------


def test_too_short_story_gets_a_message_and_keeps_the_text(client, passend):
    page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    response = client.post(
        step_url("passend-onderwijs", "ouder", 1),
        {"text": "Kort", "title": "Mijn titel", "token": token_from(page)},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "nog wat kort" in html
    assert "Kort</textarea>" in html
    assert 'value="Mijn titel"' in html
    assert Story.objects.count() == 0


def test_too_long_story_gets_a_message_and_every_character_is_kept(client, passend):
    page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    long_story = "Dit is een hele lange ervaring. " * 700  # 22,400 characters
    response = client.post(
        step_url("passend-onderwijs", "ouder", 1),
        {"text": long_story, "title": "", "token": token_from(page)},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "het maximum is 20000" in html
    assert long_story.strip() in html
    # No maxlength attribute that would make a browser cut the text.
    assert 'maxlength="20000"' not in html
    assert Story.objects.count() == 0


def test_empty_story_gets_a_message(client, passend):
    page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    response = client.post(
        step_url("passend-onderwijs", "ouder", 1), {"text": "   ", "token": token_from(page)}
    )
    assert response.status_code == 400
    assert "Schrijf eerst de ervaring op" in response.content.decode()


def test_story_counter_limits_are_shown_without_javascript(client, passend):
    html = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    assert "Minimaal 10 en maximaal 20.000 tekens" in html
    assert 'data-max-length="20000"' in html


@pytest.mark.parametrize("token", ["", "not-a-uuid", "'; DROP TABLE tracks_story; --"])
def test_a_tampered_form_token_keeps_the_story_text(client, passend, token):
    response = client.post(
        step_url("passend-onderwijs", "ouder", 1), {"text": STORY, "title": "t", "token": token}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "niet goed aangekomen" in html
    assert STORY in html
    assert Story.objects.count() == 0


def test_double_submit_of_step_one_creates_one_story(client, passend):
    page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    data = {"text": STORY, "title": "Eén", "token": token_from(page)}
    first = client.post(step_url("passend-onderwijs", "ouder", 1), data)
    second = client.post(step_url("passend-onderwijs", "ouder", 1), data)
    assert first.status_code == second.status_code == 302
    assert Story.objects.count() == 1


def test_a_retry_from_another_visit_gets_its_text_back_and_tells_it_anew(passend):
    # The first answer never reached the browser and its cookie was lost (or someone else
    # sends the teller's form): the token belongs to another visit's story, which stays.
    first, second = Client(), Client()
    page = first.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    data = {"text": STORY, "title": "Eén", "token": token_from(page)}
    first.post(step_url("passend-onderwijs", "ouder", 1), data)
    second.get(step_url("passend-onderwijs", "ouder", 1))
    response = second.post(step_url("passend-onderwijs", "ouder", 1), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert STORY in page and token_from(page) != data["token"]
    again = second.post(
        step_url("passend-onderwijs", "ouder", 1), data | {"token": token_from(page)}
    )
    assert again.status_code == 302
    assert Story.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_creates_one_story():
    from tests.conftest import DEFAULT_FILE
    from tracks.loading import collection_load_file

    collection_load_file(path=DEFAULT_FILE)
    client = Client()
    page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    data = {"text": STORY, "title": "Tegelijk", "token": token_from(page)}
    statuses: list[int] = []

    def submit() -> None:
        # The same browser clicking four times: the same cookie with every request.
        clicking = Client()
        clicking.cookies = client.cookies
        statuses.append(clicking.post(step_url("passend-onderwijs", "ouder", 1), data).status_code)
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [302, 302, 302, 302]
    assert Story.objects.count() == 1


# --- Step 2 and later: the signifiers ----------------------------------------------------------


def test_unknown_option_key_is_a_field_error(at_step_2):
    response = post_page_of(at_step_2, "gevoel", {"gevoel": "woede"})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("value", ["101", "-1", "abc", "1e9", "50.5"])
def test_out_of_range_slider_is_a_field_error(at_step_2, value):
    assert page_of("gevolgen") == page_of("goed_onderwijs"), "the sliders share a page"
    response = post_page_of(
        at_step_2, "goed_onderwijs", {**PASSEND_EXPERIENCE, "goed_onderwijs_0": value}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kies een getal van 0 tot en met 100" in html
    # The other answer the teller gave on the page ("niet van toepassing") is still there.
    assert re.search(r'name="gevolgen_1"[^>]*checked', html)
    assert Answer.objects.count() == 0


def test_slider_value_and_nvt_together_is_a_field_error(at_step_2):
    response = post_page_of(
        at_step_2, "goed_onderwijs", {"goed_onderwijs_0": "40", "goed_onderwijs_1": "on"}
    )
    assert response.status_code == 400
    assert "niet allebei" in response.content.decode()


def test_too_many_choices_is_a_field_error(at_step_2):
    response = post_page_of(at_step_2, "invloed", {"invloed": ["ikzelf", "leerling", "ouders"]})
    assert response.status_code == 400
    assert "Kies er ten hoogste 2" in response.content.decode()
    assert not Answer.objects.filter(signifier__key="invloed").exists()


def test_step_posted_out_of_order_gets_a_friendly_400(at_step_2):
    response = at_step_2.post(
        step_url("passend-onderwijs", "ouder", last_page()), {"deze_manier": "positief"}
    )
    assert response.status_code == 400
    assert "Ga verder" in response.content.decode()
    assert Story.objects.get().status == Story.Status.INCOMPLETE


def test_a_later_step_opened_before_the_story_leads_to_the_story(client, passend):
    response = client.get(step_url("passend-onderwijs", "ouder", 3))
    assert response.status_code == 302
    assert response["Location"] == step_url("passend-onderwijs", "ouder", 1)


def test_a_step_that_does_not_exist_is_a_404(at_step_2):
    beyond = last_page() + 1
    assert at_step_2.get(step_url("passend-onderwijs", "ouder", beyond)).status_code == 404


def test_an_unknown_track_is_a_friendly_404(client, passend):
    response = client.get("/passend-onderwijs/directeur/stap/1/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_an_unknown_collection_is_a_friendly_404(client, passend):
    assert client.get("/bestaat-niet/").status_code == 404


def test_a_closed_collection_takes_no_stories(client, passend):
    Collection.objects.filter(pk=passend.pk).update(is_open=False)
    assert "gesloten" in client.get("/passend-onderwijs/").content.decode()
    page = client.get(step_url("passend-onderwijs", "ouder", 1))
    assert page.status_code == 404
    assert "gesloten" in page.content.decode()
    response = client.post(
        step_url("passend-onderwijs", "ouder", 1),
        {"text": STORY, "title": "", "token": str(uuid.uuid4())},
    )
    assert response.status_code == 404
    assert Story.objects.count() == 0


def test_closing_a_collection_reaches_tellers_at_once(client, passend):
    assert client.get(step_url("passend-onderwijs", "ouder", 1)).status_code == 200
    Collection.objects.filter(pk=passend.pk).update(is_open=False)
    assert client.get(step_url("passend-onderwijs", "ouder", 1)).status_code == 404


def test_double_submit_of_the_last_step_completes_one_story(at_step_2):
    answers = PASSEND_EXPERIENCE | passend_about_you("ouder")
    send_pages(at_step_2, "passend-onderwijs", "ouder", answers, last=last_page() - 1)
    last = step_url("passend-onderwijs", "ouder", last_page())
    first = at_step_2.post(last, {"deze_manier": "neutraal"})
    second = at_step_2.post(last, {"deze_manier": "neutraal"})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    story = Story.objects.get()
    assert story.status == Story.Status.COMPLETE
    assert story.answers.filter(signifier__key="deze_manier").count() == 1


def test_posting_the_same_step_twice_replaces_its_answers(at_step_2):
    post_page_of(at_step_2, "invloed", PASSEND_EXPERIENCE)
    url = step_url("passend-onderwijs", "ouder", page_of("invloed"))
    at_step_2.post(url, {**PASSEND_EXPERIENCE, "invloed": ["gemeente"]})
    keys = Answer.objects.filter(signifier__key="invloed").values_list("option__key", flat=True)
    assert list(keys) == ["gemeente"]


# --- Triads (test questionnaire) --------------------------------------------------------------


@pytest.fixture
def triad_at_step_2(client, triade):
    start_story(client, "triade-test", "ouder")
    return client


def test_triad_shares_are_stored_and_give_xy(triad_at_step_2):
    response = post_step_2(
        triad_at_step_2,
        {"balans_0": "20", "balans_1": "30", "balans_2": "50", "tevreden_0": "60"},
        collection="triade-test",
    )
    assert response.status_code == 302
    answer = Answer.objects.get(signifier__key="balans")
    assert (answer.triad_a, answer.triad_b, answer.triad_c) == (20, 30, 50)
    xy = answer.triad_xy()
    assert xy is not None
    x, y = xy
    assert x == pytest.approx(0.55)
    assert y == pytest.approx(0.5 * 3**0.5 / 2)


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        (("20", "30", "40"), "samen precies 100"),
        (("20", "30", ""), "Vul alle drie de delen in"),
        (("120", "-10", "-10"), "getal van 0 tot en met 100"),
    ],
)
def test_triad_that_does_not_add_up_is_a_field_error(triad_at_step_2, shares, message):
    data = {f"balans_{i}": v for i, v in enumerate(shares)} | {"tevreden_0": "60"}
    response = post_step_2(triad_at_step_2, data, collection="triade-test")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Answer.objects.count() == 0


def test_a_required_slider_must_be_answered(triad_at_step_2):
    response = post_step_2(triad_at_step_2, {}, collection="triade-test")
    assert response.status_code == 400
    assert "Deze vraag is verplicht" in response.content.decode()


def test_triad_nvt_is_stored_as_nvt(triad_at_step_2):
    post_step_2(triad_at_step_2, {"balans_3": "on", "tevreden_0": "10"}, collection="triade-test")
    answer = Answer.objects.get(signifier__key="balans")
    assert answer.is_na and answer.triad_a is None


def test_personal_data_in_a_story_gets_a_friendly_hint_but_is_saved(client, passend):
    response = start_story(
        client, "passend-onderwijs", "ouder", text="Juf Annemiek belde mij op 06-12345678 terug."
    )
    assert response.status_code == 302
    assert Story.objects.count() == 1
    html = client.get(response["Location"]).content.decode()
    assert "Noem liever geen namen" in html
    assert "Annemiek" in html and "06-12345678" in html


def test_an_ordinary_story_gets_no_personal_data_hint(client, passend):
    response = start_story(client, "passend-onderwijs", "ouder")
    assert "lijkt op een naam" not in client.get(response["Location"]).content.decode()


# --- Control characters ------------------------------------------------------------------------

# \x02 and \x03 are what the staff search marks its matches with (moderation.selectors); the
# rest would go into exports as they are. Newlines and tabs are the teller's own layout.
CONTROLS = "\x00\x01\x02\x03\x07\x08\x0b\x0c\x1b\x7f\x85\x9f"


def test_control_characters_are_dropped_from_story_and_title(client, passend):
    text = f"Eerst een\r\nwachtlijst{CONTROLS}\x02 van\x03 een jaar,\r\n\tdaarna eindelijk hulp."
    start_story(
        client, "passend-onderwijs", "ouder", text=text, title=f"Een\x02 titel\x03{CONTROLS}"
    )
    story = Story.objects.get()
    assert story.text == "Eerst een\nwachtlijst van een jaar,\n\tdaarna eindelijk hulp."
    assert story.title == "Een titel"


def test_a_story_of_only_control_characters_is_too_short(client, passend):
    page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    response = client.post(
        step_url("passend-onderwijs", "ouder", 1),
        {"text": "ab" + CONTROLS * 3, "title": "", "token": token_from(page)},
    )
    assert response.status_code == 400
    assert Story.objects.count() == 0


def test_control_characters_are_dropped_from_free_text_answers(at_step_2):
    advice = f"Luister\x02 eerder\x03 naar{CONTROLS} ouders.\r\nEn naar leerlingen."
    response = post_page_of(at_step_2, "advies", {**PASSEND_EXPERIENCE, "advies": advice})
    assert response.status_code == 302
    stored = Answer.objects.exclude(text=None).get()
    assert stored.text == "Luister eerder naar ouders.\nEn naar leerlingen."


def test_control_characters_from_a_teller_never_become_search_highlights(
    client, passend, staff_client
):
    start_story(
        client,
        "passend-onderwijs",
        "ouder",
        text="Een \x02verzonnen\x03 markering en daarna de wachtlijst van een jaar.",
    )
    html = staff_client("Moderator").get("/staf/verhalen/", {"q": "wachtlijst"}).content.decode()
    assert "<mark>wachtlijst</mark>" in html
    assert html.count("<mark>") == html.count("</mark>") == 1
    assert "verzonnen</mark>" not in html


def test_an_option_sent_twice_counts_once(at_step_2):
    response = post_page_of(at_step_2, "invloed", {"invloed": ["ikzelf", "ikzelf"]})
    assert response.status_code == 302
    keys = Answer.objects.filter(signifier__key="invloed").values_list("option__key", flat=True)
    assert list(keys) == ["ikzelf"]


# --- The error summary -----------------------------------------------------------------------


def summary_of(html: str) -> str:
    match = re.search(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", html, re.S)
    assert match, "the page opens with an error summary"
    return match.group(1)


def test_the_error_summary_says_what_is_still_needed_per_question_and_links_to_it(at_step_2):
    assert page_of("gevolgen") == page_of("goed_onderwijs"), "the sliders share a page"
    data = {"goed_onderwijs_0": "150", "gevolgen_0": "40", "gevolgen_1": "on"}
    response = post_page_of(at_step_2, "goed_onderwijs", data)
    summary = summary_of(response.content.decode())
    assert "Nog 2 dingen:" in summary
    assert "niet goed gegaan" not in summary
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    assert len(items) == 2
    number = next(i for i in items if "0 tot en met 100" in i)
    assert 'href="#div_id_goed_onderwijs"' in number
    assert "een voorbeeld van goed onderwijs?" in number
    both = next(i for i in items if "allebei" in i)
    assert 'href="#div_id_gevolgen"' in both
    assert "Wat waren de gevolgen voor de ontwikkeling van uw kind?" in both
    assert "niet van toepassing" in both

    page = page_of("ondersteuning")
    send_pages(
        at_step_2, "passend-onderwijs", "ouder", {}, first=page_of("goed_onderwijs"), last=page - 1
    )
    chosen = ["gedrag", "thuissituatie", "stoornis", "werkhouding"]
    response = at_step_2.post(
        step_url("passend-onderwijs", "ouder", page), {"ondersteuning": chosen}
    )
    summary = summary_of(response.content.decode())
    assert "Nog één ding:" in summary
    (support,) = re.findall(r"<li>(.*?)</li>", summary, re.S)
    assert 'href="#div_id_ondersteuning"' in support
    assert "Om welke ondersteuning ging het bij uw kind?" in support
    assert "Kies er ten hoogste 3. Nu zijn het er 4." in support


def test_a_message_repeated_by_the_parts_of_one_question_is_listed_once(triad_at_step_2):
    data = {"balans_0": "120", "balans_1": "-10", "balans_2": "-10", "tevreden_0": "60"}
    response = post_step_2(triad_at_step_2, data, collection="triade-test")
    summary = summary_of(response.content.decode())
    assert "Nog één ding:" in summary
    assert summary.count("Elk deel is een getal van 0 tot en met 100.") == 1


def test_the_story_step_names_the_story_by_its_step_title_and_links_to_the_text(client, passend):
    page = client.get(step_url("passend-onderwijs", "leerling", 1)).content.decode()
    response = client.post(
        step_url("passend-onderwijs", "leerling", 1), {"text": "kort", "token": token_from(page)}
    )
    summary = summary_of(response.content.decode())
    assert "Nog één ding:" in summary
    assert '<a href="#id_text">Je ervaring</a>' in summary
    assert "Wat je al hebt ingevuld, blijft staan." in summary
