"""The teller flow: step 1 (the story), the question steps, the thank-you page.

Each view is access → flow decision → form → service → redirect; the rules live in
tracks.flow, the writes in tracks.services.
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tracks import abuse, flow, services
from tracks.address import Addressed
from tracks.forms import StepForm, StoryForm
from tracks.selectors import StoredAnswers, story_answers, story_in_progress, story_questions
from tracks.views.common import closed, get_teller, go, refuse, teller_context
from vertelpunt.pii import find_personal_data

ABUSE_MESSAGES = {
    abuse.Verdict.TOO_FAST: Addressed(
        je=gettext_lazy(
            "Dat ging snel! Lees je tekst nog even na. Druk dan nog een keer op de knop."
        ),
        u=gettext_lazy(
            "Dat ging snel! Leest u uw tekst nog even na? Druk dan nog een keer op de knop."
        ),
    ),
    abuse.Verdict.TOO_MANY: Addressed(
        je=gettext_lazy(
            "Er komen nu erg veel verhalen binnen vanaf dit netwerk. Je tekst staat hieronder "
            "nog. Probeer het over een tijdje opnieuw."
        ),
        u=gettext_lazy(
            "Er komen nu erg veel verhalen binnen vanaf dit netwerk. Uw tekst staat hieronder "
            "nog. Probeer het over een tijdje opnieuw."
        ),
    ),
}
TOKEN_TAKEN = Addressed(
    je=gettext_lazy(
        "Dit formulier hoorde bij een eerder bezoek. Je tekst staat hieronder nog: verstuur hem "
        "nog een keer."
    ),
    u=gettext_lazy(
        "Dit formulier hoorde bij een eerder bezoek. Uw tekst staat hieronder nog: verstuur hem "
        "nog een keer."
    ),
)
PERSONAL_DATA = Addressed(
    je=gettext_lazy(
        "Je tekst is bewaard. Er staat iets in dat lijkt op een naam of iets anders waaraan "
        "iemand te herkennen is: %(found)s. Noem liever geen namen. Je kunt het nog aanpassen "
        "met de knop Vorige."
    ),
    u=gettext_lazy(
        "Uw tekst is bewaard. Er staat iets in dat lijkt op een naam of iets anders waaraan "
        "iemand te herkennen is: %(found)s. Noem liever geen namen. U kunt het nog aanpassen "
        "met de knop Vorige."
    ),
)

# Every page of the flow may show the teller's own words, answers or receipt code, and
# pupils share school computers: the browser keeps none of them (never_cache: no-store).


@never_cache
@require_http_methods(["GET", "POST"])
def story_step(request: HttpRequest, collection: str, role: str) -> HttpResponse:
    """Step 1: the story and its title, stored the moment they are sent."""
    teller = get_teller(collection, role)
    track, state = teller.track, flow.load(request, teller.collection.pk)
    version_id = state.version_id if state.in_story(role) else None
    questions = story_questions(teller, version_id, step=1)
    if not teller.collection.is_open or questions is None:
        return closed(request, teller.collection)
    context = teller_context(track, step=1, last=questions.last_step, questions=questions.count)
    story = None
    if (story_id := state.telling(role)) is not None:
        story = story_in_progress(story_id=story_id, track=track, visit_id=state.visit_id)
        if story is None:  # complete or withdrawn meanwhile: a new story
            state = flow.story_gone(state)
    if request.method == "GET":
        initial: dict[str, object] = {"token": uuid.uuid4()}
        if story is None:
            state = flow.story_begun(state, role=role)
        else:
            initial = {"token": story.submission_token, "text": story.text, "title": story.title}
        form = StoryForm(initial=initial, track=track)
        response = render(request, "tracks/story.html", context | {"form": form})
        return flow.save(response, teller.collection.pk, state)

    form = StoryForm(request.POST, track=track)
    verdict = abuse.check_new_story(request, state) if story is None else abuse.Verdict.OK
    if verdict is abuse.Verdict.BOT:
        return refuse(request, track)
    if verdict is not abuse.Verdict.OK and form.is_valid():
        form.add_error(None, ABUSE_MESSAGES[verdict].to_role(role))
        state = flow.story_begun(state, role=role)  # a lost start time: the next send counts
    if not form.is_valid():
        status = 429 if verdict is abuse.Verdict.TOO_MANY else 400
        response = render(request, "tracks/story.html", context | {"form": form}, status=status)
        return flow.save(response, teller.collection.pk, state)
    data = form.cleaned_data
    visit = uuid.UUID(state.visit_id)
    try:
        if story is not None:
            saved = services.story_update_text(
                story_id=story.pk, visit_id=visit, text=data["text"], title=data["title"]
            )
        else:
            saved = services.story_start(
                track=track,
                questions=questions,
                text=data["text"],
                title=data["title"],
                submission_token=data["token"],
                source=state.source,
                visit_id=visit,
                started_at=state.started(),
                language=translation.get_language(),
            )
    except services.TokenTaken:
        # Sent again from another visit (a lost cookie, or someone else's page): the text
        # comes back with a token of this visit's own.
        fresh = StoryForm(request.POST.copy() | {"token": str(uuid.uuid4())}, track=track)
        fresh.is_valid()
        fresh.add_error(None, TOKEN_TAKEN.to_role(role))
        return render(request, "tracks/story.html", context | {"form": fresh}, status=400)
    except services.FlowError:
        return refuse(request, track)
    state = flow.story_saved(
        state, story_id=saved.pk, role=role, version_id=saved.questionnaire_version_id
    )
    _hint_personal_data(request, role, [data["title"], data["text"]])
    return flow.save(go(track, 2), teller.collection.pk, state)


@never_cache
@require_http_methods(["GET", "POST"])
def question_step(request: HttpRequest, collection: str, role: str, number: int) -> HttpResponse:
    """A step of questions about the story; "Vorige" saves it and goes back."""
    teller = get_teller(collection, role)
    track, state = teller.track, flow.load(request, teller.collection.pk)
    version_id = state.version_id if state.in_story(role) else None
    questions = story_questions(teller, version_id, step=number)
    if not teller.collection.is_open or questions is None:
        return closed(request, teller.collection)
    last = questions.last_step
    if not 2 <= number <= last:
        raise Http404
    shown = questions.shown(role, number, translation.get_language())
    context = teller_context(track, step=number, last=last)

    def page(
        form: StepForm, *, stored: StoredAnswers | None = None, status: int = 200, **extra: object
    ) -> HttpResponse:
        stored = stored or story_answers(story_id=state.telling(role))
        progress = teller_context(
            track, step=number, last=last, answered=stored.answered, questions=questions.count
        )
        about_teller = any(s.signifier.carry_over for s in shown)
        return render(
            request,
            "tracks/step.html",
            progress | {"form": form, "about_teller": about_teller} | extra,
            status=status,
        )

    if request.method == "GET":
        opened = flow.open_step(state, role=role, step=number, last=last)
        if isinstance(opened, flow.Move):
            return go(track, opened.to)
        stored = story_answers(story_id=opened.story_id)
        on_page = stored.step_values(questions, number)
        # A page not sent yet starts with what this visit said about the teller before.
        initial = on_page or flow.values_from_state(state.about_you)
        form = StepForm(initial=initial, shown=shown, basis=flow.answers_digest(on_page))
        return page(form, stored=stored)

    sent = flow.send_step(state, role=role, step=number, last=last, back="back" in request.POST)
    if isinstance(sent, flow.Move):
        return go(track, sent.to)
    if isinstance(sent, flow.Refuse):
        return refuse(request, track, sent.to)
    form = StepForm(request.POST, shown=shown)
    if not form.is_valid():
        return page(form, status=400)
    values = form.answer_values()
    try:
        saved = services.story_answer_step(
            story_id=sent.story_id,
            visit_id=uuid.UUID(state.visit_id),
            questions=questions,
            step=number,
            values=values,
            complete=sent.complete,
            basis=form.basis() or None,
        )
    except services.StoryClosed:
        # Complete already (a double click whose first answer the browser dropped, an old
        # tab): the story stands as it was first sent, and no second code is made.
        state = flow.story_gone(state)
        response = render(request, "tracks/thanks.html", context | {"already_sent": True})
        return flow.save(response, teller.collection.pk, state)
    except services.StepChangedElsewhere as error:
        # Two tabs on one page: the other one sent different answers meanwhile. Nothing is
        # overwritten unasked; sending this page again keeps the answers shown here.
        form.renew_basis(error.basis)
        return page(form, status=409, changed_elsewhere=True)
    except services.StepOutOfOrder as error:
        response = refuse(request, track, error.allowed)
        state = flow.step_order_lost(state, allowed=error.allowed)
        return flow.save(response, teller.collection.pk, state)
    _hint_personal_data(request, role, [v.text for v in values.values() if v and v.text])
    about_you = {s.key: values.get(s.key) for s in questions.of_step(number) if s.carry_over}
    state = flow.step_saved(state, reached=saved.story.step_reached, about_you=about_you)
    if saved.receipt is not None:
        state = flow.story_completed(state, receipt=saved.receipt)
    return flow.save(go(track, sent.then), teller.collection.pk, state)


@never_cache
def thanks(request: HttpRequest, collection: str, role: str) -> HttpResponse:
    teller = get_teller(collection, role)
    state = flow.load(request, teller.collection.pk)
    if not state.completed(role):
        return redirect("tracks:intro", collection=collection, role=role)
    context = teller_context(teller.track, step=0) | {"receipt": state.receipt}
    return render(request, "tracks/thanks.html", context)


@require_POST
def another(request: HttpRequest, collection: str, role: str) -> HttpResponse:
    """Start a next story in the same visit; the about-you answers are offered again."""
    teller = get_teller(collection, role)
    state = flow.load(request, teller.collection.pk)
    return flow.save(go(teller.track, 1), teller.collection.pk, flow.next_story(state))


def _hint_personal_data(request: HttpRequest, role: str, texts: list[str]) -> None:
    """Saved all the same, but the teller hears it on the next page: never a block."""
    found = sorted({span.text(t) for t in texts for span in find_personal_data(t)})
    if found:
        messages.info(
            request,
            PERSONAL_DATA.to_role(role) % {"found": ", ".join(f"“{f}”" for f in found[:5])},
        )
