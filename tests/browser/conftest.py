"""Real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live
server (transactional database, so the server thread sees what the test loads and vice versa).
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    sync_playwright,
)

from tracks.models import Collection

CHROMIUM = Path(os.environ.get("VERTELPUNT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    # No phoning home: CI reaches no outside network, and the tests must not depend on one.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # No host name but localhost resolves at all.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
]
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
# And whatever is not loopback goes to a proxy on a port where nobody listens, so not even an
# address written as an IP number gets out.
DEAD_END_PROXY = {"server": "http://127.0.0.1:9", "bypass": ",".join(sorted(LOOPBACK))}

# Viewports: a common phone (most tellers come from social media), the narrowest phone we
# support, and a desktop.
FORM_FACTORS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "narrow": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}

OpenPage = Callable[..., Page]


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    return {
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
        "proxy": DEAD_END_PROXY,
    }


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """Playwright for this package only (pytest-playwright starts it per session).

    Its sync API keeps an asyncio event loop running in the main thread. Django's ORM refuses
    to run beside one unless told that this is deliberate, and tests after this package (the
    fault tests) call asyncio.run(), which refuses too: so the loop ends with the package."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            yield pw
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="package")
def browser(playwright: Playwright, browser_type_launch_args: dict[str, Any]) -> Iterator[Browser]:
    browser = playwright.chromium.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args(base_url: str) -> dict[str, Any]:
    return {"base_url": base_url}


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Every browser test talks to the live server; `page.goto("/pad/")` is relative to it."""
    return str(live_server.url)


@pytest.fixture(autouse=True)
def questionnaires(passend: Collection, triade: Collection) -> None:
    """Both collections exist for every browser test (the database is emptied after each)."""


@pytest.fixture
def open_page(new_context: Callable[..., BrowserContext]) -> Iterator[OpenPage]:
    """Opens a page in a fresh context (own cookies and storage) on one of FORM_FACTORS.

    Afterwards the test fails if a page asked for anything beyond loopback (a CDN, a font,
    a tracker), threw a script error, or broke the Content-Security-Policy."""
    problems: list[str] = []

    # Watched, not intercepted: routing every request would switch off the HTTP cache.
    def note_outside_request(request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOOPBACK:
            problems.append(f"asked for {request.url}")

    def note_csp_violation(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(message.text)

    def _open(form_factor: str = "phone", *, javascript: bool = True) -> Page:
        context = new_context(
            **FORM_FACTORS[form_factor], java_script_enabled=javascript, locale="nl-NL"
        )
        context.set_default_timeout(10_000)
        context.on("request", note_outside_request)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("console", note_csp_violation)
        return page

    yield _open
    assert not problems, "\n".join(problems)


@pytest.fixture
def phone(open_page: OpenPage) -> Page:
    return open_page("phone")


@pytest.fixture
def narrow(open_page: OpenPage) -> Page:
    return open_page("narrow")


@pytest.fixture
def desktop(open_page: OpenPage) -> Page:
    return open_page("desktop")


@pytest.fixture
def no_js(open_page: OpenPage) -> Page:
    return open_page("phone", javascript=False)
