"""What every teller page needs: the track, the layout's context, the closed page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from signifiers.models import Role
from tracks import flow
from tracks.models import Collection, Track
from tracks.selectors import TellerTrack, source_channel_keys, teller_track

# Role.values builds a new list on every use; a URL's role is checked on every teller request.
ROLES = frozenset(Role.values)


def get_track(collection: str, role: str) -> TellerTrack:
    if role not in ROLES:
        raise Http404
    teller = teller_track(collection, role)
    if teller is None:
        raise Http404
    return teller


def remember_source(
    request: HttpRequest, response: HttpResponse, collection: Collection
) -> HttpResponse:
    """Keep the channel of `?bron=` for the story this visit will tell."""
    value = request.GET.get("bron")
    if not value:  # the usual case: no query for the channels
        return response
    source = flow.clean_source(value, source_channel_keys(collection))
    state = flow.load(request, collection)
    state.source = source
    return flow.save(response, collection, state)


def teller_context(track: Track, *, step: int, last: int = 0) -> dict[str, object]:
    """What every teller page needs; the questionnaire preview (signifiers.preview) too."""
    titles = track.step_titles or []
    return {
        "collection": track.collection,
        "track": track,
        "step_number": step,
        "step_count": last,
        "step_title": titles[step - 1] if 0 < step <= len(titles) else "",
        "is_last_step": step == last,
        # Pupils are addressed with "je", parents and professionals with "u" (DOMAIN.md).
        "formal": track.role != Role.LEERLING,
    }


def closed(request: HttpRequest, collection: Collection) -> HttpResponse:
    return render(request, "tracks/closed.html", {"collection": collection}, status=404)
