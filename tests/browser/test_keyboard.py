"""A teller without a mouse: Tab to move, Space and Enter to press, arrow keys for choices,
sliders, selects and the triad. Every answer must arrive, and the focus must always show."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import (
    ADVICE,
    ROLE_OPTION,
    STORY,
    TITLE,
    answer_every_page,
    expect_page,
    focused,
    step_path,
    stored_answers,
    tab_to,
)
from tracks.models import Story

pytestmark = pytest.mark.browser


class KeyboardTeller:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.keys = page.keyboard

    def follow(self, link_name: str) -> None:
        tab_to(self.page, self.page.get_by_role("link", name=link_name, exact=True))
        self.keys.press("Enter")

    def type_into(self, selector: str, text: str) -> None:
        tab_to(self.page, self.page.locator(selector))
        self.keys.type(text)

    def radio(self, name: str, value: str) -> None:
        """Tab enters a group of radios at its first one; arrow keys move and choose."""
        radios = self.page.locator(f"input[name='{name}']")
        index = radios.evaluate_all("els => els.map(e => e.value)").index(value)
        tab_to(self.page, radios.first)
        if index == 0:
            self.keys.press("Space")
        for _ in range(index):
            self.keys.press("ArrowDown")
        expect(radios.nth(index)).to_be_checked()

    def tick(self, name: str, *values: str) -> None:
        for value in values:
            box = self.page.locator(f"input[name='{name}'][value='{value}']")
            tab_to(self.page, box)
            self.keys.press("Space")
            expect(box).to_be_checked()

    def tick_na(self, key: str, index: int = 1) -> None:
        tab_to(self.page, self.page.locator(f"#id_{key}_{index}"))
        self.keys.press("Space")

    def slide(self, key: str, *presses: str) -> int:
        """Moves the enhanced slider with keys like "End" or "ArrowLeft"; returns its value."""
        tab_to(self.page, self.page.locator(f"#id_{key}_0_range"))
        for key_name in presses:
            self.keys.press(key_name)
        return int(self.page.locator(f"#id_{key}_0").input_value())

    def select(self, key: str, value: str) -> None:
        """A closed select moves through its options with the arrow keys."""
        select = self.page.locator(f"#id_{key}")
        values = select.locator("option").evaluate_all("els => els.map(e => e.value)")
        tab_to(self.page, select)
        self.keys.press("Home")
        for _ in range(values.index(value)):
            self.keys.press("ArrowDown")
        expect(select).to_have_value(value)

    def submit(self, label: str = "Opslaan en verder") -> None:
        tab_to(self.page, self.page.get_by_role("button", name=label, exact=True))
        with self.page.expect_navigation():
            self.keys.press("Space")

    def write_story(self) -> None:
        self.type_into("#id_text", STORY)
        self.type_into("#id_title", TITLE)
        self.submit()


def test_keyboard_only_teller_completes_a_track_with_sliders(phone):
    page, teller = phone, KeyboardTeller(phone)
    page.goto("/passend-onderwijs/")
    teller.follow("Ik ben leerling")
    teller.follow("Begin")
    teller.write_story()

    slid: dict[str, int] = {}

    def slide(key: str, *presses: str) -> None:
        slid[key] = teller.slide(key, *presses)

    answer_every_page(
        page,
        {
            "gevoel": lambda: teller.radio("gevoel", "hoop"),
            "goed_onderwijs": lambda: slide("goed_onderwijs", "End", *["ArrowLeft"] * 3),
            "gevolgen": lambda: teller.tick_na("gevolgen"),
            "aspect": lambda: teller.radio("aspect", "ondersteuning"),
            "beleving_aspect": lambda: slide("beleving_aspect", "Home", "ArrowRight"),
            "ondersteuning": lambda: teller.tick("ondersteuning", "gedrag", "thuissituatie"),
            "invloed": lambda: teller.tick("invloed", "leraar_mentor", "ib_zorgcoordinator"),
            "samenwerking": lambda: slide("samenwerking", "ArrowLeft"),
            "leren": lambda: teller.tick("leren", "schoolbestuur"),
            "frequentie": lambda: teller.radio("frequentie", "vaak"),
            "zelf_meegemaakt": lambda: teller.radio("zelf_meegemaakt", "zelf_meegemaakt"),
            "wanneer": lambda: teller.radio("wanneer", "afgelopen_jaar"),
            "advies": lambda: teller.type_into("#id_advies", ADVICE),
            "rol": lambda: teller.select("rol", ROLE_OPTION["leerling"]),
            "onderwijssoort": lambda: teller.select("onderwijssoort", "vmbo"),
            "provincie": lambda: teller.select("provincie", "gelderland"),
            "regio": lambda: teller.select("regio", "apeldoorn"),
            "deze_manier": lambda: teller.radio("deze_manier", "zeer_positief"),
        },
        teller.submit,
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor het delen!")

    # End = 100, then three steps left; Home = 0, one right; an untouched slider starts at 50.
    assert slid == {"goed_onderwijs": 97, "beleving_aspect": 1, "samenwerking": 49}
    story = Story.objects.get()
    assert story.status == Story.Status.COMPLETE
    assert stored_answers(story) == {
        "gevoel": {"hoop"},
        "goed_onderwijs": 97,
        "gevolgen": "n.v.t.",
        "aspect": {"ondersteuning"},
        "beleving_aspect": 1,
        "invloed": {"leraar_mentor", "ib_zorgcoordinator"},
        "samenwerking": 49,
        "leren": {"schoolbestuur"},
        "ondersteuning": {"gedrag", "thuissituatie"},
        "frequentie": {"vaak"},
        "zelf_meegemaakt": {"zelf_meegemaakt"},
        "wanneer": {"afgelopen_jaar"},
        "advies": ADVICE,
        "rol": {"leerling_vo"},
        "onderwijssoort": {"vmbo"},
        "provincie": {"gelderland"},
        "regio": {"apeldoorn"},
        "deze_manier": {"zeer_positief"},
    }


def test_keyboard_only_teller_completes_the_triad_track(desktop):
    page, teller = desktop, KeyboardTeller(desktop)
    page.goto("/triade-test/")
    teller.follow("Ik ben professional")
    teller.follow("Begin")
    teller.write_story()

    expect_page(page, 2, "triade-test")
    tab_to(page, page.locator(".triad-svg"))
    # From the middle: three steps towards "Hart" (bottom right), two up towards "Handen".
    for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp"):
        page.keyboard.press(key)
    shares = tuple(int(page.locator(f"#id_balans_{i}").input_value()) for i in range(3))
    assert sum(shares) == 100
    assert shares[1] > shares[0]  # nearer to Hart than to Hoofd
    expect(page.locator("[data-triad-total]")).to_contain_text("Samen 100")
    tevreden = teller.slide("tevreden", "End")
    teller.tick_na("nut")
    teller.tick("wie", "a", "c")
    teller.radio("kleur", "groen")
    teller.type_into("#id_toelichting", "Met het toetsenbord.")
    teller.submit()

    expect_page(page, 3, "triade-test")
    teller.select("rol", "jeugdhulpverlener")
    teller.select("regio", "kennemerland")
    teller.submit()

    expect_page(page, 4, "triade-test")
    teller.radio("oordeel", "positief")
    teller.submit("Versturen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor het delen!")

    story = Story.objects.get()
    assert story.status == Story.Status.COMPLETE
    assert story.track.role == "professional"
    assert stored_answers(story) == {
        "balans": shares,
        "tevreden": tevreden,
        "nut": "n.v.t.",
        "wie": {"a", "c"},
        "kleur": {"groen"},
        "toelichting": "Met het toetsenbord.",
        "rol": {"jeugdhulpverlener"},
        "regio": {"kennemerland"},
        "oordeel": {"positief"},
    }
    assert tevreden == 100


FOCUS_RING = """el => {
    const style = getComputedStyle(el);
    return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
}"""


@pytest.mark.parametrize(
    "path",
    [step_path("passend-onderwijs", "ouder", 1), "/triade-test/ouder/stap/2/"],
    ids=["story", "triad-and-sliders"],
)
def test_keyboard_focus_is_always_visible(phone, path):
    page = phone
    if path.endswith("/2/"):
        page.goto(step_path("triade-test", "ouder", 1))
        KeyboardTeller(page).write_story()
    page.goto(path)
    expect(page.locator("main")).to_be_visible()
    seen: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        here = focused(page)
        if here == "body" or here in seen:
            break  # past the last control, or round again
        seen.append(here)
        assert page.evaluate(f"({FOCUS_RING})(document.activeElement)"), f"no focus ring: {here}"
    assert len(seen) >= 5, seen
