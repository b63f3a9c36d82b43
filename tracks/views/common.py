"""What every teller page needs: the track, the layout's context, the flow's responses."""

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from signifiers.models import Role
from tracks import flow
from tracks.address import FORMAL, address_of
from tracks.models import Collection, Track
from tracks.selectors import Teller, source_channel_keys, teller_track


def get_teller(collection: str, role: str) -> Teller:
    if role not in Role.values:
        raise Http404
    teller = teller_track(collection, role)
    if teller is None:
        raise Http404
    # The page's language (tracks.language): the track's texts in it, where it has them.
    return replace(teller, track=teller.track.in_language(translation.get_language()))


def remember_source(
    request: HttpRequest, response: HttpResponse, collection: Collection
) -> HttpResponse:
    """Keep the channel of `?bron=` for the story this visit will tell."""
    value = request.GET.get("bron")
    if not value:  # the usual case: no query for the channels
        return response
    state = flow.with_source(
        flow.load(request, collection.pk), value, source_channel_keys(collection)
    )
    return flow.save(response, collection.pk, state)


def teller_context(
    track: Track, *, step: int, last: int = 0, answered: int = 0, questions: int = 0
) -> dict[str, object]:
    """What every teller page needs; the questionnaire preview too. `answered` of
    `questions` counts the questions answered so far, for the progress line."""
    return {
        "collection": track.collection.in_language(translation.get_language()),
        "track": track,
        "step_number": step,
        "step_count": last,
        "steps_done": max(step - 1, 0),
        "pages_left": max(last - step, 0),
        "answered": answered,
        "question_count": questions,
        "step_title": step_title(track, step),
        "is_last_step": step == last,
        # Pupils are addressed with "je", parents and professionals with "u" (DOMAIN.md).
        "address": address_of(track.role),
        "formal": address_of(track.role) == FORMAL,
    }


def step_title(track: Track, step: int) -> str:
    """The track's title for page `step`. A questionnaire version with more pages than the
    track has titles (staff added a page) shows the last title it has, never none."""
    titles = track.step_titles or []
    if step <= 0 or not titles:
        return ""
    return titles[min(step, len(titles)) - 1]


def visit_address(request: HttpRequest, collection: Collection) -> str:
    """The form of address of a page outside a track (privacy, withdrawal): the track of the
    story this visit is telling or told, if any; else neutral."""
    return address_of(flow.load(request, collection.pk).role)


def go(track: Track, to: int) -> HttpResponse:
    """A redirect to step `to`, or to the thank-you page for flow.THANKS."""
    if to == flow.THANKS:
        return redirect("tracks:thanks", collection=track.collection.slug, role=track.role)
    return redirect("tracks:step", collection=track.collection.slug, role=track.role, number=to)


def refuse(request: HttpRequest, track: Track, to: int | None = None) -> HttpResponse:
    """A friendly 400 for what cannot be sent now (an old page, a replayed form); it links to
    where the teller can go on, or to the track's start."""
    if to is None:
        url = reverse(
            "tracks:intro", kwargs={"collection": track.collection.slug, "role": track.role}
        )
    else:
        url = go(track, to)["Location"]
    context = teller_context(track, step=0) | {
        "message": _("Deze stap kan nu niet. Misschien is de pagina verlopen of dubbel verstuurd."),
        "continue_url": url,
    }
    return render(request, "tracks/problem.html", context, status=400)


def closed(request: HttpRequest, collection: Collection) -> HttpResponse:
    context = {"collection": collection.in_language(translation.get_language())}
    return render(request, "tracks/closed.html", context, status=404)
