from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from moderation.selectors import START, STOP
from vertelpunt.pii import find_personal_data

register = template.Library()


@register.filter
def highlight(value: str | None) -> SafeString:
    """Escape a search headline, then turn its match markers into <mark> elements."""
    escaped = escape(value or "")
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


@register.filter
def pii_marked(value: str | None) -> SafeString:
    """Escape a story and mark what looks like personal data, for a moderator to check."""
    text = value or ""
    parts: list[str] = []
    last = 0
    for span in find_personal_data(text):
        parts.append(escape(text[last : span.start]))
        parts.append(
            f'<mark class="pii" title="{escape(span.kind)}">{escape(span.text(text))}</mark>'
        )
        last = span.end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308
