"""axe-core's WCAG 2.1 A and AA rules on every teller page, each error state and the thank-you
page, on a 360-pixel-wide phone that must never scroll sideways. Also what axe cannot see:
errors tied to their fields, and pages that lost their scripts.

Every checked page is listed in artifacts/accessibility.txt."""

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.pages import (
    ROLE_OPTION,
    ROLES,
    STORY,
    axe_violations,
    horizontal_overflow,
    questions_on,
    shoot,
    step_path,
)
from tests.teller import last_page
from tracks.models import Collection

pytestmark = pytest.mark.browser

Check = Callable[[Page, str], None]


@pytest.fixture(scope="session")
def checked_pages() -> Iterator[list[str]]:
    checked: list[str] = []
    yield checked
    if checked:
        report = Path(settings.BASE_DIR) / "artifacts" / "accessibility.txt"
        report.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{len(checked)} page states, 0 axe violations (WCAG 2.1 A/AA), 360 px wide"]
        report.write_text("\n".join([*lines, *checked]) + "\n")


@pytest.fixture
def check(checked_pages: list[str]) -> Check:
    def _check(page: Page, state: str) -> None:
        page.wait_for_load_state("load")  # the scripts have enhanced the page
        violations = axe_violations(page)
        assert violations == [], f"{state} ({page.url}):\n" + "\n".join(violations)
        assert horizontal_overflow(page) <= 0, f"{state} scrolls sideways at 360 px"
        # axe asks for a valid lang; a screen reader must read these pages as Dutch.
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        checked_pages.append(f"{state}: {page.url}")

    return _check


def containing(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text))


def submit(page: Page, label: str = "Opslaan en verder") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()


def test_home_and_track_introductions_pass_axe_at_360_pixels(narrow, check):
    for collection in ("passend-onderwijs", "triade-test"):
        narrow.goto(f"/{collection}/")
        check(narrow, f"home {collection}")
    for role in ROLES:
        narrow.goto(f"/passend-onderwijs/{role}/")
        check(narrow, f"intro {role}")


@pytest.mark.parametrize("role", ROLES)
def test_every_step_of_the_track_and_its_errors_pass_axe_at_360_pixels(narrow, check, role):
    page = narrow
    page.goto(f"/passend-onderwijs/{role}/stap/1/")
    check(page, f"{role} step 1")
    page.locator("#id_text").fill("Kort")
    submit(page)
    expect(page.locator("[data-error-summary]")).to_be_focused()
    check(page, f"{role} step 1, story too short")
    page.locator("#id_text").fill(STORY)  # now with a draft and its "Wis concept" button
    check(page, f"{role} step 1, draft kept")
    submit(page)

    last = last_page()
    for number in range(2, last + 1):
        check(page, f"{role} page {number}")
        keys = questions_on(page)
        if "goed_onderwijs" in keys:
            page.locator("#id_goed_onderwijs_0_range").fill("70")  # chosen, "Wis antwoord"
            check(page, f"{role} page {number}, a slider answered")
        if "gevolgen" in keys:
            page.locator("#id_gevolgen_1").check()
            check(page, f"{role} page {number}, niet van toepassing")
        if "ondersteuning" in keys:
            for key in ("gedrag", "thuissituatie", "stoornis", "werkhouding"):  # one too many
                page.locator(f"input[name=ondersteuning][value={key}]").check()
            submit(page)
            check(page, f"{role} page {number}, too many choices")
            page.locator("input[name=ondersteuning][value=werkhouding]").uncheck()
        if "rol" in keys:
            page.locator("#id_rol").select_option(ROLE_OPTION[role])
        submit(page, "Versturen" if number == last else "Opslaan en verder")
    check(page, f"{role} thank-you page")


def test_the_triad_step_and_its_errors_pass_axe_at_360_pixels(narrow, check):
    page = narrow
    page.goto("/triade-test/leerling/stap/1/")
    page.locator("#id_text").fill(STORY)
    submit(page)
    check(page, "triad step")

    for share in ("#id_balans_0", "#id_balans_1", "#id_balans_2"):
        page.locator(share).fill("20")
    submit(page)  # and the required slider left unanswered
    check(page, "triad step, shares not 100 and a required slider missing")
    shoot(page, "narrow-triad-errors")

    page.locator(".triad-svg").click()  # a point in the triangle: the dot is drawn
    page.locator("#id_tevreden_0_range").fill("40")
    check(page, "triad step, answered")
    shoot(page, "narrow-triad-answered")
    submit(page)
    check(page, "triad track step 3")


def test_pages_without_their_scripts_pass_axe_at_360_pixels(narrow, check):
    """As a teller sees them when JavaScript is off or the scripts did not load."""
    page = narrow
    page.route("**/static/js/*.js", lambda route: route.abort())
    page.goto("/passend-onderwijs/ouder/stap/1/")
    check(page, "step 1 without scripts")
    page.locator("#id_text").fill(STORY)
    submit(page)
    check(page, "step 2 without scripts (sliders as number boxes)")

    page.goto("/triade-test/ouder/stap/1/")
    page.locator("#id_text").fill(STORY)
    submit(page)
    check(page, "triad step without scripts (three share boxes)")
    page.locator("#id_balans_0").fill("150")
    page.locator("#id_tevreden_0").fill("-3")
    submit(page)
    check(page, "triad step without scripts, numbers out of range")


def test_the_problem_and_closed_pages_pass_axe_at_360_pixels(narrow, check):
    # A step sent ahead of its turn (an old tab, a replayed form) is refused kindly.
    narrow.goto("/passend-onderwijs/ouder/stap/1/")
    narrow.locator("#id_text").fill(STORY)
    submit(narrow)
    narrow.locator("form.teller-form").evaluate(
        "(form, path) => { form.action = path; form.submit(); }",
        step_path("passend-onderwijs", "ouder", last_page()),
    )
    expect(narrow.get_by_role("heading", level=1)).to_have_text("Dat ging niet helemaal goed")
    check(narrow, "problem page")

    Collection.objects.filter(slug="passend-onderwijs").update(is_open=False)
    narrow.goto("/passend-onderwijs/")
    check(narrow, "home of a closed collection")
    narrow.goto("/passend-onderwijs/ouder/")
    check(narrow, "closed page")


def test_privacy_and_withdrawal_pages_pass_axe_at_360_pixels(narrow, check):
    page = narrow
    page.goto("/passend-onderwijs/privacy/")
    check(page, "privacy page")

    # A complete story (every question after the story may be skipped) and its receipt code.
    page.goto("/passend-onderwijs/ouder/stap/1/")
    page.locator("#id_text").fill(STORY)
    for label in ["Opslaan en verder"] * (last_page() - 1) + ["Versturen"]:
        submit(page, label)
    code = page.locator("[data-receipt]").inner_text()

    page.goto("/passend-onderwijs/intrekken/")
    check(page, "withdrawal page")
    page.get_by_label("code", exact=False).fill("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    submit(page, "Ervaring bekijken")
    check(page, "withdrawal page, unknown code")
    page.get_by_label("code", exact=False).fill(code)
    submit(page, "Ervaring bekijken")
    check(page, "withdrawal page, the story shown")
    submit(page, "Ja, deze ervaring intrekken")
    check(page, "withdrawal page, withdrawn")


def test_errors_are_tied_to_their_fields(narrow):
    page = narrow
    page.goto("/triade-test/ouder/stap/1/")
    page.locator("#id_text").fill("Kort")
    submit(page)
    story = page.locator("#id_text")
    expect(story).to_have_attribute("aria-invalid", "true")
    expect(story).to_have_accessible_description(
        containing("Deze ervaring is nog wat kort: schrijf minstens 10 tekens.")
    )
    # The summary names the story by its step's title and links to it.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Deze ervaring is nog wat kort")
    summary.get_by_role("link", name="Uw ervaring", exact=True).click()
    expect(story).to_be_focused()

    story.fill(STORY)
    submit(page)
    for share in ("#id_balans_0", "#id_balans_1", "#id_balans_2"):
        page.locator(share).fill("20")
    for who in ("a", "b", "c"):  # one more than allowed
        page.locator(f"input[name=wie][value={who}]").check()
    submit(page)

    # Each message in the summary (triad, slider, choices) leads to its question.
    links = page.locator("[data-error-summary] a")
    expect(links).to_have_count(3)
    for link in links.all():
        target = link.get_attribute("href")
        assert target and target != "#"
        expect(page.locator(target)).to_be_attached()
    # (Its help text says the same, so check the message itself is what describes it.)
    expect(page.locator("#div_id_wie fieldset")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_wie_error\b")
    )
    expect(page.locator("#id_wie_error")).to_be_visible()
    # The triad: its boxes are invalid and the message describes the question.
    for share in ("#id_balans_0", "#id_balans_1", "#id_balans_2"):
        expect(page.locator(share)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#div_id_balans fieldset")).to_have_accessible_description(
        containing("De drie delen moeten samen precies 100 zijn (nu: 60).")
    )
    expect(page.locator("#id_balans_error")).to_be_visible()
    # The required slider: the range a teller uses carries the message, not only the hidden box.
    line = page.locator("#id_tevreden_0_range")
    expect(line).to_have_attribute("aria-invalid", "true")
    expect(line).to_have_accessible_description(
        containing("Deze vraag is verplicht: kies een waarde op de schaal.")
    )
    expect(page.locator("#id_tevreden_error")).to_be_visible()
