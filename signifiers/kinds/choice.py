"""Single choice: one option, as radio buttons, or as a select for long lists (options with
a group become <optgroup>s)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from signifiers.answers import NA, AnswerValue
from signifiers.kinds.base import (
    AnswerKind,
    AnswerRow,
    Cells,
    Coding,
    DemoOption,
    DemoStory,
    Storage,
    StoredAnswer,
    option_text,
    options_by_id,
    options_by_key,
    teller_na_label,
)

if TYPE_CHECKING:
    from signifiers.models import Signifier
    from signifiers.selectors import ShownSignifier


class SingleChoiceField(forms.ChoiceField):
    def clean(self, value: Any) -> AnswerValue | None:  # type: ignore[override]
        # Cleans to an AnswerValue rather than the option key the parent returns.
        key = super().clean(value)
        if not key:
            return None
        return AnswerValue(na=True) if key == NA else AnswerValue(option_keys=(key,))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, AnswerValue):
            return NA if value.na else (value.option_keys[0] if value.option_keys else "")
        return value


class SingleChoice(AnswerKind):
    key = "single"
    label = _("Eén keuze")
    has_options = True
    stores = Storage.OPTION
    wide_cells = Cells.OPTION_KEY
    analysis_coding = Coding.CHOICE

    def form_field(self, shown: ShownSignifier, **common: Any) -> forms.Field:
        return SingleChoiceField(choices=choices(shown), widget=forms.RadioSelect, **common)

    def to_rows(self, signifier: Signifier, value: AnswerValue) -> list[StoredAnswer]:
        options = options_by_key(signifier)
        if len(value.option_keys) != 1 or value.option_keys[0] not in options:
            raise ValueError(f"{signifier.key} takes one of its options")
        return [StoredAnswer(option_id=options[value.option_keys[0]].pk)]

    def from_rows(self, signifier: Signifier, rows: Sequence[AnswerRow]) -> AnswerValue:
        options = options_by_id(signifier)
        return AnswerValue(option_keys=tuple(options[r.option_id].key for r in rows if r.option_id))

    def display(
        self, signifier: Signifier, rows: Sequence[AnswerRow], *, left: str, right: str, role: str
    ) -> str:
        options = options_by_id(signifier)
        return ", ".join(
            option_text(options[r.option_id], role) for r in rows if r.option_id in options
        )

    def demo_answer(
        self, story: DemoStory, *, options: Sequence[DemoOption], max_choices: int, attribute: str
    ) -> list[StoredAnswer]:
        n = len(options)
        if not n:
            return []
        # Ordered scales (gevoel, deze_manier) run from positive to negative: follow the
        # story's valence so the data holds patterns worth finding.
        i = int((1 - story.valence) * n + story.rng.gauss(0, 1.0))
        return [StoredAnswer(option_id=options[min(n - 1, max(0, i))][0])]

    def codebook_meaning(self, question_key: str, option_label: str) -> str:
        return (
            f"'{question_key}' (één keuze): sleutel van de gekozen optie; leeg = niet beantwoord."
        )


class Select(SingleChoice):
    key = "select"
    label = _("Keuzelijst")

    def form_field(self, shown: ShownSignifier, **common: Any) -> forms.Field:
        return SingleChoiceField(choices=grouped_choices(shown), **common)

    def demo_answer(
        self, story: DemoStory, *, options: Sequence[DemoOption], max_choices: int, attribute: str
    ) -> list[StoredAnswer]:
        from signifiers.models import Signifier

        n = len(options)
        if not n:
            return []
        region = story.region
        if attribute == Signifier.StoryAttribute.REGION and region is not None:
            picked = region
        elif region is not None and region[2]:
            # A province list agrees with the region: the option labelled as its group.
            same = [o for o in options if o[3] == region[2]]
            picked = same[0] if same else options[int(story.rng.random() * n)]
        else:
            picked = options[int(story.rng.random() * n)]
        return [StoredAnswer(option_id=picked[0])]


def choices(shown: ShownSignifier) -> list[tuple[str, str]]:
    """The options this track sees in its own words, and "does not apply" where the question
    allows it."""
    result = [(o.key, shown.option_label(o)) for o in shown.options]
    if shown.signifier.allow_na:
        result.append((NA, teller_na_label(shown.role)))
    return result


def grouped_choices(shown: ShownSignifier) -> list[Any]:
    """Select options, grouped in <optgroup>s when options carry a group (e.g. province);
    on the role question the group is the role type, which is not shown."""
    from signifiers.models import Signifier

    result: list[Any] = [("", str(_("— maak een keuze —")))]
    grouped: dict[str, list[tuple[str, str]]] = {}
    for o in shown.options:
        label = shown.option_label(o)
        if shown.signifier.story_attribute == Signifier.StoryAttribute.ROLE_TYPE or not o.group:
            result.append((o.key, label))
        else:
            grouped.setdefault(o.group, []).append((o.key, label))
    result[1:1] = [(group, items) for group, items in grouped.items()]
    if shown.signifier.allow_na:
        result.append((NA, teller_na_label(shown.role)))
    return result


SINGLE = SingleChoice()
SELECT = Select()
