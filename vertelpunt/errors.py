"""Friendly error pages: in the teller's language for teller pages, in the staff layout (with
its menu, in Dutch) for staff pages under /staf/."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, gettext

# Seconds a client (or a load balancer) is asked to wait before trying again.
RETRY_AFTER = 5

# Self-contained on purpose: it is shown when PostgreSQL is unreachable, so it may not touch
# the database, the session or a template that could. Its words come from the compiled
# catalogs (files read once per process), in the language of the request.
UNAVAILABLE_HTML = """<!doctype html>
<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body>
<h1>{title}</h1>
<p>{saved}</p>
<p>{again}</p>
</body></html>
"""


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The database session backend reports a failed save as "session deleted" (a 400): when
    # that failure was a lost connection, it is the same temporary outage as below.
    if _database_lost(exception):
        return unavailable()
    return render(request, "400.html", status=400)


STAFF_PREFIX = "/staf/"


def _is_staff_page(request: HttpRequest) -> bool:
    return request.path.startswith(STAFF_PREFIX)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    template = "staff/error.html" if _is_staff_page(request) else "403.html"
    return render(request, template, {"status": 403}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    template = "staff/error.html" if _is_staff_page(request) else "404.html"
    return render(request, template, {"status": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # A lost database connection (PostgreSQL restarting, failing over) is temporary: answer
    # 503 "Even geduld" instead of 500. The step's transaction was rolled back, so nothing
    # of it was half saved; conn_health_checks replaces the connection on the next request.
    if _database_lost(sys.exc_info()[1]):
        return unavailable()
    # No context processors or database: this page must render when things are broken.
    from django.template import loader

    template = "staff/500.html" if _is_staff_page(request) else "500.html"
    return HttpResponse(loader.get_template(template).render(), status=500)


def _database_lost(exception: BaseException | None) -> bool:
    """True when the exception, or one it was raised from or during, is a lost connection."""
    seen = 0
    while exception is not None and seen < 10:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False


def unavailable() -> HttpResponse:
    response = HttpResponse(_unavailable_page(), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def _unavailable_page() -> str:
    return format_html(
        UNAVAILABLE_HTML,
        lang=get_language() or settings.LANGUAGE_CODE,
        direction="rtl" if get_language_bidi() else "ltr",
        title=gettext("Even geduld"),
        saved=gettext(
            "Het vertelpunt is heel even niet bereikbaar. Wat eerder is opgeslagen, blijft bewaard."
        ),
        # The translations are ours and hold the <em> around the button's name.
        again=mark_safe(  # noqa: S308
            gettext(
                "Ga over een paar seconden terug met de knop <em>Vorige</em> van de browser "
                "en verstuur het formulier opnieuw."
            )
        ),
    )
