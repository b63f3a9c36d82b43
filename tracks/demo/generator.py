"""The demo seeder's story generator: stories and their answers as COPY text, fast.

Distributions follow the 2019 vertelpunt (DOMAIN.md): tracks, sources, drop-out, a second
story in the same visit; answers keep every rule of the questionnaire.
"""

from __future__ import annotations

import math
import os
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate

from django.utils import timezone

from signifiers.kinds import AnswerKind, DemoStory, StoredAnswer, kind
from signifiers.models import QuestionnaireVersion, Role, Signifier
from signifiers.selectors import version_signifiers
from tracks.demo.fragments import ADVICE, ENDINGS, MIDDLES, OPENINGS, TITLES
from tracks.models import Story

SPAN_DAYS = 150

# Tellers per track in 2019: parents 52%, professionals ~30%, pupils 8% (DOMAIN.md).
TRACK_WEIGHTS: dict[str, int] = {Role.OUDER: 52, Role.PROFESSIONAL: 30, Role.LEERLING: 8}
SOURCES = ["facebook", "twitter", "nieuwsbrief", ""]
SOURCE_WEIGHTS = [62, 12, 10, 16]
MODERATION = [m.value for m in Story.Moderation]
MODERATION_WEIGHTS = {"new": 14, "approved": 78, "hidden": 3, "test": 2, "nonsense": 3}
# Drop-out 2.7%: 2.5% right after the story, 0.2% on the "about you" step.
STOP_AFTER_STORY = 0.025
STOP_BEFORE_ABOUT_YOU = 0.002
SECOND_STORY = 0.08
# Skipped questions: few about the story, more about the teller, most on the last page.
SKIP_STORY, SKIP_ABOUT_YOU, SKIP_LAST = 0.03, 0.06, 0.10
NA_SHARE = 0.06
LOG_15 = math.log(15)  # median minutes to complete a story
PARAGRAPH = "\x00"  # placeholder for a paragraph break while joining sentences
HOURS = list(range(24))
# Evenings are busier than nights.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 4, 5, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 9, 12, 12, 8, 3]


@dataclass
class _Question:
    id: int
    kind: AnswerKind
    step: int
    allow_na: bool
    max_choices: int
    attribute: str
    carry_over: bool
    # role → [(option id, key, group, label)] shown on that track.
    options: dict[str, list[tuple[int, str, str, str]]] = field(default_factory=dict)
    # COPY line tails: everything after "story_id" for n.v.t. and for each option.
    skip: float = 0.05
    na_tail: str = ""
    option_tails: dict[int, str] = field(default_factory=dict)
    # option id → (option id, key, group, label), to copy a story attribute from the answer.
    option_of: dict[int, tuple[int, str, str, str]] = field(default_factory=dict)


@dataclass
class _Version:
    id: int
    label: str
    last_step: int
    questions: list[_Question]
    region: _Question | None = None

    @property
    def about_you_step(self) -> int | None:
        """The first page with questions about the teller, carried over to a next story."""
        return min((q.step for q in self.questions if q.carry_over), default=None)

    @property
    def id_text(self) -> str:
        return str(self.id)


@dataclass
class _Visit:
    """What a teller's second story in one visit reuses: track, about-you answers, source."""

    visit_id: str
    role: str
    version: _Version
    source: str
    ended_at: datetime
    about_you: list[str]
    region: str
    role_type: str


def prepare_version(version: QuestionnaireVersion) -> _Version:
    questions = []
    for s in version_signifiers(version):
        options = list(s.options.all())
        q = _Question(
            id=s.pk,
            kind=kind(s.kind),
            step=s.step,
            allow_na=s.allow_na,
            max_choices=s.max_choices or 1,
            attribute=s.story_attribute,
            carry_over=s.carry_over,
            options={
                role: [(o.pk, o.key, o.group, o.label) for o in options if o.is_shown_to(role)]
                for role in Role.values
            },
        )
        q.na_tail = f"\t{s.pk}\tt\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n"
        q.option_tails = {o.pk: f"\t{s.pk}\tf\t{o.pk}\t\\N\t\\N\t\\N\t\\N\t\\N\n" for o in options}
        q.option_of = {o.pk: (o.pk, o.key, o.group, o.label) for o in options}
        questions.append(q)
    last_step = max((q.step for q in questions), default=1)
    for q in questions:
        # A kind may say how often its answers are left out (free text: most of the time).
        q.skip = q.kind.demo_skip if q.kind.demo_skip is not None else SKIP_STORY
        if q.kind.demo_skip is None and (q.carry_over or q.step == last_step):
            q.skip = SKIP_ABOUT_YOU if q.carry_over else SKIP_LAST
    region = next((q for q in questions if q.attribute == Signifier.StoryAttribute.REGION), None)
    return _Version(version.pk, version.label, last_step, questions, region)


def _tail(q: _Question, row: StoredAnswer) -> str:
    """The COPY line of one answer row after its story id. Demo texts hold no tabs or
    backslashes, so they need no escaping."""
    if row.option_id is not None:
        return q.option_tails[row.option_id]
    values = (row.slider, row.triad_a, row.triad_b, row.triad_c, row.text)
    cells = "\t".join("\\N" if v is None else str(v) for v in values)
    return f"\t{q.id}\tf\t\\N\t{cells}\n"


class Generator:
    """Builds stories and their answers as COPY text. The hot loop of the seeder: it uses
    `random()` directly and precomputed line tails rather than `choice()` and formatting."""

    def __init__(
        self,
        rng: random.Random,
        collection_id: int,
        tracks: dict[str, int],
        roles: list[str],
        versions: list[_Version],
    ) -> None:
        self.rng = rng
        self.collection_id = str(collection_id)
        self.tracks = {role: str(pk) for role, pk in tracks.items()}
        self.roles = roles
        self.role_weights = list(accumulate(TRACK_WEIGHTS[r] for r in roles))
        self.source_weights = list(accumulate(SOURCE_WEIGHTS))
        self.hour_weights = list(accumulate(HOUR_WEIGHTS))
        self.moderation = list(MODERATION_WEIGHTS)
        self.moderation_weights = list(accumulate(MODERATION_WEIGHTS.values()))
        self.versions = versions
        self.end = timezone.now().replace(microsecond=0)
        self.start = self.end - timedelta(days=SPAN_DAYS)
        # The older version ran the first 40% of the period (v1 Nov–Jan, v2 Jan–Mar in 2019).
        self.switch = self.start + timedelta(days=SPAN_DAYS * 0.4)
        self.previous: _Visit | None = None

    def batch(self, ids: list[int]) -> tuple[str, str]:
        """COPY text for a batch of stories (staging columns) and their answers."""
        story_lines: list[str] = []
        answer_lines: list[str] = []
        for story_id in ids:
            story_lines.append(self._story(str(story_id), answer_lines))
        return "".join(story_lines), "".join(answer_lines)

    def _story(self, story_id: str, answers: list[str]) -> str:
        rng = self.rng
        rnd = rng.random
        visit = self.previous if self.previous and rnd() < SECOND_STORY else None
        if visit is not None:
            # Same track and version: the "about you" answers it reuses belong to them.
            role, source, version = visit.role, visit.source, visit.version
            started = visit.ended_at + timedelta(seconds=rng.randint(30, 600))
            visit_id = visit.visit_id
        else:
            role = rng.choices(self.roles, cum_weights=self.role_weights)[0]
            source = rng.choices(SOURCES, cum_weights=self.source_weights)[0]
            hour = rng.choices(HOURS, cum_weights=self.hour_weights)[0]
            offset = timedelta(days=int(rnd() * SPAN_DAYS), hours=hour, seconds=int(rnd() * 3600))
            # Early enough that a second story in the same visit also ends before now.
            started = min(self.start + offset, self.end - timedelta(hours=5))
            # Ids from the OS, not the seeded generator: a second run with the same seed must
            # not repeat them (the submission token is unique).
            visit_id = os.urandom(16).hex()
            version = self.versions[0] if started < self.switch else self.versions[-1]

        r = rnd()
        if r < STOP_AFTER_STORY:
            step_reached = 1
        elif r < STOP_AFTER_STORY + STOP_BEFORE_ABOUT_YOU:
            step_reached = max(1, (version.about_you_step or version.last_step) - 1)
        else:
            step_reached = version.last_step
        complete = step_reached == version.last_step and step_reached > 1
        minutes = min(120.0, max(3.0, rng.lognormvariate(LOG_15, 0.6)))
        completed = started + timedelta(minutes=minutes) if complete else None

        valence = rng.betavariate(1.4, 1.4)
        region = role_type = free_text = ""
        about_you: list[str] = []
        reuse = visit.about_you if visit is not None else None
        # The region is drawn first so that a province question (asked before it) can agree
        # with it: a select whose option label is the region's group picks that option.
        region_options = version.region.options[role] if version.region else []
        pre_region = region_options[int(rnd() * len(region_options))] if region_options else None
        drawn = DemoStory(rng=rng, valence=valence, region=pre_region, texts=ADVICE)
        for q in version.questions:
            step = q.step
            if step > step_reached or (reuse is not None and q.carry_over):
                continue  # not reached; or a second story, which reuses "about you" below
            if rnd() < q.skip:
                continue
            if q.allow_na and rnd() < NA_SHARE:
                answers.append(story_id + q.na_tail)
                if q.carry_over:
                    about_you.append(q.na_tail)
                continue
            rows = q.kind.demo_answer(
                drawn, options=q.options[role], max_choices=q.max_choices, attribute=q.attribute
            )
            for row in rows:
                tail = _tail(q, row)
                answers.append(story_id + tail)
                if q.carry_over:
                    about_you.append(tail)
            if not rows:
                continue
            if q.kind.feeds_search and rows[0].text:
                free_text = rows[0].text
            if rows[0].option_id is not None:
                picked = q.option_of[rows[0].option_id]
                if q.attribute == Signifier.StoryAttribute.REGION:
                    region = picked[1]
                elif q.attribute == Signifier.StoryAttribute.ROLE_TYPE:
                    role_type = picked[2]
        about_you_step = version.about_you_step
        if about_you_step is None or step_reached < about_you_step:
            reuse = None  # nothing to carry over, or the story stopped before those pages
        if reuse is not None and visit is not None:
            answers.extend(story_id + tail for tail in reuse)
            about_you, region, role_type = reuse, visit.region, visit.role_type

        self.previous = (
            _Visit(visit_id, role, version, source, completed, about_you, region, role_type)
            if completed is not None and visit is None
            else None
        )
        moderation = rng.choices(self.moderation, cum_weights=self.moderation_weights)[0]
        return (
            "\t".join(
                (
                    story_id,
                    self.collection_id,
                    self.tracks[role],
                    version.id_text,
                    TITLES[int(rnd() * len(TITLES))],
                    self._text(role),
                    "complete" if complete else "incomplete",
                    moderation,
                    str(step_reached),
                    started.isoformat(),
                    completed.isoformat() if completed else "\\N",
                    source,
                    region,
                    role_type,
                    visit_id,
                    os.urandom(16).hex(),
                    free_text,
                )
            )
            + "\n"
        )

    def _text(self, role: str) -> str:
        """A story of 2 to 30 sentences (most 4–10) in paragraphs, COPY-escaped."""
        rnd = self.rng.random
        openings = OPENINGS[role]
        parts = [openings[int(rnd() * len(openings))]]
        sentences = 1 + min(28, int(self.rng.expovariate(1 / 6)))
        for i in range(sentences):
            parts.append(MIDDLES[int(rnd() * len(MIDDLES))])
            if i % 4 == 3 and rnd() < 0.5:
                parts.append(PARAGRAPH)
        parts.append(ENDINGS[int(rnd() * len(ENDINGS))])
        # Fragments hold no tabs or backslashes; only the paragraph breaks need escaping.
        return " ".join(parts).replace(" " + PARAGRAPH + " ", "\\n\\n")
