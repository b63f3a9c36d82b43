"""Forms of the teller flow. They validate and normalise; services save."""

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from signifiers.answers import AnswerValue
from signifiers.forms import signifier_field
from signifiers.selectors import ShownSignifier
from tracks.address import Addressed
from tracks.models import Track
from vertelpunt import receipts
from vertelpunt.text import TellerTextField


@dataclass(frozen=True)
class ErrorItem:
    """One line of a teller form's error summary: the question it is about (its prompt; empty
    for the form as a whole), what to do, and the id on the page it links to."""

    question: str
    message: str
    anchor: str


class TellerForm(forms.Form):
    """A teller form and its error summary (templates/tracks/_form_errors.html): every
    message once, with the question it belongs to, linked to that question."""

    # Field name → the name the summary gives its question, where the label is too long.
    summary_names: dict[str, str] = {}  # noqa: RUF012 (replaced per form, never changed)

    def error_summary(self) -> list[ErrorItem]:
        items: list[ErrorItem] = []
        for field in self:
            for message in dict.fromkeys(str(e) for e in field.errors):
                if field.is_hidden:  # the submission token: about the form as a whole
                    items.append(ErrorItem("", message, ""))
                    continue
                name = self.summary_names.get(field.name) or str(field.label)
                # Sliders, triads and choice lists have no single input to point at: link
                # to the question's wrapper, as crispy forms names it.
                anchor = field.id_for_label or f"div_{field.auto_id}"
                items.append(ErrorItem(name, message, anchor))
        for message in dict.fromkeys(str(e) for e in self.non_field_errors()):
            items.append(ErrorItem("", message, ""))
        return list(dict.fromkeys(items))


class StoryTextarea(forms.Textarea):
    """No `maxlength` attribute: a browser would silently cut a pasted story. The server
    says when it is too long and the counter (static/js/teller.js) warns while typing."""

    def __init__(self, *, min_length: int, max_length: int) -> None:
        super().__init__(
            attrs={
                "rows": 8,
                "data-min-length": min_length,
                "data-max-length": max_length,
                "data-draft": "story",
                "spellcheck": "true",
                # Arabic or Hebrew runs right to left as soon as the teller types it.
                "dir": "auto",
            }
        )


class StoryForm(TellerForm):
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
                        % {"min": min_length, "max": number_format(max_length, force_grouping=True)}
                    ),
                ],
            )
        )
        text.widget = StoryTextarea(min_length=min_length, max_length=max_length)
        text.error_messages["required"] = _("Schrijf eerst de ervaring op.")
        self.min_length, self.max_length = min_length, max_length
        # The story's prompt is a paragraph: the summary names it by the step's title.
        titles = track.step_titles or []
        self.summary_names = {"text": titles[0]} if titles else {}
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


class StepForm(TellerForm):
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
        # Questions not yet translated into the page's language: marked as Dutch on the page,
        # so screen readers pronounce them as Dutch and Arabic pages show them left to right.
        self.in_dutch = {item.key for item in shown if item.in_dutch}
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


RECEIPT_HELP = Addressed(
    je=_("De code die je na het delen kreeg, bijvoorbeeld ABCD-EFGH-… (24 tekens)."),
    u=_("De code die u na het delen kreeg, bijvoorbeeld ABCD-EFGH-… (24 tekens)."),
    neutral=_("De code die na het delen werd getoond, bijvoorbeeld ABCD-EFGH-… (24 tekens)."),
)


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Persoonlijke code"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, address: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The withdrawal page serves every track: it speaks as the visit's track does, if any.
        self.fields["code"].help_text = RECEIPT_HELP.to(address)

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if len(receipts.normalise(code)) != receipts.LENGTH:
            raise forms.ValidationError(
                _("Een code heeft 24 letters en cijfers. Kijk nog eens goed.")
            )
        return code
