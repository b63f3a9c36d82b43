"""Staff pages of the questionnaire editor: versions, copy into a draft, edit, publish.

Every page needs EDIT_QUESTIONNAIRES. Edits of a published version are refused here (400
with a message) and by the services, and the database refuses them too (migration 0002).
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access.guards import staff_permission_required
from access.models import Perm
from questionnaires import selectors, services
from questionnaires.forms import (
    CopyForm,
    OptionAddForm,
    OptionLabelForm,
    OptionTextsForm,
    SignifierFlagsForm,
    TranslationForm,
    WordingForm,
)
from signifiers import services as signifier_services
from signifiers.checks import version_problems
from signifiers.kinds import kind
from signifiers.models import Option, QuestionnaireVersion, Role, Signifier
from signifiers.selectors import version_questions

edit_permission = staff_permission_required(Perm.EDIT_QUESTIONNAIRES)


@edit_permission
def index(request: HttpRequest) -> HttpResponse:
    context = {"questionnaires": selectors.questionnaires_with_versions()}
    return render(request, "questionnaires/index.html", context)


@edit_permission
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    v = _get_version(version_id)
    draft = None if not v.is_published else selectors.draft_of(v.questionnaire)
    questions = version_questions(v)
    context = {
        "version": v,
        "steps": selectors.version_steps(questions),
        "roles": Role.choices,
        "draft": draft,
        "copy_form": CopyForm(),
        "problems": [] if v.is_published else version_problems(v, questions),
        "language_gaps": selectors.version_language_gaps(questions),
    }
    return render(request, "questionnaires/version.html", context)


@require_POST
@edit_permission
def copy(request: HttpRequest, version_id: int) -> HttpResponse:
    source = _get_version(version_id)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors_text(form.errors))
        return redirect("questionnaires:version", version_id=source.pk)
    try:
        draft = signifier_services.questionnaire_version_copy(
            source=source, label=form.cleaned_data["label"]
        )
    except signifier_services.EditError as exc:
        messages.error(request, str(exc))
        return redirect("questionnaires:version", version_id=source.pk)
    messages.success(request, _("Conceptversie %(label)s gemaakt.") % {"label": draft.label})
    return redirect("questionnaires:version", version_id=draft.pk)


@require_POST
@edit_permission
def publish(request: HttpRequest, version_id: int) -> HttpResponse:
    v = _get_version(version_id)
    if v.is_published:
        return _refused(request, v)
    try:
        signifier_services.questionnaire_version_publish(version=v, check=True)
    except signifier_services.EditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Versie %(label)s is gepubliceerd: nieuwe verhalen gebruiken haar.")
            % {"label": v.label},
        )
    return redirect("questionnaires:version", version_id=v.pk)


@require_POST
@edit_permission
def discard(request: HttpRequest, version_id: int) -> HttpResponse:
    v = _get_version(version_id)
    if v.is_published:
        return _refused(request, v)
    signifier_services.questionnaire_version_discard(version=v)
    messages.success(request, _("Conceptversie %(label)s is verwijderd.") % {"label": v.label})
    return redirect("questionnaires:index")


@require_http_methods(["GET", "POST"])
@edit_permission
def signifier_edit(request: HttpRequest, version_id: int, signifier_id: int) -> HttpResponse:
    signifier = _get_signifier(version_id, signifier_id)
    v = signifier.version
    if v.is_published:
        return _refused(request, v)
    data = request.POST if request.method == "POST" else None
    flags = SignifierFlagsForm(data, signifier=signifier)
    wording_forms = [
        WordingForm(data, wording=w, kind=signifier.kind)
        for w in sorted(signifier.wordings.all(), key=lambda w: Role.values.index(w.role))
    ]
    texts = OptionTextsForm(data, signifier=signifier)
    forms_valid = [flags.is_valid(), texts.is_valid(), *(f.is_valid() for f in wording_forms)]
    if data is not None and all(forms_valid):
        try:
            services.signifier_update(
                signifier=signifier,
                required=flags.cleaned_data["required"],
                allow_na=flags.cleaned_data.get("allow_na", signifier.allow_na),
                max_choices=flags.cleaned_data.get("max_choices"),
                wordings={f.prefix or "": f.wording_values() for f in wording_forms},
                options=texts.option_values(),
            )
        except signifier_services.VersionPublished:
            return _refused(request, v)
        messages.success(request, _("Vraag ‘%(key)s’ is opgeslagen.") % {"key": signifier.key})
        return redirect("questionnaires:signifier", version_id=v.pk, signifier_id=signifier.pk)
    context = {
        "version": v,
        "signifier": signifier,
        "flags": flags,
        "wording_forms": wording_forms,
        "texts": texts,
        "options": [
            (
                option,
                OptionLabelForm(prefix=f"keuze-{option.pk}"),
                texts[name],
                [texts[n] for n in track_names],
            )
            for option, name, track_names in texts.rows
        ],
        "add_form": OptionAddForm(signifier=signifier) if _can_add_options(signifier) else None,
        "can_remove_options": not kind(signifier.kind).options_fixed,
        "languages": [(c, n) for c, n in settings.LANGUAGES if c != settings.LANGUAGE_CODE],
    }
    status = 400 if data is not None else 200
    return render(request, "questionnaires/signifier.html", context, status=status)


@require_http_methods(["GET", "POST"])
@edit_permission
def signifier_language(
    request: HttpRequest, version_id: int, signifier_id: int, language: str
) -> HttpResponse:
    """A question's wording in one teller language other than Dutch."""
    names = dict(settings.LANGUAGES)
    if language not in names or language == settings.LANGUAGE_CODE:
        raise Http404
    signifier = _get_signifier(version_id, signifier_id)
    v = signifier.version
    if v.is_published:
        return _refused(request, v)
    data = request.POST if request.method == "POST" else None
    form = TranslationForm(data, signifier=signifier, language=language)
    if data is not None and form.is_valid():
        try:
            services.signifier_translate(
                signifier=signifier,
                language=language,
                wordings=form.wording_values(),
                options=form.option_values(),
            )
        except signifier_services.VersionPublished:
            return _refused(request, v)
        messages.success(
            request,
            _("Vraag ‘%(key)s’ (%(language)s) is opgeslagen.")
            % {"key": signifier.key, "language": names[language]},
        )
        return redirect(
            "questionnaires:signifier_language",
            version_id=v.pk,
            signifier_id=signifier.pk,
            language=language,
        )
    context = {
        "version": v,
        "signifier": signifier,
        "form": form,
        "language": language,
        "language_name": names[language],
    }
    return render(
        request, "questionnaires/translation.html", context, status=400 if form.errors else 200
    )


@require_POST
@edit_permission
def signifier_move(request: HttpRequest, version_id: int, signifier_id: int) -> HttpResponse:
    signifier = _get_signifier(version_id, signifier_id)
    if signifier.version.is_published:
        return _refused(request, signifier.version)
    services.signifier_move(signifier=signifier, up=request.POST.get("richting") == "omhoog")
    return redirect(f"{_version_url(version_id)}#vraag-{signifier.pk}")


@require_POST
@edit_permission
def option_add(request: HttpRequest, version_id: int, signifier_id: int) -> HttpResponse:
    signifier = _get_signifier(version_id, signifier_id)
    if signifier.version.is_published:
        return _refused(request, signifier.version)
    form = OptionAddForm(request.POST, signifier=signifier)
    if form.is_valid():
        try:
            services.option_add(signifier=signifier, **form.cleaned_data)
        except signifier_services.EditError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Keuze ‘%(key)s’ is toegevoegd.") % {"key": form.cleaned_data["key"]}
            )
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
    return redirect("questionnaires:signifier", version_id=version_id, signifier_id=signifier.pk)


@require_POST
@edit_permission
def option_change(request: HttpRequest, version_id: int, option_id: int) -> HttpResponse:
    option = get_object_or_404(
        Option.objects.select_related("signifier__version"),
        pk=option_id,
        signifier__version_id=version_id,
    )
    signifier = option.signifier
    if signifier.version.is_published:
        return _refused(request, signifier.version)
    form = OptionLabelForm(request.POST, prefix=f"keuze-{option.pk}")
    if not form.is_valid():
        messages.error(request, _errors_text(form.errors))
    else:
        action = form.cleaned_data["actie"]
        try:
            if action == "verwijder":
                services.option_remove(option=option)
            else:
                services.option_move(option=option, up=action == "omhoog")
        except signifier_services.EditError as exc:
            messages.error(request, str(exc))
    return redirect("questionnaires:signifier", version_id=version_id, signifier_id=signifier.pk)


def _get_version(version_id: int) -> QuestionnaireVersion:
    return get_object_or_404(
        QuestionnaireVersion.objects.select_related("questionnaire"), pk=version_id
    )


def _get_signifier(version_id: int, signifier_id: int) -> Signifier:
    return get_object_or_404(
        Signifier.objects.select_related("version__questionnaire").prefetch_related(
            "wordings", "options"
        ),
        pk=signifier_id,
        version_id=version_id,
    )


def _errors_text(errors: dict[str, Any]) -> str:
    return " ".join(str(e) for field_errors in errors.values() for e in field_errors)


def _can_add_options(signifier: Signifier) -> bool:
    return signifier.has_options and not kind(signifier.kind).options_fixed


def _version_url(version_id: int) -> str:
    return reverse("questionnaires:version", kwargs={"version_id": version_id})


def _refused(request: HttpRequest, v: QuestionnaireVersion) -> HttpResponse:
    """A change to a published version: say why and where to go instead (400)."""
    context = {"version": v, "message": str(signifier_services.VersionPublished())}
    return render(request, "questionnaires/refused.html", context, status=400)
