"""Staff views for the moderation queue, search and actions on one story."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import staff_permission_required
from access.models import Perm
from moderation import selectors, services
from moderation.forms import (
    BulkModerateForm,
    ModerateForm,
    NoteForm,
    RedactForm,
    TranslationForm,
)
from tracks.filters import StoryFilter, StoryFilterForm
from tracks.models import Story
from tracks.selectors import ShownAnswer, story_answers_shown

PAGE_SIZE = 50


@staff_permission_required(Perm.READ_STORIES)
def queue(request: HttpRequest) -> HttpResponse:
    filter_form = StoryFilterForm(request.GET or None)
    valid = filter_form.is_bound and filter_form.is_valid()
    flt = filter_form.to_filter() if valid else StoryFilter()
    stories = selectors.queue(flt)
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "filter_form": filter_form,
        "page": page,
        "query": query.urlencode(),
        "can_moderate": request.user.has_perm(Perm.MODERATE),
        "bulk_form": BulkModerateForm(story_ids=[]),
        "searching": bool(flt.q),
    }
    return render(request, "moderation/queue.html", context)


@staff_permission_required(Perm.READ_STORIES)
def detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = (
        Story.objects.select_related("collection", "track", "questionnaire_version")
        .filter(pk=story_id)
        .first()
    )
    if story is None:
        # A link to a story the teller withdrew (from a note, a perspective) says so.
        withdrawn_at = selectors.story_withdrawn_at(story_id)
        if withdrawn_at is None:
            raise Http404
        context = {"story_id": story_id, "withdrawn_at": withdrawn_at}
        return render(request, "moderation/withdrawn.html", context, status=410)
    return render(request, "moderation/detail.html", _detail_context(request, story))


def _detail_context(request: HttpRequest, story: Story, **forms: object) -> dict[str, object]:
    answers = story_answers_shown(story)
    return {
        "story": story,
        "language_name": dict(settings.LANGUAGES).get(story.language, story.language),
        "answers": answers,
        "audit": selectors.story_audit(story),
        "personal_data": selectors.story_personal_data(story, answers),
        "can_moderate": request.user.has_perm(Perm.MODERATE),
        "moderate_form": ModerateForm(),
        "redact_form": forms.get("redact_form")
        or RedactForm(field_choices=_redact_choices(story, answers)),
        "note_form": forms.get("note_form") or NoteForm(),
        "translation_form": forms.get("translation_form")
        or TranslationForm(
            initial={"title": story.translation_nl_title, "text": story.translation_nl_text}
        ),
    }


def _redact_choices(story: Story, answers: list[ShownAnswer]) -> list[tuple[str, str]]:
    choices = [("text", _("Verhaal")), ("title", _("Titel"))]
    if story.translation_nl_text:
        choices.append(("translation_nl_text", _("Vertaling")))
    if story.translation_nl_title:
        choices.append(("translation_nl_title", _("Titel van de vertaling")))
    for shown in answers:
        for answer in shown.answers:
            if answer.text is not None:
                choices.append((f"answer:{answer.pk}", shown.signifier.key))
    return choices


@require_POST
@staff_permission_required(Perm.MODERATE)
def moderate(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(Story, pk=story_id)
    form = ModerateForm(request.POST)
    if form.is_valid():
        services.stories_moderate(
            story_ids=[story.pk], actor=cast(User, request.user), action=form.cleaned_data["action"]
        )
        messages.success(request, _("De status is aangepast."))
    return redirect("moderation:detail", story_id=story.pk)


@require_POST
@staff_permission_required(Perm.MODERATE)
def bulk(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("stories") if v.isdigit()]
    form = BulkModerateForm(request.POST, story_ids=ids)
    if form.is_valid() and ids:
        count = services.stories_moderate(
            story_ids=form.cleaned_data["stories"],
            actor=cast(User, request.user),
            action=form.cleaned_data["action"],
        )
        messages.success(request, _("%(count)s verhalen aangepast.") % {"count": count})
    else:
        messages.error(request, _("Kies een actie en minstens één verhaal."))
    queue_url = reverse("moderation:queue")
    back = request.POST.get("terug", "")
    return redirect(f"{queue_url}?{back}" if back else queue_url)


@require_POST
@staff_permission_required(Perm.MODERATE)
def redact(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(
        Story.objects.select_related("collection", "track", "questionnaire_version"), pk=story_id
    )
    choices = _redact_choices(story, story_answers_shown(story))
    form = RedactForm(request.POST, field_choices=choices)
    if form.is_valid():
        try:
            count = services.story_redact(
                story=story,
                actor=cast(User, request.user),
                field=form.cleaned_data["field"],
                fragment=form.cleaned_data["fragment"],
            )
        except services.RedactionError:
            form.add_error("fragment", _("Deze tekst staat er niet (precies zo) in."))
        else:
            messages.success(
                request, _("%(count)s× vervangen door [verwijderd].") % {"count": count}
            )
            return redirect("moderation:detail", story_id=story.pk)
    context = _detail_context(request, story, redact_form=form)
    return render(request, "moderation/detail.html", context, status=400)


@require_POST
@staff_permission_required(Perm.MODERATE)
def note(request: HttpRequest, story_id: int) -> HttpResponse:
    story = get_object_or_404(
        Story.objects.select_related("collection", "track", "questionnaire_version"), pk=story_id
    )
    form = NoteForm(request.POST)
    if form.is_valid():
        services.story_add_note(
            story=story, actor=cast(User, request.user), note=form.cleaned_data["note"]
        )
        return redirect("moderation:detail", story_id=story.pk)
    context = _detail_context(request, story, note_form=form)
    return render(request, "moderation/detail.html", context, status=400)


@require_POST
@staff_permission_required(Perm.MODERATE)
def translate(request: HttpRequest, story_id: int) -> HttpResponse:
    """Save, change or (both fields empty) remove the Dutch working translation."""
    story = get_object_or_404(
        Story.objects.select_related("collection", "track", "questionnaire_version"), pk=story_id
    )
    if not story.takes_translation:
        raise Http404
    form = TranslationForm(request.POST)
    if form.is_valid():
        entry = services.story_set_translation(
            story=story,
            actor=cast(User, request.user),
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
        )
        if entry is not None:
            messages.success(request, entry.get_action_display())
        return redirect("moderation:detail", story_id=story.pk)
    context = _detail_context(request, story, translation_form=form)
    return render(request, "moderation/detail.html", context, status=400)
