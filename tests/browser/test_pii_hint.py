"""The hint while typing names what the server's spotter finds (vertelpunt/pii.py): the same
school names, names after a cue or title, phone numbers and e-mail addresses, and nothing on
ordinary sentences. The browser reads the server's patterns from the page, so both find the
same; these tests type the spotter's own corpus and compare."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage
from tests.browser.pages import horizontal_overflow, shoot, step_path
from tests.vertelpunt.test_pii_sentences import WITH_PERSONAL_DATA, WITHOUT_PERSONAL_DATA
from vertelpunt.pii import find_personal_data

pytestmark = pytest.mark.browser

STORY_PAGE = step_path("passend-onderwijs", "ouder", 1)
HINT_START = (
    "Noem liever geen namen of andere gegevens waaraan iemand te herkennen is. "
    "Het lijkt erop dat er iets staat als: "
)

# Where a JavaScript pattern read as written would differ from Python's: letters beyond
# ASCII in an e-mail address, digits of another script, Unicode spaces, a word boundary after
# an accented letter, the cue in capitals, the long s that Python's case-insensitive match
# takes for an s.
FLAVOURS = [
    "Mail josé.garcía@example.nl gerust.",
    "Zijn BSN ١١١٢٢٢٣٣٣ stond in de brief.",
    "Bel 06\u00a01234\u20075678 na vijf uur.",
    "Bel 06\x1c12345678 na vijf uur.",
    "Het caféjuf Annemiek-gedoe.",
    "MEVROUW De Vries belde terug.",
    "DR. Bakker en DRS. de Wit.",
    "Gelukkig was meeſter Jansen er.",
    "Ze zit op BASISSCHOOL De Wilg.",
]


def hint_for(sentence: str) -> str:
    """The hint for `sentence` as the server's spotter would have it: what it found, in order,
    each once, at most three."""
    found = list(dict.fromkeys(span.text(sentence) for span in find_personal_data(sentence)))
    return HINT_START + ", ".join(found[:3]) + "." if found else ""


def story_page(open_page: OpenPage, form_factor: str = "narrow") -> Page:
    page = open_page(form_factor)
    page.goto(STORY_PAGE)
    return page


def test_the_hint_names_what_the_server_finds_in_every_sentence_of_the_corpus(open_page):
    page = story_page(open_page)
    # The page's own clock, wound on by hand: the hint waits for a pause in typing, and the
    # test must know that it has looked before reading it.
    page.clock.install()
    page.reload()
    field, hint = page.locator("#id_text"), page.locator("#id_text_pii")
    sentences = [s for s, _ in WITH_PERSONAL_DATA] + WITHOUT_PERSONAL_DATA + FLAVOURS
    differences = []
    for sentence in sentences:
        field.fill(sentence)
        page.clock.run_for(1000)
        shown = hint.text_content()
        if shown != hint_for(sentence):
            differences.append(f"{sentence!r}: browser {shown!r}, server {hint_for(sentence)!r}")
    assert differences == []
    # Not vacuous: most of the corpus does get a hint.
    assert sum(1 for s in sentences if hint_for(s)) > len(WITH_PERSONAL_DATA)


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("Onze zoon zit op basisschool De Wilg in groep 6.", "De Wilg"),
        ("Meester Jansen van De Regenboog nam de tijd voor ons.", "Jansen, De Regenboog"),
        ("Gelukkig was meester Van den Broek er.", "Van den Broek"),
        ("Dr. van der Linden stelde de diagnose pas na een jaar.", "van der Linden"),
        ("U kunt mij bellen op 06-12345678.", "06-12345678"),
        (
            "Mail gerust naar ouders.jansen@example.nl voor meer informatie.",
            "ouders.jansen@example.nl",
        ),
    ],
)
def test_a_teller_typing_a_name_school_or_number_reads_it_back_in_the_hint(
    open_page, sentence, named
):
    page = story_page(open_page)
    field, hint = page.locator("#id_text"), page.locator("#id_text_pii")
    field.click()
    page.keyboard.type(sentence)
    expect(hint).to_have_text(HINT_START + named + ".")
    assert hint_for(sentence) == HINT_START + named + "."
    # The hint is told to a screen reader without taking the focus from the story.
    expect(hint).to_have_attribute("aria-live", "polite")
    expect(field).to_be_focused()


def test_the_title_gets_the_hint_too_and_it_goes_when_the_name_is_gone(open_page):
    page = story_page(open_page)
    title, hint = page.locator("#id_title"), page.locator("#id_title_pii")
    title.click()
    page.keyboard.type("Juf Annemiek")
    expect(hint).to_have_text(HINT_START + "Annemiek.")
    page.keyboard.press("Control+A")
    page.keyboard.type("Een juf die luisterde")
    expect(hint).to_have_text("")


@pytest.mark.parametrize("form_factor", ["narrow", "desktop"])
def test_the_hint_fits_the_page(open_page, form_factor):
    page = story_page(open_page, form_factor)
    page.locator("#id_text").click()
    page.keyboard.type("Onze zoon zit op basisschool De Wilg. Meester Van den Broek belde.")
    hint = page.locator("#id_text_pii")
    expect(hint).to_have_text(HINT_START + "De Wilg, Van den Broek.")
    box, field = hint.bounding_box(), page.locator("#id_text").bounding_box()
    assert box is not None and field is not None
    # Under the story field, no wider than it, and nothing runs off the side of a phone.
    assert box["y"] >= field["y"] + field["height"]
    assert field["x"] - 1 <= box["x"] and box["x"] + box["width"] <= field["x"] + field["width"] + 1
    assert horizontal_overflow(page) <= 0
    shoot(page, f"pii-hint-{form_factor}")
