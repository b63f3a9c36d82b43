"""Request plumbing that protects tellers' privacy."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class DropUserAgentMiddleware:
    """Forget the browser's user agent before anything can record it (nothing here needs it,
    and django-axes would otherwise store it with failed staff logins)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_USER_AGENT", None)
        return self.get_response(request)
