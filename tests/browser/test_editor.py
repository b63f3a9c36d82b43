"""The questionnaire editor in a real browser: one button saves every text on a question's
page, and leaving the page with unsaved changes asks first."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from signifiers import services as signifier_services
from signifiers.models import Option
from signifiers.selectors import latest_published_version
from tests.browser.pages import axe_violations
from tests.conftest import sign_in
from tests.factories import StaffUserFactory
from tracks.models import Collection

pytestmark = pytest.mark.browser


def editor_page(page: Page, base_url: str, passend: Collection) -> tuple[str, Option]:
    published = latest_published_version(passend.questionnaire)
    assert published is not None
    draft = signifier_services.questionnaire_version_copy(source=published)
    aspect = draft.signifiers.get(key="aspect")
    client = sign_in(Client(), StaffUserFactory(editor=True))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )
    option = aspect.options.order_by("order").first()
    assert option is not None
    return reverse("questionnaires:signifier", args=[draft.pk, aspect.pk]), option


@pytest.mark.parametrize("size", ["desktop", "narrow"])
def test_leaving_with_unsaved_changes_asks_and_the_one_button_saves_them(
    open_page, passend, base_url, size
):
    page = open_page(size)
    url, option = editor_page(page, base_url, passend)
    page.goto(url)
    assert axe_violations(page) == []
    page.locator(f"#id_keuze-{option.pk}-label").fill("regels, geld en organisatie")
    asked: list[str] = []

    def stay(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Vragenlijsten").first.click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert page.url.endswith(url), "the editor stayed on the page"
    page.remove_listener("dialog", stay)
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("is opgeslagen")
    option.refresh_from_db()
    assert option.label == "regels, geld en organisatie"
    page.screenshot(path=f"artifacts/screenshots/editor-signifier-{size}.png", full_page=True)
