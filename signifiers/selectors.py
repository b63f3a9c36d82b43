"""Reads of questionnaires and their signifiers."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from signifiers.models import (
    Option,
    Questionnaire,
    QuestionnaireVersion,
    Role,
    Signifier,
    Wording,
)


def latest_published_version(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return (
        QuestionnaireVersion.objects.filter(
            questionnaire=questionnaire, status=QuestionnaireVersion.Status.PUBLISHED
        )
        .order_by("-number")
        .first()
    )


def step_count(version: QuestionnaireVersion) -> int:
    """Steps in the teller flow: step 1 (the story) plus the signifier steps."""
    return version_questions(version).last_step


@dataclass(frozen=True)
class ShownSignifier:
    """A signifier as one track's teller sees it: its wording and its options for that role."""

    signifier: Signifier
    wording: Wording
    options: list[Option]

    @property
    def key(self) -> str:
        return self.signifier.key

    @property
    def role(self) -> str:
        return self.wording.role

    def option_label(self, option: Option) -> str:
        """The option as this track's teller reads it."""
        return option.label_for(self.wording.role)


def version_signifiers(version: QuestionnaireVersion) -> list[Signifier]:
    """All signifiers of a version in teller order, with wordings and options (three
    queries)."""
    return list(
        Signifier.objects.filter(version=version)
        .order_by("step", "order")
        .prefetch_related(
            Prefetch("wordings", queryset=Wording.objects.all()),
            Prefetch("options", queryset=Option.objects.order_by("order")),
        )
    )


@dataclass(frozen=True)
class Questions:
    """A version's questions, loaded once for a request and asked from there."""

    version: QuestionnaireVersion
    signifiers: list[Signifier]

    @property
    def last_step(self) -> int:
        return max((s.step for s in self.signifiers), default=1)

    def of_step(self, step: int) -> list[Signifier]:
        return [s for s in self.signifiers if s.step == step]

    def shown(self, role: str, step: int) -> list[ShownSignifier]:
        """The questions of one step as one track sees them."""
        return [
            ShownSignifier(
                signifier=s,
                wording=next(w for w in s.wordings.all() if w.role == role),
                options=[o for o in s.options.all() if o.is_shown_to(role)],
            )
            for s in self.of_step(step)
        ]


def version_questions(version: QuestionnaireVersion) -> Questions:
    return Questions(version, version_signifiers(version))


def version_spec(version: QuestionnaireVersion) -> list[dict[str, Any]]:
    """The stored version in the canonical form of `signifiers.spec` (its "signifiers" list)."""
    result = []
    for s in version_signifiers(version):
        result.append(
            {
                "key": s.key,
                "kind": s.kind,
                "step": s.step,
                "required": s.required,
                "allow_na": s.allow_na,
                "max_choices": s.max_choices,
                "max_length": s.max_length,
                "story_attribute": s.story_attribute,
                "wording": {
                    w.role: {
                        "prompt": w.prompt,
                        "help": w.help_text,
                        "left": w.left_label,
                        "right": w.right_label,
                    }
                    for w in sorted(s.wordings.all(), key=lambda w: w.role)
                },
                "options": [
                    {
                        "key": o.key,
                        "label": o.label,
                        "roles": sorted(o.roles),
                        "group": o.group,
                        "labels": dict(sorted(o.track_labels.items())),
                    }
                    for o in s.options.all()
                ],
            }
        )
    return result


# --- The questionnaire editor -------------------------------------------------------------


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
