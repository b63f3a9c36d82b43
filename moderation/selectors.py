"""Reads for moderation: the queue with search highlights, and a story's audit log."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.postgres.search import SearchHeadline
from django.db.models import QuerySet

from moderation.models import AuditEntry
from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Story, StoryRemoval
from tracks.search import CONFIG, own_search_query, search_query, story_config
from tracks.selectors import ShownAnswer
from vertelpunt.pii import find_personal_data

# Highlight markers that cannot occur in escaped text; the template turns them into <mark>.
START, STOP = "\x02", "\x03"


def queue(flt: StoryFilter) -> QuerySet[Story]:
    stories = stories_filtered(flt).select_related("collection", "track", "questionnaire_version")
    if flt.q:
        query = search_query(flt.q)
        options: dict[str, Any] = {
            "start_sel": START,
            "stop_sel": STOP,
            "max_fragments": 2,
            "max_words": 30,
            "min_words": 10,
        }
        # The teller's words are highlighted as their language parses them, the Dutch
        # translation as Dutch does.
        own = own_search_query(flt.q)
        stories = stories.annotate(
            title_hl=SearchHeadline("title", own, config=story_config(), **options),
            text_hl=SearchHeadline("text", own, config=story_config(), **options),
            translation_hl=SearchHeadline("translation_nl_text", query, config=CONFIG, **options),
        )
    return stories.order_by("-started_at", "-pk")


def story_audit(story: Story) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(story_id=story.pk).select_related("actor")


def story_withdrawn_at(story_id: int) -> datetime | None:
    """When the teller withdrew this (deleted) story; None if they never did. Older
    withdrawals are in the audit log, newer ones only in tracks' record of removals."""
    removal = StoryRemoval.objects.filter(
        story_id=story_id, kind=StoryRemoval.Kind.WITHDRAWN
    ).first()
    if removal is not None:
        return removal.at
    entry = AuditEntry.objects.filter(story_id=story_id, action=AuditEntry.Action.WITHDRAW).first()
    return entry.at if entry is not None else None


@dataclass(frozen=True)
class PersonalDataHit:
    # As the redact form names it: "text", "title", "answer:<id>", "translation_nl_text"…
    field: str
    where: str
    kind: str
    fragment: str


def story_personal_data(story: Story, answers: list[ShownAnswer]) -> list[PersonalDataHit]:
    """What looks like personal data in the story's texts, each with its one-click redaction."""
    texts = [
        ("title", "titel", story.title),
        ("text", "verhaal", story.text),
        ("translation_nl_title", "titel vertaling", story.translation_nl_title),
        ("translation_nl_text", "vertaling", story.translation_nl_text),
    ]
    for shown in answers:
        texts += [(f"answer:{a.pk}", shown.signifier.key, a.text) for a in shown.answers if a.text]
    hits = []
    seen = set()
    for field, where, text in texts:
        for span in find_personal_data(text):
            fragment = span.text(text)
            if (field, fragment) not in seen:
                seen.add((field, fragment))
                hits.append(PersonalDataHit(field, where, span.kind, fragment))
    return hits
