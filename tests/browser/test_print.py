"""The analyst's print layouts in real Chromium, with print media: the distributions poster on
A3 landscape, a perspective with its story cards on A4, and story cards for a meeting from
the drill-down list. Each page is also rendered to PDF (artifacts/print/) and its pages
counted; `pdftoppm -png -r 50` turns those into pictures to look at."""

import random
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from analysis.models import Interpretation, Observation, Perspective
from tests.conftest import sign_in
from tests.factories import NA, StaffUserFactory, stories_bulk
from tracks.models import Collection, Story

pytestmark = pytest.mark.browser

PRINTS = Path(settings.BASE_DIR) / "artifacts" / "print"
MM = 96 / 25.4  # CSS pixels per millimetre
# Printable areas (the @page margins of poster-a3.css and cards-a4.css).
A3_LANDSCAPE = (420 - 2 * 12, 297 - 2 * 12)
A4_PORTRAIT = (210 - 2 * 15, 297 - 2 * 15)

FEELINGS = ["blijdschap", "tevredenheid", "trots", "hoop", "verdriet", "boosheid"]
ASPECTS = ["systeem", "werksituatie", "relaties", "ondersteuning"]
ACTORS = ["ikzelf", "ouders", "leraar_mentor", "ib_zorgcoordinator", "samenwerkingsverband"]
SUPPORT = ["gedrag", "sociaal_emotioneel", "stoornis", "leerachterstand", "thuissituatie"]
SCHOOLS = ["basisonderwijs", "speciaal_basisonderwijs", "vmbo", "havo_vwo"]
SENTENCES = [
    "De mentor nam de tijd en luisterde echt naar wat mijn kind nodig had.",
    "Na maanden wachten kwam er eindelijk een gesprek met het samenwerkingsverband.",
    "In de klas was er geen ruimte voor extra uitleg, dus zat hij veel op de gang.",
    "De intern begeleider regelde dat ze een eigen werkplek kreeg, dat hielp enorm.",
    "Thuis merkten we dat hij weer met plezier naar school ging.",
    "Het formulier voor de aanvraag was zo ingewikkeld dat we het twee keer moesten invullen.",
]
# The longest story a card must still hold on one A4 (the teller form allows more; a longer
# story runs on to a second sheet by itself).
LONG_STORY = " ".join(SENTENCES * 5)


ROLES = {
    "ouder": ["ouder_verzorger", "pleegouder"],
    "professional": ["leraar", "mentor", "intern_begeleider"],
    "leerling": ["leerling_po", "leerling_vo"],
}


def answers_for(rng: random.Random, role: str) -> dict:
    answers = {
        "rol": rng.choice(ROLES[role]),
        "gevoel": rng.choice(FEELINGS),
        "goed_onderwijs": rng.randint(0, 100),
        "gevolgen": rng.choice([rng.randint(0, 100), NA]),
        "aspect": rng.choice(ASPECTS),
        "beleving_aspect": rng.randint(0, 100),
        "invloed": rng.sample(ACTORS, 2),
        "samenwerking": rng.randint(0, 100),
        "leren": rng.sample(ACTORS, rng.randint(1, 2)),
        "ondersteuning": rng.sample(SUPPORT, rng.randint(1, 3)),
        "frequentie": rng.choice(["eenmalig", "soms", "vaak", "bijna_dagelijks"]),
        "zelf_meegemaakt": rng.choice(["zelf_meegemaakt", "dichtbij_gezien"]),
        "wanneer": rng.choice(["afgelopen_maand", "afgelopen_jaar", "een_tot_drie_jaar"]),
        "onderwijssoort": rng.choice(SCHOOLS),
        "provincie": rng.choice(["gelderland", "groningen", "noord_holland", "zeeland"]),
        "regio": rng.choice(["apeldoorn", "oost_groningen", "kennemerland", "andere_regio"]),
        "deze_manier": rng.choice(["zeer_positief", "positief", "neutraal", "negatief"]),
    }
    if rng.random() < 0.6:
        answers["advies"] = rng.choice(SENTENCES)
    for key in ("aspect", "samenwerking"):
        if rng.random() < 0.15:
            del answers[key]  # skipped
    return answers


@pytest.fixture
def stories(passend: Collection) -> list[Story]:
    rng = random.Random(2019)
    made: list[Story] = []
    for role, n in (("ouder", 36), ("professional", 18), ("leerling", 8)):
        made += stories_bulk(passend, [answers_for(rng, role) for _ in range(n)], role=role)
    for i, story in enumerate(made):
        start = rng.choice(["Eindelijk", "Weer", "Nooit meer"])
        story.title = f"{start} {rng.choice(['hulp', 'een plek', 'gehoord'])} ({i + 1})"
        story.text = " ".join(rng.sample(SENTENCES, rng.randint(2, 6)))
    made[0].text = LONG_STORY
    Story.objects.bulk_update(made, ["title", "text"])
    return made


@pytest.fixture
def analyst(desktop: Page, db, base_url: str) -> Page:
    """The desktop page, signed in as an analyst (two factors done, as sign_in does)."""
    client = sign_in(Client(), StaffUserFactory(analyst=True))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    desktop.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
    )
    return desktop


def print_view(page: Page, path: str, printable_mm: tuple[int, int]) -> None:
    """Open `path` as the printer sees it: print media, a viewport the width of the paper's
    printable area."""
    width, height = (round(d * MM) for d in printable_mm)
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(media="print")
    response = page.goto(path)
    assert response is not None and response.status == 200


def overflowing(page: Page) -> list[str]:
    """Elements that reach past the right edge of the page (nothing may be cut off)."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const out = [];
            if (document.documentElement.scrollWidth > width + 1) out.push("document");
            for (const el of document.body.querySelectorAll("*")) {
                const r = el.getBoundingClientRect();
                if (r.width && r.right > width + 1) out.push(el.tagName + "." + el.className);
            }
            return out;
        }"""
    )


def clipped_chart_text(page: Page) -> list[str]:
    """Chart labels and values that stick out of their chart (an SVG cuts them off)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("svg.chart text")].filter(t => {
            const svg = t.closest("svg").getBoundingClientRect();
            const r = t.getBoundingClientRect();
            return r.width > 0 && getComputedStyle(t.closest("svg")).display !== "none" && (
                r.left < svg.left - 0.5 || r.right > svg.right + 0.5);
        }).map(t => t.textContent)"""
    )


def smallest_chart_text(page: Page) -> float:
    """Height in CSS pixels of the smallest printed chart text (1pt = 1.33px)."""
    return page.evaluate(
        """() => Math.min(...[...document.querySelectorAll("svg.chart text")]
            .map(t => t.getBoundingClientRect().height).filter(h => h > 0))"""
    )


def shown(page: Page, selector: str) -> int:
    """How many elements matching `selector` take up room on the printed page."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].filter(el => {
            const r = el.getBoundingClientRect();
            return getComputedStyle(el).display !== "none" && r.width > 0 && r.height > 0;
        }).length""",
        selector,
    )


SCREEN_ONLY = [".staff-nav", ".analysis-tabs", ".analysis-settings", "button", ".d-print-none"]


def pdf(page: Page, name: str, **options) -> int:
    """Print the page to artifacts/print/<name>.pdf and return its number of pages."""
    PRINTS.mkdir(parents=True, exist_ok=True)
    data = page.pdf(path=PRINTS / f"{name}.pdf", prefer_css_page_size=True, **options)
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def test_the_distributions_print_as_one_a3_landscape_poster(analyst, stories):
    page = analyst
    print_view(page, reverse("analysis:distributions"), A3_LANDSCAPE)
    for selector in SCREEN_ONLY:
        assert shown(page, selector) == 0, f"{selector} is printed"
    assert overflowing(page) == []
    assert clipped_chart_text(page) == []
    # Small but legible on paper: no chart text under about 4 points.
    assert smallest_chart_text(page) >= 5.3
    questions = page.locator(".analysis-question")
    assert questions.count() >= 20  # every question, and the data-quality sections
    # No question is split between columns or sheets.
    assert set(
        questions.evaluate_all("els => els.map(el => getComputedStyle(el).breakInside)")
    ) == {"avoid"}
    # Three or more columns: the poster of 2019 had every question on one sheet.
    lefts = questions.evaluate_all("els => els.map(el => Math.round(el.offsetLeft))")
    assert len(set(lefts)) >= 3
    assert pdf(page, "verdelingen-a3", format="A3", landscape=True, print_background=True) == 1


def test_a_perspective_prints_as_a4_cards_one_story_per_sheet(analyst, stories):
    page = analyst
    perspective = Perspective.objects.create(
        title="Ouders moeten lang wachten op passende hulp",
        summary="Ouders die hopeloosheid voelen noemen vaker het samenwerkingsverband.",
    )
    observation = Observation.objects.create(
        text="Ouders met hopeloosheid kozen 1,8× vaker het samenwerkingsverband.",
        pair_a="gevoel",
        pair_b="invloed=samenwerkingsverband",
    )
    for text in ("Aanvragen duren lang.", "Ouders weten niet bij wie ze moeten zijn."):
        Interpretation.objects.create(observation=observation, text=text)
    perspective.observations.add(observation)
    supporting = stories[:5]  # the first holds the longest story
    perspective.stories.set(supporting)

    print_view(
        page,
        reverse("analysis:perspective_print", kwargs={"perspective_id": perspective.pk}),
        A4_PORTRAIT,
    )
    for selector in SCREEN_ONLY:
        assert shown(page, selector) == 0, f"{selector} is printed"
    assert overflowing(page) == []
    assert page.locator(".perspective-card").count() == 1
    assert_cards_fit_their_sheets(page, len(supporting))
    # The perspective card, then one sheet per story.
    assert pdf(page, "perspectief-a4", format="A4", print_background=True) == 1 + len(supporting)


def test_stories_from_the_list_print_as_cards_for_a_meeting(analyst, stories, passend):
    page = analyst
    Story.objects.filter(pk=stories[1].pk).update(moderation=Story.Moderation.HIDDEN)
    hoop = [
        s
        for s in Story.objects.filter(answers__option__key="hoop", collection=passend)
        if s.moderation != Story.Moderation.HIDDEN
    ]
    assert 0 < len(hoop) < 50

    # From the drill-down list's button, with its filters and conditions.
    page.goto(reverse("analysis:stories") + "?v=gevoel:hoop")
    page.get_by_role("link", name="Afdrukken als verhaalkaarten (A4)").click()
    url = urlsplit(page.url)
    assert url.path == reverse("analysis:stories_print")
    assert parse_qs(url.query)["v"] == ["gevoel:hoop"]
    print_view(page, f"{url.path}?{url.query}", A4_PORTRAIT)
    for selector in SCREEN_ONLY:
        assert shown(page, selector) == 0, f"{selector} is printed"
    assert overflowing(page) == []
    assert_cards_fit_their_sheets(page, len(hoop))
    titles = page.locator(".story-card .print-title").all_inner_texts()
    assert sorted(titles) == sorted(s.title for s in hoop)
    # Each card: role type and school type, the title, the story, and the advice if given.
    kickers = page.locator(".story-card .print-kicker").all_inner_texts()
    assert all(re.match(r"(ouder|professional|leerling).* · \S", k, re.I) for k in kickers)
    assert pdf(page, "verhaalkaarten-a4", format="A4", print_background=True) == len(hoop)


def assert_cards_fit_their_sheets(page: Page, expected: int) -> None:
    cards = page.locator(".story-card")
    assert cards.count() == expected
    styles = cards.evaluate_all(
        """els => els.map(el => {
            const s = getComputedStyle(el);
            return [s.breakInside, s.breakAfter, el.getBoundingClientRect().height];
        })"""
    )
    sheet = A4_PORTRAIT[1] * MM
    for i, (inside, after, height) in enumerate(styles):
        assert inside == "avoid", f"card {i} may be split"
        assert after == "page" or i == len(styles) - 1, f"card {i} shares its sheet"
        assert height <= sheet, f"card {i} is taller than a sheet ({height:.0f}px > {sheet:.0f})"
