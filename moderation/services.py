"""Moderation actions. Every action writes an audit entry (who, when, what, status before and
after) in the same transaction; redacted text is replaced and the original is not kept."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction

from moderation.models import AuditEntry
from tracks.models import Answer, Story, StoryRemoval
from tracks.search import story_refresh_search
from tracks.services import story_removal_record

REDACTED = "[verwijderd]"

STATUS_FOR_ACTION = {
    AuditEntry.Action.APPROVE: Story.Moderation.APPROVED,
    AuditEntry.Action.HIDE: Story.Moderation.HIDDEN,
    AuditEntry.Action.MARK_TEST: Story.Moderation.TEST,
    AuditEntry.Action.MARK_NONSENSE: Story.Moderation.NONSENSE,
}


# Story fields a moderator may redact in: the teller's and the working translation's.
REDACTABLE = ("title", "text", "translation_nl_title", "translation_nl_text")
TITLES = {"title", "translation_nl_title"}


class RedactionError(ValueError):
    """The fragment to remove is not in the chosen text."""


class TranslationError(ValueError):
    """A working translation is only for a story told in another language than Dutch."""


@transaction.atomic
def stories_moderate(*, story_ids: Iterable[int], actor: User, action: str) -> int:
    """Set the moderation status of one or more stories; returns how many were found."""
    new_status = STATUS_FOR_ACTION[AuditEntry.Action(action)]
    stories = list(Story.objects.select_for_update().filter(pk__in=list(story_ids)).order_by("pk"))
    for story in stories:
        before = story.moderation
        story.moderation = new_status
        story.save(update_fields=["moderation"])
        AuditEntry.objects.create(
            actor=actor,
            story_id=story.pk,
            action=action,
            status_before=before,
            status_after=new_status,
        )
    return len(stories)


@transaction.atomic
def story_redact(*, story: Story, actor: User, field: str, fragment: str) -> int:
    """Replace every occurrence of `fragment` in the story's title, text, one free-text
    answer (`answer:<id>`) or its working translation by "[verwijderd]". Returns the number
    of replacements."""
    fragment = fragment.strip()
    if not fragment:
        raise RedactionError("empty fragment")
    story = Story.objects.select_for_update().get(pk=story.pk)
    if field in REDACTABLE:
        original = getattr(story, field)
        count = original.count(fragment)
        if count:
            redacted = original.replace(fragment, REDACTED)
            if field in TITLES:  # "[verwijderd]" may be longer than what it replaces
                redacted = redacted[: Story._meta.get_field("title").max_length]
            setattr(story, field, redacted)
            story.save(update_fields=[field])
    elif field.startswith("answer:"):
        answer = Answer.objects.filter(
            story=story, pk=field.removeprefix("answer:"), text__isnull=False
        ).first()
        if answer is None or answer.text is None:
            raise RedactionError("no such answer")
        count = answer.text.count(fragment)
        if count:
            answer.text = answer.text.replace(fragment, REDACTED)
            answer.save(update_fields=["text"])
    else:
        raise RedactionError("unknown field")
    if not count:
        raise RedactionError("fragment not found")
    story_refresh_search(story_id=story.pk)
    # Exports made before now still hold the text that was removed.
    story_removal_record(story=story, kind=StoryRemoval.Kind.REDACTED)
    AuditEntry.objects.create(
        actor=actor,
        story_id=story.pk,
        action=AuditEntry.Action.REDACT,
        status_before=story.moderation,
        status_after=story.moderation,
        detail=f"{field} ({count}×)",
    )
    return count


def story_add_note(*, story: Story, actor: User, note: str) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        story_id=story.pk,
        action=AuditEntry.Action.NOTE,
        status_before=story.moderation,
        status_after=story.moderation,
        detail=note.strip(),
    )


@transaction.atomic
def story_set_translation(*, story: Story, actor: User, title: str, text: str) -> AuditEntry | None:
    """Set the Dutch working translation of a story told in another language, as the
    moderator typed it; both empty removes it. Returns the audit entry (which names what
    changed, never the words), or None when nothing changed.

    The old words of a changed or removed translation may be in exports made before: those
    become stale, as after a redaction."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not story.takes_translation:
        raise TranslationError("the story is told in Dutch")
    title, text = title.strip(), text.strip()
    before = (story.translation_nl_title, story.translation_nl_text)
    if (title, text) == before:
        return None
    if not story.has_translation:
        action = AuditEntry.Action.TRANSLATION_ADD
    elif title or text:
        action = AuditEntry.Action.TRANSLATION_EDIT
    else:
        action = AuditEntry.Action.TRANSLATION_REMOVE
    # Which parts changed, by field as a redaction names them ("title", "text").
    changed = [
        name
        for name, old, new in [("title", before[0], title), ("text", before[1], text)]
        if old != new
    ]
    story.translation_nl_title, story.translation_nl_text = title, text
    story.save(update_fields=["translation_nl_title", "translation_nl_text"])
    story_refresh_search(story_id=story.pk)
    if action != AuditEntry.Action.TRANSLATION_ADD:
        story_removal_record(story=story, kind=StoryRemoval.Kind.REDACTED)
    return AuditEntry.objects.create(
        actor=actor,
        story_id=story.pk,
        action=action,
        status_before=story.moderation,
        status_after=story.moderation,
        detail=", ".join(changed),
    )
