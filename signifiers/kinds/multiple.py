"""Multiple choice with a maximum: one stored row per chosen option."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
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
    WideColumn,
    option_text,
    options_by_id,
    options_by_key,
    teller_na_label,
)
from signifiers.kinds.choice import choices

if TYPE_CHECKING:
    from signifiers.models import Signifier
    from signifiers.selectors import ShownSignifier


class MultipleChoiceField(forms.MultipleChoiceField):
    default_error_messages = {
        "too_many": _("Kies er ten hoogste %(max)s. Nu zijn het er %(count)s."),
        "na_alone": _("Kies ‘%(na)s’ alleen, of kies antwoorden zonder ‘%(na)s’."),
    }

    def __init__(self, *, max_choices: int, na_label: str, **kwargs: Any) -> None:
        self.max_choices, self.na_label = max_choices, na_label
        super().__init__(**kwargs)

    def clean(self, value: Any) -> AnswerValue | None:  # type: ignore[override]
        # Cleans to an AnswerValue rather than the list of option keys the parent returns.
        # A box ticked twice (a replayed or hand-made form) is one choice.
        keys = list(dict.fromkeys(super().clean(value) or ()))
        if not keys:
            return None
        if NA in keys:
            if len(keys) > 1:
                raise ValidationError(
                    self.error_messages["na_alone"], code="na_alone", params={"na": self.na_label}
                )
            return AnswerValue(na=True)
        if len(keys) > self.max_choices:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"max": self.max_choices, "count": len(keys)},
            )
        return AnswerValue(option_keys=tuple(keys))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, AnswerValue):
            return [NA] if value.na else list(value.option_keys)
        return value


class MultipleChoice(AnswerKind):
    key = "multiple"
    label = _("Meerdere keuzes")
    has_options = True
    takes_max_choices = True
    stores = Storage.OPTION
    wide_cells = Cells.FLAG
    analysis_coding = Coding.CHOICES

    def form_field(self, shown: ShownSignifier, **common: Any) -> forms.Field:
        maximum = shown.signifier.max_choices or 1
        # The questionnaire's own help usually says how many may be chosen; else we do.
        common["help_text"] = common.get("help_text") or str(
            _("Kies er ten hoogste %(max)s.") % {"max": maximum}
        )
        return MultipleChoiceField(
            choices=choices(shown),
            max_choices=maximum,
            na_label=teller_na_label(shown.role),
            widget=forms.CheckboxSelectMultiple,
            **common,
        )

    def to_rows(self, signifier: Signifier, value: AnswerValue) -> list[StoredAnswer]:
        options = options_by_key(signifier)
        keys = value.option_keys
        if not keys or any(k not in options for k in keys) or len(set(keys)) != len(keys):
            raise ValueError(f"{signifier.key} takes some of its own options")
        if len(keys) > (signifier.max_choices or 1):
            raise ValueError(f"too many options for {signifier.key}")
        return [StoredAnswer(option_id=options[k].pk) for k in keys]

    def from_rows(self, signifier: Signifier, rows: Sequence[AnswerRow]) -> AnswerValue:
        options = options_by_id(signifier)
        chosen = sorted((options[r.option_id] for r in rows if r.option_id), key=lambda o: o.order)
        return AnswerValue(option_keys=tuple(o.key for o in chosen))

    def display(
        self, signifier: Signifier, rows: Sequence[AnswerRow], *, left: str, right: str, role: str
    ) -> str:
        options = options_by_id(signifier)
        chosen = sorted((options[r.option_id] for r in rows if r.option_id), key=lambda o: o.order)
        return ", ".join(option_text(o, role) for o in chosen)

    def demo_answer(
        self, story: DemoStory, *, options: Sequence[DemoOption], max_choices: int, attribute: str
    ) -> list[StoredAnswer]:
        n = len(options)
        if not n:
            return []
        count = 1 + int(story.rng.random() * min(max_choices, n))
        return [StoredAnswer(option_id=o[0]) for o in story.rng.sample(options, count)]

    def wide_columns(self, option_keys: Sequence[str]) -> list[WideColumn]:
        # One 0/1 column per option, so a spreadsheet can count each choice.
        return [WideColumn(key, Cells.FLAG) for key in option_keys]

    def wide_option_cell(self, option_key: str, option_keys: Sequence[str]) -> tuple[int, Any]:
        return list(option_keys).index(option_key), 1

    def codebook_meaning(self, question_key: str, option_label: str) -> str:
        return (
            f"'{question_key}' (meerdere keuzes): optie '{option_label}' gekozen (1) of niet (0); "
            "leeg = vraag niet gesteld."
        )


KIND = MultipleChoice()
