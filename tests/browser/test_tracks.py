"""Each track of the default questionnaire completed in Chromium: on a phone by touch and on a
desktop with the mouse. A screenshot of every step goes to artifacts/screenshots/; afterwards
the story must be in the database with every answer given."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import (
    ADVICE,
    ROLE_OPTION,
    ROLES,
    STORY,
    TITLE,
    Pointer,
    shoot,
    stored_answers,
)
from tracks.models import Story

pytestmark = pytest.mark.browser


def answer_passend_by_pointer(page: Page, role: str, shots: str) -> dict[str, object]:
    """Walks home → intro → the story and every question page → thanks; returns the answers
    the pages showed."""
    pointer = Pointer(page)
    page.goto("/passend-onderwijs/")
    shoot(page, f"{shots}-0-home")
    pointer.press(page.locator(f"a[href='/passend-onderwijs/{role}/']"))
    shoot(page, f"{shots}-0-intro")
    pointer.press(page.get_by_role("link", name="Begin", exact=True))

    def on_page(number: int, name: str) -> None:
        expect(page.locator(".progress-label")).to_contain_text(f"Pagina {number} van 8")
        shoot(page, f"{shots}-{number}-{name}")

    expect(page.locator(".progress-label")).to_contain_text("Pagina 1 van 8")
    pointer.press(page.locator("#id_text"))
    page.keyboard.type(STORY)
    pointer.press(page.locator("#id_title"))
    page.keyboard.type(TITLE)
    shoot(page, f"{shots}-1-story")
    pointer.submit()

    pointer.choose("gevoel", "hoop")
    goed = pointer.slide("goed_onderwijs", 0.72)
    pointer.press(page.locator("#id_gevolgen_1"))  # niet van toepassing
    on_page(2, "how-it-felt")
    pointer.submit()

    pointer.choose("aspect", "ondersteuning")
    beleving = pointer.slide("beleving_aspect", 0.15)
    pointer.choose("ondersteuning", "gedrag", "thuissituatie", "dyslexie_dyscalculie")
    on_page(3, "what-it-was-about")
    pointer.submit()

    pointer.choose("invloed", "leraar_mentor", "ib_zorgcoordinator")
    samenwerking = pointer.slide("samenwerking", 0.5)
    on_page(4, "who-was-involved")
    pointer.submit()

    pointer.choose("leren", "schoolbestuur")
    pointer.choose("frequentie", "vaak")
    on_page(5, "who-can-learn")
    pointer.submit()

    pointer.choose("zelf_meegemaakt", "zelf_meegemaakt")
    pointer.choose("wanneer", "afgelopen_jaar")
    pointer.press(page.locator("#id_advies"))
    page.keyboard.type(ADVICE)
    on_page(6, "when-and-advice")
    pointer.submit()

    page.locator("#id_rol").select_option(ROLE_OPTION[role])
    page.locator("#id_onderwijssoort").select_option("vmbo")
    page.locator("#id_provincie").select_option("noord_holland")
    page.locator("#id_regio").select_option("kennemerland")
    on_page(7, "about-you")
    pointer.submit()

    pointer.choose("deze_manier", "positief")
    on_page(8, "closing")
    pointer.submit("Versturen")

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor het delen!")
    expect(page.locator("[data-receipt]")).to_be_visible()
    shoot(page, f"{shots}-5-thanks")

    # Each slider took a value near where it was touched.
    for value, aimed in ((goed, 72), (beleving, 15), (samenwerking, 50)):
        assert abs(value - aimed) <= 5
    return {
        "gevoel": {"hoop"},
        "goed_onderwijs": goed,
        "gevolgen": "n.v.t.",
        "aspect": {"ondersteuning"},
        "beleving_aspect": beleving,
        "invloed": {"leraar_mentor", "ib_zorgcoordinator"},
        "samenwerking": samenwerking,
        "leren": {"schoolbestuur"},
        "ondersteuning": {"gedrag", "thuissituatie", "dyslexie_dyscalculie"},
        "frequentie": {"vaak"},
        "zelf_meegemaakt": {"zelf_meegemaakt"},
        "wanneer": {"afgelopen_jaar"},
        "advies": ADVICE,
        "rol": {ROLE_OPTION[role]},
        "onderwijssoort": {"vmbo"},
        "provincie": {"noord_holland"},
        "regio": {"kennemerland"},
        "deze_manier": {"positief"},
    }


@pytest.mark.parametrize("form_factor", ["phone", "desktop"])
@pytest.mark.parametrize("role", ROLES)
def test_teller_completes_the_track_by_touch_on_a_phone_and_by_mouse_on_a_desktop(
    open_page, form_factor, role
):
    page = open_page(form_factor)
    shown = answer_passend_by_pointer(page, role, shots=f"{form_factor}-{role}")

    story = Story.objects.select_related("track").get()
    assert story.status == Story.Status.COMPLETE
    assert story.track.role == role
    assert (story.text, story.title) == (STORY, TITLE)
    assert story.region == "kennemerland"
    assert stored_answers(story) == shown
