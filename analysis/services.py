"""Run an analysis for a filter set, cache it, and queue the recomputation for big sets."""

import hashlib
import json
import logging
import time
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from analysis.columns import question_columns
from analysis.distributions import Distribution, Group, Integrity, distributions, integrity
from analysis.matrix import coded_stories
from analysis.models import Interpretation, Observation, Perspective
from analysis.params import AnalysisParams
from analysis.questions import Question, question_set
from analysis.scan import Category, Scan, pair_scan, scan_variables
from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Collection, Story
from tracks.outbox import outbox_add
from vertelpunt.dbrouter import analysis_reads

logger = logging.getLogger(__name__)

TASK_NAME = "analysis.tasks.compute_analysis"
# A result lives this long; a changed set of stories gets a new key sooner (see _stamp).
CACHE_SECONDS = 60 * 60
# A queued or running computation is marked this long; a task that died is queued again after.
PROGRESS_SECONDS = 10 * 60
# Filter sets up to this many stories are computed in the request; bigger ones by Celery.
DEFAULT_INLINE_LIMIT = 20_000


@dataclass(frozen=True)
class VariableInfo:
    id: str
    question: str
    label: str
    kind: str
    categories: tuple[Category, ...]


@dataclass(frozen=True)
class Analysis:
    """Everything the pages show for one filter set; picklable, without per-story arrays."""

    filter: StoryFilter
    params: AnalysisParams
    n: int
    questions: list[Question]
    groups: list[Group]
    distributions: list[Distribution]
    integrity: Integrity
    variables: dict[str, VariableInfo]
    scan: Scan
    seconds: float
    computed_at: datetime


def analysis_filter(flt: StoryFilter) -> StoryFilter:
    """The analysis works on one questionnaire: without a chosen collection, the first."""
    if flt.collection:
        return flt
    first = Collection.objects.order_by("slug").values_list("slug", flat=True).first()
    return replace(flt, collection=first or "")


def analysis_compute(
    *, flt: StoryFilter, params: AnalysisParams, progress_key: str | None = None
) -> Analysis:
    started = time.perf_counter()
    flt = analysis_filter(flt)
    # The heavy part: every answer of the set. On the read replica when there is one.
    with analysis_reads():
        collection = Collection.objects.filter(slug=flt.collection).first()
        qset = question_set(collection, params.lump_map()) if collection else None
        coded = coded_stories(flt, list(qset.signifier_index) if qset else [])
    columns = question_columns(coded, qset) if qset else []
    groups, dists = distributions(columns, coded, params)
    variables = scan_variables(columns, coded, params)

    def progress(done: int, total: int) -> None:
        if progress_key:
            _cache_set(progress_key, {"done": done, "total": total}, PROGRESS_SECONDS)

    scan = pair_scan(variables, params, progress=progress)
    seconds = time.perf_counter() - started
    logger.info("analysis: %s stories, %s pairs in %.2fs", coded.n, len(scan.results), seconds)
    return Analysis(
        filter=flt,
        params=params,
        n=coded.n,
        questions=qset.questions if qset else [],
        groups=groups,
        distributions=dists,
        integrity=integrity(columns, coded),
        variables={
            v.id: VariableInfo(v.id, v.question, v.label, v.kind, v.categories) for v in variables
        },
        scan=scan,
        seconds=seconds,
        computed_at=timezone.now(),
    )


def cache_key(flt: StoryFilter, params: AnalysisParams) -> str:
    flt = analysis_filter(flt)
    raw = json.dumps([flt.as_query(), params.as_query(), _stamp(flt)], sort_keys=True, default=str)
    return "analysis:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def _stamp(flt: StoryFilter) -> list[object]:
    """Changes when stories are added to or leave the set (a cheap aggregate)."""
    # A count over the whole set on every page view: a heavy read, so on the replica too.
    with analysis_reads():
        agg = stories_filtered(flt).aggregate(
            n=Count("id"), last=Max("id"), done=Max("completed_at")
        )
    return [agg["n"], agg["last"], str(agg["done"])]


# The cache is Redis: when it is down the pages compute in the request rather than fail.
def _cache_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception as exc:  # any Redis failure
        logger.warning("analysis: cache unavailable (%s)", type(exc).__name__)
        return None


def _cache_set(key: str, value: object, seconds: int = CACHE_SECONDS) -> None:
    try:
        cache.set(key, value, seconds)
    except Exception as exc:  # any Redis failure
        logger.warning("analysis: cache unavailable (%s)", type(exc).__name__)


def _cache_delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception as exc:  # any Redis failure
        logger.warning("analysis: cache unavailable (%s)", type(exc).__name__)


def analysis_cached(*, flt: StoryFilter, params: AnalysisParams) -> Analysis | None:
    result: Analysis | None = _cache_get(cache_key(flt, params))
    return result


def analysis_store(*, flt: StoryFilter, params: AnalysisParams) -> Analysis:
    key = cache_key(flt, params)
    result = analysis_compute(flt=flt, params=params, progress_key=f"{key}:progress")
    _cache_set(key, result)
    _cache_delete(f"{key}:progress")
    return result


def analysis_forget(*, flt: StoryFilter, params: AnalysisParams) -> None:
    """Drop a cached result (the analyst asked for a fresh one)."""
    _cache_delete(cache_key(flt, params))


def analysis_progress(*, flt: StoryFilter, params: AnalysisParams) -> dict[str, int] | None:
    progress: dict[str, int] | None = _cache_get(f"{cache_key(flt, params)}:progress")
    return progress


def analysis_size(flt: StoryFilter) -> int:
    flt = analysis_filter(flt)
    with analysis_reads():
        return stories_filtered(flt).count()


def inline_limit() -> int:
    return int(getattr(settings, "ANALYSIS_INLINE_LIMIT", DEFAULT_INLINE_LIMIT))


def analysis_queue(*, flt: StoryFilter, params: AnalysisParams) -> None:
    """Ask Celery for the result, through the outbox so a Redis outage does not lose it.
    A progress marker stops a reload from queueing the same work twice."""
    key = f"{cache_key(flt, params)}:progress"
    if _cache_get(key) is not None:
        return
    _cache_set(key, {"done": 0, "total": 0}, PROGRESS_SECONDS)
    outbox_add(task_name=TASK_NAME, args=[flt.as_query(), params.as_query()])


# --- Observations, interpretations, perspectives ----------------------------------------------


@transaction.atomic
def observation_create(
    *, text: str, pair_a: str, pair_b: str, query: dict[str, str], actor: Any
) -> Observation:
    return Observation.objects.create(
        text=text.strip(), pair_a=pair_a, pair_b=pair_b, query=query, created_by=actor
    )


@transaction.atomic
def interpretation_add(*, observation: Observation, text: str, actor: Any) -> Interpretation:
    return Interpretation.objects.create(
        observation=observation, text=text.strip(), created_by=actor
    )


@transaction.atomic
def perspective_create(
    *, title: str, summary: str, observations: list[Observation], actor: Any
) -> Perspective:
    perspective = Perspective.objects.create(
        title=title.strip(), summary=summary.strip(), created_by=actor
    )
    perspective.observations.set(observations)
    return perspective


@transaction.atomic
def perspective_set_stories(*, perspective: Perspective, story_ids: list[int]) -> None:
    """Supporting stories: only complete, non-hidden stories of existing ids are kept."""
    stories = Story.objects.filter(pk__in=story_ids, status=Story.Status.COMPLETE).exclude(
        moderation__in=[Story.Moderation.HIDDEN, Story.Moderation.TEST, Story.Moderation.NONSENSE]
    )
    perspective.stories.set(stories)
