"""Writes to questionnaires: create a version from a spec, publish it."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from signifiers.models import Option, Questionnaire, QuestionnaireVersion, Signifier, Wording


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
        )
        Wording.objects.bulk_create(
            Wording(
                signifier=signifier,
                role=role,
                prompt=w["prompt"],
                help_text=w["help"],
                left_label=w["left"],
                right_label=w["right"],
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
            )
            for i, o in enumerate(spec["options"], start=1)
        )
    return version


def questionnaire_version_publish(*, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """Publish a draft. From now on the version is immutable (enforced by the database)."""
    if version.is_published:
        return version
    version.status = QuestionnaireVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version
