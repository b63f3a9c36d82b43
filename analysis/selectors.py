"""Drill-down: the stories behind a count, as a queryset on top of the shared filter set.

A condition is "<question key>:<token>", the same strings the charts and tables link with:
  gevoel:hoop             chose the option (or one of "a+b+c", a lumped answer)
  invloed:!ouders         answered the question without choosing that option
  goed_onderwijs:r20-39   slider value in 20–39
  gevolgen:na             "n.v.t."
  gevolgen:-              not answered
  advies:*                answered (anything but n.v.t.)
  __regio:in / :rest      in the compared region / elsewhere
  __beantwoord:7          answered exactly 7 of the questionnaire's questions (n.v.t. counts)
  __schuifregelaars:alle  answered every slider question (three or more) with a value
  __schuifregelaars:gelijk  … and gave all of them the same value

The last two are the data-quality figures (analysis.distributions.integrity); like the rest
they are decided in SQL, so a list and the count it came from agree.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery

from analysis.distributions import ANSWERED_KEY, MIN_SLIDERS, SLIDERS_ALL, SLIDERS_KEY, SLIDERS_SAME
from analysis.models import Observation, Perspective
from analysis.scan import REGION_KEY
from signifiers.kinds import Coding, keys_coded
from signifiers.models import Signifier
from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Answer, Story
from vertelpunt.dbrouter import analysis_reads

_RANGE = re.compile(r"^r(\d{1,3})-(\d{1,3})$")
_KEY = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")


class BadCondition(ValueError):
    pass


def stories_behind(flt: StoryFilter, conditions: list[str], *, region: str = "") -> QuerySet[Story]:
    """The stories behind a count, read where the count was computed (the replica, when
    there is one); the queryset is pinned to it because the page evaluates it later."""
    stories = stories_filtered(flt)
    for condition in conditions:
        stories = stories.filter(condition_q(condition, region=region))
    with analysis_reads() as alias:
        return stories.select_related("track").order_by("-started_at", "-pk").using(alias)


def condition_q(condition: str, *, region: str = "") -> Q:
    key, sep, spec = condition.partition(":")
    if not sep or not spec:
        raise BadCondition(condition)
    if key == REGION_KEY:
        if spec not in {"in", "rest"} or not region:
            raise BadCondition(condition)
        return Q(region=region) if spec == "in" else ~Q(region=region)
    if key == ANSWERED_KEY:
        if not spec.isdigit() or len(spec) > 4:
            raise BadCondition(condition)
        return _answered_count_q(int(spec))
    if key == SLIDERS_KEY:
        if spec not in {SLIDERS_ALL, SLIDERS_SAME}:
            raise BadCondition(condition)
        return _sliders_q(same=spec == SLIDERS_SAME)
    if not _KEY.match(key):
        raise BadCondition(condition)
    answers = Answer.objects.filter(story=OuterRef("pk"), signifier__key=key)
    if spec == "na":
        return Q(Exists(answers.filter(is_na=True)))
    if spec == "-":
        return ~Q(Exists(answers))
    if spec == "*":
        return Q(Exists(answers.filter(is_na=False)))
    match = _RANGE.match(spec)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        return Q(Exists(answers.filter(slider__gte=low, slider__lte=high)))
    negate = spec.startswith("!")
    keys = [k for k in spec.lstrip("!").split("+") if k]
    if not keys or not all(_KEY.match(k) for k in keys):
        raise BadCondition(condition)
    chosen = Q(Exists(answers.filter(option__key__in=keys)))
    if negate:
        return Q(Exists(answers.filter(is_na=False))) & ~chosen
    return chosen


def _questionnaire_answers() -> QuerySet[Answer]:
    """The outer story's answers to questions of its collection's questionnaire: what the
    analysis counts (answers to another questionnaire's questions are left out there too)."""
    return Answer.objects.filter(
        story=OuterRef("pk"),
        signifier__version__questionnaire_id=OuterRef("collection__questionnaire_id"),
    ).order_by()


def _answered_count_q(n: int) -> Q:
    """Stories that answered exactly `n` questions: distinct question keys with a row."""
    answers = _questionnaire_answers()
    if n == 0:
        return ~Q(Exists(answers))
    counted = (
        answers.values("story").annotate(keys=Count("signifier__key", distinct=True)).filter(keys=n)
    )
    return Q(Exists(counted))


def _sliders_q(*, same: bool) -> Q:
    """Stories with a value (not n.v.t.) on every slider question of the questionnaire, when
    it has at least MIN_SLIDERS of them; `same`: and the same value on all."""
    slider_keys = (
        Signifier.objects.filter(
            version__questionnaire_id=OuterRef(OuterRef("collection__questionnaire_id")),
            kind__in=keys_coded(Coding.SCALE),
        )
        .order_by()
        .values("version__questionnaire_id")
        .annotate(keys=Count("key", distinct=True))
        .values("keys")
    )
    given = (
        _questionnaire_answers()
        .filter(signifier__kind__in=keys_coded(Coding.SCALE), slider__isnull=False)
        .values("story")
        .annotate(
            keys=Count("signifier__key", distinct=True), low=Min("slider"), high=Max("slider")
        )
        .filter(keys=Subquery(slider_keys), keys__gte=MIN_SLIDERS)
    )
    if same:
        given = given.filter(low=F("high"))
    return Q(Exists(given))


# --- Perspectives and story cards ------------------------------------------------------------


@dataclass(frozen=True)
class StoryCard:
    """What a printed story card shows at a regional meeting."""

    story: Story
    role_type: str
    school_type: str
    advice: str


# The questions whose answers a card shows (keys of the default questionnaire).
SCHOOL_TYPE_KEY = "onderwijssoort"
ADVICE_KEY = "advies"


# Stories that may go on a printed card: complete, and not taken out by moderation (the same
# rule as a perspective's supporting stories, analysis.services.perspective_set_stories).
NOT_PRINTED = [Story.Moderation.HIDDEN, Story.Moderation.TEST, Story.Moderation.NONSENSE]


def printable(stories: QuerySet[Story]) -> QuerySet[Story]:
    return stories.filter(status=Story.Status.COMPLETE).exclude(moderation__in=NOT_PRINTED)


def perspective_with_parts(perspective_id: int) -> Perspective | None:
    return (
        Perspective.objects.prefetch_related(
            Prefetch(
                "observations",
                queryset=Observation.objects.prefetch_related("interpretations"),
            ),
            Prefetch("stories", queryset=Story.objects.select_related("track")),
        )
        .filter(pk=perspective_id)
        .first()
    )


def story_cards(stories: list[Story]) -> list[StoryCard]:
    """Cards for stories, with school type and advice read in one query."""
    answers = (
        Answer.objects.filter(
            story__in=stories, signifier__key__in=[SCHOOL_TYPE_KEY, ADVICE_KEY], is_na=False
        )
        .select_related("option", "signifier")
        .order_by("pk")
    )
    school: dict[int, str] = {}
    advice: dict[int, str] = {}
    for answer in answers:
        if answer.signifier.key == SCHOOL_TYPE_KEY and answer.option is not None:
            school[answer.story_id] = answer.option.label
        elif answer.signifier.key == ADVICE_KEY and answer.text:
            advice[answer.story_id] = answer.text
    return [
        StoryCard(
            story=s,
            role_type=s.get_role_type_display() or s.track.get_role_display(),
            school_type=school.get(s.pk, ""),
            advice=advice.get(s.pk, ""),
        )
        for s in stories
    ]
