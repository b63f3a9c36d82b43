"""A Dutch working translation of a story told in another language: typed by a moderator on
the story's page, kept beside the original and marked as staff's, found by Dutch searches,
every change in the audit log, and only moderators may make it."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from moderation.models import AuditEntry
from tests.conftest import sign_in
from tests.factories import StaffUserFactory, tell_story
from tracks.models import Story, StoryRemoval

ORIGINAL = "We spent a year on the waiting list before my son got any support."
TITLE_NL = "Een jaar wachten"
TEXT_NL = "We stonden een jaar op de wachtlijst voordat mijn zoon hulp kreeg."
LABEL = "Vertaling (door medewerker)"


@pytest.fixture
def english(passend) -> Story:
    return tell_story(passend, "ouder", title="A year of waiting", text=ORIGINAL, language="en")


@pytest.fixture
def moderator(staff_client) -> Client:
    return staff_client("Moderator")


def detail(client: Client, story: Story) -> str:
    return unescape(client.get(reverse("moderation:detail", args=[story.pk])).content.decode())


def translate(client: Client, story: Story, title: str = TITLE_NL, text: str = TEXT_NL):
    return client.post(
        reverse("moderation:translate", args=[story.pk]), {"title": title, "text": text}
    )


def queue(client: Client, q: str) -> str:
    return unescape(client.get(reverse("moderation:queue"), {"q": q}).content.decode())


def test_a_moderator_adds_a_translation_shown_beside_the_original_as_staffs(moderator, english):
    page = detail(moderator, english)
    assert "Nederlandse werkvertaling toevoegen" in page
    assert LABEL not in page

    response = translate(moderator, english)
    assert response.status_code == 302
    english.refresh_from_db()
    assert (english.translation_nl_title, english.translation_nl_text) == (TITLE_NL, TEXT_NL)
    assert english.text == ORIGINAL and english.title == "A year of waiting"
    page = detail(moderator, english)
    assert "Vertaling toegevoegd" in page  # the message, and the log line
    assert page.index(ORIGINAL) < page.index(LABEL) < page.index(TEXT_NL)
    assert "niet de woorden van de verteller" in page
    assert f'lang="en" dir="auto" translate="no">{ORIGINAL}' in page


def test_the_translation_is_found_by_a_dutch_search_and_shown_in_the_results(moderator, english):
    assert english.pk not in ids(queue(moderator, "wachtlijsten"))
    translate(moderator, english)
    page = queue(moderator, "wachtlijsten")
    assert english.pk in ids(page)
    assert f"{LABEL}:</span> stonden een jaar op de <mark>wachtlijst</mark>" in page
    # The teller's own words are still found as English.
    assert english.pk in ids(queue(moderator, "waited"))


def ids(page: str) -> set[int]:
    return {
        s.pk
        for s in Story.objects.all()
        if f'href="{reverse("moderation:detail", args=[s.pk])}"' in page
    }


def test_every_change_is_in_the_audit_log_without_the_words(moderator, english):
    translate(moderator, english)
    translate(moderator, english)  # the same again: nothing changed, nothing logged
    translate(moderator, english, text="We stonden lang op een wachtlijst.")
    translate(moderator, english, title="", text="")
    entries = list(AuditEntry.objects.filter(story_id=english.pk).order_by("pk"))
    assert [(e.action, e.detail) for e in entries] == [
        (AuditEntry.Action.TRANSLATION_ADD, "title, text"),
        (AuditEntry.Action.TRANSLATION_EDIT, "text"),
        (AuditEntry.Action.TRANSLATION_REMOVE, "title, text"),
    ]
    assert {e.actor for e in entries} == {moderator.user}
    assert all(e.status_before == e.status_after == "new" for e in entries)
    english.refresh_from_db()
    assert not english.has_translation
    page = detail(moderator, english)
    assert "Vertaling gewijzigd" in page and "Vertaling verwijderd" in page
    assert "wachtlijst" not in page and LABEL not in page
    assert english.pk not in ids(queue(moderator, "wachtlijsten"))


def test_changing_or_removing_a_translation_makes_earlier_exports_stale(moderator, english):
    translate(moderator, english)
    assert not StoryRemoval.objects.exists()  # adding takes nothing out of an export
    translate(moderator, english, text="Een andere vertaling.")
    translate(moderator, english, title="", text="")
    kinds = list(StoryRemoval.objects.filter(story_id=english.pk).values_list("kind", flat=True))
    assert kinds == [StoryRemoval.Kind.REDACTED] * 2


def test_the_remove_button_empties_both_fields(moderator, english):
    translate(moderator, english)
    page = detail(moderator, english)
    assert "Verwijder vertaling" in page
    assert '<input type="hidden" name="title" value="">' in page
    assert '<input type="hidden" name="text" value="">' in page


@pytest.mark.parametrize(
    ("role", "status"), [("Analist", 403), ("Vragenlijstbeheerder", 403), (None, 403)]
)
def test_only_moderators_may_change_a_translation(staff_client, english, role, status):
    client = staff_client(role)
    assert translate(client, english).status_code == status
    english.refresh_from_db()
    assert not english.has_translation
    assert not AuditEntry.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(english):
    response = translate(Client(), english)
    assert response.status_code == 302 and "/staf/inloggen/" in response["Location"]
    english.refresh_from_db()
    assert not english.has_translation


def test_readers_without_moderation_see_the_translation_but_no_form(staff_client, english):
    translate(staff_client("Moderator"), english)
    page = detail(sign_in(Client(), StaffUserFactory(analyst=True)), english)
    assert LABEL in page and TEXT_NL in page
    assert "Vertaling bewerken" not in page and "Bewaar vertaling" not in page


def test_a_dutch_story_takes_no_translation(moderator, passend):
    dutch = tell_story(passend, "ouder")
    assert "werkvertaling toevoegen" not in detail(moderator, dutch)
    assert translate(moderator, dutch).status_code == 404
    dutch.refresh_from_db()
    assert not dutch.has_translation
    assert not AuditEntry.objects.exists()


def test_a_title_too_long_is_a_form_error_and_nothing_is_saved(moderator, english):
    response = translate(moderator, english, title="x" * 201)
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert "niet meer dan 200 tekens" in page
    assert '<details class="translation-edit mb-4" open>' in page
    english.refresh_from_db()
    assert not english.has_translation


def test_control_characters_are_dropped_from_a_translation(moderator, english):
    translate(moderator, english, title="Een\x02 jaar", text="Op de\x03 wachtlijst.\r\nLang.")
    english.refresh_from_db()
    assert english.translation_nl_title == "Een jaar"
    assert english.translation_nl_text == "Op de wachtlijst.\nLang."


def test_personal_data_in_a_translation_is_marked_and_can_be_redacted(moderator, english):
    translate(moderator, english, text="Juf Annemieke belde op 06-12345678.")
    page = detail(moderator, english)
    assert '<mark class="pii">06-12345678</mark>' in page
    assert ", vertaling)" in page  # where the one-click redaction will remove it
    response = moderator.post(
        reverse("moderation:redact", args=[english.pk]),
        {"field": "translation_nl_text", "fragment": "06-12345678"},
    )
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.translation_nl_text == "Juf Annemieke belde op [verwijderd]."
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.REDACT).get()
    assert entry.detail == "translation_nl_text (1×)"
