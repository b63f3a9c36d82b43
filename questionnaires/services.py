"""Edits of a draft questionnaire version from the staff editor: a question's flags and
wording per track, the order of questions and options, the options themselves. Each edit locks
the draft through signifiers.services.draft_lock, so an edit and a publish never interleave."""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from signifiers.kinds import kind
from signifiers.models import Option, Signifier, Wording
from signifiers.services import EditError, draft_lock


@transaction.atomic
def signifier_update(
    *,
    signifier: Signifier,
    required: bool,
    allow_na: bool,
    max_choices: int | None,
    wordings: dict[str, dict[str, str]],
    options: dict[int, dict[str, Any]] | None = None,
) -> Signifier:
    """Change a draft signifier's flags, its wording per track (role → prompt, help, left,
    right) and its options' texts (option id → {"label", "labels": {role: label}}). Keys and
    kinds stay: stories and exports refer to them."""
    draft_lock(signifier.version_id)
    signifier.required, signifier.allow_na = required, allow_na
    fields = ["required", "allow_na"]
    if kind(signifier.kind).takes_max_choices and max_choices:
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
    for option in Option.objects.filter(signifier=signifier, pk__in=list(options or {})):
        texts = (options or {})[option.pk]
        option.label, option.track_labels = texts["label"], texts["labels"]
        option.save(update_fields=["label", "track_labels"])
    return signifier


@transaction.atomic
def signifier_move(*, signifier: Signifier, up: bool) -> None:
    """Swap a signifier with its neighbour within the same page. Pages stay as they are: their
    titles belong to the tracks."""
    draft_lock(signifier.version_id)
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
    draft_lock(signifier.version_id)
    if not signifier.has_options or kind(signifier.kind).options_fixed:
        raise EditError(_("Bij deze vraag kunnen geen keuzes worden toegevoegd."))
    if Option.objects.filter(signifier=signifier, key=key).exists():
        raise EditError(_("Deze vraag heeft al een keuze met die sleutel."))
    last = Option.objects.filter(signifier=signifier).aggregate(n=Max("order"))["n"] or 0
    return Option.objects.create(
        signifier=signifier, key=key, label=label, order=last + 1, roles=roles, group=group
    )


@transaction.atomic
@transaction.atomic
def option_move(*, option: Option, up: bool) -> None:
    signifier = option.signifier
    draft_lock(signifier.version_id)
    siblings = list(Option.objects.filter(signifier=signifier).order_by("order", "pk"))
    _swap_with_neighbour(siblings, option.pk, up)


@transaction.atomic
def option_remove(*, option: Option) -> None:
    signifier = option.signifier
    draft_lock(signifier.version_id)
    fixed = kind(signifier.kind)
    if fixed.options_fixed:
        raise EditError(
            _("Deze vraag heeft altijd precies %(count)s keuzes.") % {"count": fixed.option_count}
        )
    if Option.objects.filter(signifier=signifier).count() <= 1:
        raise EditError(_("Een keuzevraag houdt minstens één keuze."))
    option.delete()


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


@transaction.atomic
def signifier_translate(
    *,
    signifier: Signifier,
    language: str,
    wordings: dict[str, dict[str, str]],
    options: dict[str, str],
) -> Signifier:
    """Set a draft signifier's wording in teller language `language`: role → {"prompt",
    "help", "left", "right"} and option key → label. An empty text removes that translation,
    so tellers of the language read the Dutch again. A track's own option labels in that
    language (from the data file) are kept."""
    draft_lock(signifier.version_id)
    for wording in Wording.objects.filter(signifier=signifier, role__in=list(wordings)):
        texts = {name: text for name, text in wordings[wording.role].items() if text}
        wording.translations = _with(wording.translations, language, texts)
        wording.save(update_fields=["translations"])
    for option in Option.objects.filter(signifier=signifier, key__in=list(options)):
        kept = {k: v for k, v in option.translations.get(language, {}).items() if k != "label"}
        texts = kept | ({"label": options[option.key]} if options[option.key] else {})
        option.translations = _with(option.translations, language, texts)
        option.save(update_fields=["translations"])
    return signifier


def _with(translations: dict[str, Any], language: str, texts: dict[str, Any]) -> dict[str, Any]:
    rest = {code: t for code, t in translations.items() if code != language}
    return rest | ({language: texts} if texts else {})
