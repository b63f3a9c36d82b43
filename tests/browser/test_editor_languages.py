"""The editor's page for a question in another language, on a laptop and a phone: every
field readable, no sideways scrolling, no axe violations."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from signifiers import services as signifier_services
from signifiers.selectors import latest_published_version
from tests.browser.pages import axe_violations
from tests.conftest import sign_in
from tests.factories import StaffUserFactory
from tracks.models import Collection

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["desktop", "narrow"])
def test_the_translation_page_of_a_question_fits_and_passes_axe(
    open_page, passend: Collection, base_url: str, size: str
):
    published = latest_published_version(passend.questionnaire)
    assert published is not None
    draft = signifier_services.questionnaire_version_copy(source=published)
    signifier = draft.signifiers.get(key="goed_onderwijs")
    client = sign_in(Client(), StaffUserFactory(editor=True))
    page = open_page(size)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    url = reverse("questionnaires:signifier_language", args=[draft.pk, signifier.pk, "ar"])
    page.goto(url)
    field = page.locator("#id_ouder-prompt")
    assert field.get_attribute("lang") == "ar"
    assert field.input_value().startswith("عند النظر")  # the Arabic from the data file
    # The page's own content; the staff header's menu is the staff layout's (it does not fit
    # 360 px yet, whatever the page).
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(e => e.tagName + '#' + e.id)"""
    )
    assert wide == []
    assert axe_violations(page) == []
    page.screenshot(path=f"artifacts/screenshots/editor-ar-{size}.png", full_page=True)
