"""Short pages on the narrowest phone: each page of every track fits at most one and a half
screens, and the back button after sending shows the thank-you page."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import ROLES, STORY, TITLE, shoot, step_path
from tests.teller import last_page

pytestmark = pytest.mark.browser

SCREEN = 740  # the narrow form factor's height
BUDGET = 1.5 * SCREEN


def page_height(page: Page) -> int:
    height: int = page.evaluate("document.scrollingElement.scrollHeight")
    return height


def start(page: Page, role: str) -> None:
    page.goto(step_path("passend-onderwijs", role, 1))
    page.locator("#id_text").fill(STORY)
    page.locator("#id_title").fill(TITLE)
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan en verder", exact=True).click()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_one_and_a_half_screens_at_360_px(open_page, role):
    """Where a page ends is in the questionnaire's data (each question's `step`): a page that
    grows past the budget needs to be cut in two there, or its questions made more compact."""
    page = open_page("narrow")
    heights = {}
    page.goto(step_path("passend-onderwijs", role, 1))
    heights[1] = page_height(page)
    shoot(page, f"pages-{role}-1")
    start(page, role)
    number = 2
    while "/stap/" in page.url:
        heights[number] = page_height(page)
        shoot(page, f"pages-{role}-{number}")
        button = "Versturen" if page.get_by_role("button", name="Versturen").count() else None
        with page.expect_navigation():
            page.get_by_role("button", name=button or "Opslaan en verder", exact=True).click()
        number += 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor het delen!")
    assert sorted(heights) == list(range(1, last_page() + 1)), "every page was measured"
    too_long = {n: h for n, h in heights.items() if h > BUDGET}
    assert not too_long, (
        f"pages taller than {BUDGET:.0f} px at 360 px wide: {too_long} of {heights}"
    )


def test_back_after_sending_shows_the_thank_you_page(open_page):
    page = open_page("narrow")
    start(page, "ouder")
    while "/stap/" in page.url:
        last = page.get_by_role("button", name="Versturen").count() > 0
        name = "Versturen" if last else "Opslaan en verder"
        with page.expect_navigation():
            page.get_by_role("button", name=name, exact=True).click()
    code = page.locator("[data-receipt]").inner_text()
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor het delen!")
    expect(page.locator("[data-receipt]")).to_have_text(code)
    assert "niet helemaal goed" not in page.content()


FORWARD = "form.teller-form button[type=submit]:not([name=back])"


@pytest.mark.parametrize("language", ["en", "ar", "tr", "pl", "uk"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_one_and_a_half_screens_in_every_language(open_page, role, language):
    """Translations run longer than the Dutch: the budget holds for them too."""
    page = open_page("narrow")
    heights = {}
    page.goto(f"/{language}{step_path('passend-onderwijs', role, 1)}")
    page.locator("#id_text").fill(STORY)
    heights[1] = page_height(page)
    number = 1
    while "/stap/" in page.url:
        heights[number] = page_height(page)
        with page.expect_navigation():
            page.locator(FORWARD).click()
        number += 1
    assert sorted(heights) == list(range(1, last_page() + 1)), "every page was measured"
    too_long = {n: h for n, h in heights.items() if h > BUDGET}
    assert not too_long, (
        f"{language} pages taller than {BUDGET:.0f} px at 360 px wide: {too_long} of {heights}"
    )
