"""Reads for the teller flow."""

import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from signifiers.answers import AnswerValue
from signifiers.models import QuestionnaireVersion, Signifier
from signifiers.selectors import latest_published_version, version_signifiers
from tracks.models import Answer, Collection, SourceChannel, Story, Track


@dataclass(frozen=True)
class TellerTrack:
    track: Track  # with its collection and questionnaire
    version: QuestionnaireVersion | None  # the newest published version: new stories use it


# Every teller request needs the track, its collection and the newest published version
# (two queries). They change only when staff edit them, so each process keeps them for a few
# seconds (VERTELPUNT_TELLER_CACHE_SECONDS): closing a collection or publishing a version
# reaches every teller within that time. Unknown slugs are kept too (a scan for pages must
# not become a scan of the database), bounded in number.
_TELLER_TRACKS: dict[tuple[str, str], tuple[float, TellerTrack | None]] = {}
_TELLER_TRACKS_MAX = 256


def teller_track(collection_slug: str, role: str) -> TellerTrack | None:
    """The track of this collection and role as tellers see it now; None if there is none."""
    key = (collection_slug, role)
    now = time.monotonic()
    cached = _TELLER_TRACKS.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    track = (
        Track.objects.select_related("collection__questionnaire")
        .filter(collection__slug=collection_slug, role=role)
        .first()
    )
    teller = None
    if track is not None:
        teller = TellerTrack(track, latest_published_version(track.collection.questionnaire))
    seconds = settings.VERTELPUNT_TELLER_CACHE_SECONDS
    if seconds > 0:
        if len(_TELLER_TRACKS) >= _TELLER_TRACKS_MAX:
            _TELLER_TRACKS.clear()
        _TELLER_TRACKS[key] = (now + seconds, teller)
    return teller


def teller_tracks_forget() -> None:
    """Drop what this process keeps, for a change that must show at once (tests, a command
    in the same process)."""
    _TELLER_TRACKS.clear()


def story_version(teller: TellerTrack, version_id: int) -> QuestionnaireVersion | None:
    """The published version a story of this track was started on: nearly always the newest
    (no query); an older one when a new version was published during the teller's visit."""
    if teller.version is not None and teller.version.pk == version_id:
        return teller.version
    return QuestionnaireVersion.objects.filter(
        pk=version_id,
        questionnaire_id=teller.track.collection.questionnaire_id,
        status=QuestionnaireVersion.Status.PUBLISHED,
    ).first()


def story_step_values(
    *, story_id: int, version: QuestionnaireVersion, step: int
) -> dict[str, AnswerValue]:
    """The stored answers of one step as form values, so going back shows them again."""
    signifiers = {s.pk: s for s in version_signifiers(version) if s.step == step}
    rows = Answer.objects.filter(story_id=story_id, signifier_id__in=signifiers).select_related(
        "option"
    )
    grouped: dict[int, list[Answer]] = defaultdict(list)
    for row in rows:
        grouped[row.signifier_id].append(row)
    values: dict[str, AnswerValue] = {}
    for signifier_id, answers in grouped.items():
        signifier = signifiers[signifier_id]
        values[signifier.key] = _as_value(signifier, answers)
    return values


def story_in_progress(*, story_id: int, track: Track) -> Story | None:
    """The teller's incomplete story with its text (step 1 shown again)."""
    return (
        Story.objects.only("title", "text", "submission_token")
        .filter(pk=story_id, track=track, status=Story.Status.INCOMPLETE)
        .first()
    )


def _as_value(signifier: Signifier, answers: list[Answer]) -> AnswerValue:
    first = answers[0]
    if first.is_na:
        return AnswerValue(na=True)
    if first.option_id is not None:
        by_order = sorted(answers, key=lambda a: a.option.order if a.option else 0)
        return AnswerValue(option_keys=tuple(a.option.key for a in by_order if a.option))
    if first.slider is not None:
        return AnswerValue(slider=first.slider)
    if first.triad_a is not None and first.triad_b is not None and first.triad_c is not None:
        return AnswerValue(triad=(first.triad_a, first.triad_b, first.triad_c))
    return AnswerValue(text=first.text)


@dataclass(frozen=True)
class ShownAnswer:
    signifier: Signifier
    prompt: str
    display: str
    answers: list[Answer]


def story_answers_shown(story: Story) -> list[ShownAnswer]:
    """Every question of the story's version, in its track's wording, with what was answered."""
    rows: dict[int, list[Answer]] = {}
    for answer in Answer.objects.filter(story=story).select_related("option"):
        rows.setdefault(answer.signifier_id, []).append(answer)
    role = story.track.role
    shown = []
    for signifier in version_signifiers(story.questionnaire_version):
        wording = next(w for w in signifier.wordings.all() if w.role == role)
        answers = rows.get(signifier.pk, [])
        shown.append(
            ShownAnswer(
                signifier=signifier,
                prompt=wording.prompt,
                display=_display(signifier, wording.left_label, wording.right_label, answers),
                answers=answers,
            )
        )
    return shown


def _display(signifier: Signifier, left: str, right: str, answers: list[Answer]) -> str:
    if not answers:
        return "— niet beantwoord —"
    first = answers[0]
    if first.is_na:
        return "n.v.t."
    if first.option_id is not None:
        return ", ".join(a.option.label for a in answers if a.option)
    if first.slider is not None:
        return f"{first.slider} van 100 (0 = {left}, 100 = {right})"
    if first.triad_a is not None:
        labels = [o.label for o in signifier.options.all()]
        shares = [first.triad_a, first.triad_b, first.triad_c]
        return ", ".join(f"{label}: {share}" for label, share in zip(labels, shares, strict=False))
    return first.text or ""


def source_channel_keys(collection: Collection) -> set[str]:
    return set(SourceChannel.objects.filter(collection=collection).values_list("key", flat=True))


def source_channel_labels(collection: Collection) -> dict[str, str]:
    """Channel key → label, in the order staff gave them."""
    return dict(
        SourceChannel.objects.filter(collection=collection)
        .order_by("order", "label")
        .values_list("key", "label")
    )
