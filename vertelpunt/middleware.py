"""Request plumbing that protects tellers' privacy and sets the security headers."""

from collections.abc import Callable

from csp.constants import HEADER
from csp.utils import build_policy
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# Where vertelpunt/urls.py mounts the staff pages and Django's admin.
STAFF_PREFIXES = ("/staf/", "/beheer/")


class DropUserAgentMiddleware:
    """Forget the browser's user agent before anything can record it (nothing here needs it,
    and django-axes would otherwise store it with failed staff logins)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_USER_AGENT", None)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy of settings.CONTENT_SECURITY_POLICY on every response.

    django-csp's own middleware builds the header anew for every response, to allow nonces
    and per-view changes; we use neither (no inline scripts anywhere), so the header is
    built once per process with django-csp's builder. That was about 5% of a teller step's
    CPU (make bench-profile).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = build_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and HEADER not in response:
            response[HEADER] = self.policy
        return response


class NoStoreStaffPagesMiddleware:
    """Cache-Control: no-store on every staff response. Staff pages show stories, answers
    and who may see them, and a browser must not keep them for the next user of the
    computer; the teller flow's pages say so themselves (tracks.views.steps)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(STAFF_PREFIXES):
            add_never_cache_headers(response)
        return response
