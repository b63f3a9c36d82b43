"""A slider (dyad): a position between two labelled poles, stored as 0-100."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from signifiers.answers import AnswerValue
from signifiers.kinds.base import (
    AnswerKind,
    AnswerRow,
    Cells,
    Coding,
    DemoOption,
    DemoStory,
    Storage,
    StoredAnswer,
    teller_na_label,
)
from signifiers.kinds.widgets import reset_subwidget_classes

if TYPE_CHECKING:
    from signifiers.models import Signifier
    from signifiers.selectors import ShownSignifier


class SliderWidget(forms.MultiWidget):
    """A 0–100 number box plus a "does not apply" tick box; the script turns it into a
    slider."""

    template_name = "signifiers/widgets/slider.html"
    use_fieldset = True

    def __init__(self, *, left: str, right: str, allow_na: bool, na_label: str) -> None:
        self.left, self.right, self.allow_na, self.na_label = left, right, allow_na, na_label
        number = forms.NumberInput(
            attrs={
                "min": 0,
                "max": 100,
                "step": 1,
                "inputmode": "numeric",
                "class": "form-control slider-number",
            }
        )
        widgets: list[forms.Widget] = [number]
        if allow_na:
            widgets.append(forms.CheckboxInput(attrs={"class": "form-check-input"}))
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, AnswerValue):
            return [value.slider, value.na]
        return [None, False]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        reset_subwidget_classes(context["widget"]["subwidgets"])
        context["widget"].update(left=self.left, right=self.right, na_label=self.na_label)
        return context


class SliderField(forms.MultiValueField):
    default_error_messages = {
        "range": _("Kies een getal van 0 tot en met 100."),
        "both": _("Kies een getal óf ‘%(na)s’, niet allebei."),
        "required": _("Deze vraag is verplicht: kies een waarde op de schaal."),
    }

    def __init__(
        self, *, left: str, right: str, allow_na: bool, na_label: str, **kwargs: Any
    ) -> None:
        self.allow_na, self.na_label = allow_na, na_label
        range_errors = {
            "invalid": self.default_error_messages["range"],
            "min_value": self.default_error_messages["range"],
            "max_value": self.default_error_messages["range"],
        }
        fields: list[forms.Field] = [
            forms.IntegerField(
                required=False, min_value=0, max_value=100, error_messages=range_errors
            )
        ]
        if allow_na:
            fields.append(forms.BooleanField(required=False))
        super().__init__(
            fields,
            require_all_fields=False,
            widget=SliderWidget(left=left, right=right, allow_na=allow_na, na_label=na_label),
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> AnswerValue | None:
        value = data_list[0] if data_list else None
        na = bool(data_list[1]) if self.allow_na and len(data_list) > 1 else False
        if value is not None and na:
            raise ValidationError(
                self.error_messages["both"], code="both", params={"na": self.na_label}
            )
        if na:
            return AnswerValue(na=True)
        if value is None:
            return None
        return AnswerValue(slider=value)

    def clean(self, value: Any) -> AnswerValue | None:
        result = super().clean(value)
        if self.required and result is None:
            raise ValidationError(self.error_messages["required"], code="required")
        return result


class Slider(AnswerKind):
    key = "slider"
    label = _("Schuifregelaar")
    has_poles = True
    stores = Storage.SLIDER
    wide_cells = Cells.PERCENT
    analysis_coding = Coding.SCALE

    def form_field(self, shown: ShownSignifier, **common: Any) -> forms.Field:
        return SliderField(
            left=shown.left,
            right=shown.right,
            allow_na=shown.signifier.allow_na,
            na_label=teller_na_label(shown.role),
            **common,
        )

    def to_rows(self, signifier: Signifier, value: AnswerValue) -> list[StoredAnswer]:
        if value.slider is None or not 0 <= value.slider <= 100:
            raise ValueError(f"{signifier.key} takes a position from 0 to 100")
        return [StoredAnswer(slider=value.slider)]

    def from_rows(self, signifier: Signifier, rows: Sequence[AnswerRow]) -> AnswerValue:
        return AnswerValue(slider=rows[0].slider)

    def display(
        self, signifier: Signifier, rows: Sequence[AnswerRow], *, left: str, right: str, role: str
    ) -> str:
        return str(
            _("%(value)s van 100 (0 = %(left)s, 100 = %(right)s)")
            % {"value": rows[0].slider, "left": left, "right": right}
        )

    def demo_answer(
        self, story: DemoStory, *, options: Sequence[DemoOption], max_choices: int, attribute: str
    ) -> list[StoredAnswer]:
        # Near the story's valence: a good experience is slid towards the right pole.
        value = int(story.rng.gauss(story.valence * 100, 18))
        return [StoredAnswer(slider=min(100, max(0, value)))]

    def codebook_meaning(self, question_key: str, option_label: str) -> str:
        return (
            f"'{question_key}' (schuifregelaar): positie van 0 (links) tot 100 (rechts); leeg = "
            "niet beantwoord, n.v.t. of niet gevraagd."
        )

    def codebook_prompt(self, prompt: str, *, left: str, right: str) -> str:
        if left or right:
            return f"{prompt} [0 = {left} … 100 = {right}]"
        return prompt


KIND = Slider()
