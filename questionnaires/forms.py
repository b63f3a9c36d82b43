"""Forms of the questionnaire editor. They validate and normalise; the services save.

(The teller's fields are built in signifiers.forms; this module is the staff side.)
"""

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from signifiers.kinds import kind as answer_kind
from signifiers.models import Option, QuestionnaireVersion, Role, RoleType, Signifier, Wording

KEY_VALIDATOR = RegexValidator(
    r"^[a-z0-9_-]{1,50}$", _("Gebruik kleine letters, cijfers, - of _ (hoogstens 50).")
)


class CopyForm(forms.Form):
    label = forms.CharField(
        label=_("Label van de nieuwe versie"),
        required=False,
        max_length=QuestionnaireVersion._meta.get_field("label").max_length,
        help_text=_("Leeg: het volgende nummer, bijvoorbeeld 3.0."),
    )


class SignifierFlagsForm(forms.Form):
    required = forms.BooleanField(label=_("Verplicht"), required=False)
    allow_na = forms.BooleanField(label=_("“n.v.t.” mag als antwoord"), required=False)
    max_choices = forms.IntegerField(
        label=_("Hoeveel keuzes ten hoogste"), min_value=1, max_value=20, required=False
    )

    def __init__(self, *args: Any, signifier: Signifier, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "required": signifier.required,
                "allow_na": signifier.allow_na,
                "max_choices": signifier.max_choices,
            },
        )
        super().__init__(*args, **kwargs)
        if answer_kind(signifier.kind).takes_max_choices:
            self.fields["max_choices"].required = True
        else:
            del self.fields["max_choices"]
        if not answer_kind(signifier.kind).offers_na:
            del self.fields["allow_na"]


class WordingForm(forms.Form):
    """How one track's tellers see the question. Pole labels only for kinds with poles."""

    prompt = forms.CharField(label=_("Vraag"), widget=forms.Textarea(attrs={"rows": 2}))
    help = forms.CharField(
        label=_("Toelichting onder de vraag"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    left = forms.CharField(label=_("Linker uiterste"), max_length=100)
    right = forms.CharField(label=_("Rechter uiterste"), max_length=100)

    def __init__(self, *args: Any, wording: Wording, kind: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", wording.role)
        kwargs.setdefault(
            "initial",
            {
                "prompt": wording.prompt,
                "help": wording.help_text,
                "left": wording.left_label,
                "right": wording.right_label,
            },
        )
        super().__init__(*args, **kwargs)
        self.role_label = Role(wording.role).label
        if not answer_kind(kind).has_poles:
            del self.fields["left"], self.fields["right"]

    def wording_values(self) -> dict[str, str]:
        d = self.cleaned_data
        return {
            "prompt": d["prompt"],
            "help": d["help"],
            "left": d.get("left", ""),
            "right": d.get("right", ""),
        }


class OptionLabelForm(forms.Form):
    """One option's row: a move or a removal (the button pressed). Its texts are part of the
    question's own form (OptionTextsForm), saved with the rest by the one button."""

    ACTIONS = ("omhoog", "omlaag", "verwijder")

    actie = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])


class OptionTextsForm(forms.Form):
    """Every option's text, and per track the words that track's tellers read instead
    (empty: the text itself), for the question's one "Opslaan"."""

    def __init__(self, *args: Any, signifier: Signifier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Option, str, list[str]]] = []
        max_length = Option._meta.get_field("label").max_length
        for option in signifier.options.all():
            name = f"keuze-{option.pk}-label"
            self.fields[name] = forms.CharField(
                label=_("Tekst van %(key)s") % {"key": option.key},
                max_length=max_length,
                initial=option.label,
                error_messages={"required": _("Een keuze heeft een tekst nodig.")},
            )
            track_names = []
            for role in Role.values:
                if not option.is_shown_to(role):
                    continue
                track_name = f"keuze-{option.pk}-{role}"
                self.fields[track_name] = forms.CharField(
                    label=_("Voor track %(track)s") % {"track": Role(role).label},
                    max_length=max_length,
                    required=False,
                    initial=option.track_labels.get(role, ""),
                )
                track_names.append(track_name)
            self.rows.append((option, name, track_names))

    def option_values(self) -> dict[int, dict[str, Any]]:
        """Option id → {"label", "labels": {role: label}} (empty track labels left out)."""
        values: dict[int, dict[str, Any]] = {}
        for option, name, track_names in self.rows:
            labels = {
                n.rsplit("-", 1)[1]: self.cleaned_data[n].strip()
                for n in track_names
                if self.cleaned_data[n].strip()
            }
            values[option.pk] = {"label": self.cleaned_data[name].strip(), "labels": labels}
        return values


class OptionAddForm(forms.Form):
    key = forms.CharField(
        label=_("Sleutel"),
        max_length=50,
        validators=[KEY_VALIDATOR],
        help_text=_("Vast en kort, voor exports (bijvoorbeeld ‘mentor’). Niet meer te wijzigen."),
    )
    label = forms.CharField(label=_("Tekst"), max_length=Option._meta.get_field("label").max_length)
    roles = forms.MultipleChoiceField(
        label=_("Alleen in deze tracks"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: in alle tracks."),
    )
    group = forms.CharField(label=_("Groep"), max_length=100, required=False)

    def __init__(self, *args: Any, signifier: Signifier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signifier = signifier
        if signifier.story_attribute == Signifier.StoryAttribute.ROLE_TYPE:
            # The role question maps each option to a role type; counts by role type need it.
            self.fields["group"] = forms.ChoiceField(label=_("Roltype"), choices=RoleType.choices)
        else:
            self.fields["group"].help_text = _(
                "Optioneel: keuzes met dezelfde groep staan bij elkaar (bijvoorbeeld provincie)."
            )

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if any(o.key == key for o in self.signifier.options.all()):
            raise forms.ValidationError(_("Deze vraag heeft al een keuze met die sleutel."))
        return key

    def clean_roles(self) -> list[str]:
        return sorted(self.cleaned_data["roles"])


class TranslationForm(forms.Form):
    """A question's wording in one teller language: per track the prompt, help and (for kinds
    with poles) the poles, and each option's label. Every field may stay empty: tellers of
    that language then read the Dutch, which each field shows as its help text."""

    WORDING_FIELDS = (("prompt", _("Vraag")), ("help", _("Toelichting")))
    POLE_FIELDS = (("left", _("Linker uiterste")), ("right", _("Rechter uiterste")))

    def __init__(self, *args: Any, signifier: Signifier, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        self.wording_names: list[tuple[str, list[str]]] = []
        fields = self.WORDING_FIELDS + (
            self.POLE_FIELDS if answer_kind(signifier.kind).has_poles else ()
        )
        attrs = {"lang": language, "dir": "auto", "rows": 2}
        for wording in sorted(signifier.wordings.all(), key=lambda w: Role.values.index(w.role)):
            names = []
            dutch = {"prompt": wording.prompt, "help": wording.help_text}
            dutch |= {"left": wording.left_label, "right": wording.right_label}
            for name, label in fields:
                field_name = f"{wording.role}-{name}"
                self.fields[field_name] = forms.CharField(
                    label=f"{label} ({Role(wording.role).label})",
                    required=False,
                    max_length=100 if name in ("left", "right") else None,
                    widget=forms.Textarea(attrs=attrs),
                    help_text=_("Nederlands: %(text)s") % {"text": dutch[name] or "—"},
                    initial=wording.translations.get(language, {}).get(name, ""),
                )
                names.append(field_name)
            self.wording_names.append((str(Role(wording.role).label), names))
        self.option_names = []
        for option in signifier.options.all():
            field_name = f"keuze-{option.key}"
            self.fields[field_name] = forms.CharField(
                label=option.key,
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"lang": language, "dir": "auto"}),
                help_text=_("Nederlands: %(text)s") % {"text": option.label},
                initial=option.translations.get(language, {}).get("label", ""),
            )
            self.option_names.append(field_name)

    def wording_values(self) -> dict[str, dict[str, str]]:
        values: dict[str, dict[str, str]] = {}
        for name, text in self.cleaned_data.items():
            if not name.startswith("keuze-"):
                role, field = name.split("-", 1)
                values.setdefault(role, {})[field] = text.strip()
        return values

    def option_values(self) -> dict[str, str]:
        return {
            name.removeprefix("keuze-"): text.strip()
            for name, text in self.cleaned_data.items()
            if name.startswith("keuze-")
        }
