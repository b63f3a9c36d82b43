"""The column plan of an export: which columns the wide table has, and where each stored answer
goes in it.

Column names come from signifier and option keys, which are stable across questionnaire versions
(a version may reword a question, never rename its key). The plan is the union of the keys of
all versions in scope, ordered by step and order of the newest version; a key that only an older
version has is placed after the key it followed there. Answers are mapped by database id (each
version has its own signifier and option rows), so building a row needs no lookups by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from signifiers.kinds import Cells, Storage, kind
from signifiers.models import QuestionnaireVersion, Role, Signifier
from signifiers.selectors import version_signifiers
from vertelpunt.csvsafe import is_dangerous

# Suffix of the n.v.t. marker column of a question that allows "n.v.t." in some version.
NA_SUFFIX = "nvt"
SEPARATOR = "__"


@dataclass(frozen=True)
class Column:
    name: str
    # "meta" for story metadata, otherwise the question's kind, or "nvt" for the marker.
    kind: str
    question: str = ""
    option: str = ""
    # Holds text from outside (story, title, free text, source): neutralised in spreadsheets.
    unsafe: bool = False
    is_datetime: bool = False
    # May hold any character (a CSV delimiter, a quote, a line break): free text, labels.
    free: bool = False
    # What an answer column holds (the codebook's values); empty for metadata.
    cells: Cells | str = ""


# The story metadata columns, in order, with their meaning for the codebook.
META_COLUMNS: list[tuple[str, str]] = [
    ("story_id", "Nummer van het verhaal (uniek, verandert nooit)."),
    (
        "teller_id",
        "Pseudoniem van de verteller: gelijk voor de verhalen die één verteller in één bezoek "
        "deelde, verschillend tussen bezoeken. Een sleutel-hash; het bezoek zelf is er niet uit "
        "af te leiden.",
    ),
    ("collection", "Het vertelpunt (sleutel van de verzameling)."),
    ("track", "De route die de verteller koos: leerling, ouder of professional."),
    (
        "language",
        "Taal waarin het verhaal is verteld: nl, en, ar, tr, pl of uk. De antwoorden zijn in "
        "elke taal dezelfde sleutels, dus alle talen zijn per vraag te vergelijken.",
    ),
    (
        "role_type",
        "Roltype volgens het antwoord op de rolvraag: leerling, ouder, professional_in_school, "
        "professional_rond_school, professional_buiten_school; leeg als niet beantwoord.",
    ),
    ("questionnaire_version", "Versie van de vragenlijst die de verteller beantwoordde."),
    ("status", "complete = alle stappen doorlopen; incomplete = gestopt na het verhaal."),
    ("moderation", "Moderatiestatus: new, approved, hidden, test of nonsense."),
    ("started_at", "Moment waarop het verhaal werd opgeslagen (ISO 8601, Nederlandse tijd)."),
    ("completed_at", "Moment waarop de laatste stap werd opgeslagen; leeg als onvolledig."),
    ("duration_seconds", "Seconden tussen started_at en completed_at; leeg als onvolledig."),
    (
        "source",
        "Kanaal waarlangs de verteller kwam: de sleutel van een bronkanaal (bijv. facebook), "
        "overig voor een link met een andere bron, leeg zonder bron.",
    ),
    ("region", "Regiosleutel volgens het antwoord op de regiovraag; leeg als niet beantwoord."),
    ("title", "Titel die de verteller aan de ervaring gaf."),
    ("text", "De ervaring in de woorden van de verteller (na eventuele moderatie)."),
    (
        "translation_nl_title",
        "Nederlandse werkvertaling van de titel, getypt door een medewerker (niet door de "
        "verteller); leeg zonder vertaling.",
    ),
    (
        "translation_nl_text",
        "Nederlandse werkvertaling van de ervaring, getypt door een medewerker (niet door de "
        "verteller) bij een verhaal in een andere taal; leeg zonder vertaling. De woorden van "
        "de verteller staan in text.",
    ),
]
META_UNSAFE = {"source", "title", "text", "translation_nl_title", "translation_nl_text"}
META_DATETIME = {"started_at", "completed_at"}
# Metadata that is not a key or a number: staff-written labels, region and outside text.
META_FREE = META_UNSAFE | {"collection", "questionnaire_version", "region"}
# Keys are slugs, but the database does not enforce it: a key with one of these is quoted.
_CSV_SPECIAL = re.compile(r'[",;\r\n]')


@dataclass
class Question:
    """One signifier key, merged over the versions in scope."""

    key: str
    kind: str
    step: int
    allow_na: bool
    # option key → label, newest version's order and labels first.
    options: dict[str, str] = field(default_factory=dict)
    # option key → teller language → the label tellers of that language read.
    option_translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # role → (prompt, left label, right label), from the newest version that has the key.
    wording: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    versions: list[str] = field(default_factory=list)
    # Index of the question's first column and of its n.v.t. marker in the wide row.
    first_column: int = -1
    na_column: int | None = None


@dataclass
class Plan:
    columns: list[Column]
    questions: list[Question]
    versions: list[QuestionnaireVersion]
    meta_count: int
    # Database id → cell: where a stored answer goes.
    option_cell: dict[int, tuple[int, Any]]
    na_cell: dict[int, int]
    slider_cell: dict[int, int]
    triad_cell: dict[int, int]
    text_cell: dict[int, int]
    # Database id → key, for the tidy table.
    signifier_key: dict[int, str]
    option_key: dict[int, str]
    option_signifier: dict[int, int]
    triad_keys: dict[int, tuple[str, str, str]]
    # (version id, step reached) → the answer part of a row before any answer is applied.
    _templates: dict[tuple[int, int], list[Any]] = field(default_factory=dict)
    # version id → (step, cells that are 0 rather than empty once the teller saved that step).
    _zero_cells: dict[int, list[tuple[int, list[int]]]] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def unsafe_indexes(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.unsafe]

    @property
    def quote_indexes(self) -> list[int]:
        """Columns whose text may hold a CSV delimiter, a quote or a line break."""
        return [i for i, c in enumerate(self.columns) if c.free]

    @property
    def datetime_indexes(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.is_datetime]

    def template(self, version_id: int, step_reached: int) -> list[Any]:
        """The answer cells of a story before its answers are applied.

        A question the teller was shown (its version has it and the teller saved its step) has
        0 in its multiple-choice and n.v.t. columns: no stored row there means "not chosen".
        A question the teller never saw stays empty (None) in every column, so an analyst can
        tell "not asked" from "not chosen".
        """
        cached = self._templates.get((version_id, step_reached))
        if cached is not None:
            return cached
        row: list[Any] = [None] * (len(self.columns) - self.meta_count)
        for step, cells in self._zero_cells.get(version_id, []):
            if step <= step_reached:
                for i in cells:
                    row[i - self.meta_count] = 0
        self._templates[(version_id, step_reached)] = row
        return row


def plan_build(versions: list[QuestionnaireVersion]) -> Plan:
    """The column plan for stories answering any of `versions` (newest first per
    questionnaire)."""
    questions = _merge_questions(versions)
    columns = [
        Column(
            name,
            "meta",
            unsafe=name in META_UNSAFE,
            is_datetime=name in META_DATETIME,
            free=name in META_FREE,
        )
        for name, _ in META_COLUMNS
    ]
    taken = {c.name for c in columns}

    def unique(name: str) -> str:
        # A question key equal to a metadata name ("source") must not shadow it.
        while name in taken:
            name += SEPARATOR + "antwoord"
        taken.add(name)
        return name

    for q in questions:
        q.first_column = len(columns)
        for wide in kind(q.kind).wide_columns(list(q.options)):
            name = q.key + SEPARATOR + wide.option if wide.option else q.key
            unsafe, free = _cell_safety(q, wide.cells)
            columns.append(
                Column(
                    unique(name),
                    q.kind,
                    q.key,
                    wide.option,
                    unsafe=unsafe,
                    free=free,
                    cells=wide.cells,
                )
            )
        if q.allow_na:
            q.na_column = len(columns)
            columns.append(
                Column(unique(q.key + SEPARATOR + NA_SUFFIX), NA_SUFFIX, q.key, cells=Cells.FLAG)
            )

    plan = Plan(
        columns=columns,
        questions=questions,
        versions=versions,
        meta_count=len(META_COLUMNS),
        option_cell={},
        na_cell={},
        slider_cell={},
        triad_cell={},
        text_cell={},
        signifier_key={},
        option_key={},
        option_signifier={},
        triad_keys={},
    )
    by_key = {q.key: q for q in questions}
    for version in versions:
        zero_cells = plan._zero_cells.setdefault(version.pk, [])
        for s in version_signifiers(version):
            zero_cells.append((s.step, _map_signifier(plan, by_key[s.key], s)))
    return plan


def _cell_safety(q: Question, cells: Cells) -> tuple[bool, bool]:
    """(unsafe, free) of an answer column: free text always needs both; option keys are slugs
    by rule but not by database constraint, so a key that looks dangerous or holds a delimiter
    makes its column need them too."""
    if cells == Cells.TEXT:
        return True, True
    if cells == Cells.OPTION_KEY:
        return (
            any(is_dangerous(o) for o in q.options),
            any(_CSV_SPECIAL.search(o) for o in q.options),
        )
    return False, False


def _map_signifier(plan: Plan, q: Question, s: Signifier) -> list[int]:
    """Record where the answers to signifier `s` go; returns the cells that are 0 (not empty)
    for a teller who was shown it. Should a key change kind between versions, the newest kind
    shapes the columns; older answers stored alike (options) go into them, answers stored
    otherwise appear in the tidy table only."""
    zero: list[int] = []
    shown, newest = kind(s.kind), kind(q.kind)
    plan.signifier_key[s.pk] = s.key
    options = list(s.options.all())
    for o in options:
        plan.option_key[o.pk] = o.key
        plan.option_signifier[o.pk] = s.pk
    if shown.stores == Storage.TRIAD:
        # Stored shares a/b/c follow the version's own corner order.
        keys = [o.key for o in options[:3]] + ["a", "b", "c"][len(options) :]
        plan.triad_keys[s.pk] = (keys[0], keys[1], keys[2])
    if q.na_column is not None:
        plan.na_cell[s.pk] = q.na_column
        if s.allow_na:
            zero.append(q.na_column)
    if shown.stores != newest.stores:
        return zero
    if newest.stores == Storage.OPTION:
        option_keys = list(q.options)
        for o in options:
            offset, value = newest.wide_option_cell(o.key, option_keys)
            plan.option_cell[o.pk] = (q.first_column + offset, value)
            # "Not chosen" is 0 only where the teller could choose this option on its own.
            if shown is newest and plan.columns[q.first_column + offset].cells == Cells.FLAG:
                zero.append(q.first_column + offset)
    elif newest.stores == Storage.SLIDER:
        plan.slider_cell[s.pk] = q.first_column
    elif newest.stores == Storage.TRIAD:
        plan.triad_cell[s.pk] = q.first_column
    elif newest.stores == Storage.TEXT:
        plan.text_cell[s.pk] = q.first_column
    return zero


def _merge_questions(versions: list[QuestionnaireVersion]) -> list[Question]:
    ordered: list[Question] = []
    by_key: dict[str, Question] = {}
    for version in versions:
        previous: str | None = None
        for s in version_signifiers(version):
            q = by_key.get(s.key)
            if q is None:
                q = Question(key=s.key, kind=s.kind, step=s.step, allow_na=s.allow_na)
                q.wording = {
                    w.role: (w.prompt, w.left_label, w.right_label) for w in s.wordings.all()
                }
                by_key[s.key] = q
                at = ordered.index(by_key[previous]) + 1 if previous else _step_start(ordered, q)
                ordered.insert(at, q)
            q.allow_na = q.allow_na or s.allow_na
            q.versions.append(version.label)
            for o in s.options.all():
                q.options.setdefault(o.key, o.label)
                q.option_translations.setdefault(
                    o.key,
                    {code: t["label"] for code, t in o.translations.items() if t.get("label")},
                )
            previous = s.key
    return ordered


def _step_start(ordered: list[Question], q: Question) -> int:
    """Where a key without a predecessor goes: before the first question of a later step."""
    for i, other in enumerate(ordered):
        if other.step > q.step:
            return i
    return len(ordered)


ROLES = [role.value for role in Role]
