"""The teller's place in the flow, kept in a signed cookie that ends with the browser.

One state per collection: the current story, the visit, when the teller started, the
about-you answers to reuse for a next story, and a receipt code waiting to be shown once.

Why a cookie and not the database session: a teller request then reads and writes no
session row (the largest fixed cost of a step, `make bench`), and nothing about a teller's
visit is kept on the server beyond the story itself. The cookie is signed, so it cannot be
forged; it holds nothing the teller did not type or see themselves. Every write still goes
through tracks.services, which checks the story's state in PostgreSQL: the cookie says
which story, never what the story may do. Staff sessions stay in PostgreSQL (revocable).
"""

import uuid
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from signifiers.answers import AnswerValue
from tracks.models import SOURCE_OTHER, Collection

SALT = "vertelpunt.tracks.flow"


@dataclass
class FlowState:
    visit_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    story_id: int | None = None
    # The story's track, questionnaire version and last saved step, so that showing a step
    # needs no query. Saving one checks them against the story in PostgreSQL.
    role: str | None = None
    version_id: int | None = None
    step_reached: int = 0
    started_at: str | None = None
    source: str = ""
    completed_story_id: int | None = None
    receipt: str | None = None
    about_you: dict[str, dict[str, Any]] = field(default_factory=dict)

    def in_story(self, role: str) -> bool:
        """True while this track's story is being told (step 1 saved, not complete)."""
        return self.story_id is not None and self.role == role and self.version_id is not None

    def started(self) -> datetime:
        if self.started_at:
            return datetime.fromisoformat(self.started_at)
        return timezone.now()


def cookie_name(collection: Collection) -> str:
    return f"vp_flow_{collection.pk}"


def load(request: HttpRequest, collection: Collection) -> FlowState:
    """The state of this collection's flow; a fresh one when there is none, when it was
    tampered with, or when the teller was away longer than SESSION_COOKIE_AGE."""
    raw = request.COOKIES.get(cookie_name(collection))
    if not raw:
        return FlowState()
    try:
        data = signing.loads(raw, salt=SALT, max_age=settings.SESSION_COOKIE_AGE)
        return FlowState(**data)
    except (signing.BadSignature, TypeError, ValueError):
        return FlowState()


def save(response: HttpResponse, collection: Collection, state: FlowState) -> HttpResponse:
    """Attach the state to the response (no max-age: the cookie ends with the browser, as
    pupils share school computers)."""
    response.set_cookie(
        cookie_name(collection),
        # vars(), not asdict(): the fields are plain JSON values already, and asdict's deep
        # copy was a measurable part of every step (make bench-profile).
        signing.dumps(vars(state), salt=SALT, compress=True),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def clean_source(value: str | None, channels: Container[str]) -> str:
    """The channel of `?bron=`: one of the collection's channel keys (any case), "overig"
    for any other value, "" without one. What a link says is never kept as it is: anyone
    can put anything in it, a name or a class, and it would reach the dashboards."""
    if not value:
        return ""
    key = value.lower()
    return key if key in channels else SOURCE_OTHER


def values_to_state(values: dict[str, AnswerValue | None]) -> dict[str, dict[str, Any]]:
    # vars(), not asdict(), as in save(): asdict's deep copy was a tenth of the about-you
    # step's CPU (make bench-profile), and its tuples become JSON lists all the same.
    return {k: dict(vars(v)) for k, v in values.items() if v is not None}


def values_from_state(raw: dict[str, dict[str, Any]]) -> dict[str, AnswerValue]:
    values = {}
    for key, data in raw.items():
        try:
            values[key] = AnswerValue(
                na=bool(data.get("na")),
                option_keys=tuple(data.get("option_keys") or ()),
                slider=data.get("slider"),
                triad=tuple(data["triad"]) if data.get("triad") else None,  # type: ignore[arg-type]
                text=data.get("text"),
            )
        except (AttributeError, TypeError, KeyError):
            continue
    return values
