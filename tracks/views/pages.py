"""Teller pages outside the flow: the entry, a track's introduction, withdrawal, privacy."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tracks import services
from tracks.address import NEUTRAL
from tracks.forms import ReceiptForm
from tracks.language import language_links
from tracks.models import Collection, Track
from tracks.selectors import story_answers_shown
from tracks.views.common import (
    closed,
    get_teller,
    remember_source,
    teller_context,
    visit_address,
)
from vertelpunt import ratelimit


def root(request: HttpRequest) -> HttpResponse:
    response = redirect("tracks:home", collection=settings.VERTELPUNT_DEFAULT_COLLECTION)
    if request.GET.get("bron"):
        response["Location"] += "?" + request.GET.urlencode()
    return response


def home(request: HttpRequest, collection: str) -> HttpResponse:
    coll = get_object_or_404(
        Collection.objects.prefetch_related(
            Prefetch("tracks", queryset=Track.objects.order_by("order"))
        ),
        slug=collection,
    )
    # The entry serves every track, so it addresses nobody in particular.
    language = translation.get_language()
    context = {
        "collection": coll.in_language(language),
        "tracks": [track.in_language(language) for track in coll.tracks.all()],
        "address": NEUTRAL,
        "languages": language_links(request),
    }
    response = render(request, "tracks/home.html", context)
    return remember_source(request, response, coll)


def track_intro(request: HttpRequest, collection: str, role: str) -> HttpResponse:
    track = get_teller(collection, role).track
    if not track.collection.is_open:
        return closed(request, track.collection)
    response = render(request, "tracks/intro.html", teller_context(track, step=0))
    return remember_source(request, response, track.collection)


# --- Withdrawal: a teller takes a story back with the receipt code ---------------------------

# Receipt look-ups per client per hour: plenty for a person, useless for guessing codes.
WITHDRAW_LIMIT = 10


# It shows the story and takes the receipt code: never kept by the browser.
@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, collection: str) -> HttpResponse:
    coll = get_object_or_404(Collection, slug=collection)
    address = visit_address(request, coll)
    context: dict[str, object] = {
        "collection": coll.in_language(translation.get_language()),
        "address": address,
    }
    if request.method != "POST":
        return render(
            request, "tracks/withdraw.html", context | {"form": ReceiptForm(address=address)}
        )
    if not ratelimit.allow(request, scope="withdraw", limit=WITHDRAW_LIMIT, window_seconds=3600):
        context["form"] = ReceiptForm(address=address)
        context["limited"] = True
        return render(request, "tracks/withdraw.html", context, status=429)
    form = ReceiptForm(request.POST, address=address)
    story = None
    if form.is_valid():
        story = services.story_find_by_receipt(collection=coll, code=form.cleaned_data["code"])
        if story is None:
            form.add_error("code", _("Deze code kennen we niet bij dit vertelpunt."))
    if story is None:
        return render(request, "tracks/withdraw.html", context | {"form": form}, status=400)
    if request.POST.get("confirm") == "1":
        services.story_withdraw(story=story)
        return render(request, "tracks/withdrawn.html", context)
    answers = story_answers_shown(story, for_teller=True)
    return render(
        request,
        "tracks/withdraw_confirm.html",
        context | {"story": story, "answers": answers, "code": form.cleaned_data["code"]},
    )


def privacy(request: HttpRequest, collection: str) -> HttpResponse:
    coll = get_object_or_404(Collection, slug=collection)
    context = {
        "collection": coll.in_language(translation.get_language()),
        "address": visit_address(request, coll),
        "incomplete_days": settings.VERTELPUNT_INCOMPLETE_RETENTION_DAYS,
    }
    return render(request, "tracks/privacy.html", context)
