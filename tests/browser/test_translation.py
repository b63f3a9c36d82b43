"""A moderator adds a Dutch working translation on a story's page in real Chromium, on a
desktop and on the narrowest phone: the form opens from its summary, the translation then
stands under the original, marked as staff's, and nothing reaches past the screen's edge.
Screenshots land in artifacts/screenshots/."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.test_print import overflowing
from tests.conftest import sign_in
from tests.factories import StaffUserFactory, tell_story
from tracks.models import Collection, Story

pytestmark = pytest.mark.browser

SHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
ORIGINAL = (
    "Oğlum iki yıl boyunca okulda destek bekledi. Öğretmeni çok iyiydi ama sınıfta 30 öğrenci "
    "vardı ve bekleme listesi hiç kısalmadı.\n\nSonunda bir danışman geldi ve her şey değişti."
)
TITLE_NL = "Twee jaar wachten op hulp"
TEXT_NL = (
    "Mijn zoon heeft twee jaar op school op ondersteuning gewacht. Zijn leraar was heel goed, "
    "maar er zaten 30 leerlingen in de klas en de wachtlijst werd maar niet korter.\n\n"
    "Uiteindelijk kwam er een begeleider en veranderde alles."
)


def as_moderator(page: Page, base_url: str) -> Page:
    client = sign_in(Client(), StaffUserFactory(moderator=True))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
    )
    return page


@pytest.mark.parametrize("form_factor", ["desktop", "narrow"])
def test_a_moderator_types_a_translation_that_then_stands_under_the_original(
    open_page, base_url, passend: Collection, form_factor
):
    story = tell_story(passend, "ouder", title="İki yıl bekleme", text=ORIGINAL, language="tr")
    page = as_moderator(open_page(form_factor), base_url)
    page.goto(reverse("moderation:detail", args=[story.pk]))
    expect(page.get_by_text("Türkçe (tr)")).to_be_visible()

    page.get_by_text("Nederlandse werkvertaling toevoegen").click()
    page.get_by_label("Titel in het Nederlands").fill(TITLE_NL)
    page.get_by_label("Verhaal in het Nederlands").fill(TEXT_NL)
    page.get_by_role("button", name="Bewaar vertaling").click()

    expect(page.get_by_role("status")).to_have_text("Vertaling toegevoegd")
    translation = page.locator("section.translation")
    expect(translation.get_by_role("heading")).to_have_text("Vertaling (door medewerker)")
    expect(translation).to_contain_text("Uiteindelijk kwam er een begeleider")
    original = page.locator(".story-text[lang=tr]").bounding_box()
    below = translation.bounding_box()
    assert original and below and below["y"] > original["y"] + original["height"]
    assert overflowing(page) == []
    # The editing form stays folded away until it is asked for.
    expect(page.get_by_label("Verhaal in het Nederlands")).to_be_hidden()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"vertaling-{form_factor}-hele-pagina.png", full_page=True)
    page.locator("h2", has_text="Verhaal").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -16)")
    page.screenshot(path=SHOTS / f"vertaling-{form_factor}.png")

    # Opened again, the form holds the translation as saved, beside a way to remove it.
    page.get_by_text("Vertaling bewerken of verwijderen").click()
    expect(page.get_by_label("Titel in het Nederlands")).to_have_value(TITLE_NL)
    expect(page.get_by_role("button", name="Verwijder vertaling")).to_be_visible()
    assert overflowing(page) == []
    page.get_by_label("Verhaal in het Nederlands").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"vertaling-{form_factor}-bewerken.png")

    story.refresh_from_db()
    assert (story.translation_nl_title, story.translation_nl_text) == (TITLE_NL, TEXT_NL)
    assert Story.objects.filter(pk=story.pk, text=ORIGINAL).exists()
