"""Teller pages (the URLs in tracks/urls.py)."""

from tracks.views.common import teller_context
from tracks.views.pages import home, privacy, root, track_intro, withdraw
from tracks.views.steps import another, question_step, story_step, thanks

__all__ = [
    "another",
    "home",
    "privacy",
    "question_step",
    "root",
    "story_step",
    "teller_context",
    "thanks",
    "track_intro",
    "withdraw",
]
