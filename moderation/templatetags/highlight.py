from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from moderation.selectors import START, STOP

register = template.Library()


@register.filter
def highlight(value: str | None) -> SafeString:
    """Escape a search headline, then turn its match markers into <mark> elements."""
    escaped = escape(value or "")
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308
