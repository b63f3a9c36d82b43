"""Nothing typed is lost: while a teller writes, the story is kept as a draft in the tab's
sessionStorage until the server has it. Never in localStorage: pupils share school computers,
and a story must not outlive the tab."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.pages import STORY, draft_keys, expect_page, step_path
from tracks.models import Story

pytestmark = pytest.mark.browser

STEP_1 = step_path("passend-onderwijs", "leerling", 1)

# Reports every localStorage write, from every page the tab opens, to the test.
SPY_ON_LOCAL_STORAGE = """(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
        if (this === window.localStorage) window.reportLocalStorageWrite(key);
        return setItem.call(this, key, value);
    };
})();"""


@pytest.fixture
def tab(phone: Page) -> Iterator[Page]:
    """A phone tab that fails the test if anything is written to localStorage."""
    writes: list[str] = []
    phone.expose_binding("reportLocalStorageWrite", lambda _source, key: writes.append(key))
    phone.add_init_script(SPY_ON_LOCAL_STORAGE)
    yield phone
    assert writes == []
    if not phone.url.startswith("chrome-error:"):
        assert phone.evaluate("localStorage.length") == 0


def type_story(page: Page) -> None:
    page.goto(STEP_1)
    page.locator("#id_text").click()
    page.keyboard.type(STORY)


def test_a_story_typed_before_a_failed_submit_is_offered_back_after_a_reload(tab):
    page = tab
    type_story(page)

    def drop_the_post(route: Route) -> None:
        if route.request.method == "POST":
            route.abort("connectionreset")  # the train went into a tunnel
        else:
            route.fallback()

    page.route(f"**{STEP_1}", drop_the_post)
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_url("chrome-error://**")
    assert not Story.objects.exists()

    # The same tab opens the step again: the server knows nothing, the tab still does.
    page.goto(STEP_1)
    expect(page.locator("#id_text")).to_have_value(STORY)
    expect(page.locator(".draft-note")).to_have_text(
        "Je tekst die nog niet was verstuurd, is teruggezet."
    )
    page.reload()
    expect(page.locator("#id_text")).to_have_value(STORY)

    # Once the connection is back the same text is saved, and the draft is gone.
    page.unroute(f"**{STEP_1}")
    page.get_by_role("button", name="Opslaan en verder").click()
    expect_page(page, 2)
    assert Story.objects.get().text == STORY
    assert draft_keys(page) == []


def test_no_draft_is_left_in_session_storage_after_a_successful_submit(tab):
    page = tab
    type_story(page)
    assert draft_keys(page) == [f"vertelpunt:draft:{STEP_1}"]
    page.get_by_role("button", name="Opslaan en verder").click()
    expect_page(page, 2)
    assert draft_keys(page) == []

    # Back on step 1 the saved story comes from the server, not from a draft.
    page.goto(STEP_1)
    expect(page.locator("#id_text")).to_have_value(STORY)
    expect(page.get_by_role("button", name="Wis concept")).to_be_hidden()
    assert draft_keys(page) == []


def test_the_wis_concept_button_empties_the_field_and_forgets_the_draft(tab):
    page = tab
    type_story(page)
    clear = page.get_by_role("button", name="Wis concept")
    expect(clear).to_be_visible()
    clear.click()

    expect(page.locator("#id_text")).to_have_value("")
    expect(page.locator("#id_text")).to_be_focused()
    expect(clear).to_be_hidden()
    assert draft_keys(page) == []
    page.reload()
    expect(page.locator("#id_text")).to_have_value("")
