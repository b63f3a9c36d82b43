"""Small phone-sized screenshots for the README. Every run writes them to artifacts/readme/;
when the pages change visibly, copy them over docs/screenshots/ (each stays under ~150 KB)."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.pages import STORY, Pointer, forward_to

pytestmark = pytest.mark.browser

README_SHOTS = Path(settings.BASE_DIR) / "artifacts" / "readme"


def test_readme_screenshots_show_the_welcome_the_story_and_the_questions(phone):
    page, pointer = phone, Pointer(phone)
    README_SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto("/passend-onderwijs/")
    page.screenshot(path=README_SHOTS / "1-welkom.png", animations="disabled")

    page.goto("/passend-onderwijs/ouder/stap/1/")
    pointer.press(page.locator("#id_text"))
    page.keyboard.type(STORY)
    page.locator("#id_text").blur()  # no blinking caret, no focus ring in the picture
    page.screenshot(path=README_SHOTS / "2-ervaring.png", animations="disabled")

    pointer.submit()
    forward_to(page, "goed_onderwijs")  # the page of the two sliders
    pointer.slide("goed_onderwijs", 0.72)
    page.locator("#id_goed_onderwijs_0_range").blur()
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.locator("#id_goed_onderwijs_0_state")).to_contain_text("Gekozen")
    page.screenshot(path=README_SHOTS / "3-vragen.png", animations="disabled")

    for shot in README_SHOTS.glob("*.png"):
        assert shot.stat().st_size < 150_000, f"{shot.name} is too big for the README"


@pytest.mark.parametrize(("language", "number"), [("ar", 4), ("tr", 5)])
def test_readme_screenshots_show_a_question_page_in_arabic_and_in_turkish(phone, language, number):
    """Arabic runs right to left (sliders and progress mirrored), Turkish left to right."""
    page, pointer = phone, Pointer(phone)
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"/{language}/passend-onderwijs/ouder/stap/1/")
    pointer.press(page.locator("#id_text"))
    page.keyboard.type(STORY)
    # The buttons speak the page's language: found by what they do, not by their words.
    forward = page.locator("form.teller-form button[type=submit]:not([name=back])")
    while not page.locator("#div_id_goed_onderwijs").count():
        with page.expect_navigation():
            pointer.press(forward)
    pointer.slide("goed_onderwijs", 0.72)
    page.locator("#id_goed_onderwijs_0_range").blur()
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.screenshot(path=README_SHOTS / f"{number}-{language}.png", animations="disabled")
    assert (README_SHOTS / f"{number}-{language}.png").stat().st_size < 150_000
