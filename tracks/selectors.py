"""Reads for the teller flow."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.utils import translation

from signifiers.answers import AnswerValue
from signifiers.kinds import kind
from signifiers.models import QuestionnaireVersion, Signifier
from signifiers.published import published_page
from signifiers.selectors import Questions, version_questions
from tracks.models import Answer, Collection, SourceChannel, Story, Track


@dataclass(frozen=True)
class Teller:
    """What a teller page of one track needs: the track (with its collection and
    questionnaire) and which version is the newest published one (None: nothing is
    published yet), by its key and publication time (see signifiers.published)."""

    track: Track
    version_id: int | None
    version_published_at: datetime | None

    @property
    def collection(self) -> Collection:
        return self.track.collection


def teller_track(collection_slug: str, role: str) -> Teller | None:
    """The track with its collection, and which version is the newest published one."""
    track = (
        Track.objects.select_related("collection")
        .filter(collection__slug=collection_slug, role=role)
        .first()
    )
    if track is None:
        return None
    newest = (
        QuestionnaireVersion.objects.filter(
            questionnaire_id=track.collection.questionnaire_id,
            status=QuestionnaireVersion.Status.PUBLISHED,
        )
        .order_by("-number")
        .values_list("pk", "published_at")
        .first()
    )
    version_id, published_at = newest or (None, None)
    return Teller(track, version_id, published_at)


def story_questions(teller: Teller, version_id: int | None, *, step: int) -> Questions | None:
    """Page `step` of the published version a story was started on: nearly always the
    newest; an older one when a new version was published during the teller's visit. None
    when the version is not one of this collection's published ones."""
    newest = (teller.version_id, teller.version_published_at)
    if version_id is None or version_id == teller.version_id:
        wanted, published_at = newest
    else:
        wanted = version_id
        published_at = (
            QuestionnaireVersion.objects.filter(
                pk=version_id,
                questionnaire_id=teller.track.collection.questionnaire_id,
                status=QuestionnaireVersion.Status.PUBLISHED,
            )
            .values_list("published_at", flat=True)
            .first()
        )
    if wanted is None or published_at is None:
        return None
    return published_page(wanted, published_at, role=teller.track.role, step=step)


@dataclass(frozen=True)
class StoredAnswers:
    """A story's stored answers, read once for a request."""

    rows: list[Answer]

    @property
    def answered(self) -> int:
        """How many questions the teller has answered so far ("niet van toepassing" counts;
        a skipped question has no answer)."""
        return len({row.signifier_id for row in self.rows})

    def step_values(self, questions: Questions, step: int) -> dict[str, AnswerValue]:
        """The answers of one step as form values, so going back shows them again."""
        signifiers = {s.pk: s for s in questions.of_step(step)}
        grouped: dict[int, list[Answer]] = defaultdict(list)
        for row in self.rows:
            if row.signifier_id in signifiers:
                grouped[row.signifier_id].append(row)
        return {
            signifiers[signifier_id].key: kind(signifiers[signifier_id].kind).read(
                signifiers[signifier_id], rows
            )
            for signifier_id, rows in grouped.items()
        }


def story_answers(*, story_id: int | None) -> StoredAnswers:
    """Every stored answer of the story (none for no story yet): one query."""
    if story_id is None:
        return StoredAnswers([])
    return StoredAnswers(list(Answer.objects.filter(story_id=story_id).order_by("pk")))


def story_in_progress(*, story_id: int, track: Track, visit_id: str) -> Story | None:
    """The teller's incomplete story with its text (step 1 shown again)."""
    return (
        Story.objects.only("title", "text", "submission_token")
        .filter(pk=story_id, track=track, visit_id=visit_id, status=Story.Status.INCOMPLETE)
        .first()
    )


@dataclass(frozen=True)
class ShownAnswer:
    signifier: Signifier
    prompt: str
    display: str
    answers: list[Answer]


def story_answers_shown(story: Story, *, for_teller: bool = False) -> list[ShownAnswer]:
    """Every question of the story's version, in its track's wording, with what was answered:
    for the teller in the track's own option labels, for staff in the canonical ones."""
    rows: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(story=story):
        rows[answer.signifier_id].append(answer)
    role = story.track.role
    # The teller reads the page's language; staff read the Dutch.
    language = translation.get_language() if for_teller else "nl"
    shown = []
    for signifier in version_questions(story.questionnaire_version).signifiers:
        wording = next(w for w in signifier.wordings.all() if w.role == role)
        answers = rows.get(signifier.pk, [])
        display = kind(signifier.kind).describe(
            signifier,
            answers,
            left=wording.text("left", language),
            right=wording.text("right", language),
            role=role if for_teller else "",
        )
        shown.append(ShownAnswer(signifier, wording.text("prompt", language), display, answers))
    return shown


def source_channel_keys(collection: Collection) -> set[str]:
    return set(SourceChannel.objects.filter(collection=collection).values_list("key", flat=True))


def source_channel_labels(collection: Collection) -> dict[str, str]:
    """Channel key → label, in the order staff gave them."""
    return dict(
        SourceChannel.objects.filter(collection=collection)
        .order_by("order", "label")
        .values_list("key", "label")
    )
