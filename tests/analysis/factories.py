"""Bulk-made stories with answers, for analysis tests (the teller flow would be too slow for
thousands of stories, and the analysis only reads the typed rows)."""

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from signifiers.models import Option, QuestionnaireVersion, Signifier
from signifiers.selectors import latest_published_version
from tracks.models import Answer, Collection, Story

NA = "n.v.t."


def make_stories(
    collection: Collection,
    answers: list[dict[str, Any]],
    *,
    role: str = "ouder",
    region: str = "",
    moderation: str = Story.Moderation.APPROVED,
    version: QuestionnaireVersion | None = None,
) -> list[Story]:
    """One complete story per dict of answers: {"gevoel": "hoop", "invloed": ["ouders"],
    "goed_onderwijs": 72, "gevolgen": NA}; a missing key is a skipped question."""
    version = version or latest_published_version(collection.questionnaire)
    assert version is not None
    track = collection.tracks.get(role=role)
    signifiers = {s.key: s for s in Signifier.objects.filter(version=version)}
    options = {
        (o.signifier.key, o.key): o
        for o in Option.objects.filter(signifier__version=version).select_related("signifier")
    }
    now = timezone.now()
    stories = Story.objects.bulk_create(
        [
            Story(
                collection=collection,
                track=track,
                questionnaire_version=version,
                title="Titel",
                text="Een verhaal.",
                status=Story.Status.COMPLETE,
                moderation=moderation,
                started_at=now - timedelta(minutes=i + 1),
                completed_at=now - timedelta(minutes=i),
                region=region,
                submission_token=uuid.uuid4(),
            )
            for i in range(len(answers))
        ]
    )
    rows = []
    for story, given in zip(stories, answers, strict=True):
        for key, value in given.items():
            signifier = signifiers[key]
            rows.extend(_rows(story, signifier, value, options))
    Answer.objects.bulk_create(rows)
    return stories


def _rows(story: Story, signifier: Signifier, value: Any, options: dict) -> list[Answer]:
    base = {"story": story, "signifier": signifier}
    if value == NA:
        return [Answer(is_na=True, **base)]
    if signifier.kind == Signifier.Kind.SLIDER:
        return [Answer(slider=value, **base)]
    if signifier.kind == Signifier.Kind.TRIAD:
        a, b, c = value
        return [Answer(triad_a=a, triad_b=b, triad_c=c, **base)]
    if signifier.kind == Signifier.Kind.TEXT:
        return [Answer(text=value, **base)]
    keys = value if isinstance(value, list) else [value]
    return [Answer(option=options[(signifier.key, k)], **base) for k in keys]


def from_crosstab(
    table: list[list[int]], row_key: str, row_values: list[Any], col_key: str, col_values: list[Any]
) -> list[dict[str, Any]]:
    """Answer dicts that reproduce a contingency table cell by cell."""
    result: list[dict[str, Any]] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            result.extend({row_key: row_values[i], col_key: col_values[j]} for _ in range(count))
    return result
