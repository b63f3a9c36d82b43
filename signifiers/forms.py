"""Form fields for each signifier kind, built from the questionnaire.

Every field cleans to an `AnswerValue` or to None (skipped). Each widget works without
JavaScript; static/js/signifiers.js enhances sliders and triads when it can run.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from signifiers.answers import NA, AnswerValue
from signifiers.models import Signifier
from signifiers.selectors import ShownSignifier
from vertelpunt.text import TellerTextField

NA_LABEL = _("n.v.t.")


class SliderWidget(forms.MultiWidget):
    """A 0–100 number box plus an "n.v.t." tick box; the script turns it into a slider."""

    template_name = "signifiers/widgets/slider.html"
    use_fieldset = True

    def __init__(self, *, left: str, right: str, allow_na: bool) -> None:
        self.left, self.right, self.allow_na = left, right, allow_na
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
        _reset_subwidget_classes(context["widget"]["subwidgets"])
        context["widget"].update(left=self.left, right=self.right, na_label=NA_LABEL)
        return context


class SliderField(forms.MultiValueField):
    default_error_messages = {
        "range": _("Kies een getal van 0 tot en met 100."),
        "both": _("Kies een waarde óf n.v.t., niet allebei."),
        "required": _("Deze vraag is verplicht: kies een waarde op de schaal."),
    }

    def __init__(self, *, left: str, right: str, allow_na: bool, **kwargs: Any) -> None:
        self.allow_na = allow_na
        fields: list[forms.Field] = [
            forms.IntegerField(
                required=False,
                min_value=0,
                max_value=100,
                error_messages={
                    "invalid": self.default_error_messages["range"],
                    "min_value": self.default_error_messages["range"],
                    "max_value": self.default_error_messages["range"],
                },
            )
        ]
        if allow_na:
            fields.append(forms.BooleanField(required=False))
        super().__init__(
            fields,
            require_all_fields=False,
            widget=SliderWidget(left=left, right=right, allow_na=allow_na),
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> AnswerValue | None:
        value = data_list[0] if data_list else None
        na = bool(data_list[1]) if self.allow_na and len(data_list) > 1 else False
        if value is not None and na:
            raise ValidationError(self.error_messages["both"], code="both")
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


class TriadWidget(forms.MultiWidget):
    """Three share boxes (one per corner) plus "n.v.t."; the script adds a draggable triangle."""

    template_name = "signifiers/widgets/triad.html"
    use_fieldset = True

    def __init__(self, *, corners: list[str], allow_na: bool) -> None:
        self.corners, self.allow_na = corners, allow_na
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
        _reset_subwidget_classes(subwidgets)
        context["widget"].update(
            shares=list(zip(self.corners, subwidgets[:3], strict=True)),
            na_widget=subwidgets[3] if self.allow_na else None,
            na_label=NA_LABEL,
        )
        return context


class TriadField(forms.MultiValueField):
    default_error_messages = {
        "sum": _("De drie delen moeten samen precies 100 zijn (nu: %(total)s)."),
        "incomplete": _("Vul alle drie de delen in, samen 100."),
        "both": _("Vul de driehoek in óf kies n.v.t., niet allebei."),
        "range": _("Elk deel is een getal van 0 tot en met 100."),
        "required": _("Deze vraag is verplicht: verdeel 100 over de drie hoeken."),
    }

    def __init__(self, *, corners: list[str], allow_na: bool, **kwargs: Any) -> None:
        self.allow_na = allow_na
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
            widget=TriadWidget(corners=corners, allow_na=allow_na),
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> AnswerValue | None:
        if not data_list:
            return None
        shares = data_list[:3]
        na = bool(data_list[3]) if self.allow_na and len(data_list) > 3 else False
        filled = [s for s in shares if s is not None]
        if na and filled:
            raise ValidationError(self.error_messages["both"], code="both")
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


class SingleChoiceField(forms.ChoiceField):
    def clean(self, value: Any) -> AnswerValue | None:  # type: ignore[override]
        key = super().clean(value)
        if not key:
            return None
        return AnswerValue(na=True) if key == NA else AnswerValue(option_keys=(key,))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, AnswerValue):
            return NA if value.na else (value.option_keys[0] if value.option_keys else "")
        return value


class MultipleChoiceField(forms.MultipleChoiceField):
    default_error_messages = {
        "too_many": _("Kies er ten hoogste %(max)s."),
        "na_alone": _("Kies n.v.t. alleen, of kies antwoorden zonder n.v.t."),
    }

    def __init__(self, *, max_choices: int, **kwargs: Any) -> None:
        self.max_choices = max_choices
        super().__init__(**kwargs)

    def clean(self, value: Any) -> AnswerValue | None:  # type: ignore[override]
        keys = super().clean(value)
        if not keys:
            return None
        if NA in keys:
            if len(keys) > 1:
                raise ValidationError(self.error_messages["na_alone"], code="na_alone")
            return AnswerValue(na=True)
        if len(keys) > self.max_choices:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": self.max_choices}
            )
        return AnswerValue(option_keys=tuple(keys))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, AnswerValue):
            return [NA] if value.na else list(value.option_keys)
        return value


class FreeTextField(TellerTextField):
    def clean(self, value: Any) -> AnswerValue | None:  # type: ignore[override]
        text = super().clean(value)
        return AnswerValue(text=text) if text else None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, AnswerValue):
            return value.text or ""
        return value


def signifier_field(shown: ShownSignifier, *, shared: bool = False) -> forms.Field:
    """The form field for one signifier as one track sees it.

    shared=True gives the field built once per signifier object, track and language, for a
    form that only validates: building the fields was the largest part of saving a step
    (make bench-profile), and cleaning changes nothing on a field. A form that is shown must
    have fields of its own (rendering may change a widget's attributes). A published
    version's signifier objects live as long as the process and never change
    (signifiers.selectors); a draft's are loaded per request, so what is kept ends with them.
    """
    if not shared:
        return _new_field(shown)
    fields: dict[tuple[str, str | None], forms.Field]
    fields = shown.signifier.__dict__.setdefault("_shared_fields", {})
    key = (shown.wording.role, get_language())
    field = fields.get(key)
    if field is None:
        field = fields[key] = _new_field(shown)
    return field


def _new_field(shown: ShownSignifier) -> forms.Field:
    s, wording = shown.signifier, shown.wording
    common: dict[str, Any] = {
        "label": wording.prompt,
        "help_text": wording.help_text,
        "required": s.required,
    }
    choices = [(o.key, o.label) for o in shown.options]
    if s.allow_na:
        choices.append((NA, str(NA_LABEL)))
    kind = s.kind
    if kind == Signifier.Kind.SLIDER:
        return SliderField(
            left=wording.left_label, right=wording.right_label, allow_na=s.allow_na, **common
        )
    if kind == Signifier.Kind.TRIAD:
        return TriadField(corners=[o.label for o in shown.options], allow_na=s.allow_na, **common)
    if kind == Signifier.Kind.SINGLE:
        return SingleChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == Signifier.Kind.MULTIPLE:
        # The questionnaire's own help usually says how many may be chosen; else we do.
        common["help_text"] = wording.help_text or str(
            _("Kies er ten hoogste %(max)s.") % {"max": s.max_choices}
        )
        return MultipleChoiceField(
            choices=choices,
            max_choices=s.max_choices or 1,
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == Signifier.Kind.SELECT:
        return SingleChoiceField(choices=_select_choices(shown, s.allow_na), **common)
    return FreeTextField(
        max_length=s.max_length or 2000, widget=forms.Textarea(attrs={"rows": 4}), **common
    )


def _select_choices(shown: ShownSignifier, allow_na: bool) -> list[Any]:
    """Select options, grouped in <optgroup>s when options carry a group (e.g. province)."""
    choices: list[Any] = [("", str(_("— maak een keuze —")))]
    grouped: dict[str, list[tuple[str, str]]] = {}
    for o in shown.options:
        if shown.signifier.story_attribute == Signifier.StoryAttribute.ROLE_TYPE or not o.group:
            choices.append((o.key, o.label))
        else:
            grouped.setdefault(o.group, []).append((o.key, o.label))
    choices[1:1] = [(group, items) for group, items in grouped.items()]
    if allow_na:
        choices.append((NA, str(NA_LABEL)))
    return choices


def _reset_subwidget_classes(subwidgets: list[dict[str, Any]]) -> None:
    """Crispy forms adds its own classes to every subwidget; put back the ones we need."""
    for sub in subwidgets:
        classes = sub["attrs"].get("class", "").split()
        if sub["type"] == "checkbox":
            sub["attrs"]["class"] = "form-check-input"
        else:
            keep = [c for c in classes if c in {"slider-number", "triad-share", "is-invalid"}]
            sub["attrs"]["class"] = " ".join(["form-control", *keep])
