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
    answer_every_page,
    expect_page,
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

    expect_page(page, 1)
    pointer.press(page.locator("#id_text"))
    page.keyboard.type(STORY)
    pointer.press(page.locator("#id_title"))
    page.keyboard.type(TITLE)
    shoot(page, f"{shots}-1-story")
    pointer.submit()

    slid: dict[str, int] = {}

    def slide(key: str, fraction: float) -> None:
        slid[key] = pointer.slide(key, fraction)

    def write_advice() -> None:
        pointer.press(page.locator("#id_advies"))
        page.keyboard.type(ADVICE)

    answer_every_page(
        page,
        {
            "gevoel": lambda: pointer.choose("gevoel", "hoop"),
            "goed_onderwijs": lambda: slide("goed_onderwijs", 0.72),
            "gevolgen": lambda: pointer.press(page.locator("#id_gevolgen_1")),  # n.v.t.
            "aspect": lambda: pointer.choose("aspect", "ondersteuning"),
            "beleving_aspect": lambda: slide("beleving_aspect", 0.15),
            "ondersteuning": lambda: pointer.choose(
                "ondersteuning", "gedrag", "thuissituatie", "dyslexie_dyscalculie"
            ),
            "invloed": lambda: pointer.choose("invloed", "leraar_mentor", "ib_zorgcoordinator"),
            "samenwerking": lambda: slide("samenwerking", 0.5),
            "leren": lambda: pointer.choose("leren", "schoolbestuur"),
            "frequentie": lambda: pointer.choose("frequentie", "vaak"),
            "zelf_meegemaakt": lambda: pointer.choose("zelf_meegemaakt", "zelf_meegemaakt"),
            "wanneer": lambda: pointer.choose("wanneer", "afgelopen_jaar"),
            "advies": write_advice,
            "rol": lambda: page.locator("#id_rol").select_option(ROLE_OPTION[role]),
            "onderwijssoort": lambda: page.locator("#id_onderwijssoort").select_option("vmbo"),
            "provincie": lambda: page.locator("#id_provincie").select_option("noord_holland"),
            "regio": lambda: page.locator("#id_regio").select_option("kennemerland"),
            "deze_manier": lambda: pointer.choose("deze_manier", "positief"),
        },
        pointer.submit,
        shots=shots,
    )

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor het delen!")
    expect(page.locator("[data-receipt]")).to_be_visible()
    shoot(page, f"{shots}-thanks")

    # Each slider took a value near where it was touched.
    for key, aimed in {"goed_onderwijs": 72, "beleving_aspect": 15, "samenwerking": 50}.items():
        assert abs(slid[key] - aimed) <= 5, (key, slid[key])
    return {
        "gevoel": {"hoop"},
        "goed_onderwijs": slid["goed_onderwijs"],
        "gevolgen": "n.v.t.",
        "aspect": {"ondersteuning"},
        "beleving_aspect": slid["beleving_aspect"],
        "invloed": {"leraar_mentor", "ib_zorgcoordinator"},
        "samenwerking": slid["samenwerking"],
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
