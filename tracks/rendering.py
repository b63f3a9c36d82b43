"""Teller forms as HTML, rendered once per questionnaire version, track, step and language.

crispy-forms renders a step of fourteen questions through a few hundred template includes
(most of a step page's CPU time, `make bench-profile`). A teller who arrives at a step for
the first time sees exactly the same form as every other teller of that track: the
published version is immutable, so its rendering is kept per process and reused. A form
that is bound (errors shown) or holds the teller's own answers is always rendered afresh.

The one per-teller value in a fresh form is step 1's submission token: the cached HTML is
made with a placeholder token that is swapped for the teller's own on every use.
"""

import uuid
from collections.abc import Hashable

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# A value no teller form ever holds; it only ever stands in for the real token.
TOKEN_PLACEHOLDER = uuid.UUID(int=0)
_FRAGMENTS: dict[tuple[Hashable, ...], str] = {}
_FRAGMENTS_MAX = 256


def form_html(form: forms.Form, cache_key: tuple[Hashable, ...] | None = None) -> SafeString:
    """The form as crispy renders it. `cache_key` identifies everything the HTML depends on
    besides the language; give one only for a fresh form (unbound, no teller values)."""
    if cache_key is None or form.is_bound:
        return as_crispy_form(form)
    token = form.initial.get("token")
    key = (*cache_key, get_language())
    html = _FRAGMENTS.get(key)
    if html is None:
        if token is not None:
            form.initial["token"] = TOKEN_PLACEHOLDER
        html = str(as_crispy_form(form))
        if token is not None:
            form.initial["token"] = token
        if len(_FRAGMENTS) >= _FRAGMENTS_MAX:
            _FRAGMENTS.clear()
        _FRAGMENTS[key] = html
    if token is not None:
        html = html.replace(str(TOKEN_PLACEHOLDER), str(token))
    return mark_safe(html)  # noqa: S308 - crispy's own escaped output, kept as it was made
