"""Writes of the teller flow: start a story, answer a step (completing the story after the
last one), withdraw it.

Each write is one transaction that locks the story first, so a step is saved whole or not at
all and two requests for one story never interleave. Every write checks what the cookie
claims against the story in PostgreSQL: the visit that began it, its state, and the step
order (tracks.flow.may_send).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from signifiers import kinds
from signifiers.answers import AnswerValue
from signifiers.models import Signifier
from signifiers.selectors import Questions
from tracks import outbox
from tracks.flow import answers_digest, may_send
from tracks.models import Answer, Collection, Story, StoryRemoval, Track
from tracks.search import story_refresh_search
from tracks.selectors import story_answers
from vertelpunt import receipts

# Queued when a story is complete, with the story's collection as its argument.
REFRESH_COUNTS_TASK = "tracks.tasks.refresh_collection_counts"


class FlowError(Exception):
    """A request that does not fit the story's state (a step out of order, a closed story)."""


class StoryClosed(FlowError):
    """The story is complete (or gone): its steps can no longer change."""


class TokenTaken(FlowError):
    """A step-1 form token that belongs to another visit's story."""


class StepChangedElsewhere(FlowError):
    """The step's answers changed since the teller's page was opened (another tab sent them)."""

    def __init__(self, basis: str) -> None:
        super().__init__("the step was saved from another page meanwhile")
        self.basis = basis  # the digest of the answers stored now


class StepOutOfOrder(FlowError):
    """A step the story has not reached (or one of another questionnaire version)."""

    def __init__(self, allowed: int) -> None:
        super().__init__(f"step out of order; step {allowed} is next")
        self.allowed = allowed  # the step the teller can go on with


def story_start(
    *,
    track: Track,
    questions: Questions,
    text: str,
    title: str,
    submission_token: uuid.UUID,
    source: str,
    visit_id: uuid.UUID,
    started_at: datetime,
    language: str = "nl",
) -> Story:
    """Store the story the moment step 1 is sent, on the given published version. The same
    form sent again (a double click, a retry after a timeout) finds the story it made the
    first time; a form token from another visit's page does not."""
    collection = track.collection
    if not collection.is_open or not questions.version.is_published:
        raise FlowError("the collection takes no stories now")
    with transaction.atomic():
        # A concurrent first request with the same token: get_or_create finds its story.
        story, created = Story.objects.get_or_create(
            submission_token=submission_token,
            defaults={
                "collection": collection,
                "track": track,
                "questionnaire_version": questions.version,
                "title": title,
                "text": text,
                "step_reached": 1,
                "started_at": min(started_at, timezone.now()),
                "source": source,
                "visit_id": visit_id,
                "language": language,
            },
        )
        if created:
            story_refresh_search(story_id=story.pk)
            return story
    if story.visit_id != visit_id or story.track_id != track.pk:
        raise TokenTaken("the form token belongs to another visit")
    return story_update_text(story_id=story.pk, visit_id=visit_id, text=text, title=title)


@transaction.atomic
def story_update_text(*, story_id: int, visit_id: uuid.UUID, text: str, title: str) -> Story:
    story = _locked_story(story_id, visit_id)
    story.text, story.title = text, title
    story.save(update_fields=["text", "title"])
    story_refresh_search(story_id=story.pk)
    return story


@dataclass(frozen=True)
class StepSaved:
    story: Story
    receipt: str | None  # the receipt code, once, when this step completed the story


@transaction.atomic
def story_answer_step(
    *,
    story_id: int,
    visit_id: uuid.UUID,
    questions: Questions,
    step: int,
    values: dict[str, AnswerValue | None],
    complete: bool,
    basis: str | None = None,
) -> StepSaved:
    """Save the answers of one step, replacing earlier ones (the teller went back). With
    `complete` (the last step sent forward) the story is complete and the teller's receipt
    code is returned: only its hash is stored, and no later request can make another.

    `basis` is the digest of the step's answers when the teller's page was opened: when they
    have changed since (another tab) to something other than what is sent now, nothing is
    saved and StepChangedElsewhere says so."""
    story = _locked_story(story_id, visit_id)
    if story.questionnaire_version_id != questions.version.pk or not may_send(
        step, story.step_reached, questions.last_step
    ):
        raise StepOutOfOrder(min(story.step_reached + 1, questions.last_step))
    if basis is not None:
        stored = answers_digest(story_answers(story_id=story.pk).step_values(questions, step))
        if stored not in (basis, answers_digest(values)):
            raise StepChangedElsewhere(stored)
    signifiers = questions.of_step(step)
    Answer.objects.filter(story=story, signifier__in=signifiers).delete()
    Answer.objects.bulk_create(
        Answer(story=story, signifier=s, **vars(row))
        for s in signifiers
        if (value := values.get(s.key)) is not None
        for row in kinds.kind(s.kind).store(s, value)
    )
    story.step_reached = max(story.step_reached, step)
    changed = ["step_reached"]
    for signifier in signifiers:
        if signifier.story_attribute:
            setattr(story, signifier.story_attribute, _story_attribute(signifier, values))
            changed.append(signifier.story_attribute)
    receipt = None
    if complete:
        receipt = receipts.generate()
        story.status = Story.Status.COMPLETE
        story.completed_at = timezone.now()
        story.receipt_hash = receipts.digest(receipt)
        changed += ["status", "completed_at", "receipt_hash"]
        outbox.outbox_add(task_name=REFRESH_COUNTS_TASK, args=[story.collection_id])
    story.save(update_fields=changed)
    if any(kinds.kind(s.kind).feeds_search for s in signifiers):
        story_refresh_search(story_id=story.pk)
    return StepSaved(story, receipt)


def _locked_story(story_id: int, visit_id: uuid.UUID) -> Story:
    """The incomplete story of this visit, locked for the rest of the transaction."""
    story = (
        Story.objects.select_for_update()
        .filter(pk=story_id, visit_id=visit_id, status=Story.Status.INCOMPLETE)
        .first()
    )
    if story is None:
        raise StoryClosed(f"story {story_id} is complete, gone or not this visit's")
    return story


def _story_attribute(signifier: Signifier, values: dict[str, AnswerValue | None]) -> str:
    """What a region or role-type question puts in its column on the story ("" skipped)."""
    value = values.get(signifier.key)
    if value is None or not value.option_keys:
        return ""
    option = next(o for o in signifier.options.all() if o.key == value.option_keys[0])
    if signifier.story_attribute == Signifier.StoryAttribute.ROLE_TYPE:
        return option.group
    return option.key


def story_find_by_receipt(*, collection: Collection, code: str) -> Story | None:
    story = (
        Story.objects.select_related("track", "questionnaire_version")
        .filter(collection=collection, receipt_hash=receipts.digest(code))
        .first()
    )
    if story is None or story.receipt_hash is None:
        return None
    return story if receipts.matches(code, story.receipt_hash) else None


@transaction.atomic
def story_withdraw(*, story: Story) -> None:
    """The teller takes the story back: story and answers are deleted (not flagged), so it
    leaves every count at once, and exports made before become stale. A record without
    content keeps that it happened."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    story_removal_record(story=story, kind=StoryRemoval.Kind.WITHDRAWN)
    collection_id = story.collection_id
    story.answers.all().delete()
    story.delete()
    outbox.outbox_add(task_name=REFRESH_COUNTS_TASK, args=[collection_id])


def story_removal_record(*, story: Story, kind: str) -> StoryRemoval:
    """Note, without content, that the story or text in it was taken out (a withdrawal, a
    redaction): from now on every export that may hold the old text is stale."""
    return StoryRemoval.objects.create(
        collection_id=story.collection_id,
        story_id=story.pk,
        story_started_at=story.started_at,
        kind=kind,
    )


def collection_refresh_counts(*, collection_id: int) -> None:
    count = Story.objects.filter(collection_id=collection_id, status=Story.Status.COMPLETE).count()
    Collection.objects.filter(pk=collection_id).update(completed_story_count=count)
