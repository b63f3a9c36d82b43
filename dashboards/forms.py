"""The dashboard's choices: which vertelpunt and which of the user's regions.

No period filter on purpose: two periods a day apart would give a day's count by
subtraction, around the small-cell suppression. Weeks are the finest grain shown.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DashboardForm(forms.Form):
    collection = forms.ChoiceField(label=_("Vertelpunt"))
    region = forms.ChoiceField(label=_("Regio"))

    def __init__(
        self,
        *args: Any,
        collections: list[tuple[str, str]],
        regions: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("collection", collections), ("region", regions)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
            field.choices = choices
