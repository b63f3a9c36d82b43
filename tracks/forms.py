"""Forms of the teller flow. They validate and normalise; services save."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from signifiers.answers import AnswerValue
from signifiers.forms import signifier_field
from signifiers.selectors import ShownSignifier
from tracks.models import Track
from vertelpunt import receipts
from vertelpunt.text import TellerTextField


class StoryTextarea(forms.Textarea):
    """No `maxlength` attribute: a browser would silently cut a pasted story. The server
    says when it is too long and the counter (static/js/teller.js) warns while typing."""

    def __init__(self, *, min_length: int, max_length: int) -> None:
        super().__init__(
            attrs={
                "rows": 12,
                "data-min-length": min_length,
                "data-max-length": max_length,
                "data-draft": "story",
                "spellcheck": "true",
                # Arabic or Hebrew runs right to left as soon as the teller types it.
                "dir": "auto",
            }
        )


class StoryForm(forms.Form):
    text = TellerTextField(strip=True)
    title = TellerTextField(required=False, strip=True)
    # The honeypot (settings.VERTELPUNT_HONEYPOT_FIELD): hidden from people, filled by bots.
    website = forms.CharField(
        required=False,
        label=_("Laat dit veld leeg"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("Het formulier is niet goed aangekomen. Verstuur het opnieuw."),
            "required": _("Het formulier is niet goed aangekomen. Verstuur het opnieuw."),
        },
    )

    def __init__(self, *args: Any, track: Track, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        min_length = settings.VERTELPUNT_STORY_MIN_LENGTH
        max_length = settings.VERTELPUNT_STORY_MAX_LENGTH
        text = self.fields["text"]
        text.label = track.story_prompt
        text.help_text = " ".join(
            filter(
                None,
                [
                    track.story_help,
                    str(
                        _("Minimaal %(min)s en maximaal %(max)s tekens.")
                        % {"min": min_length, "max": f"{max_length:,}".replace(",", ".")}
                    ),
                ],
            )
        )
        text.widget = StoryTextarea(min_length=min_length, max_length=max_length)
        text.error_messages["required"] = _("Schrijf eerst de ervaring op.")
        self.min_length, self.max_length = min_length, max_length
        title = self.fields["title"]
        title.label = track.title_prompt
        title.widget.attrs.update(
            {"maxlength": settings.VERTELPUNT_TITLE_MAX_LENGTH, "dir": "auto"}
        )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if len(text) < self.min_length:
            raise forms.ValidationError(
                _("Deze ervaring is nog wat kort: schrijf minstens %(min)s tekens.")
                % {"min": self.min_length}
            )
        if len(text) > self.max_length:
            raise forms.ValidationError(
                _(
                    "De ervaring telt %(length)s tekens; het maximum is %(max)s. "
                    "Maak de tekst iets korter."
                )
                % {"length": len(text), "max": self.max_length}
            )
        return text

    def clean_title(self) -> str:
        title: str = re.sub(r"\s+", " ", self.cleaned_data["title"])
        if len(title) > settings.VERTELPUNT_TITLE_MAX_LENGTH:
            raise forms.ValidationError(
                _("Een titel is ten hoogste %(max)s tekens.")
                % {"max": settings.VERTELPUNT_TITLE_MAX_LENGTH}
            )
        return title


class StepForm(forms.Form):
    """The questions of one step, built from the questionnaire (no per-question code).

    BASIS carries a digest of the step's answers as they were stored when the page was
    opened, so a save from a second tab can tell that the first one changed them meanwhile.
    Its name cannot be a question's key (keys are slugs)."""

    BASIS = "~basis"

    def __init__(
        self, *args: Any, shown: list[ShownSignifier], basis: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.shown = shown
        for item in shown:
            self.fields[item.key] = signifier_field(item)
        self.fields[self.BASIS] = forms.CharField(
            required=False, max_length=64, initial=basis, widget=forms.HiddenInput
        )

    def answer_values(self) -> dict[str, AnswerValue | None]:
        return {item.key: self.cleaned_data.get(item.key) for item in self.shown}

    def basis(self) -> str:
        return str(self.cleaned_data.get(self.BASIS) or "")

    def renew_basis(self, basis: str) -> None:
        """Sent again, this form overwrites what the other tab saved (the teller was told)."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data[self.BASIS] = basis
        self.data = data


class ReceiptForm(forms.Form):
    code = forms.CharField(
        # The withdrawal page serves every track: neither "je" nor "u".
        label=_("Persoonlijke code"),
        help_text=_("De code die na het delen werd getoond, bijvoorbeeld ABCD-EFGH-… (24 tekens)."),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if len(receipts.normalise(code)) != receipts.LENGTH:
            raise forms.ValidationError(
                _("Een code heeft 24 letters en cijfers. Kijk nog eens goed.")
            )
        return code
