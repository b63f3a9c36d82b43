"""Reads of questionnaires and their signifiers."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch

from signifiers.models import (
    Option,
    Questionnaire,
    QuestionnaireVersion,
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
    """A signifier as one track's teller sees it in one language: its wording and its
    options for that role, in that language where it has been translated, else in Dutch."""

    signifier: Signifier
    wording: Wording
    options: list[Option]
    language: str = "nl"

    @property
    def key(self) -> str:
        return self.signifier.key

    @property
    def role(self) -> str:
        return self.wording.role

    @property
    def prompt(self) -> str:
        return self.wording.text("prompt", self.language)

    @property
    def help_text(self) -> str:
        return self.wording.text("help", self.language)

    @property
    def left(self) -> str:
        return self.wording.text("left", self.language)

    @property
    def right(self) -> str:
        return self.wording.text("right", self.language)

    @property
    def in_dutch(self) -> bool:
        """Shown in Dutch on a page in another language: no translation yet."""
        return not self.wording.is_in(self.language)

    def option_label(self, option: Option) -> str:
        """The option as this track's teller reads it."""
        return option.label_for(self.wording.role, self.language)


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
    """A version's questions, loaded once for a request and asked from there: all of them
    (`version_questions`), or one page's for one track (`page_questions`). `last_step` and
    `count` always describe the whole version."""

    version: QuestionnaireVersion
    signifiers: list[Signifier]
    last_step: int
    count: int

    def of_step(self, step: int) -> list[Signifier]:
        return [s for s in self.signifiers if s.step == step]

    def shown(self, role: str, step: int, language: str = "nl") -> list[ShownSignifier]:
        """The questions of one step as one track sees them in `language`."""
        return [
            ShownSignifier(
                signifier=s,
                wording=next(w for w in s.wordings.all() if w.role == role),
                options=[o for o in s.options.all() if o.is_shown_to(role)],
                language=language,
            )
            for s in self.of_step(step)
        ]


def version_questions(version: QuestionnaireVersion) -> Questions:
    signifiers = version_signifiers(version)
    last = max((s.step for s in signifiers), default=1)
    return Questions(version, signifiers, last_step=last, count=len(signifiers))


def page_questions(version: QuestionnaireVersion, *, role: str, step: int) -> Questions:
    """What a teller page needs: the questions of page `step` with one track's wording and
    their options, and the size of the whole version (four small queries). A teller request
    reads only its own page, not the whole questionnaire with every track's wording."""
    size = Signifier.objects.filter(version=version).aggregate(last=Max("step"), count=Count("id"))
    signifiers = list(
        Signifier.objects.filter(version=version, step=step)
        .order_by("order")
        .prefetch_related(
            Prefetch("wordings", queryset=Wording.objects.filter(role=role)),
            Prefetch("options", queryset=Option.objects.order_by("order")),
        )
    )
    return Questions(version, signifiers, last_step=size["last"] or 1, count=size["count"])


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
                "carry_over": s.carry_over,
                "wording": {
                    w.role: {
                        "prompt": w.prompt,
                        "help": w.help_text,
                        "left": w.left_label,
                        "right": w.right_label,
                        "translations": w.translations,
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
                        "translations": o.translations,
                    }
                    for o in s.options.all()
                ],
            }
        )
    return result
