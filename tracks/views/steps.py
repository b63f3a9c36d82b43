"""The teller flow: step 1 (the story), the question steps, the thank-you page.

Thin views around tracks.services; the teller's place is a signed cookie (tracks.flow), and
pages every teller of a track sees alike come from tracks.rendering.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from signifiers.models import QuestionnaireVersion
from signifiers.selectors import shown_signifiers, step_count
from tracks import abuse, flow, rendering, services
from tracks.forms import StepForm, StoryForm
from tracks.models import Story, Track
from tracks.selectors import story_in_progress, story_step_values, story_version
from tracks.views.common import closed, get_track, teller_context
from vertelpunt.pii import find_personal_data

ABUSE_MESSAGES = {
    abuse.Verdict.TOO_FAST: _lazy(
        "Dat ging snel! Kijk je tekst nog even na en druk dan nog een keer op de knop."
    ),
    abuse.Verdict.TOO_MANY: _lazy(
        "Er komen nu erg veel verhalen binnen vanaf dit netwerk. Je tekst staat hieronder nog; "
        "probeer het over een tijdje opnieuw."
    ),
}

# The "about you" step, whose answers a next story of the same visit starts with.
ABOUT_YOU_STEP = 3


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, collection: str, role: str, number: int) -> HttpResponse:
    teller = get_track(collection, role)
    track = teller.track
    if not track.collection.is_open:
        return closed(request, track.collection)
    state = flow.load(request, track.collection)
    version = None
    if state.in_story(role):
        version = story_version(teller, state.version_id)  # type: ignore[arg-type]
        if version is None:  # not a version of this collection: start afresh
            state = flow.FlowState(visit_id=state.visit_id, source=state.source)
    version = version or teller.version
    if version is None:
        raise Http404
    last = step_count(version)
    if number < 1 or number > last:
        raise Http404

    if number == 1:
        return _story_step(request, track, version, state, last)

    if not state.in_story(role):
        if request.method == "POST" and number == last:
            return _repeated_final_submit(request, track, state)
        return _out_of_order(request, track, 1)
    story_id: int = state.story_id  # type: ignore[assignment]
    if number > state.step_reached + 1:
        return _out_of_order(request, track, state.step_reached + 1)

    if request.method == "POST":
        shown = shown_signifiers(version, role, number)
        form = StepForm(request.POST, shown=shown, validate_only=True)
        if form.is_valid():
            values = form.answer_values()
            try:
                story, receipt = services.story_submit_step(
                    story_id=story_id, version=version, step=number, values=values
                )
            except services.StoryClosed:
                if number == last:
                    return _repeated_final_submit(request, track, state)
                state.story_id = None
                return flow.save(_out_of_order(request, track, 1), track.collection, state)
            except services.StepOutOfOrder as error:
                state.step_reached = error.allowed - 1
                response = _out_of_order(request, track, error.allowed)
                return flow.save(response, track.collection, state)
            _hint_personal_data(request, [v.text for v in values.values() if v and v.text])
            state.step_reached = story.step_reached
            if number == ABOUT_YOU_STEP:
                state.about_you = flow.values_to_state(values)
            if receipt is not None:
                _completed(state, story, receipt)
                response = redirect("tracks:thanks", collection=collection, role=role)
            else:
                target = number - 1 if "back" in request.POST else number + 1
                response = redirect("tracks:step", collection=collection, role=role, number=target)
            return flow.save(response, track.collection, state)
        context = teller_context(track, step=number, last=last) | {"form": form.for_display()}
        return rendering.private_page(request, "tracks/step.html", context, status=400)

    # A step's answers exist only once it was saved: going forward needs no query.
    initial = {}
    if number <= state.step_reached:
        initial = story_step_values(story_id=story_id, version=version, step=number)
    if not initial and number == ABOUT_YOU_STEP:
        initial = flow.values_from_state(state.about_you)
    cache_key = None
    if not initial and version.is_published:
        cache_key = _page_key(track, "step", number, version.pk, version.published_at)

    def page_context() -> dict[str, object]:
        form = StepForm(initial=initial, shown=shown_signifiers(version, role, number))
        return teller_context(track, step=number, last=last) | {"form": form}

    return rendering.teller_page(
        request, "tracks/step.html", page_context, cache_key=cache_key, private=bool(initial)
    )


def _story_step(
    request: HttpRequest,
    track: Track,
    version: QuestionnaireVersion,
    state: flow.FlowState,
    last: int,
) -> HttpResponse:
    verdict = abuse.Verdict.OK
    state_changed = False
    in_story = state.in_story(track.role)
    story: Story | None
    if request.method == "POST":
        form = StoryForm(request.POST, track=track)
        if not in_story:
            verdict = abuse.check_new_story(request, state)
        if verdict is abuse.Verdict.BOT:
            return _bad_request(request, track)
        if form.is_valid() and verdict is not abuse.Verdict.OK:
            form.add_error(None, ABUSE_MESSAGES[verdict])
            if state.started_at is None:  # a lost state: the next submit may go through
                state.started_at = timezone.now().isoformat()
                state_changed = True
        if form.is_valid():
            data = form.cleaned_data
            try:
                if in_story:
                    story = services.story_update_text(
                        story_id=state.story_id,  # type: ignore[arg-type]
                        text=data["text"],
                        title=data["title"],
                    )
                else:
                    story = services.story_start(
                        track=track,
                        version=version,
                        text=data["text"],
                        title=data["title"],
                        submission_token=data["token"],
                        source=state.source,
                        visit_id=uuid.UUID(state.visit_id),
                        started_at=state.started(),
                    )
            except services.FlowError:
                return _bad_request(request, track)
            state.story_id, state.role = story.pk, track.role
            state.version_id = story.questionnaire_version_id
            state.step_reached = story.step_reached
            _hint_personal_data(request, [data["title"], data["text"]])
            response: HttpResponse = redirect(
                "tracks:step", collection=track.collection.slug, role=track.role, number=2
            )
            return flow.save(response, track.collection, state)
        context = teller_context(track, step=1, last=last) | {"form": form}
        status = 429 if verdict is abuse.Verdict.TOO_MANY else 400
        response = rendering.private_page(request, "tracks/story.html", context, status=status)
        return flow.save(response, track.collection, state) if state_changed else response

    story = None
    if in_story:
        story = story_in_progress(story_id=state.story_id, track=track)  # type: ignore[arg-type]
    if story is None and state.started_at is None:
        state.started_at = timezone.now().isoformat()
        state.role = track.role
        state_changed = True
    fills = None
    cache_key = None
    if story is not None:
        initial = {"text": story.text, "title": story.title, "token": story.submission_token}
    else:
        initial = {"token": rendering.TOKEN_PLACEHOLDER}
        fills = {str(rendering.TOKEN_PLACEHOLDER): str(uuid.uuid4())}
        cache_key = _page_key(
            track,
            "story",
            track.story_prompt,
            track.story_help,
            track.title_prompt,
            settings.VERTELPUNT_STORY_MIN_LENGTH,
            settings.VERTELPUNT_STORY_MAX_LENGTH,
            settings.VERTELPUNT_TITLE_MAX_LENGTH,
        )

    def page_context() -> dict[str, object]:
        form = StoryForm(initial=initial, track=track)
        return teller_context(track, step=1, last=last) | {"form": form}

    response = rendering.teller_page(
        request,
        "tracks/story.html",
        page_context,
        cache_key=cache_key,
        fills=fills,
        private=story is not None,
    )
    return flow.save(response, track.collection, state) if state_changed else response


def _page_key(track: Track, *parts: object) -> tuple[object, ...]:
    """What a teller page kept per process depends on (tracks.rendering): the texts of its
    collection and track that the layout shows, and the page's own parts."""
    collection = track.collection
    titles = tuple(track.step_titles or ())
    return (collection.pk, collection.slug, collection.title, track.pk, track.title, titles, *parts)


def _completed(state: flow.FlowState, story: Story, receipt: str) -> None:
    state.story_id, state.started_at, state.version_id, state.step_reached = None, None, None, 0
    state.completed_story_id, state.receipt = story.pk, receipt


def _repeated_final_submit(
    request: HttpRequest, track: Track, state: flow.FlowState
) -> HttpResponse:
    """The last step posted again for a story that is complete already. Never a second
    story: the teller goes to the thank-you page. When this browser's state is from before
    the story was complete (a double click, or the first answer lost on a slow network), the
    code the first answer carried may never have arrived: a new one replaces it."""
    collection = track.collection
    if state.completed_story_id is not None:
        return redirect("tracks:thanks", collection=collection.slug, role=track.role)
    if state.in_story(track.role):
        reissued = services.story_reissue_receipt(story_id=state.story_id, track=track)  # type: ignore[arg-type]
        if reissued is not None:
            story, receipt = reissued
            _completed(state, story, receipt)
            response = redirect("tracks:thanks", collection=collection.slug, role=track.role)
            return flow.save(response, collection, state)
    return _out_of_order(request, track, 1)


def thanks(request: HttpRequest, collection: str, role: str) -> HttpResponse:
    track = get_track(collection, role).track
    state = flow.load(request, track.collection)
    if state.completed_story_id is None:
        return redirect("tracks:intro", collection=collection, role=role)
    # The receipt code is shown once: it is dropped from the state as it is rendered.
    receipt, state.receipt = state.receipt, None

    def page_context() -> dict[str, object]:
        shown = rendering.RECEIPT_PLACEHOLDER if receipt else None
        return teller_context(track, step=0) | {"receipt": shown}

    response = rendering.teller_page(
        request,
        "tracks/thanks.html",
        page_context,
        cache_key=_page_key(track, "thanks", receipt is not None),
        fills={rendering.RECEIPT_PLACEHOLDER: receipt} if receipt else None,
        private=receipt is not None,
    )
    return flow.save(response, track.collection, state) if receipt else response


@require_POST
def another(request: HttpRequest, collection: str, role: str) -> HttpResponse:
    """Start a next story in the same visit; the about-you answers are offered again."""
    track = get_track(collection, role).track
    state = flow.load(request, track.collection)
    state.story_id, state.started_at, state.receipt = None, None, None
    state.completed_story_id, state.version_id, state.step_reached = None, None, 0
    response = redirect("tracks:step", collection=collection, role=role, number=1)
    return flow.save(response, track.collection, state)


def _hint_personal_data(request: HttpRequest, texts: list[str]) -> None:
    """Saved all the same, but the teller hears it on the next page: never a block."""
    found = sorted({span.text(t) for t in texts for span in find_personal_data(t)})
    if found:
        messages.info(
            request,
            _(
                "Je tekst is bewaard. Er staat iets in dat lijkt op een naam of een gegeven "
                "waaraan iemand te herkennen is: %(found)s. Noem liever geen namen; je kunt "
                "het aanpassen met de knop Vorige."
            )
            % {"found": ", ".join(f"“{f}”" for f in found[:5])},
        )


def _out_of_order(request: HttpRequest, track: Track, allowed: int) -> HttpResponse:
    url = reverse(
        "tracks:step",
        kwargs={"collection": track.collection.slug, "role": track.role, "number": allowed},
    )
    return _bad_request(request, track, continue_url=url)


def _bad_request(
    request: HttpRequest, track: Track, continue_url: str | None = None
) -> HttpResponse:
    context = {
        "collection": track.collection,
        "track": track,
        "message": _("Deze stap kan nu niet. Misschien is de pagina verlopen of dubbel verstuurd."),
        "continue_url": continue_url
        or reverse(
            "tracks:intro", kwargs={"collection": track.collection.slug, "role": track.role}
        ),
    }
    return render(request, "tracks/problem.html", context, status=400)
