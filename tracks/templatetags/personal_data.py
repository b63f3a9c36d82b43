"""The rules of the personal-data hint, for the teller pages that show it while typing."""

import functools

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString

from vertelpunt.pii import browser_rules

register = template.Library()


@register.simple_tag
def personal_data_rules() -> SafeString:
    """The server's patterns and word lists as `<script type="application/json"
    id="pii-rules">`, which static/js/pii.js reads. A data block, not a script: the
    Content-Security-Policy, which forbids inline scripts, does not apply to it."""
    return _rules_script()


@functools.cache
def _rules_script() -> SafeString:
    return json_script(browser_rules(), "pii-rules")
