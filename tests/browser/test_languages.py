"""Every teller language on a phone: the home page offers them all, and one track can be
walked end to end in each, right to left for Arabic, with no sideways scrolling and no axe
violations on any page."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import axe_violations, horizontal_overflow, shoot
from tests.teller import STORY, last_page
from tracks.models import Story

pytestmark = pytest.mark.browser

LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]
FORWARD = "form.teller-form button[type=submit]:not([name=back])"


def prefix(language: str) -> str:
    return "" if language == "nl" else f"/{language}"


def check(page: Page, state: str) -> None:
    page.wait_for_load_state("load")
    assert horizontal_overflow(page) <= 0, f"{state} ({page.url}) scrolls sideways at 360 px"
    violations = axe_violations(page)
    assert violations == [], f"{state} ({page.url}):\n" + "\n".join(violations)


def test_the_home_page_offers_each_language_in_its_own_name_above_the_tracks(narrow):
    page = narrow
    page.goto("/passend-onderwijs/")
    choice = page.get_by_role("navigation", name="Taal")
    for code, name in [("ar", "العربية"), ("tr", "Türkçe"), ("uk", "Українська")]:
        link = choice.get_by_role("link", name=name, exact=True)
        expect(link).to_have_attribute("hreflang", code)
        expect(link).to_have_attribute("lang", code)
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44
    # The three tracks stay on the first screen of a 360 × 740 phone.
    for card in page.locator(".track-card").all():
        box = card.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740, card.inner_text()
    with page.expect_navigation():
        choice.get_by_role("link", name="Türkçe", exact=True).click()
    assert page.url.endswith("/tr/passend-onderwijs/")
    expect(page.locator("html")).to_have_attribute("lang", "tr")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_parent_tells_a_story_end_to_end_in_each_language(narrow, language):
    page = narrow
    page.goto(f"{prefix(language)}/passend-onderwijs/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    check(page, f"home in {language}")
    shoot(page, f"language-{language}-home")
    page.goto(f"{prefix(language)}/passend-onderwijs/ouder/stap/1/")
    page.locator("#id_text").fill(STORY)
    check(page, f"story page in {language}")
    shoot(page, f"language-{language}-1")
    for number in range(1, last_page() + 1):
        if number > 1:
            assert f"{prefix(language)}/passend-onderwijs/ouder/stap/{number}/" in page.url
            check(page, f"page {number} in {language}")
            if number in (2, 3):
                shoot(page, f"language-{language}-{number}")
        with page.expect_navigation():
            page.locator(FORWARD).click()
    assert page.url.endswith(f"{prefix(language)}/passend-onderwijs/ouder/bedankt/")
    expect(page.locator("[data-receipt]")).to_be_visible()
    check(page, f"thank-you page in {language}")
    story = Story.objects.get()
    assert story.language == language
    assert story.status == Story.Status.COMPLETE


def test_arabic_sliders_run_from_right_to_left(narrow):
    page = narrow
    page.goto("/ar/passend-onderwijs/ouder/stap/1/")
    page.locator("#id_text").fill(STORY)
    with page.expect_navigation():
        page.locator(FORWARD).click()
    while not page.locator("input[type=range]").count():
        with page.expect_navigation():
            page.locator(FORWARD).click()
    slider = page.locator("input[type=range]").first
    expect(slider).to_have_css("direction", "rtl")
    check(page, "a slider page in Arabic")
    shoot(page, "language-ar-slider")


def test_on_an_arabic_page_tab_follows_the_reading_order(narrow):
    """Right to left, Tab still goes question by question, each answer in turn, and the
    button that goes forward comes before "back", as it is read (it stands on the right)."""
    page = narrow
    page.goto("/ar/passend-onderwijs/ouder/stap/1/")
    page.locator("#id_text").fill(STORY)
    with page.expect_navigation():
        page.locator(FORWARD).click()
    page.locator("h1").focus()
    order = []
    for _ in range(60):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.name || document.activeElement.id")
        if name and name not in order:
            order.append(name)
        if name == "back":
            break
    questions = [q for q in ("gevoel",) if any(n.startswith(q) for n in order)]
    assert questions == ["gevoel"], order
    assert order.index("back") == len(order) - 1, order
    forward = page.locator(FORWARD).bounding_box()
    back = page.locator("button[name=back]").bounding_box()
    assert forward and back and forward["x"] > back["x"], "forward stands right, read first"
