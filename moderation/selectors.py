"""Reads for moderation: the queue with highlights, and a whole story in its teller's wording."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline
from django.db.models import QuerySet

from moderation.models import AuditEntry
from signifiers.models import Signifier
from signifiers.selectors import version_signifiers
from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Answer, Story
from tracks.search import CONFIG, search_query

# Highlight markers that cannot occur in escaped text; the template turns them into <mark>.
START, STOP = "\x02", "\x03"


def queue(flt: StoryFilter) -> QuerySet[Story]:
    stories = stories_filtered(flt).select_related("collection", "track", "questionnaire_version")
    if flt.q:
        query = search_query(flt.q)
        options = {
            "start_sel": START,
            "stop_sel": STOP,
            "max_fragments": 2,
            "max_words": 30,
            "min_words": 10,
        }
        stories = stories.annotate(
            title_hl=SearchHeadline("title", query, config=CONFIG, **options),
            text_hl=SearchHeadline("text", query, config=CONFIG, **options),
        )
    return stories.order_by("-started_at", "-pk")


@dataclass(frozen=True)
class ShownAnswer:
    signifier: Signifier
    prompt: str
    display: str
    answers: list[Answer]


def story_answers(story: Story) -> list[ShownAnswer]:
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


def story_audit(story: Story) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(story_id=story.pk).select_related("actor")
