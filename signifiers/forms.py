"""The form field of a question as one track's teller sees it, from the kind's registry.

Every field cleans to an `AnswerValue` or to None (skipped). Each widget works without
JavaScript; static/js/signifiers.js enhances sliders and triads when it can run.
"""

from django import forms

from signifiers.kinds import kind
from signifiers.selectors import ShownSignifier


def signifier_field(shown: ShownSignifier) -> forms.Field:
    return kind(shown.signifier.kind).form_field(
        shown, label=shown.prompt, help_text=shown.help_text, required=shown.signifier.required
    )
