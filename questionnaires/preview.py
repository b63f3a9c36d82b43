"""Preview a questionnaire version exactly as a teller of one track sees it.

The real teller templates (tracks/story.html, tracks/step.html) are rendered with the real
forms (StoryForm, StepForm → signifier_field), wrapped in a banner. Submitting validates like
the teller flow does and moves to the next step, but nothing is stored: the form posts back
to this view, never to the teller flow.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.guards import staff_permission_required
from access.models import Perm
from signifiers.models import QuestionnaireVersion, Role
from signifiers.selectors import version_questions
from tracks.forms import StepForm, StoryForm
from tracks.models import Collection, Track
from tracks.views import teller_context


@require_http_methods(["GET", "POST"])
@staff_permission_required(Perm.EDIT_QUESTIONNAIRES)
def preview(request: HttpRequest, version_id: int, role: str, number: int) -> HttpResponse:
    version = get_object_or_404(
        QuestionnaireVersion.objects.select_related("questionnaire"), pk=version_id
    )
    if role not in Role.values:
        raise Http404
    questions = version_questions(version)
    last = questions.last_step
    if not 1 <= number <= last:
        raise Http404
    # The teller language to show (?taal=); staff's own pages stay Dutch around it.
    language = request.GET.get("taal", settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    data = request.POST if request.method == "POST" else None
    with translation.override(language):
        track = preview_track(version, role).in_language(language)
        form: StoryForm | StepForm
        if number == 1:
            form = StoryForm(data, initial={"token": uuid.uuid4()}, track=track)
            template = "questionnaires/preview_story.html"
        else:
            form = StepForm(data, shown=questions.shown(role, number, language))
            template = "questionnaires/preview_step.html"
        if data is not None and form.is_valid():
            target = number - 1 if "back" in data else number + 1
            if target > last:
                messages.success(request, _("Einde van het voorbeeld: er is niets opgeslagen."))
                return redirect("questionnaires:version", version_id=version.pk)
            url = reverse(
                "questionnaires:preview",
                kwargs={"version_id": version.pk, "role": role, "number": max(target, 1)},
            )
            return redirect(url if language == settings.LANGUAGE_CODE else f"{url}?taal={language}")
        context = teller_context(track, step=number, last=last) | {
            "form": form,
            "story": None,
            "preview_version": version,
            "preview_roles": Role.choices,
            "preview_role": role,
            "preview_language": language,
            "preview_languages": settings.LANGUAGES,
        }
        return render(request, template, context, status=400 if form.errors else 200)


def preview_track(version: QuestionnaireVersion, role: str) -> Track:
    """The track of a collection that asks this questionnaire (its step titles and story
    prompts); an unsaved stand-in when no collection uses the questionnaire yet."""
    track = (
        Track.objects.select_related("collection")
        .filter(collection__questionnaire_id=version.questionnaire_id, role=role)
        .order_by("collection__slug")
        .first()
    )
    if track is not None:
        return track
    questionnaire = version.questionnaire
    collection = Collection(
        slug=questionnaire.slug, title=questionnaire.title, questionnaire=questionnaire
    )
    label = str(Role(role).label)
    return Track(
        collection=collection,
        role=role,
        title=label,
        story_prompt=_("Vertel over een ervaring."),
        title_prompt=_("Geef je ervaring een titel"),
        step_titles=[],
    )
