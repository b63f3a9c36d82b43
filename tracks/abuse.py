"""Spam and abuse checks on a new story, without third parties.

A bot fills the hidden honeypot field and gets a generic answer; a submit that comes faster
than a person can write, or one client sending very many stories, gets the form back with
the text kept and a short explanation — a fast human only has to press the button again.
"""

from enum import Enum

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from tracks.flow import FlowState
from vertelpunt import ratelimit


class Verdict(Enum):
    OK = "ok"
    BOT = "bot"
    TOO_FAST = "too_fast"
    TOO_MANY = "too_many"


def check_new_story(request: HttpRequest, state: FlowState) -> Verdict:
    if request.POST.get(settings.VERTELPUNT_HONEYPOT_FIELD):
        return Verdict.BOT
    # No start time means the form was not opened in this visit (the flow cookie has no
    # start): count it as instant.
    seconds = (timezone.now() - state.started()).total_seconds() if state.started_at else 0
    if seconds < settings.VERTELPUNT_MIN_SECONDS_FOR_STORY:
        return Verdict.TOO_FAST
    allowed = ratelimit.allow(
        request,
        scope="story",
        limit=settings.VERTELPUNT_STORIES_PER_CLIENT_PER_HOUR,
        window_seconds=3600,
    )
    return Verdict.OK if allowed else Verdict.TOO_MANY
