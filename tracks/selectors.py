"""Reads for the teller flow."""

from collections import defaultdict
from dataclasses import dataclass

from signifiers.answers import AnswerValue
from signifiers.models import Signifier
from signifiers.selectors import version_signifiers
from tracks.models import Answer, Story


def story_step_values(story: Story, step: int) -> dict[str, AnswerValue]:
    """The stored answers of one step as form values, so going back shows them again."""
    signifiers = {
        s.pk: s for s in version_signifiers(story.questionnaire_version) if s.step == step
    }
    rows = Answer.objects.filter(story=story, signifier_id__in=signifiers).select_related("option")
    grouped: dict[int, list[Answer]] = defaultdict(list)
    for row in rows:
        grouped[row.signifier_id].append(row)
    values: dict[str, AnswerValue] = {}
    for signifier_id, answers in grouped.items():
        signifier = signifiers[signifier_id]
        values[signifier.key] = _as_value(signifier, answers)
    return values


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
