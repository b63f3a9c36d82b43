"""The teller's place in the flow, kept in the session (PostgreSQL-backed, ends with the
browser). One state per collection: the current story, the visit, when the teller started,
the about-you answers to reuse for a next story, and a receipt code waiting to be shown once.
"""

import re
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

from signifiers.answers import AnswerValue
from tracks.models import Collection

SOURCE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


@dataclass
class FlowState:
    visit_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    story_id: int | None = None
    role: str | None = None
    started_at: str | None = None
    source: str = ""
    completed_story_id: int | None = None
    receipt: str | None = None
    about_you: dict[str, dict[str, Any]] = field(default_factory=dict)

    def started(self) -> datetime:
        if self.started_at:
            return datetime.fromisoformat(self.started_at)
        return timezone.now()


def _key(collection: Collection) -> str:
    return f"vertelpunt:{collection.pk}"


def load(session: SessionBase, collection: Collection) -> FlowState:
    raw = session.get(_key(collection))
    if not isinstance(raw, dict):
        return FlowState()
    try:
        return FlowState(**raw)
    except TypeError:  # an older shape of the state: start fresh rather than fail
        return FlowState()


def save(session: SessionBase, collection: Collection, state: FlowState) -> None:
    session[_key(collection)] = asdict(state)


def clean_source(value: str | None) -> str:
    """A short channel token from `?bron=` (facebook, nieuwsbrief-mei); anything else is
    ignored rather than stored."""
    if value and SOURCE_RE.fullmatch(value):
        return value.lower()
    return ""


def values_to_session(values: dict[str, AnswerValue | None]) -> dict[str, dict[str, Any]]:
    return {k: asdict(v) for k, v in values.items() if v is not None}


def values_from_session(raw: dict[str, dict[str, Any]]) -> dict[str, AnswerValue]:
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
