from django import forms
from django.utils.translation import gettext_lazy as _

from exports.models import Export


class ExportForm(forms.Form):
    """The format; the stories come from the StoryFilterForm beside it."""

    format = forms.ChoiceField(
        label=_("Formaat"),
        choices=Export.Format.choices,
        initial=Export.Format.CSV,
        widget=forms.RadioSelect,
        help_text=_(
            "CSV is het snelst. XLSX wordt traag bij grote aantallen (reken op ongeveer een "
            "minuut per 50.000 verhalen) en Excel toont hoogstens ruim een miljoen rijen per "
            "werkblad."
        ),
    )
