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
    steps = {s.step for s in version_signifiers(version)}
    return max(steps, default=1)


@dataclass(frozen=True)
class ShownSignifier:
    """A signifier as one track's teller sees it: its wording and its options for that role."""

    signifier: Signifier
    wording: Wording
    options: list[Option]

    @property
    def key(self) -> str:
        return self.signifier.key


# A published version never changes (database triggers refuse it), so its signifiers are
# loaded once per process instead of three queries and ~200 model instances on every teller
# request (bench/profile_flow.py showed this as the largest cost of a step). Keyed by
# published_at too, so a test database that reuses a primary key never sees another's rows.
_PUBLISHED_SIGNIFIERS: dict[tuple[int, str], list[Signifier]] = {}
_PUBLISHED_SIGNIFIERS_MAX = 64


def version_signifiers(version: QuestionnaireVersion) -> list[Signifier]:
    """All signifiers of a version with wordings and options, cached on the version object so
    that the steps of one request share one set of queries, and per process once published.
    Treat the result as read-only: it is shared between requests."""
    cached: list[Signifier] | None = getattr(version, "_signifiers_cache", None)
    if cached is None:
        key = _published_key(version)
        if key is not None:
            cached = _PUBLISHED_SIGNIFIERS.get(key)
        if cached is None:
            cached = list(
                Signifier.objects.filter(version=version)
                .order_by("step", "order")
                .prefetch_related(
                    Prefetch("wordings", queryset=Wording.objects.all()),
                    Prefetch("options", queryset=Option.objects.order_by("order")),
                )
            )
            if key is not None:
                if len(_PUBLISHED_SIGNIFIERS) >= _PUBLISHED_SIGNIFIERS_MAX:
                    _PUBLISHED_SIGNIFIERS.clear()
                _PUBLISHED_SIGNIFIERS[key] = cached
        version._signifiers_cache = cached  # type: ignore[attr-defined]
    return cached


def _published_key(version: QuestionnaireVersion) -> tuple[int, str] | None:
    if version.is_published and version.published_at is not None:
        return (version.pk, version.published_at.isoformat())
    return None


# What a track's teller sees of a published step, per process, as the signifiers above.
_PUBLISHED_SHOWN: dict[tuple[int, str, str, int], list[ShownSignifier]] = {}


def shown_signifiers(version: QuestionnaireVersion, role: str, step: int) -> list[ShownSignifier]:
    """The signifiers of one step as one track sees them. Read-only, as version_signifiers:
    for a published version the list is shared between requests."""
    key = _published_key(version)
    if key is not None and (cached := _PUBLISHED_SHOWN.get((*key, role, step))) is not None:
        return cached
    shown = []
    for signifier in version_signifiers(version):
        if signifier.step != step:
            continue
        wording = next(w for w in signifier.wordings.all() if w.role == role)
        options = [o for o in signifier.options.all() if o.is_shown_to(role)]
        shown.append(ShownSignifier(signifier=signifier, wording=wording, options=options))
    if key is not None:
        if len(_PUBLISHED_SHOWN) >= _PUBLISHED_SIGNIFIERS_MAX * 16:
            _PUBLISHED_SHOWN.clear()
        _PUBLISHED_SHOWN[(*key, role, step)] = shown
    return shown


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
                    {"key": o.key, "label": o.label, "roles": sorted(o.roles), "group": o.group}
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


def version_steps(version: QuestionnaireVersion) -> list[tuple[int, list[EditorRow]]]:
    """The version's signifiers grouped by step, each step in teller order."""
    role_order = {role: i for i, role in enumerate(Role.values)}
    by_step: dict[int, list[Signifier]] = {}
    for s in version_signifiers(version):
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
