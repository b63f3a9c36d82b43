from typing import cast

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from moderation.models import AuditEntry
from vertelpunt.text import TellerTextField

STATUS_ACTIONS = [
    (AuditEntry.Action.APPROVE, _("Goedkeuren")),
    (AuditEntry.Action.HIDE, _("Verbergen")),
    (AuditEntry.Action.MARK_TEST, _("Markeer als test")),
    (AuditEntry.Action.MARK_NONSENSE, _("Markeer als onzin")),
]


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=STATUS_ACTIONS)


class BulkModerateForm(forms.Form):
    action = forms.ChoiceField(label=_("Actie voor de gekozen verhalen"), choices=STATUS_ACTIONS)
    stories = forms.TypedMultipleChoiceField(coerce=int, choices=[])

    def __init__(self, *args: object, story_ids: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        stories = cast(forms.TypedMultipleChoiceField, self.fields["stories"])
        stories.choices = [(pk, str(pk)) for pk in story_ids]


class RedactForm(forms.Form):
    field = forms.ChoiceField(label=_("In"), choices=[])
    fragment = forms.CharField(
        label=_("Tekst die weg moet (precies zoals hij er staat)"), max_length=500
    )

    def __init__(
        self, *args: object, field_choices: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = cast(forms.ChoiceField, self.fields["field"])
        field.choices = field_choices


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Interne notitie"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TranslationForm(forms.Form):
    """The Dutch working translation, typed by the moderator; both fields empty removes it.
    Cleaned as teller text: the queue highlights it, exports write it as it is."""

    title = TellerTextField(label=_("Titel in het Nederlands"), max_length=200, required=False)
    text = TellerTextField(
        label=_("Verhaal in het Nederlands"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # A Dutch rendering runs longer than many originals: room for twice the story.
        text = cast(TellerTextField, self.fields["text"])
        text.max_length = 2 * settings.VERTELPUNT_STORY_MAX_LENGTH
        text.validators.append(MaxLengthValidator(text.max_length))
