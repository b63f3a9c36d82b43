"""The teller flow on the narrowest phone we support (360 × 740, touch): every tap target is
big enough for a finger, a slider only answers when the teller means it, the three tracks are
on the first screen, and a story in Arabic or Hebrew runs right to left."""

import base64
import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.pages import (
    STORY,
    TITLE,
    Pointer,
    axe_violations,
    expect_page,
    forward_to,
    horizontal_overflow,
    questions_on,
    stored_answers,
)
from tests.teller import last_page, page_of
from tracks.models import Story

pytestmark = pytest.mark.browser

FINGER = 44  # px: WCAG 2.5.5, the smallest tap target on these pages
LINE_HALF_HEIGHT = 6  # px: a slider's line is 8 px high; its thumb 24 px

# What a finger can hit on the page and how big that is. A radio button or tick box is hit
# through its whole row (the label); a card's stretched link through the whole card.
TAP_TARGETS_JS = """() => {
  const found = [];
  const controls = "a, button, summary, select, textarea, "
    + "input:not([type=hidden]):not([type=radio]):not([type=checkbox]), "
    + "input[type=radio], input[type=checkbox]";
  for (const el of document.querySelectorAll(controls)) {
    let target = el;
    if (el.matches("input[type=radio], input[type=checkbox]")) target = el.labels[0] || el;
    else if (el.matches("a.stretched-link")) target = el.closest(".card") || el;
    const box = target.getBoundingClientRect();
    const style = getComputedStyle(target);
    const shown = box.width > 1 && box.height > 1 && style.visibility !== "hidden"
      && box.right > 0 && box.left < document.documentElement.clientWidth;
    if (!shown) continue;
    let inside = true;
    if (target !== el) {
      const own = el.getBoundingClientRect();
      const cx = own.left + own.width / 2, cy = own.top + own.height / 2;
      inside = cx >= box.left && cx <= box.right && cy >= box.top && cy <= box.bottom;
    }
    found.push({
      what: el.outerHTML.slice(0, 90),
      width: Math.round(box.width * 10) / 10,
      height: Math.round(box.height * 10) / 10,
      inside: inside,
    });
  }
  return found;
}"""


def too_small(page: Page) -> list[str]:
    page.wait_for_load_state("load")  # the scripts have added their buttons and sliders
    targets: list[dict[str, Any]] = page.evaluate(TAP_TARGETS_JS)
    assert targets, f"no tap targets found on {page.url}"
    return [
        f"{t['width']}×{t['height']} {t['what']}"
        for t in targets
        if t["width"] < FINGER or t["height"] < FINGER or not t["inside"]
    ]


def assert_fingers_fit(page: Page, state: str) -> None:
    small = too_small(page)
    assert small == [], f"{state} ({page.url}) has tap targets under 44×44 px:\n" + "\n".join(small)
    assert horizontal_overflow(page) <= 0, f"{state} scrolls sideways at 360 px"


def assert_no_axe_violations(page: Page, state: str) -> None:
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    assert violations == [], f"{state} ({page.url}):\n" + "\n".join(violations)


def submit(page: Page, label: str = "Opslaan en verder") -> None:
    Pointer(page).submit(label)


# --- (a) tap targets -------------------------------------------------------------------------


def test_every_tap_target_in_the_teller_flow_is_at_least_44_pixels(narrow):
    page = narrow
    page.goto("/passend-onderwijs/")
    assert_fingers_fit(page, "home")
    page.get_by_text("Meer uitleg").tap()
    assert_fingers_fit(page, "home, explanation open")

    page.goto("/passend-onderwijs/ouder/")
    assert_fingers_fit(page, "intro")
    page.get_by_role("link", name="Begin", exact=True).tap()

    expect_page(page, 1)
    submit(page)  # no story yet: the error summary links to the field
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_fingers_fit(page, "story step with an error")
    page.locator("#id_text").fill(STORY)  # a draft, and its "Wis concept" button
    page.locator("#id_title").fill(TITLE)
    assert_fingers_fit(page, "story step")
    submit(page)

    last = last_page()
    for number in range(2, last + 1):
        expect_page(page, number)
        assert_fingers_fit(page, f"page {number}, nothing answered")
        if "goed_onderwijs" in questions_on(page):
            Pointer(page).slide("goed_onderwijs", 0.6)  # "Wis antwoord" appears
            expect(page.locator("#id_goed_onderwijs_0_state")).to_contain_text("Gekozen")
            assert_fingers_fit(page, f"page {number}, a slider answered")
        submit(page, "Versturen" if number == last else "Opslaan en verder")

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor het delen!")
    assert_fingers_fit(page, "thank-you page")


def test_the_triad_step_has_no_tap_target_under_44_pixels(narrow):
    page = narrow
    page.goto("/triade-test/leerling/stap/1/")
    page.locator("#id_text").fill(STORY)
    submit(page)
    expect(page.locator(".triad-svg")).to_be_visible()
    assert_fingers_fit(page, "triad step")


# --- (b) sliders that cannot lie --------------------------------------------------------------


def thumb_pixels(page: Page, line: Locator) -> int:
    """How many pixels of the slider, as the teller sees it, are drawn above or below its thin
    line: a thumb of any colour or shape does that, the line alone does not."""
    png = line.screenshot(animations="disabled")
    count: int = page.evaluate(
        """async ([png, band]) => {
            const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
            const image = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
            const canvas = new OffscreenCanvas(image.width, image.height);
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            const pixels = context.getImageData(0, 0, image.width, image.height).data;
            const middle = image.height / 2;
            let n = 0;
            for (let y = 0; y < image.height; y++) {
              if (Math.abs(y + 0.5 - middle) <= band) continue;
              for (let x = 0; x < image.width; x++) {
                const i = (y * image.width + x) * 4;
                if (765 - pixels[i] - pixels[i + 1] - pixels[i + 2] > 60) n++;
              }
            }
            return n;
        }""",
        [base64.b64encode(png).decode(), LINE_HALF_HEIGHT],
    )
    return count


def swipe(page: Page, target: Locator, *, up: bool = True, distance: int = 200) -> int:
    """A finger that lands on the slider and scrolls the page: a real touch gesture, mostly
    up (or down), drifting a little sideways as a thumb does. Returns how far the page
    scrolled, either way."""
    target.evaluate("el => el.scrollIntoView({block: 'center', behavior: 'instant'})")
    before: int = page.evaluate("scrollY")
    box = target.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    steps = 10
    for i in range(1, steps + 1):
        point = {"x": x - 2 * i, "y": y + (-distance if up else distance) * i / steps}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()
    page.wait_for_timeout(200)  # the scroll settles
    scrolled: int = page.evaluate("scrollY") - before
    return abs(scrolled)


def expect_unanswered(page: Page, key: str) -> None:
    line = page.locator(f"#id_{key}_0_range")
    expect(page.locator(f"#id_{key}_0")).to_have_value("")
    expect(line).to_have_class(re.compile(r"(^|\s)is-unset(\s|$)"))
    expect(line).to_have_attribute("aria-valuetext", "nog niet beantwoord")
    expect(page.locator(f"#id_{key}_0_state")).to_contain_text("Nog niet beantwoord")
    assert thumb_pixels(page, line) == 0, f"{key}: an unanswered slider shows a thumb"


def test_a_slider_answers_only_a_tap_never_a_scroll_that_starts_on_it(narrow):
    page, pointer = narrow, Pointer(narrow)
    page.goto("/passend-onderwijs/ouder/stap/1/")
    page.locator("#id_text").fill(STORY)
    submit(page)
    assert page_of("goed_onderwijs") == page_of("gevolgen"), "two sliders on one page"
    forward_to(page, "goed_onderwijs")

    # Untouched: no thumb anywhere, and every slider says it is not answered.
    for key in ("goed_onderwijs", "gevolgen"):
        expect_unanswered(page, key)

    # Scrolling with a finger that lands on a slider scrolls the page and answers nothing.
    line = page.locator("#id_goed_onderwijs_0_range")
    assert swipe(page, line) > 100, "the swipe did not scroll the page"
    expect_unanswered(page, "goed_onderwijs")

    # A tap answers it where it lands, and the thumb appears.
    gevolgen = pointer.slide("gevolgen", 0.3)
    assert abs(gevolgen - 30) <= 5
    expect(page.locator("#id_gevolgen_0_state")).to_contain_text(f"Gekozen: {gevolgen}")
    assert thumb_pixels(page, page.locator("#id_gevolgen_0_range")) > 100

    # Nor does a scroll that starts on an answered slider move it (back up: this slider is
    # low on a short page).
    assert swipe(page, page.locator("#id_gevolgen_0_range"), up=False) > 100
    expect(page.locator("#id_gevolgen_0")).to_have_value(str(gevolgen))

    assert_no_axe_violations(page, "the sliders' page after a swipe and a tap")
    submit(page)
    expect_page(page, page_of("gevolgen") + 1)

    answers = stored_answers(Story.objects.get())
    assert answers == {"gevolgen": gevolgen}  # the swiped slider is skipped


def test_a_mouse_dragged_up_and_down_a_slider_does_not_answer_it(open_page):
    page = open_page("desktop")
    page.goto("/passend-onderwijs/professional/stap/1/")
    page.locator("#id_text").fill(STORY)
    submit(page)
    forward_to(page, "gevolgen")
    line = page.locator("#id_gevolgen_0_range")
    line.scroll_into_view_if_needed()
    box = line.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] * 0.2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 15, y + 200, steps=10)
    page.mouse.up()
    expect_unanswered(page, "gevolgen")

    # A sideways drag does answer, where it is let go.
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + box["width"] * 0.5, y + 3, steps=10)
    page.mouse.up()
    value = int(page.locator("#id_gevolgen_0").input_value())
    assert abs(value - 70) <= 5
    assert thumb_pixels(page, line) > 100


def test_the_arrow_keys_still_answer_an_untouched_slider(narrow):
    page = narrow
    page.goto("/passend-onderwijs/leerling/stap/1/")
    page.locator("#id_text").fill(STORY)
    submit(page)
    forward_to(page, "gevolgen")
    line = page.locator("#id_gevolgen_0_range")
    line.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_gevolgen_0")).to_have_value("51")
    expect(page.locator("#id_gevolgen_0_state")).to_contain_text("Gekozen: 51")
    expect(line).not_to_have_attribute("aria-valuetext", "nog niet beantwoord")


# --- (c) the three tracks on the first screen -------------------------------------------------


def test_the_three_tracks_are_on_the_first_screen_of_a_small_phone(narrow):
    page = narrow
    page.goto("/passend-onderwijs/")
    cards = page.locator(".track-card")
    expect(cards).to_have_count(3)
    height = page.viewport_size["height"]  # type: ignore[index]
    for card in cards.all():
        box = card.bounding_box()
        assert box is not None
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (
            f"{card.inner_text()!r} is not fully on the first screen: {box}"
        )

    # The longer explanation is one tap away, also without scripts.
    more = page.locator("details.more-info")
    expect(more.locator(".welcome")).to_be_hidden()
    more.locator("summary").tap()
    expect(more.locator(".welcome")).to_contain_text("Welkom bij het vertelpunt")
    assert_no_axe_violations(page, "home, explanation open")


def test_the_explanation_opens_without_javascript(open_page):
    page = open_page("narrow", javascript=False)
    page.goto("/passend-onderwijs/")
    page.locator("details.more-info summary").click()
    expect(page.locator("details.more-info .welcome")).to_be_visible()


# --- (d) right-to-left stories ----------------------------------------------------------------


def test_a_story_in_arabic_runs_right_to_left(narrow):
    page = narrow
    page.goto("/passend-onderwijs/ouder/stap/1/")
    story, title = page.locator("#id_text"), page.locator("#id_title")
    expect(story).to_have_css("direction", "ltr")
    story.tap()
    page.keyboard.type("ابني حصل أخيرا على المساعدة التي يحتاجها في المدرسة.")
    title.tap()
    page.keyboard.type("أخيرا مساعدة")
    expect(story).to_have_css("direction", "rtl")
    expect(title).to_have_css("direction", "rtl")
    assert_no_axe_violations(page, "story step in Arabic")
