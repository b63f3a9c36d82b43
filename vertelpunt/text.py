"""Teller text as we keep it: the teller's words and layout, and nothing that a spreadsheet,
a terminal or the staff search's own highlighting would read as an instruction."""

import re
from typing import Any

from django import forms

# C0 controls except tab and newline, DEL, and the C1 controls (U+0080-U+009F). The staff
# search marks its matches with \x02 and \x03 (moderation.selectors), and exports write text
# as it is: a teller's control characters would become highlights there, or raw bytes in CSV.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_teller_text(value: str) -> str:
    """Line endings become \\n (so the length a teller sees is the length we count); every
    other control character except the tab is dropped."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


class TellerTextField(forms.CharField):
    """A CharField for what a teller types: cleaned before stripping and validation, so a
    stray control character is dropped instead of refusing the whole text."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = clean_teller_text(value)
        return super().to_python(value)
