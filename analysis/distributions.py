"""How each question was answered, per track (or this region against the rest)."""

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from analysis.columns import MISSING, NA, Column
from analysis.matrix import CodedStories
from analysis.params import AnalysisParams
from analysis.questions import Question
from analysis.scan import BIN_EDGES, REGION_KEY
from signifiers.kinds import Coding
from signifiers.models import Role

# Drill-down keys of the data-quality figures (see analysis.selectors.condition_q).
ANSWERED_KEY = "__beantwoord"
SLIDERS_KEY = "__schuifregelaars"
SLIDERS_ALL = "alle"
SLIDERS_SAME = "gelijk"
# "Same value on every slider" only says something with at least this many sliders.
MIN_SLIDERS = 3

# Triad points are rounded to this many percentage points so a chart stays small.
TRIAD_STEP = 10


@dataclass(frozen=True)
class Group:
    label: str
    # Extra query parameters that restrict the drill-down to this group.
    query: dict[str, str]


@dataclass(frozen=True)
class Bar:
    label: str
    counts: list[int]  # per group
    drill: str  # "<question>:<token>"


@dataclass(frozen=True)
class Distribution:
    question: Question
    bars: list[Bar]
    base: list[int]  # per group: stories that gave an answer (the 100% of the bars)
    na: list[int]
    missing: list[int]
    total: list[int]
    # Triads: per group, (a, b, c, count) with shares rounded to TRIAD_STEP.
    triad_points: list[list[tuple[int, int, int, int]]] | None = None


def story_groups(coded: CodedStories, params: AnalysisParams) -> tuple[list[Group], np.ndarray]:
    """Groups to compare and each story's group: this region and the rest, else tracks."""
    if params.region:
        inside = (
            coded.region == coded.regions.index(params.region)
            if params.region in coded.regions
            else np.zeros(coded.n, dtype=bool)
        )
        groups = [
            Group(params.region, {"v": f"{REGION_KEY}:in"}),
            Group(_("rest van het land"), {"v": f"{REGION_KEY}:rest"}),
        ]
        return groups, np.where(inside, 0, 1).astype(np.int32)
    labels = dict(Role.choices)
    groups = [Group(str(labels.get(role, role)), {"track": role}) for role in coded.roles]
    return groups, coded.track.astype(np.int32)


def distributions(
    columns: list[Column], coded: CodedStories, params: AnalysisParams
) -> tuple[list[Group], list[Distribution]]:
    groups, group_of = story_groups(coded, params)
    k = len(groups)
    result = []
    for column in columns:
        q, codes = column.question, column.codes

        def per_group(mask: np.ndarray) -> list[int]:
            return np.bincount(group_of[mask], minlength=k).tolist()

        answered = codes >= 0
        bars: list[Bar] = []
        points = None
        if q.coding == Coding.CHOICE:
            for i, choice in enumerate(q.choices):
                bars.append(Bar(choice.label, per_group(codes == i), f"{q.key}:{choice.token}"))
        elif q.coding == Coding.CHOICES and column.chosen is not None:
            for i, choice in enumerate(q.choices):
                bars.append(
                    Bar(choice.label, per_group(column.chosen[:, i]), f"{q.key}:{choice.token}")
                )
        elif q.coding == Coding.SCALE:
            for lo, hi in zip(BIN_EDGES[:-1], BIN_EDGES[1:], strict=True):
                top = min(hi - 1, 100)
                in_bin = answered & (codes >= lo) & (codes <= top)
                bars.append(Bar(f"{lo}–{top}", per_group(in_bin), f"{q.key}:r{lo}-{top}"))
        elif q.coding == Coding.SHARES:
            points = _triad_points(column, group_of, k)
        else:
            bars.append(Bar(_("beantwoord"), per_group(answered), f"{q.key}:*"))
        result.append(
            Distribution(
                question=q,
                bars=bars,
                base=per_group(answered),
                na=per_group(codes == NA),
                missing=per_group(codes == MISSING),
                total=np.bincount(group_of, minlength=k).tolist(),
                triad_points=points,
            )
        )
    return groups, result


def _triad_points(
    column: Column, group_of: np.ndarray, k: int
) -> list[list[tuple[int, int, int, int]]]:
    if column.triad_a is None or column.triad_b is None:
        return [[] for _ in range(k)]
    has = column.codes >= 0
    a = np.rint(column.triad_a / TRIAD_STEP).astype(np.int32)
    b = np.rint(column.triad_b / TRIAD_STEP).astype(np.int32)
    steps = 100 // TRIAD_STEP + 1
    result = []
    for g in range(k):
        mask = has & (group_of == g)
        counts = np.bincount(a[mask] * steps + b[mask], minlength=steps * steps)
        points = []
        for flat in np.flatnonzero(counts):
            pa, pb = divmod(int(flat), steps)
            pa, pb = pa * TRIAD_STEP, pb * TRIAD_STEP
            # Rounding can push a + b past 100; the remainder is then clipped at 0.
            points.append((pa, pb, max(100 - pa - pb, 0), int(counts[flat])))
        result.append(points)
    return result


@dataclass(frozen=True)
class Integrity:
    """Per-story answer spread, so odd responses surface: how many questions each story
    answered, and how many gave every slider the same value (three sliders or more)."""

    questions: int
    answered_per_story: list[int]  # index = number of questions answered (n.v.t. counts)
    slider_stories: int
    same_sliders: int


def integrity(columns: list[Column], coded: CodedStories) -> Integrity:
    answered = np.zeros(coded.n, dtype=np.int32)
    for column in columns:
        answered += (column.codes >= 0) | (column.codes == NA)
    sliders = [c.codes for c in columns if c.question.coding == Coding.SCALE]
    slider_stories = same = 0
    if len(sliders) >= MIN_SLIDERS:
        values = np.stack(sliders, axis=1)
        given = values >= 0
        enough = given.all(axis=1)
        slider_stories = int(enough.sum())
        same = int((enough & (values.max(axis=1) == values.min(axis=1))).sum())
    return Integrity(
        questions=len(columns),
        answered_per_story=np.bincount(answered, minlength=len(columns) + 1).tolist(),
        slider_stories=slider_stories,
        same_sliders=same,
    )
