"""The language a teller reads: the page's URL says it, and the browser's picks the first.

Dutch teller pages have no prefix (/passend-onderwijs/…); the other languages have theirs
(/tr/passend-onderwijs/…), so a link always opens the language it was shared in, and every
redirect of the flow stays in it (Django's LocaleMiddleware takes the language from the
path; `reverse` keeps the prefix). Only on the first teller page of a visit, reached by an
address without a prefix, does the browser's Accept-Language choose: when it prefers one of
the other languages, the teller is sent to that language's address. After that the address
decides alone, so choosing "Nederlands" on the home page sticks.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Set on every teller page: the visit has seen one, so Accept-Language no longer chooses.
# It holds only a language code, and ends with the browser.
VISITED_COOKIE = "vertelpunt_taal"


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language: العربية, Türkçe, …
    url: str
    current: bool
    bidi: bool


def language_links(request: HttpRequest) -> list[LanguageLink]:
    """The current teller page in each language, for the language choice."""
    current = translation.get_language()
    path = request.get_full_path()
    return [
        LanguageLink(
            code=code,
            name=name,
            url=translate_url(path, code),
            current=code == current,
            bidi=translation.get_language_info(code)["bidi"],
        )
        for code, name in settings.LANGUAGES
    ]


def first_page_language(request: HttpRequest) -> str | None:
    """The language to send a first visit to, when its browser prefers one other than the
    address's (Dutch, without a prefix). None: show the page as it is."""
    if request.method != "GET" or VISITED_COOKIE in request.COOKIES:
        return None
    if translation.get_language_from_path(request.path_info) is not None:
        return None  # the address names its language
    preferred = translation.get_language_from_request(request, check_path=False)
    return preferred if preferred != settings.LANGUAGE_CODE else None


class TellerLanguageMiddleware:
    """Applies the rule above to the teller pages (the `tracks` URL namespace) only: staff
    pages are Dutch and carry no language cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_teller_page(request) and response.status_code < 400:
            # What Dutch visitors without the cookie see depends on their browser's language.
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
            if request.COOKIES.get(VISITED_COOKIE) != translation.get_language():
                response.set_cookie(
                    VISITED_COOKIE,
                    translation.get_language(),
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        return response

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        if not _is_teller_page(request):
            return None
        language = first_page_language(request)
        if language is None:
            return None
        response = HttpResponseRedirect(translate_url(request.get_full_path(), language))
        patch_vary_headers(response, ["Accept-Language"])
        return response


def _is_teller_page(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "tracks"
