"""Writes of the teller flow: start a story, answer a step, complete it.

Each write is one transaction, so a step is saved whole or not at all.
"""

import uuid
from datetime import datetime
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from signifiers.answers import AnswerValue
from signifiers.models import QuestionnaireVersion, Signifier
from signifiers.selectors import latest_published_version, step_count, version_signifiers
from tracks import outbox
from tracks.models import Collection, OutboxEvent, Story, StoryRemoval, Track
from tracks.search import NEW_STORY_VECTOR_SQL, story_refresh_search
from vertelpunt import receipts


class FlowError(Exception):
    """A request that does not fit the story's state (a step out of order, a closed story)."""


class StoryClosed(FlowError):
    """The story is complete (or gone): its steps can no longer change."""


class StepOutOfOrder(FlowError):
    """A step the story has not reached (or one of another questionnaire version)."""

    def __init__(self, allowed: int) -> None:
        super().__init__(f"step out of order; step {allowed} is next")
        self.allowed = allowed  # the step the teller can go on with


# A new story is one statement, outside any transaction block, written as SQL: the ORM's
# INSERT, and the BEGIN/COMMIT around it that a repeated token's IntegrityError needed, cost
# more than the rest of saving step 1 (`make bench-profile`). A repeated form token (double
# click, retry after a timeout) inserts nothing: ON CONFLICT waits for the first insert.
# The columns are named in story_start, never taken from input.
STORY_INSERT_SQL = (
    "INSERT INTO tracks_story ({columns}, search) VALUES ({values}, "  # noqa: S608
    + NEW_STORY_VECTOR_SQL
    + ") ON CONFLICT (submission_token) DO NOTHING RETURNING id"
)


def story_start(
    *,
    track: Track,
    text: str,
    title: str,
    submission_token: uuid.UUID,
    source: str,
    visit_id: uuid.UUID,
    started_at: datetime,
    version: QuestionnaireVersion | None = None,
) -> Story:
    """Store the story the moment step 1 is submitted, on `version` (a published version of
    the collection's questionnaire; by default the newest). A repeated submit with the same
    form token (double click, retry after a timeout) finds the story it created the first
    time."""
    collection = track.collection
    if not collection.is_open:
        raise FlowError("collection closed")
    if version is None:
        version = latest_published_version(collection.questionnaire)
    if version is None or not version.is_published:
        raise FlowError("collection has no published questionnaire")
    values: dict[str, Any] = {
        "collection_id": collection.pk,
        "track_id": track.pk,
        "questionnaire_version_id": version.pk,
        "title": title,
        "text": text,
        "status": Story.Status.INCOMPLETE,
        "moderation": Story.Moderation.NEW,
        "step_reached": 1,
        "started_at": min(started_at, timezone.now()),
        "source": source,
        "region": "",
        "role_type": "",
        "visit_id": visit_id,
        "submission_token": submission_token,
    }
    sql = STORY_INSERT_SQL.format(columns=", ".join(values), values=", ".join(["%s"] * len(values)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values.values(), title, text])
        row = cursor.fetchone()
    if row is not None:  # the common case: a new story
        values["id"] = row[0]
        # from_db takes the values in the model's field order; `search` and the fields a new
        # story leaves empty are deferred (read when asked for, never written back by save()).
        fields = [f.attname for f in Story._meta.concrete_fields if f.attname in values]
        story = Story.from_db(connection.alias, fields, [values[name] for name in fields])
        story.collection, story.track, story.questionnaire_version = collection, track, version
        return story
    # The token's story exists: this is a repeated submit of the same form.
    existing = Story.objects.filter(submission_token=submission_token).first()
    if existing is None:  # withdrawn in the meantime
        raise FlowError("the story of this token is gone")
    if existing.track_id != track.pk:
        raise FlowError("token belongs to another track")
    return story_update_text(story_id=existing.pk, text=text, title=title)


@transaction.atomic
def story_update_text(*, story_id: int, text: str, title: str) -> Story:
    story = Story.objects.select_for_update().filter(pk=story_id).first()
    if story is None or story.is_complete:
        raise StoryClosed(f"story {story_id} is complete or gone")
    story.text, story.title = text, title
    story.save(update_fields=["text", "title"])
    story_refresh_search(story_id=story.pk)
    return story


def story_submit_step(
    *,
    story_id: int,
    version: QuestionnaireVersion,
    step: int,
    values: dict[str, AnswerValue | None],
) -> tuple[Story, str | None]:
    """Save the answers of one step (replacing earlier ones), as asked in `version`. After
    the last step the story is complete and the teller's receipt code is returned (it is not
    stored, only its hash). What to write is worked out here; PostgreSQL's
    tracks_save_step() (migration tracks/0005) locks the story, checks that the step may be
    saved and writes it, in one statement."""
    last_step = step_count(version)
    signifiers = [s for s in version_signifiers(version) if s.step == step]
    rows: list[AnswerRow] = []
    attributes: dict[str, str | None] = {"region": None, "role_type": None}  # None: not asked
    for signifier in signifiers:
        value = values.get(signifier.key)
        if value is not None:
            rows.extend(_answer_rows(signifier, value))
        if signifier.story_attribute:
            attributes[signifier.story_attribute] = _story_attribute(signifier, value)
    receipt = None
    completion: dict[str, Any] = {}  # the story's columns a last step sets
    if step == last_step:
        receipt = receipts.generate()
        completion = {
            "status": Story.Status.COMPLETE,
            "completed_at": timezone.now(),
            "receipt_hash": receipts.digest(receipt),
        }
    columns = [list(column) for column in zip(*rows, strict=True)] or [[]] * len(AnswerRow._fields)
    params: list[Any] = [story_id, version.pk, step, last_step, [s.pk for s in signifiers]]
    params += [*columns, attributes["region"], attributes["role_type"]]
    params += [any(s.kind == Signifier.Kind.TEXT for s in signifiers)]  # refresh the search
    params += [completion.get("completed_at"), completion.get("receipt_hash")]
    params += [REFRESH_COUNTS_TASK if completion else None]
    with connection.cursor() as cursor:
        cursor.execute(SAVE_STEP_SQL, params)
        outcome, allowed, step_reached, collection_id, event_id = cursor.fetchone()
    if outcome == "closed":
        raise StoryClosed(f"story {story_id} is complete or gone")
    if outcome == "out_of_order":
        raise StepOutOfOrder(allowed)
    # The story as saved (its model fields in the model's order; the rest deferred).
    story = Story.from_db(
        connection.alias,
        ["id", "collection_id", "questionnaire_version_id", "status", "step_reached"],
        [story_id, collection_id, version.pk, Story.Status.INCOMPLETE, step_reached],
    )
    for name, change in [*attributes.items(), *completion.items()]:
        if change is not None:
            setattr(story, name, change)
    if event_id is not None:
        event = OutboxEvent(pk=event_id, task_name=REFRESH_COUNTS_TASK, args=[collection_id])
        outbox.outbox_publish_after_commit(event)
    return story, receipt


@transaction.atomic
def story_reissue_receipt(*, story_id: int, track: Track) -> tuple[Story, str] | None:
    """A new receipt code for a complete story, asked for by a final submit sent again with
    the state from before the story was complete: a double click, or a retry after the first
    answer was lost. The browser may never have received the first code, so the new one
    replaces it (only its hash is kept); the answer to the later submit is the one the
    browser shows. None when the story is not complete (or not of this track)."""
    story = (
        Story.objects.select_for_update()
        .only("receipt_hash")
        .filter(pk=story_id, track=track, status=Story.Status.COMPLETE)
        .first()
    )
    if story is None:
        return None
    receipt = receipts.generate()
    story.receipt_hash = receipts.digest(receipt)
    story.save(update_fields=["receipt_hash"])
    return story, receipt


# One step in one statement: see story_submit_step and migration tracks/0005.
SAVE_STEP_SQL = (
    "SELECT * FROM tracks_save_step(%s, %s, %s, %s, %s::bigint[], %s::bigint[], %s::boolean[],"
    " %s::bigint[], %s::integer[], %s::integer[], %s::integer[], %s::integer[], %s::text[],"
    " %s, %s, %s, %s, %s, %s)"
)
# Queued when a story is complete, with the story's collection as its argument.
REFRESH_COUNTS_TASK = "tracks.tasks.refresh_collection_counts"


class AnswerRow(NamedTuple):
    """One row of tracks_answer (a multiple choice has one per chosen option)."""

    signifier_id: int
    is_na: bool = False
    option_id: int | None = None
    slider: int | None = None
    triad_a: int | None = None
    triad_b: int | None = None
    triad_c: int | None = None
    text: str | None = None


def _answer_rows(signifier: Signifier, value: AnswerValue) -> list[AnswerRow]:
    if value.na:
        if not signifier.allow_na:
            raise ValueError(f"{signifier.key} has no n.v.t.")
        return [AnswerRow(signifier.pk, is_na=True)]
    kind = signifier.kind
    if value.option_keys and signifier.has_options and kind != Signifier.Kind.TRIAD:
        options = {o.key: o for o in signifier.options.all()}
        if any(k not in options for k in value.option_keys):
            raise ValueError(f"unknown option for {signifier.key}")
        if kind != Signifier.Kind.MULTIPLE and len(value.option_keys) != 1:
            raise ValueError(f"{signifier.key} takes one option")
        if kind == Signifier.Kind.MULTIPLE and len(value.option_keys) > (
            signifier.max_choices or 1
        ):
            raise ValueError(f"too many options for {signifier.key}")
        return [AnswerRow(signifier.pk, option_id=options[k].pk) for k in value.option_keys]
    if value.slider is not None and kind == Signifier.Kind.SLIDER:
        return [AnswerRow(signifier.pk, slider=value.slider)]
    if value.triad is not None and kind == Signifier.Kind.TRIAD:
        a, b, c = value.triad
        return [AnswerRow(signifier.pk, triad_a=a, triad_b=b, triad_c=c)]
    if value.text is not None and kind == Signifier.Kind.TEXT:
        return [AnswerRow(signifier.pk, text=value.text)]
    raise ValueError(f"value does not fit {signifier.key} ({kind})")


def _story_attribute(signifier: Signifier, value: AnswerValue | None) -> str:
    """What a region or role-type question puts in its column on the story ("" skipped)."""
    option = None
    if value is not None and value.option_keys:
        option = next(o for o in signifier.options.all() if o.key == value.option_keys[0])
    if option is None:
        return ""
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
