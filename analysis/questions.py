"""The questions of a collection as the analysis sees them: one per signifier key across all
versions (a key keeps its meaning between versions), with options merged for display."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from signifiers.kinds import Coding, kind
from signifiers.models import Option, Role, Signifier, Wording
from tracks.models import Collection


@dataclass(frozen=True)
class Choice:
    """One displayed answer of a question: an option, or several merged ("lumped")."""

    label: str
    keys: tuple[str, ...]

    @property
    def token(self) -> str:
        return "+".join(self.keys)


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    prompt: str
    allow_na: bool
    choices: tuple[Choice, ...] = ()
    left: str = ""
    right: str = ""

    @property
    def label(self) -> str:
        return self.key.replace("_", " ").capitalize()

    @property
    def coding(self) -> Coding:
        """How its answers are coded: that of the newest version's kind."""
        return kind(self.kind).analysis_coding


@dataclass(frozen=True)
class QuestionSet:
    questions: list[Question]
    # signifier id → index into `questions`; option id → index into that question's choices.
    signifier_index: dict[int, int] = field(default_factory=dict)
    option_choice: dict[int, int] = field(default_factory=dict)

    def by_key(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)


Lumps = dict[str, list[tuple[str, ...]]]


def question_set(collection: Collection, lumps: Lumps | None = None) -> QuestionSet:
    """Every signifier key of the collection's questionnaire, newest version's order first.
    `lumps` maps a question key to groups of option keys shown as one answer."""
    lumps = lumps or {}
    signifiers = (
        Signifier.objects.filter(version__questionnaire_id=collection.questionnaire_id)
        .select_related("version")
        .prefetch_related(
            Prefetch("wordings", queryset=Wording.objects.all()),
            Prefetch("options", queryset=Option.objects.order_by("order")),
        )
        .order_by("-version__number", "step", "order")
    )
    role_order = {role: i for i, role in enumerate(Role.values)}
    by_key: dict[str, list[Signifier]] = {}
    for s in signifiers:
        by_key.setdefault(s.key, []).append(s)
    questions: list[Question] = []
    signifier_index: dict[int, int] = {}
    option_choice: dict[int, int] = {}
    for key, versions in by_key.items():
        newest = versions[0]
        wordings = sorted(newest.wordings.all(), key=lambda w: role_order.get(w.role, 99))
        wording = wordings[0] if wordings else None
        option_keys: dict[str, str] = {}
        for s in versions:
            for o in s.options.all():
                option_keys.setdefault(o.key, o.label)
        choices = _choices(option_keys, lumps.get(key, []))
        choice_of = {k: i for i, c in enumerate(choices) for k in c.keys}
        index = len(questions)
        questions.append(
            Question(
                key=key,
                kind=newest.kind,
                prompt=wording.prompt if wording else key,
                allow_na=any(s.allow_na for s in versions),
                choices=tuple(choices),
                left=wording.left_label if wording else "",
                right=wording.right_label if wording else "",
            )
        )
        for s in versions:
            signifier_index[s.pk] = index
            for o in s.options.all():
                option_choice[o.pk] = choice_of[o.key]
    return QuestionSet(questions, signifier_index, option_choice)


def _choices(options: dict[str, str], groups: list[tuple[str, ...]]) -> list[Choice]:
    """Options in order; a lumped group takes the place of its first member."""
    group_of = {k: g for g in groups for k in g if all(m in options for m in g)}
    choices: list[Choice] = []
    seen: set[tuple[str, ...]] = set()
    for key, label in options.items():
        group = group_of.get(key)
        if group is None:
            choices.append(Choice(label=label, keys=(key,)))
        elif group not in seen:
            seen.add(group)
            choices.append(Choice(label=" / ".join(options[m] for m in group), keys=group))
    return choices
