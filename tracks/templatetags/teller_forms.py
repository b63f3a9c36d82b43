from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from tracks.rendering import form_html

register = template.Library()


@register.simple_tag(takes_context=True)
def teller_form(context: dict[str, Any], form: forms.Form) -> SafeString:
    """`{% teller_form form %}`: crispy's rendering, reused when the view gave the page a
    `form_cache_key` (tracks.rendering)."""
    return form_html(form, context.get("form_cache_key"))
