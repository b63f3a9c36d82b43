"""Forms for the analyst's notes; they validate and never save (services do)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from analysis.models import Observation

MAX_STORIES = 40


class ObservationForm(forms.Form):
    text = forms.CharField(
        label=_("Observatie (neutraal geformuleerd)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    a = forms.CharField(widget=forms.HiddenInput, max_length=120)
    b = forms.CharField(widget=forms.HiddenInput, max_length=120)


class InterpretationForm(forms.Form):
    text = forms.CharField(
        label=_("Interpretatie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class PerspectiveForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(
        label=_("Samenvatting"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    observations = forms.ModelMultipleChoiceField(
        label=_("Observaties"),
        queryset=Observation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PerspectiveStoriesForm(forms.Form):
    story_ids = forms.CharField(
        label=_("Ondersteunende verhalen (nummers, gescheiden door spaties of komma's)"),
        required=False,
        max_length=1000,
    )

    def clean_story_ids(self) -> list[int]:
        raw = self.cleaned_data["story_ids"]
        if re.search(r"[^\d,\s]", raw):
            raise forms.ValidationError(_("Alleen verhaalnummers, gescheiden door spaties."))
        ids = sorted({int(n) for n in re.findall(r"\d+", raw)})
        if len(ids) > MAX_STORIES:
            raise forms.ValidationError(
                _("Hoogstens %(n)s verhalen per perspectief.") % {"n": MAX_STORIES}
            )
        return ids
