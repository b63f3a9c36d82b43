"""The teller's way through a story: a small state machine, and the signed cookie that keeps
its state between requests.

The rules are pure functions from a state and a request to a decision: which step a teller
may open, what sending a step does, where it leads (tests/tracks/test_flow_rules.py tests
them without HTTP). The views carry the decisions out; the services check every save against
the story in PostgreSQL with the same rule (`may_send`), because a cookie can be old.

Why a cookie and not the database session: nothing about a teller's visit is kept on the
server beyond the story itself, and no session row is written for a teller. The cookie is
signed with SECRET_KEY, so it cannot be forged; it ends with the browser (pupils share school
computers) and holds nothing the teller did not type or see.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Container, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from signifiers.answers import AnswerValue
from tracks.models import SOURCE_OTHER

SALT = "vertelpunt.tracks.flow"
# Where a decision leads: a step number, or the thank-you page.
THANKS = 0


@dataclass(frozen=True)
class FlowState:
    visit_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    # The story being told: its id, track, questionnaire version and last saved step.
    story_id: int | None = None
    role: str | None = None
    version_id: int | None = None
    step_reached: int = 0
    started_at: str | None = None
    source: str = ""
    # The story this visit completed last, and its receipt code: shown on the thank-you page
    # for the rest of the visit, never stored on the server (only its hash is).
    completed_story_id: int | None = None
    completed_role: str | None = None
    receipt: str | None = None
    # The about-you answers, offered again when the same visit tells another story.
    about_you: dict[str, dict[str, Any]] = field(default_factory=dict)

    def in_story(self, role: str) -> bool:
        """True while this track's story is being told (step 1 saved, not complete)."""
        return self.telling(role) is not None

    def telling(self, role: str) -> int | None:
        """The id of this track's story being told, if any."""
        if self.role == role and self.version_id is not None:
            return self.story_id
        return None

    def completed(self, role: str) -> bool:
        return self.completed_story_id is not None and self.completed_role == role

    def started(self) -> datetime:
        if self.started_at:
            return datetime.fromisoformat(self.started_at)
        return timezone.now()


# --- Decisions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Open:
    """Show the question step of the story being told."""

    story_id: int


@dataclass(frozen=True)
class Move:
    """Send the teller elsewhere (a step, or THANKS) without a word: nothing went wrong."""

    to: int


@dataclass(frozen=True)
class Refuse:
    """This cannot be sent now (an old page, a replayed form): say so, and offer `to`."""

    to: int


@dataclass(frozen=True)
class Save:
    """Save the step of the story being told (completing it if `complete`), then go to
    `then`."""

    story_id: int
    complete: bool
    then: int


def may_send(step: int, reached: int, last: int) -> bool:
    """Whether question step `step` may be saved for a story whose teller saved up to
    `reached`: any step already seen, or the next one, never past the last."""
    return 2 <= step <= min(reached + 1, last)


def open_step(state: FlowState, *, role: str, step: int, last: int) -> Open | Move:
    """A teller opens question step `step` (2 or more) of track `role`, of `last` steps."""
    story_id = state.telling(role)
    if story_id is None:
        # The story was sent (the back button after the thank-you page), or never begun.
        return Move(THANKS if state.completed(role) else 1)
    if not may_send(step, state.step_reached, last):
        return Move(state.step_reached + 1)
    return Open(story_id)


def send_step(
    state: FlowState, *, role: str, step: int, last: int, back: bool
) -> Save | Move | Refuse:
    """A teller sends question step `step`; `back` when they pressed "Vorige", which saves
    and goes back on every step, the last one too."""
    story_id = state.telling(role)
    if story_id is None:
        # Sent again after the story was complete (a double click, an old tab): the story
        # stands as it was sent, and no second receipt code is ever made.
        return Move(THANKS) if state.completed(role) else Refuse(1)
    if not may_send(step, state.step_reached, last):
        return Refuse(state.step_reached + 1)
    if back:
        return Save(story_id, complete=False, then=step - 1)
    if step == last:
        return Save(story_id, complete=True, then=THANKS)
    return Save(story_id, complete=False, then=step + 1)


# --- New states -----------------------------------------------------------------------------


def story_begun(state: FlowState, *, role: str) -> FlowState:
    """The teller opened a new story's first page: its time starts now."""
    if state.started_at is not None and state.role == role:
        return state
    return replace(state, started_at=timezone.now().isoformat(), role=role)


def story_saved(state: FlowState, *, story_id: int, role: str, version_id: int) -> FlowState:
    reached = max(state.step_reached, 1) if state.story_id == story_id else 1
    return replace(state, story_id=story_id, role=role, version_id=version_id, step_reached=reached)


def step_saved(
    state: FlowState, *, reached: int, about_you: dict[str, AnswerValue | None] | None = None
) -> FlowState:
    state = replace(state, step_reached=reached)
    if about_you:
        kept = {k: v for k, v in state.about_you.items() if k not in about_you}
        state = replace(state, about_you=kept | values_to_state(about_you))
    return state


def story_completed(state: FlowState, *, receipt: str) -> FlowState:
    return replace(
        state,
        story_id=None,
        version_id=None,
        step_reached=0,
        started_at=None,
        completed_story_id=state.story_id,
        completed_role=state.role,
        receipt=receipt,
    )


def story_gone(state: FlowState) -> FlowState:
    """The story of the state is complete or withdrawn elsewhere: stop telling it."""
    return replace(state, story_id=None, version_id=None, step_reached=0, started_at=None)


def step_order_lost(state: FlowState, *, allowed: int) -> FlowState:
    """The database says the teller may go on with step `allowed` (the cookie was old)."""
    return replace(state, step_reached=allowed - 1)


def next_story(state: FlowState) -> FlowState:
    """Another story in the same visit: the about-you answers and the last code stay."""
    return replace(state, story_id=None, version_id=None, step_reached=0, started_at=None)


def with_source(state: FlowState, value: str | None, channels: Container[str]) -> FlowState:
    source = clean_source(value, channels)
    return replace(state, source=source) if source else state


def clean_source(value: str | None, channels: Container[str]) -> str:
    """The channel of `?bron=`: one of the collection's channel keys (any case), "overig"
    for any other value, "" without one. What a link says is never kept as it is: anyone
    can put anything in it, a name or a class, and it would reach the dashboards."""
    if not value:
        return ""
    key = value.lower()
    return key if key in channels else SOURCE_OTHER


# --- The cookie -----------------------------------------------------------------------------


def cookie_name(collection_id: int) -> str:
    return f"vp_flow_{collection_id}"


def load(request: HttpRequest, collection_id: int) -> FlowState:
    """The state of this collection's flow; a fresh one when there is none, when it was
    tampered with, or when the teller was away longer than SESSION_COOKIE_AGE."""
    raw = request.COOKIES.get(cookie_name(collection_id))
    if not raw:
        return FlowState()
    try:
        data = signing.loads(raw, salt=SALT, max_age=settings.SESSION_COOKIE_AGE)
        return FlowState(**data)
    except (signing.BadSignature, TypeError, ValueError):
        return FlowState()


def save(response: HttpResponse, collection_id: int, state: FlowState) -> HttpResponse:
    """Attach the state to the response (no max-age: the cookie ends with the browser)."""
    response.set_cookie(
        cookie_name(collection_id),
        signing.dumps(vars(state), salt=SALT, compress=True),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def answers_digest(values: Mapping[str, AnswerValue | None]) -> str:
    """A short fingerprint of one step's answers: equal answers, equal digest."""
    canonical = json.dumps(values_to_state(dict(values)), sort_keys=True, default=list)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def values_to_state(values: dict[str, AnswerValue | None]) -> dict[str, dict[str, Any]]:
    return {k: dict(vars(v)) for k, v in values.items() if v is not None}


def values_from_state(raw: dict[str, dict[str, Any]]) -> dict[str, AnswerValue]:
    values = {}
    for key, data in raw.items():
        try:
            triad = data.get("triad")
            values[key] = AnswerValue(
                na=bool(data.get("na")),
                option_keys=tuple(data.get("option_keys") or ()),
                slider=data.get("slider"),
                triad=(triad[0], triad[1], triad[2]) if triad else None,
                text=data.get("text"),
            )
        except (AttributeError, TypeError, KeyError, IndexError):
            continue
    return values
