"""Writes of the teller flow: start a story, answer a step, complete it.

Each function is one transaction, so a step is saved whole or not at all.
"""

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from signifiers.answers import AnswerValue
from signifiers.models import Signifier
from signifiers.selectors import latest_published_version, step_count, version_signifiers
from tracks import outbox
from tracks.models import Answer, Collection, Story, Track
from tracks.search import new_story_search_vector, search_vector, story_refresh_search
from vertelpunt import receipts


class FlowError(Exception):
    """A request that does not fit the story's state (a step out of order, a closed story)."""


@transaction.atomic
def story_start(
    *,
    track: Track,
    text: str,
    title: str,
    submission_token: uuid.UUID,
    source: str,
    visit_id: uuid.UUID,
    started_at: datetime,
) -> Story:
    """Store the story the moment step 1 is submitted. A repeated submit with the same form
    token (double click, retry after a timeout) finds the story it created the first time."""
    collection = track.collection
    if not collection.is_open:
        raise FlowError("collection closed")
    version = latest_published_version(collection.questionnaire)
    if version is None:
        raise FlowError("collection has no published questionnaire")
    story, created = Story.objects.get_or_create(
        submission_token=submission_token,
        defaults={
            "collection": collection,
            "track": track,
            "questionnaire_version": version,
            "title": title,
            "text": text,
            "source": source,
            "visit_id": visit_id,
            "started_at": min(started_at, timezone.now()),
            "search": new_story_search_vector(title=title, text=text),
        },
    )
    if not created:
        if story.track_id != track.pk:
            raise FlowError("token belongs to another track")
        return story_update_text(story=story, text=text, title=title)
    return story


@transaction.atomic
def story_update_text(*, story: Story, text: str, title: str) -> Story:
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.is_complete:
        raise FlowError("story already complete")
    story.text, story.title = text, title
    story.save(update_fields=["text", "title"])
    story_refresh_search(story_id=story.pk)
    return story


@transaction.atomic
def story_submit_step(
    *, story: Story, step: int, values: dict[str, AnswerValue | None]
) -> tuple[Story, str | None]:
    """Replace the answers of one step. After the last step the story is complete and the
    teller's receipt code is returned (it is not stored, only its hash)."""
    # Locks the story row only (`of`): its version and collection rows are shared by every
    # teller, and locking them too would make all submits of a collection wait in line.
    story = (
        Story.objects.select_for_update(of=("self",))
        .select_related("questionnaire_version")
        .defer("text", "search")
        .get(pk=story.pk)
    )
    if story.is_complete:
        raise FlowError("story already complete")
    version = story.questionnaire_version
    last_step = step_count(version)
    if not 2 <= step <= min(story.step_reached + 1, last_step):
        raise FlowError("step out of order")

    signifiers = [s for s in version_signifiers(version) if s.step == step]
    if step <= story.step_reached:  # answered before (the teller went back): replace
        Answer.objects.filter(story=story, signifier__in=signifiers).delete()
    rows: list[Answer] = []
    changes: dict[str, object] = {"step_reached": max(story.step_reached, step)}
    for signifier in signifiers:
        value = values.get(signifier.key)
        if value is not None:
            rows.extend(_answer_rows(story, signifier, value))
        if signifier.story_attribute:
            changes[signifier.story_attribute] = _story_attribute(signifier, value)
    Answer.objects.bulk_create(rows)
    if any(s.kind == Signifier.Kind.TEXT for s in signifiers):
        changes["search"] = search_vector()

    receipt = None
    if step == last_step:
        receipt = receipts.generate()
        changes |= {
            "status": Story.Status.COMPLETE,
            "completed_at": timezone.now(),
            "receipt_hash": receipts.digest(receipt),
        }
        outbox.outbox_add(
            task_name="tracks.tasks.refresh_collection_counts", args=[story.collection_id]
        )
    # One UPDATE for the step, the search vector and completion (values, not the stale row).
    Story.objects.filter(pk=story.pk).update(**changes)
    for name, value in changes.items():
        if name != "search":
            setattr(story, name, value)
    return story, receipt


@transaction.atomic
def story_reissue_receipt(*, story_id: int, track: Track) -> tuple[Story, str] | None:
    """A new receipt code for a story that was completed but whose code never reached the
    teller (the answer to the final submit was lost). Only the new code's hash is kept, so
    the lost one stops working. None when the story is not complete (or not of this track)."""
    story = (
        Story.objects.select_for_update()
        .filter(pk=story_id, track=track, status=Story.Status.COMPLETE)
        .first()
    )
    if story is None:
        return None
    receipt = receipts.generate()
    story.receipt_hash = receipts.digest(receipt)
    story.save(update_fields=["receipt_hash"])
    return story, receipt


def _answer_rows(story: Story, signifier: Signifier, value: AnswerValue) -> list[Answer]:
    if value.na:
        if not signifier.allow_na:
            raise ValueError(f"{signifier.key} has no n.v.t.")
        return [Answer(story=story, signifier=signifier, is_na=True)]
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
        return [
            Answer(story=story, signifier=signifier, option=options[k]) for k in value.option_keys
        ]
    if value.slider is not None and kind == Signifier.Kind.SLIDER:
        return [Answer(story=story, signifier=signifier, slider=value.slider)]
    if value.triad is not None and kind == Signifier.Kind.TRIAD:
        a, b, c = value.triad
        return [Answer(story=story, signifier=signifier, triad_a=a, triad_b=b, triad_c=c)]
    if value.text is not None and kind == Signifier.Kind.TEXT:
        return [Answer(story=story, signifier=signifier, text=value.text)]
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
    leaves every export and count. The audit log keeps that it happened, without content."""
    from moderation.models import AuditEntry  # moderation builds on tracks, not the reverse

    story = Story.objects.select_for_update().get(pk=story.pk)
    AuditEntry.objects.create(
        actor=None,
        story_id=story.pk,
        action=AuditEntry.Action.WITHDRAW,
        status_before=story.moderation,
        status_after="",
    )
    collection_id = story.collection_id
    story.answers.all().delete()
    story.delete()
    outbox.outbox_add(task_name="tracks.tasks.refresh_collection_counts", args=[collection_id])


def collection_refresh_counts(*, collection_id: int) -> None:
    count = Story.objects.filter(collection_id=collection_id, status=Story.Status.COMPLETE).count()
    Collection.objects.filter(pk=collection_id).update(completed_story_count=count)
