"""Writes to questionnaires: create a version from a spec, copy it into a draft, edit the
draft, publish it. Every edit locks the version row first, so an edit and a publish of the
same version never interleave; the database triggers (migration 0002) are the last line."""

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
                track_labels=o.get("labels", {}),
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
    draft = _lock_draft(version.pk)
    draft.delete()


@transaction.atomic
def signifier_update(
    *,
    signifier: Signifier,
    required: bool,
    allow_na: bool,
    max_choices: int | None,
    wordings: dict[str, dict[str, str]],
) -> Signifier:
    """Change a draft signifier's flags and its wording per track (role → prompt, help, left,
    right). Keys and kinds stay: stories and exports refer to them."""
    _lock_draft(signifier.version_id)
    signifier.required, signifier.allow_na = required, allow_na
    fields = ["required", "allow_na"]
    if signifier.kind == Signifier.Kind.MULTIPLE and max_choices:
        signifier.max_choices = max_choices
        fields.append("max_choices")
    signifier.save(update_fields=fields)
    for wording in Wording.objects.filter(signifier=signifier, role__in=list(wordings)):
        new = wordings[wording.role]
        wording.prompt = new["prompt"]
        wording.help_text = new["help"]
        wording.left_label = new["left"]
        wording.right_label = new["right"]
        wording.save(update_fields=["prompt", "help_text", "left_label", "right_label"])
    return signifier


@transaction.atomic
def signifier_move(*, signifier: Signifier, up: bool) -> None:
    """Swap a signifier with its neighbour within the same step. Steps stay as they are: the
    step titles belong to the tracks, and step 3 ("about you") is reused for a next story."""
    _lock_draft(signifier.version_id)
    siblings = list(
        Signifier.objects.filter(version_id=signifier.version_id, step=signifier.step).order_by(
            "order", "pk"
        )
    )
    _swap_with_neighbour(siblings, signifier.pk, up)


@transaction.atomic
def option_add(
    *, signifier: Signifier, key: str, label: str, roles: list[str], group: str
) -> Option:
    _lock_draft(signifier.version_id)
    if not signifier.has_options or signifier.kind == Signifier.Kind.TRIAD:
        raise EditError(_("Bij deze vraag kunnen geen keuzes worden toegevoegd."))
    if Option.objects.filter(signifier=signifier, key=key).exists():
        raise EditError(_("Deze vraag heeft al een keuze met die sleutel."))
    last = Option.objects.filter(signifier=signifier).aggregate(n=Max("order"))["n"] or 0
    return Option.objects.create(
        signifier=signifier, key=key, label=label, order=last + 1, roles=roles, group=group
    )


@transaction.atomic
def option_relabel(*, option: Option, label: str) -> Option:
    _lock_draft(option.signifier.version_id)
    option.label = label
    option.save(update_fields=["label"])
    return option


@transaction.atomic
def option_move(*, option: Option, up: bool) -> None:
    signifier = option.signifier
    _lock_draft(signifier.version_id)
    siblings = list(Option.objects.filter(signifier=signifier).order_by("order", "pk"))
    _swap_with_neighbour(siblings, option.pk, up)


@transaction.atomic
def option_remove(*, option: Option) -> None:
    signifier = option.signifier
    _lock_draft(signifier.version_id)
    if signifier.kind == Signifier.Kind.TRIAD:
        raise EditError(_("Een driehoek heeft altijd precies drie hoeken."))
    if Option.objects.filter(signifier=signifier).count() <= 1:
        raise EditError(_("Een keuzevraag houdt minstens één keuze."))
    option.delete()


def _lock_draft(version_id: int) -> QuestionnaireVersion:
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version_id)
    if version.is_published:
        raise VersionPublished
    return version


def _swap_with_neighbour(items: list[Any], pk: int, up: bool) -> None:
    """Swap `order` of the item `pk` with the one before (up) or after it; at an end: no-op.
    Orders are renumbered 1..n first, so equal or gapped orders cannot make a swap a no-op."""
    index = next(i for i, item in enumerate(items) if item.pk == pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for order, item in enumerate(items, start=1):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])
