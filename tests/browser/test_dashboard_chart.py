"""The coordinator's weekly chart in a browser: every axis number and week label inside the
drawing, at laptop and phone width."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.browser.pages import axe_violations
from tests.conftest import sign_in
from tests.dashboards.test_dashboard import tell_secret
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["desktop", "narrow"])
def test_the_weekly_chart_shows_its_numbers_inside_the_drawing(open_page, passend, base_url, size):
    now = timezone.now()
    for weeks_ago, n in [(3, 12), (2, 27), (1, 18), (0, 6)]:
        for _ in range(n):
            tell_secret(
                passend, "ouder", region="kennemerland", started=now - timedelta(weeks=weeks_ago)
            )
    client = sign_in(Client(), StaffUserFactory(coordinator=True, regions=["kennemerland"]))
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
    page.goto(reverse("dashboards:dashboard"))
    chart = page.locator(".dashboard-chart svg")
    box = chart.bounding_box()
    assert box is not None
    labels = chart.locator(".axis-label").all()
    assert len(labels) >= 6 + 4
    for label in labels:
        b = label.bounding_box()
        assert (
            b is not None
            and b["x"] >= box["x"] - 1
            and b["x"] + b["width"] <= box["x"] + box["width"] + 1
        )
    assert chart.locator(".bar-partial").count() == 1
    assert axe_violations(page) == []
    page.screenshot(path=f"artifacts/screenshots/dashboard-{size}.png", full_page=True)
