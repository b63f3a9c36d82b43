"""What the slider and the triad say and show comes from the page: the words the teller reads
and a screen reader announces are the translated ones in the page's form, and the script
only fills in numbers and the question's own labels. Here the page's words are wrapped in
⟦ ⟧ before the scripts start, so a word the script brought itself would show unwrapped."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.pages import STORY, Pointer, step_path

pytestmark = pytest.mark.browser

# Runs before the page's scripts: listeners fire in the order they were added.
WRAP_THE_PAGES_WORDS = """document.addEventListener("DOMContentLoaded", () => {
  for (const el of document.querySelectorAll("*")) {
    for (const a of Array.from(el.attributes)) {
      if (a.name.startsWith("data-text-")) el.setAttribute(a.name, "⟦" + a.value + "⟧");
    }
  }
});"""
FROM_THE_PAGE = re.compile(r"(⟦[^⟦⟧{}]+⟧)+")


def triad_step(page: Page, role: str = "leerling") -> Pointer:
    page.goto(step_path("triade-test", role, 1))
    page.locator("#id_text").fill(STORY)
    pointer = Pointer(page)
    pointer.submit()
    return pointer


def own_text(element: Locator) -> str:
    """The element's text without that of the elements inside it (the state line holds the
    "clear" button)."""
    text: str = element.evaluate(
        "el => Array.from(el.childNodes).filter(n => n.nodeType === 3)"
        ".map(n => n.textContent).join('')"
    )
    return text


def label(page: Page, input_id: str) -> str:
    return page.locator(f"label[for='{input_id}']").inner_text().strip()


def test_a_sliders_words_are_the_pages_in_every_state(narrow):
    page = narrow
    page.add_init_script(WRAP_THE_PAGES_WORDS)
    pointer = triad_step(page)
    line, state = page.locator("#id_nut_0_range"), page.locator("#id_nut_0_state")

    assert own_text(state) == "⟦Nog niet beantwoord: sleep of tik op de lijn.⟧"
    expect(line).to_have_attribute("aria-valuetext", "⟦nog niet beantwoord⟧")

    value = pointer.slide("nut", 0.3)
    assert own_text(state) == f"⟦Gekozen: {value} van 100.⟧"
    clear = state.locator(".slider-clear")
    expect(clear).to_have_text("⟦Wis antwoord⟧")

    pointer.press(page.locator("#id_nut_1"))  # "does not apply"
    assert own_text(state) == f"⟦Gekozen: {label(page, 'id_nut_1')}.⟧"

    pointer.press(page.locator("#id_nut_1"))
    pointer.slide("nut", 0.7)
    pointer.press(state.locator(".slider-clear"))
    assert own_text(state) == "⟦Nog niet beantwoord: sleep of tik op de lijn.⟧"


def test_a_triads_words_are_the_pages_in_every_state(narrow):
    page = narrow
    page.add_init_script(WRAP_THE_PAGES_WORDS)
    pointer = triad_step(page)
    triangle, total = page.locator(".triad-svg"), page.locator("[data-triad-total]")
    corners = [label(page, f"id_balans_{i}") for i in range(3)]
    question = page.locator("#div_id_balans legend").inner_text().replace("*", "").strip()

    expect(triangle).to_have_attribute(
        "aria-label",
        f"⟦{question} Driehoek met de hoeken {', '.join(corners)}. "
        "Gebruik de pijltjestoetsen om het punt te verplaatsen.⟧",
    )
    expect(total).to_have_text("⟦Nog niet beantwoord.⟧")
    for share in ("#id_balans_0", "#id_balans_1", "#id_balans_2"):
        page.locator(share).fill("20")
    expect(total).to_have_text("⟦Samen 60: dat moet precies 100 zijn.⟧")

    pointer.press(triangle)
    shares = [page.locator(f"#id_balans_{i}").input_value() for i in range(3)]
    expect(total).to_have_text(
        "⟦Samen 100: " + ", ".join(f"{c} {s}" for c, s in zip(corners, shares, strict=True)) + ".⟧"
    )
    pointer.press(page.locator("#id_balans_3"))  # "does not apply"
    expect(total).to_have_text(f"⟦Gekozen: {label(page, 'id_balans_3')}.⟧")
    assert FROM_THE_PAGE.fullmatch(total.inner_text())


@pytest.mark.parametrize(
    ("role", "chosen"),
    [
        ("leerling", "Gekozen: past niet bij mijn verhaal."),
        ("ouder", "Gekozen: niet van toepassing (past niet bij mijn ervaring)."),
    ],
)
def test_does_not_apply_is_announced_in_the_tracks_own_words(narrow, role, chosen):
    page = narrow
    pointer = triad_step(page, role)
    pointer.press(page.locator("#id_nut_1"))
    expect(page.locator("#id_nut_0_state")).to_have_text(chosen)
    pointer.press(page.locator("#id_balans_3"))
    expect(page.locator("[data-triad-total]")).to_have_text(chosen)
