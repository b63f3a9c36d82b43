"""Writes to questionnaires: create a version from a spec, copy it into a draft, publish or
discard it. Every edit of a draft locks the version row first (draft_lock), so an edit and a
publish of the same version never interleave; the database triggers (migration 0002) are the
last line."""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from signifiers.checks import version_problems
from signifiers.models import Option, Questionnaire, QuestionnaireVersion, Signifier, Wording
from signifiers.selectors import version_spec


class EditError(Exception):
    """An edit that does not fit the version's state; the message is shown to staff."""


class VersionPublished(EditError):
    """A published version is immutable."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Deze versie is gepubliceerd en kan niet meer veranderen. "
                "Maak een nieuwe conceptversie."
            )
        )


@transaction.atomic
def questionnaire_version_create(
    *, questionnaire: Questionnaire, number: int, label: str, signifiers: list[dict[str, Any]]
) -> QuestionnaireVersion:
    """Create a draft version holding the given signifiers (in `signifiers.spec` form)."""
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire, number=number, label=label
    )
    for order, spec in enumerate(signifiers, start=1):
        signifier = Signifier.objects.create(
            version=version,
            key=spec["key"],
            kind=spec["kind"],
            step=spec["step"],
            order=order,
            required=spec["required"],
            allow_na=spec["allow_na"],
            max_choices=spec["max_choices"],
            max_length=spec["max_length"],
            story_attribute=spec["story_attribute"],
            carry_over=spec["carry_over"],
        )
        Wording.objects.bulk_create(
            Wording(
                signifier=signifier,
                role=role,
                prompt=w["prompt"],
                help_text=w["help"],
                left_label=w["left"],
                right_label=w["right"],
                translations=w.get("translations", {}),
            )
            for role, w in spec["wording"].items()
        )
        Option.objects.bulk_create(
            Option(
                signifier=signifier,
                key=o["key"],
                label=o["label"],
                order=i,
                roles=o["roles"],
                group=o["group"],
                track_labels=o.get("labels", {}),
                translations=o.get("translations", {}),
            )
            for i, o in enumerate(spec["options"], start=1)
        )
    return version


@transaction.atomic
def questionnaire_version_publish(
    *, version: QuestionnaireVersion, check: bool = False
) -> QuestionnaireVersion:
    """Publish a draft. From now on the version is immutable (enforced by the database) and
    new stories use it; stories already started keep the version they answered.

    `check` (the editor) refuses a draft with problems or one that would not become the
    latest version; the loader has checked its file already."""
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        return version
    if check:
        problems = version_problems(version)
        if problems:
            raise EditError(" ".join(problems))
        newer = QuestionnaireVersion.objects.filter(
            questionnaire_id=version.questionnaire_id,
            status=QuestionnaireVersion.Status.PUBLISHED,
            number__gt=version.number,
        )
        if newer.exists():
            raise EditError(_("Er is al een nieuwere gepubliceerde versie."))
    version.status = QuestionnaireVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version


@transaction.atomic
def questionnaire_version_copy(
    *, source: QuestionnaireVersion, label: str = ""
) -> QuestionnaireVersion:
    """Copy a published version into a new draft with the next number. One draft at a time:
    two drafts could be published out of order, and the teller flow takes the highest number."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=source.questionnaire_id)
    if not source.is_published:
        raise EditError(_("Alleen een gepubliceerde versie kan worden gekopieerd."))
    versions = QuestionnaireVersion.objects.filter(questionnaire=questionnaire)
    if versions.filter(status=QuestionnaireVersion.Status.DRAFT).exists():
        raise EditError(_("Er is al een conceptversie. Bewerk die, of verwijder hem eerst."))
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return questionnaire_version_create(
        questionnaire=questionnaire,
        number=number,
        label=label or f"{number}.0",
        signifiers=version_spec(source),
    )


@transaction.atomic
def questionnaire_version_discard(*, version: QuestionnaireVersion) -> None:
    """Delete a draft. No story can point at a draft (stories take a published version)."""
    draft = draft_lock(version.pk)
    draft.delete()


def draft_lock(version_id: int) -> QuestionnaireVersion:
    """Lock a draft version for an edit; a published one is refused (VersionPublished)."""
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version_id)
    if version.is_published:
        raise VersionPublished
    return version
