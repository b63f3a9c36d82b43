"""A triad on an Arabic page at 360 px: laid out right to left, answered by a tap, with no
sideways scrolling and no axe violations."""

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.pages import STORY, Pointer, axe_violations, horizontal_overflow, shoot
from tests.conftest import TRIAD_FILE
from tracks.loading import collection_load_file

pytestmark = pytest.mark.browser

ARABIC = """
language = "ar"

[tracks.leerling]
title = "أنا طالب أو طالبة"

[signifiers.balans.wording.leerling]
prompt = "عن ماذا كانت تجربتك في الأساس؟"
help = "ضع النقطة أقرب إلى ما كان أهم."

[signifiers.balans.options.hoofd]
label = "الرأس (التفكير)"
[signifiers.balans.options.hart]
label = "القلب (الشعور)"
[signifiers.balans.options.handen]
label = "اليدان (العمل)"
"""


@pytest.fixture
def arabic_triad(tmp_path: Path) -> str:
    """The triad test questionnaire as a collection of its own, with its triad in Arabic."""
    text = TRIAD_FILE.read_text()
    text = re.sub(r'slug = "triade-test"', 'slug = "triade-ar"', text)
    (tmp_path / "triade.toml").write_text(text)
    (tmp_path / "triade.ar.toml").write_text(ARABIC)
    collection_load_file(path=tmp_path / "triade.toml")
    shutil.rmtree(tmp_path, ignore_errors=True)
    return "/ar/triade-ar/leerling/stap/1/"


def test_an_arabic_triad_is_answered_by_a_tap_right_to_left(narrow, arabic_triad):
    page = narrow
    page.goto(arabic_triad)
    page.locator("#id_text").fill(STORY)
    pointer = Pointer(page)
    with page.expect_navigation():
        pointer.press(page.locator("form.teller-form button[type=submit]:not([name=back])"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    field = page.locator("#div_id_balans")
    expect(field).to_contain_text("عن ماذا كانت تجربتك في الأساس؟")
    expect(field).to_have_css("direction", "rtl")
    # Each corner's label lies inside the drawing, not cut off at its edge.
    svg = page.locator(".triad-svg").bounding_box()
    assert svg is not None
    for text in page.locator(".triad-svg text").all():
        box = text.bounding_box()
        assert box is not None
        assert svg["x"] <= box["x"] and box["x"] + box["width"] <= svg["x"] + svg["width"], (
            text.inner_html()
        )
    pointer.press(page.locator(".triad-svg"))
    shares = [int(page.locator(f"#id_balans_{i}").input_value()) for i in range(3)]
    assert sum(shares) == 100
    expect(page.locator("[data-triad-total]")).to_contain_text("الرأس (التفكير)")
    assert horizontal_overflow(page) <= 0
    assert axe_violations(page) == []
    shoot(page, "rtl-triad")
