"""Reads for the teller flow."""

from collections import defaultdict

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
