"""Reads of the questionnaire editor: every questionnaire with its versions, a version's
questions grouped by step as the editor page lists them."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch

from signifiers.models import Option, Questionnaire, QuestionnaireVersion, Role, Signifier, Wording
from signifiers.selectors import Questions


def questionnaires_with_versions() -> list[Questionnaire]:
    """Every questionnaire with its versions, newest first (two queries)."""
    return list(
        Questionnaire.objects.prefetch_related(
            Prefetch("versions", queryset=QuestionnaireVersion.objects.order_by("-number"))
        )
    )


def draft_of(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return QuestionnaireVersion.objects.filter(
        questionnaire=questionnaire, status=QuestionnaireVersion.Status.DRAFT
    ).first()


@dataclass(frozen=True)
class EditorRow:
    """One signifier on the editor page: its wording in track order and where it stands."""

    signifier: Signifier
    wordings: list[Wording]
    options: list[Option]
    is_first: bool
    is_last: bool


def version_steps(questions: Questions) -> list[tuple[int, list[EditorRow]]]:
    """The version's signifiers grouped by step, each step in teller order."""
    role_order = {role: i for i, role in enumerate(Role.values)}
    by_step: dict[int, list[Signifier]] = {}
    for s in questions.signifiers:
        by_step.setdefault(s.step, []).append(s)
    result = []
    for step, signifiers in sorted(by_step.items()):
        rows = [
            EditorRow(
                signifier=s,
                wordings=sorted(s.wordings.all(), key=lambda w: role_order.get(w.role, 99)),
                options=list(s.options.all()),
                is_first=i == 0,
                is_last=i == len(signifiers) - 1,
            )
            for i, s in enumerate(signifiers)
        ]
        result.append((step, rows))
    return result


@dataclass(frozen=True)
class LanguageGap:
    """How much of a version a teller language still shows in Dutch."""

    code: str
    name: str
    wordings_missing: list[str]  # "key (track)" of each question wording without a prompt
    options_missing: int
    wordings: int
    options: int


def version_language_gaps(questions: Questions) -> list[LanguageGap]:
    """Per teller language other than Dutch: the wordings and options it has no text for."""
    wordings = [(s.key, w) for s in questions.signifiers for w in s.wordings.all()]
    options = [o for s in questions.signifiers for o in s.options.all()]
    return [
        LanguageGap(
            code=code,
            name=name,
            wordings_missing=[f"{key} ({w.role})" for key, w in wordings if not w.is_in(code)],
            options_missing=sum(
                1 for o in options if not o.translations.get(code, {}).get("label")
            ),
            wordings=len(wordings),
            options=len(options),
        )
        for code, name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]
