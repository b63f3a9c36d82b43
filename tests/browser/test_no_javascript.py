"""With JavaScript off (old phones, strict settings, a script that failed to load) a teller
still completes a track: sliders are number boxes, a triad is three share boxes."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import STORY, TITLE, expect_page, stored_answers
from tracks.models import Story

pytestmark = pytest.mark.browser


def test_teller_without_javascript_completes_the_triad_track_with_number_boxes(no_js):
    page = no_js
    page.goto("/triade-test/ouder/")
    page.get_by_role("link", name="Begin", exact=True).click()
    page.locator("#id_text").fill(STORY)
    page.locator("#id_title").fill(TITLE)
    page.get_by_role("button", name="Opslaan en verder").click()

    expect_page(page, 2, "triade-test")
    expect(page.locator("input[type=range], svg")).to_have_count(0)
    for corner in ("Hoofd (denken)", "Hart (voelen)", "Handen (doen)"):
        page.get_by_label(corner, exact=True).fill("20")
    page.locator("#id_tevreden_0").fill("64")
    page.get_by_role("button", name="Opslaan en verder").click()

    # Shares that do not add up to 100 come back with a message, as typed.
    expect(page.locator("#id_balans_error")).to_contain_text("precies 100 zijn (nu: 60)")
    expect(page.locator("#id_balans_error")).to_be_visible()
    expect(page.locator("#id_balans_2")).to_have_value("20")
    page.locator("#id_balans_2").fill("60")
    page.locator("#id_nut_1").check()  # n.v.t.
    page.locator("input[name=wie][value=b]").check()
    page.locator("input[name=kleur][value=rood]").check()
    page.locator("#id_toelichting").fill("Zonder script.")
    # Enter in a number box submits with the first button, which must be "verder".
    page.locator("#id_tevreden_0").press("Enter")

    expect_page(page, 3, "triade-test")
    page.locator("#id_rol").select_option("ouder_verzorger")
    page.locator("#id_regio").select_option("oost_groningen")
    page.get_by_role("button", name="Opslaan en verder").click()

    expect_page(page, 4, "triade-test")
    page.locator("input[name=oordeel][value=neutraal]").check()
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor het delen!")

    story = Story.objects.get()
    assert story.status == Story.Status.COMPLETE
    assert (story.text, story.title) == (STORY, TITLE)
    assert stored_answers(story) == {
        "balans": (20, 20, 60),
        "tevreden": 64,
        "nut": "n.v.t.",
        "wie": {"b"},
        "kleur": {"rood"},
        "toelichting": "Zonder script.",
        "rol": {"ouder_verzorger"},
        "regio": {"oost_groningen"},
        "oordeel": {"neutraal"},
    }
