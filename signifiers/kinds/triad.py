"""A triad: a point in a triangle with three labelled corners, stored as three shares that
add up to 100 (the SenseMaker style). Without JavaScript it is three share boxes."""

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
    WideColumn,
    option_text,
    teller_na_label,
)
from signifiers.kinds.widgets import reset_subwidget_classes

if TYPE_CHECKING:
    from signifiers.models import Signifier
    from signifiers.selectors import ShownSignifier


class TriadWidget(forms.MultiWidget):
    """Three share boxes (one per corner) plus "does not apply"; the script adds a draggable
    triangle."""

    template_name = "signifiers/widgets/triad.html"
    use_fieldset = True

    def __init__(self, *, corners: list[str], allow_na: bool, na_label: str) -> None:
        self.corners, self.allow_na, self.na_label = corners, allow_na, na_label
        widgets: list[forms.Widget] = [
            forms.NumberInput(
                attrs={
                    "min": 0,
                    "max": 100,
                    "step": 1,
                    "inputmode": "numeric",
                    "class": "form-control triad-share",
                }
            )
            for _corner in corners
        ]
        if allow_na:
            widgets.append(forms.CheckboxInput(attrs={"class": "form-check-input"}))
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, AnswerValue) and value.triad:
            return [*value.triad, False]
        if isinstance(value, AnswerValue) and value.na:
            return [None, None, None, True]
        return [None, None, None, False]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        reset_subwidget_classes(subwidgets)
        context["widget"].update(
            shares=list(zip(self.corners, subwidgets[:3], strict=True)),
            na_widget=subwidgets[3] if self.allow_na else None,
            na_label=self.na_label,
        )
        return context


class TriadField(forms.MultiValueField):
    default_error_messages = {
        "sum": _("De drie delen moeten samen precies 100 zijn (nu: %(total)s)."),
        "incomplete": _("Vul alle drie de delen in, samen 100."),
        "both": _("Vul de driehoek in óf kies ‘%(na)s’, niet allebei."),
        "range": _("Elk deel is een getal van 0 tot en met 100."),
        "required": _("Deze vraag is verplicht: verdeel 100 over de drie hoeken."),
    }

    def __init__(self, *, corners: list[str], allow_na: bool, na_label: str, **kwargs: Any) -> None:
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
            for _corner in corners
        ]
        if allow_na:
            fields.append(forms.BooleanField(required=False))
        super().__init__(
            fields,
            require_all_fields=False,
            widget=TriadWidget(corners=corners, allow_na=allow_na, na_label=na_label),
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> AnswerValue | None:
        if not data_list:
            return None
        shares = data_list[:3]
        na = bool(data_list[3]) if self.allow_na and len(data_list) > 3 else False
        filled = [s for s in shares if s is not None]
        if na and filled:
            raise ValidationError(
                self.error_messages["both"], code="both", params={"na": self.na_label}
            )
        if na:
            return AnswerValue(na=True)
        if not filled:
            return None
        if len(filled) < 3:
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        total = sum(filled)
        if total != 100:
            raise ValidationError(self.error_messages["sum"], code="sum", params={"total": total})
        return AnswerValue(triad=(shares[0], shares[1], shares[2]))

    def clean(self, value: Any) -> AnswerValue | None:
        result = super().clean(value)
        if self.required and result is None:
            raise ValidationError(self.error_messages["required"], code="required")
        return result


class Triad(AnswerKind):
    key = "triad"
    label = _("Driehoek")
    has_options = True  # the corners
    option_count = 3
    stores = Storage.TRIAD
    wide_cells = Cells.PERCENT
    analysis_coding = Coding.SHARES

    def form_field(self, shown: ShownSignifier, **common: Any) -> forms.Field:
        corners = [shown.option_label(o) for o in shown.options]
        return TriadField(
            corners=corners,
            allow_na=shown.signifier.allow_na,
            na_label=teller_na_label(shown.role),
            **common,
        )

    def to_rows(self, signifier: Signifier, value: AnswerValue) -> list[StoredAnswer]:
        if value.triad is None or sum(value.triad) != 100 or min(value.triad) < 0:
            raise ValueError(f"{signifier.key} takes three shares that add up to 100")
        a, b, c = value.triad
        return [StoredAnswer(triad_a=a, triad_b=b, triad_c=c)]

    def from_rows(self, signifier: Signifier, rows: Sequence[AnswerRow]) -> AnswerValue:
        a, b, c = rows[0].triad_a, rows[0].triad_b, rows[0].triad_c
        if a is None or b is None or c is None:
            raise ValueError(f"{signifier.key}: a stored triad has three shares")
        return AnswerValue(triad=(a, b, c))

    def display(
        self, signifier: Signifier, rows: Sequence[AnswerRow], *, left: str, right: str, role: str
    ) -> str:
        row = rows[0]
        labels = [option_text(o, role) for o in signifier.options.all()]
        shares = [row.triad_a, row.triad_b, row.triad_c]
        return ", ".join(f"{label}: {share}" for label, share in zip(labels, shares, strict=False))

    def demo_answer(
        self, story: DemoStory, *, options: Sequence[DemoOption], max_choices: int, attribute: str
    ) -> list[StoredAnswer]:
        rnd = story.rng.random
        a = int(rnd() * 101)
        b = int(rnd() * (101 - a))
        shares = [a, b, 100 - a - b]
        story.rng.shuffle(shares)
        return [StoredAnswer(triad_a=shares[0], triad_b=shares[1], triad_c=shares[2])]

    def wide_columns(self, option_keys: Sequence[str]) -> list[WideColumn]:
        # One share column per corner, in the newest version's corner order.
        return [WideColumn(key, Cells.PERCENT) for key in list(option_keys)[:3]]

    def codebook_meaning(self, question_key: str, option_label: str) -> str:
        return (
            f"'{question_key}' (driehoek): aandeel van hoek '{option_label}' in procent; de drie "
            "hoeken tellen op tot 100; leeg = niet beantwoord of niet gevraagd."
        )


KIND = Triad()
