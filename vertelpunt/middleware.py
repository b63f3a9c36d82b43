"""Request plumbing that protects tellers' privacy."""

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse


class DropUserAgentMiddleware:
    """Forget the browser's user agent before anything can record it (nothing here needs it,
    and django-axes would otherwise store it with failed staff logins)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_USER_AGENT", None)
        return self.get_response(request)


class AtomicWriteRequestMiddleware:
    """A POST's writes and its session commit together, or not at all.

    The teller's place in the flow lives in the (PostgreSQL) session, saved after the view
    returns. Without one transaction around both, PostgreSQL going away between the two
    would leave a step saved (a story complete) that the teller was told had failed. Placed
    before SessionMiddleware; an error response (a 503 "Even geduld", a 500) rolls back.
    """

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in self.SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response
