"""Teller pages that every teller of a track sees alike, rendered once per process.

A step shown for the first time is the same page for every teller of that track: the
questionnaire version is published (immutable), and nothing of the teller's is on it. Its
rendering (crispy-forms goes through a few hundred template includes for a step of
fourteen questions: most of a step page's CPU time, `make bench-profile`) is kept per
process and reused. What differs per request goes in as the page is served: the CSRF token,
and step 1's submission token. A page that shows a notice, errors or the teller's own
answers is always rendered afresh: the views give no cache key then.

A page with the teller's own words (their story, answers, a notice quoting them, the
receipt code) is marked `private`: the browser must not keep it, or the next pupil at a
shared school computer could page back to it.
"""

import uuid
from collections.abc import Callable, Hashable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.translation import get_language

# Values no page ever holds otherwise; each stands in for one per-request value.
CSRF_PLACEHOLDER = "vertelpuntcsrfplaceholder"
TOKEN_PLACEHOLDER = uuid.UUID(int=0)  # step 1's submission token
RECEIPT_PLACEHOLDER = "vertelpuntreceiptplaceholder"
_PAGES: dict[tuple[Hashable, ...], str] = {}
_PAGES_MAX = 256


def teller_page(
    request: HttpRequest,
    template_name: str,
    page_context: Callable[[], dict[str, Any]],
    *,
    cache_key: tuple[Hashable, ...] | None,
    fills: dict[str, str] | None = None,
    private: bool = False,
) -> HttpResponse:
    """The page, from what this process kept when `cache_key` names everything it depends
    on besides the language. `page_context` is only called to render, and puts placeholders
    where this request's own values go: `fills` maps each placeholder to its value.
    `private`: the page shows the teller's own words (a notice may quote them too)."""
    noticed = bool(len(messages.get_messages(request)))
    if cache_key is None or noticed:
        html: str = render_to_string(template_name, page_context(), request)
    else:
        key = (template_name, *cache_key, get_language())
        cached = _PAGES.get(key)
        if cached is None:
            context = page_context() | {"csrf_token": CSRF_PLACEHOLDER}
            cached = render_to_string(template_name, context, request)
            if len(_PAGES) >= _PAGES_MAX:
                _PAGES.clear()
            _PAGES[key] = cached
        html = cached.replace(CSRF_PLACEHOLDER, get_token(request))
    for placeholder, value in (fills or {}).items():
        html = html.replace(placeholder, escape(value))
    response = HttpResponse(html)
    if private or noticed:
        add_never_cache_headers(response)
    return response


def private_page(
    request: HttpRequest, template_name: str, context: dict[str, Any], *, status: int
) -> HttpResponse:
    """A form shown back with what the teller typed: rendered afresh, never kept."""
    response = render(request, template_name, context, status=status)
    add_never_cache_headers(response)
    return response
