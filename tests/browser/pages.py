"""What the browser tests share: addresses, a teller's actions, axe-core and screenshots."""

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Locator, Page, expect

from tests.teller import last_page, page_of
from tracks.models import Story

ROLES = ("leerling", "ouder", "professional")
STORY = (
    "Mijn zoon kreeg eindelijk de begeleiding die hij nodig had, na een jaar wachten. "
    "De mentor nam de tijd en luisterde echt."
)
TITLE = "Eindelijk hulp"
ADVICE = "Luister eerder naar ouders."

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The option each track picks for its role question (the options differ per track).
ROLE_OPTION = {"leerling": "leerling_vo", "ouder": "ouder_verzorger", "professional": "leraar"}


def step_path(collection: str, role: str, number: int) -> str:
    return f"/{collection}/{role}/stap/{number}/"


# --- the questionnaire's pages ---------------------------------------------------------------
# Where a page ends is in the questionnaire's data, so the tests find each question on its page
# instead of counting pages.


def questions_on(page: Page) -> list[str]:
    """The keys of the questions on the open page, top to bottom."""
    keys: list[str] = page.locator("form.teller-form > [id^='div_id_']").evaluate_all(
        "els => els.map(e => e.id.slice('div_id_'.length)).filter(k => k !== 'website')"
    )
    return keys


def expect_page(page: Page, number: int, collection: str = "passend-onderwijs") -> None:
    """The progress line says page `number` of the questionnaire's pages."""
    expect(page.locator(".progress-label")).to_contain_text(
        f"Pagina {number} van {last_page(collection)}"
    )


def answer_every_page(
    page: Page,
    answers: Mapping[str, Callable[[], object]],
    send: Callable[[str], None],
    *,
    shots: str = "",
    collection: str = "passend-onderwijs",
) -> None:
    """From page 2 to the last: runs `answers[key]()` for each question a page shows, in its
    order, and sends the page with `send(button label)`. Fails on a question without an
    answer and on an answer whose question never came."""
    left = dict(answers)
    last = last_page(collection)
    for number in range(2, last + 1):
        expect_page(page, number, collection)
        for key in questions_on(page):
            assert key in left, f"page {number} asks {key}, which the test does not answer"
            left.pop(key)()
        if shots:
            shoot(page, f"{shots}-{number}")
        send("Versturen" if number == last else "Opslaan en verder")
    assert not left, f"never asked: {sorted(left)}"


def forward_to(page: Page, key: str) -> None:
    """From an open question page, sends the pages before question `key` unanswered."""
    target = page_of(key)
    while not page.locator(f"#div_id_{key}").count():
        assert "/stap/" in page.url, f"no page asked {key}"
        with page.expect_navigation():
            page.get_by_role("button", name="Opslaan en verder", exact=True).click()
    expect_page(page, target)


# --- checks ----------------------------------------------------------------------------------


def axe_violations(page: Page) -> list[str]:
    """Runs axe-core's WCAG 2.1 A and AA rules on the page as it is now."""
    # evaluate(), not a <script> tag: the page's Content-Security-Policy may forbid those.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
        })""",
        WCAG_21_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]


def horizontal_overflow(page: Page) -> int:
    """Pixels the page is wider than its viewport (a phone would scroll sideways)."""
    width: int = page.evaluate("document.scrollingElement.scrollWidth")
    return width - page.viewport_size["width"]  # type: ignore[index]


def draft_keys(page: Page) -> list[str]:
    """The story drafts in the tab's sessionStorage, once the page's scripts have run."""
    page.wait_for_load_state("load")
    keys: list[str] = page.evaluate("Object.keys(sessionStorage)")
    return [k for k in keys if k.startswith("vertelpunt:draft:")]


def shoot(page: Page, name: str) -> None:
    """A full-page screenshot for people to look at (artifacts/, not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # JPEG: a tall page encodes several times faster than as PNG, and is plenty to look at.
    page.screenshot(
        path=SCREENSHOTS / f"{name}.jpg", full_page=True, quality=80, animations="disabled"
    )


# --- pointer (mouse on desktop, finger on a phone) --------------------------------------------


class Pointer:
    """Taps on a touch device, clicks with the mouse elsewhere."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.touch: bool = page.evaluate("navigator.maxTouchPoints > 0")

    def press(self, target: Locator, **position: Any) -> None:
        if self.touch:
            target.tap(**position)
        else:
            target.click(**position)

    def choose(self, name: str, *values: str) -> None:
        for value in values:
            self.press(self.page.locator(f"input[name='{name}'][value='{value}']"))

    def slide(self, key: str, fraction: float) -> int:
        """Puts the slider thumb near `fraction` of the line; returns the value it took."""
        line = self.page.locator(f"#id_{key}_0_range")
        box = line.bounding_box()
        assert box is not None
        self.press(line, position={"x": box["width"] * fraction, "y": box["height"] / 2})
        return int(self.page.locator(f"#id_{key}_0").input_value())

    def submit(self, label: str = "Opslaan en verder") -> None:
        with self.page.expect_navigation():
            self.press(self.page.get_by_role("button", name=label, exact=True))


# --- keyboard --------------------------------------------------------------------------------


def tab_to(page: Page, target: Locator, limit: int = 150) -> None:
    """Presses Tab until `target` has the focus, as a keyboard user moves through a page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def focused(page: Page) -> str:
    """A short description of the focused element, for messages."""
    description: str = page.evaluate(
        """() => document.activeElement === document.body
            ? "body" : document.activeElement.outerHTML.slice(0, 120)"""
    )
    return description


# --- what was stored -------------------------------------------------------------------------


def stored_answers(story: Story) -> dict[str, Any]:
    """A story's answers as {question key: value}: option keys as a set, "n.v.t.", a slider
    number, a triad as three shares, or a text."""
    result: dict[str, Any] = {}
    for a in story.answers.select_related("signifier", "option"):
        key = a.signifier.key
        if a.is_na:
            result[key] = "n.v.t."
        elif a.option is not None:
            result.setdefault(key, set()).add(a.option.key)
        elif a.slider is not None:
            result[key] = a.slider
        elif a.triad_a is not None:
            result[key] = (a.triad_a, a.triad_b, a.triad_c)
        else:
            result[key] = a.text
    return result
