"""Every page a teller reads speaks to them in one voice: pupils with "je", parents and
professionals with "u", and pages that do not know the track with neither. What a pupil
reads is in short sentences and without the jargon of the policy (DOMAIN.md: secondary
pupils, on a phone)."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from signifiers.models import Option, Wording
from tests.teller import (
    PASSEND_EXPERIENCE,
    PASSEND_LAST,
    page_of,
    passend_about_you,
    step_url,
    token_from,
)
from tracks.models import Track

COLLECTION = "passend-onderwijs"
ROLES = ["leerling", "ouder", "professional"]

# At most this many words in a sentence a pupil reads.
MAX_WORDS = 20
JARGON = [
    "werksituatie",
    "executieve functies",
    "gediagnosticeerde",
    "stoornis",
    "samenwerkingsverband",
    "onverschilligheid",
    "ambulant",
    "indicatie",
    "arrangement",
    "zorgplicht",
    "ontwikkelingsperspectief",
    "handelingsgericht",
]
# Abbreviations a pupil would not know; matched as whole words, case-sensitive.
JARGON_ABBREVIATIONS = ["OPP", "SWV", "IB'er", "n.v.t."]

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf|jouwe)\b", re.IGNORECASE)
FORMAL = re.compile(r"\b(u|uw|uzelf|uwe)\b", re.IGNORECASE)

BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "label", "legend", "div", "dt", "dd",
    "button", "option", "title", "th", "td", "section", "nav", "header", "footer", "form",
    "ul", "ol", "dl", "fieldset", "small",
}  # fmt: skip
# Attributes whose value is read (aria) or shown by a script (data-*, e.g. the draft note).
READ_ATTRIBUTES = re.compile(r"^(aria-label|title|placeholder|data-[a-z-]+)$")


class _Text(HTMLParser):
    """The text of a page in blocks (one per paragraph, list item, label…), plus the text of
    attributes that are read out or shown by a script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skip += 1
        if tag in BLOCKS or tag == "br":
            self._flush()
        for name, value in attrs:
            # Keys, ids and numbers are not words: only values with a space or a letter run.
            if value and READ_ATTRIBUTES.match(name) and re.search(r"[a-zA-Z]{2,}\s", value):
                self.blocks.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.skip -= 1
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)

    def close(self):
        super().close()
        self._flush()


def text_blocks(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.blocks


def sentences(block: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", block) if s.strip()]


def words(sentence: str) -> list[str]:
    return [w for w in sentence.split() if re.search(r"\w", w)]


def problems_for_pupils(blocks: list[str]) -> list[str]:
    found = []
    for block in blocks:
        lowered = block.lower()
        found += [f"jargon {w!r}: {block}" for w in JARGON if w in lowered]
        found += [
            f"jargon {w!r}: {block}"
            for w in JARGON_ABBREVIATIONS
            if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", block)
        ]
        found += [
            f"{len(words(s))} words: {s}" for s in sentences(block) if len(words(s)) > MAX_WORDS
        ]
    return found


def address_problems(blocks: list[str], role: str | None) -> list[str]:
    """ "je" on a parent's or professional's page, "u" on a pupil's, either where no track
    is known (role None)."""
    wrong = []
    if role != "leerling":
        wrong.append(INFORMAL)
    if role not in {"ouder", "professional"}:
        wrong.append(FORMAL)
    return [f"{m.group(0)!r}: {b}" for b in blocks for p in wrong for m in [p.search(b)] if m]


# --- Walking the flow ---------------------------------------------------------------------


def _html(response) -> str:
    assert response.status_code in {200, 400, 429}, response.status_code
    return response.content.decode()


def walk(role: str, settings) -> dict[str, str]:
    """Every teller page of one track, as a teller of that track reaches it: the entry, the
    introduction, every step (also with its error summary and notes), the thank-you page,
    privacy and the withdrawal pages."""
    client = Client()
    pages = {
        "home": _html(client.get(reverse("tracks:home", kwargs={"collection": COLLECTION}))),
        "intro": _html(
            client.get(reverse("tracks:intro", kwargs={"collection": COLLECTION, "role": role}))
        ),
    }
    url = step_url(COLLECTION, role, 1)
    page = _html(client.get(url))
    pages["story"] = page
    pages["story-errors"] = _html(client.post(url, {"text": "kort", "token": token_from(page)}))
    settings.VERTELPUNT_MIN_SECONDS_FOR_STORY = 3
    story = "Ik vertelde het aan juf Annet, maar er gebeurde lange tijd helemaal niets mee."
    pages["story-too-fast"] = _html(client.post(url, {"text": story, "token": token_from(page)}))
    settings.VERTELPUNT_MIN_SECONDS_FOR_STORY = 0
    assert client.post(url, {"text": story, "token": token_from(page)}).status_code == 302
    # The personal-data note is on the next page.
    # Every question page, and one with errors on each kind of question that can have them.
    answers = PASSEND_EXPERIENCE | passend_about_you(role) | PASSEND_LAST
    too_many = {
        "ondersteuning": ["gedrag", "thuissituatie", "stoornis", "werkhouding"],
        "goed_onderwijs_0": "40",
        "goed_onderwijs_1": "on",
        "beleving_aspect_0": "40",
        "beleving_aspect_1": "on",
    }
    number = 2
    while True:
        url = step_url(COLLECTION, role, number)
        pages[f"step-{number}"] = _html(client.get(url))
        errors = client.post(url, too_many)
        if errors.status_code == 400:
            pages[f"step-{number}-errors"] = _html(errors)
        sent = client.post(url, answers)
        assert sent.status_code == 302
        if "/stap/" not in sent["Location"]:
            break
        number += 1
    thanks = reverse("tracks:thanks", kwargs={"collection": COLLECTION, "role": role})
    pages["thanks"] = _html(client.get(thanks))
    receipt = re.search(r"data-receipt>([^<]+)<", pages["thanks"])
    assert receipt, "the thank-you page shows the receipt code"
    code = receipt.group(1).strip()
    pages["privacy"] = _html(client.get(reverse("tracks:privacy", args=[COLLECTION])))
    withdraw = reverse("tracks:withdraw", args=[COLLECTION])
    pages["withdraw"] = _html(client.get(withdraw))
    pages["withdraw-wrong-code"] = _html(client.post(withdraw, {"code": "ABCD"}))
    pages["withdraw-confirm"] = _html(client.post(withdraw, {"code": code}))
    pages["withdrawn"] = _html(client.post(withdraw, {"code": code, "confirm": "1"}))
    # A step sent without a story being told: the friendly refusal.
    pages["problem"] = _html(Client().post(step_url(COLLECTION, role, 2), {}))
    return pages


@pytest.fixture
def pages_of(passend, settings):
    cache: dict[str, dict[str, str]] = {}

    def get(role: str) -> dict[str, str]:
        if role not in cache:
            cache[role] = walk(role, settings)
        return cache[role]

    return get


# --- One form of address ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_track_addresses_its_teller_in_one_way(pages_of, role):
    pages = pages_of(role)
    home = pages.pop("home")
    problems = {name: address_problems(text_blocks(html), role) for name, html in pages.items()}
    assert {name: found for name, found in problems.items() if found} == {}
    # The entry page serves every track: it addresses nobody in particular.
    assert address_problems(text_blocks(home), None) == []


def test_pages_that_do_not_know_the_track_address_nobody_in_particular(passend):
    client = Client()
    for name in ["tracks:home", "tracks:privacy", "tracks:withdraw"]:
        html = _html(client.get(reverse(name, args=[COLLECTION])))
        assert address_problems(text_blocks(html), None) == [], name
    wrong = client.post(reverse("tracks:withdraw", args=[COLLECTION]), {"code": "ABCD"})
    assert address_problems(text_blocks(_html(wrong)), None) == []


def test_the_address_check_tells_je_from_jeugdhulp_and_u_from_uur():
    assert address_problems(["De jeugdhulp belt binnen een uur."], "ouder") == []
    assert address_problems(["Heb je dat gezien?"], "ouder") != []
    assert address_problems(["Heeft u dat gezien?"], "leerling") != []


# --- Plain words for pupils ---------------------------------------------------------------


def test_every_page_a_pupil_reads_is_in_short_sentences_without_jargon(pages_of):
    pages = pages_of("leerling")
    problems = {name: problems_for_pupils(text_blocks(html)) for name, html in pages.items()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_pupil_tracks_questions_and_answers_are_short_and_plain(passend):
    track = Track.objects.get(role="leerling")
    texts = [track.intro, track.story_prompt, track.story_help, track.title_prompt, track.summary]
    for wording in Wording.objects.filter(role="leerling"):
        texts += [wording.prompt, wording.help_text, wording.left_label, wording.right_label]
    for option in Option.objects.all():
        if option.is_shown_to("leerling"):
            texts.append(option.label_for("leerling"))
    blocks = [b for text in texts for b in text.split("\n") if b.strip()]
    assert problems_for_pupils(blocks) == []


def test_a_pupil_is_not_offered_both_ikzelf_and_de_leerling(pages_of):
    pages = pages_of("leerling")
    html = pages[f"step-{page_of('invloed')}"] + pages[f"step-{page_of('leren')}"]
    for question in ["invloed", "leren"]:
        assert f'name="{question}" value="ikzelf"' in html
        assert f'name="{question}" value="leerling"' not in html


def test_the_readability_check_catches_long_sentences_and_jargon():
    long = " ".join(["woord"] * (MAX_WORDS + 1)) + "."
    assert problems_for_pupils([long]) != []
    assert problems_for_pupils(["Het ging over mijn OPP."]) != []
    assert problems_for_pupils(["Dat past bij de werksituatie."]) != []
    assert problems_for_pupils(["Kort en duidelijk. Nog een zin."]) == []


# --- Notes that appear once ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_too_fast_note_is_shown_once(pages_of, role):
    assert pages_of(role)["story-too-fast"].count("Dat ging snel") == 1
