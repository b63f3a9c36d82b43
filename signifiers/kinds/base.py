"""What every answer kind declares: one object per kind (signifiers.kinds.REGISTRY).

A kind says how its question is asked (the form field), how an answer is stored (rows of
typed answer columns), read back and shown, how a questionnaire of that kind must look, and
how exports, the analysis and the demo seeder treat it. Code outside signifiers/kinds/ asks
the kind instead of comparing kind names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from django import forms
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from signifiers.answers import AnswerValue

if TYPE_CHECKING:
    import random

    from signifiers.models import Option, Signifier
    from signifiers.selectors import ShownSignifier

# How staff pages and exports name an answer of "does not apply"; tellers read it written out
# (teller_na_label).
NA_LABEL = _("n.v.t.")


def teller_na_label(role: str) -> str:
    """The "does not apply" choice as a teller of `role` reads it: written out, with what it
    means, in the teller's own voice (so it needs no "je" or "u")."""
    if role == "leerling":  # signifiers.models.Role.LEERLING; models are not imported here
        return str(_("past niet bij mijn verhaal"))
    return str(_("niet van toepassing (past niet bij mijn ervaring)"))


@dataclass(frozen=True)
class StoredAnswer:
    """One row of the typed answer table, without its story: exactly one kind of value."""

    is_na: bool = False
    option_id: int | None = None
    slider: int | None = None
    triad_a: int | None = None
    triad_b: int | None = None
    triad_c: int | None = None
    text: str | None = None


class Storage(StrEnum):
    """The typed column of the answer table that holds a kind's answers. Exports and the
    analysis read answers by storage, so a kind that changes between versions is still read
    where the storage agrees."""

    OPTION = "option"  # one row per chosen option
    SLIDER = "slider"  # one row, 0-100
    TRIAD = "triad"  # one row, three shares adding up to 100
    TEXT = "text"  # one row, the teller's words


class Cells(StrEnum):
    """What a column of the wide export holds; the codebook's `values` follow from it, and so
    whether spreadsheets must neutralise and CSV must quote it."""

    OPTION_KEY = "option_key"  # the key of the chosen option
    FLAG = "flag"  # 1 = chosen, 0 = not
    PERCENT = "percent"  # a whole number from 0 to 100
    TEXT = "text"  # the teller's own words


class Problem(StrEnum):
    """What can be wrong with a question of a kind. The data-file format (signifiers.spec)
    and the editor's last look before publishing (signifiers.checks) word them each for
    their own readers."""

    NEEDS_OPTIONS = "needs_options"
    NO_OPTIONS = "no_options"
    OPTION_COUNT = "option_count"  # not the kind's fixed number of options
    NEEDS_POLES = "needs_poles"  # per track
    NEEDS_MAX_CHOICES = "needs_max_choices"
    BAD_MAX_LENGTH = "bad_max_length"


class Coding(StrEnum):
    """How the analysis codes a kind's answers (analysis.columns), charts them
    (analysis.distributions) and tests them against other questions (analysis.scan)."""

    CHOICE = "choice"  # one option per story: bars per option; one variable of categories
    CHOICES = "choices"  # some options: bars per option; a chosen/not-chosen variable per option
    SCALE = "scale"  # 0-100: bars per bin; one scale variable
    SHARES = "shares"  # three shares: points in a triangle; not tested
    ANSWERED = "answered"  # only whether it was answered (free text); not tested


@dataclass(frozen=True)
class WideColumn:
    """One column a question takes in the wide export: for one of its options (or corners),
    or, with `option` empty, for the question as a whole."""

    option: str
    cells: Cells


# An option as the demo seeder sees it on one track: (option id, key, group, label).
DemoOption = tuple[int, str, str, str]


@dataclass(frozen=True)
class DemoStory:
    """What the demo seeder's answers to one story draw on (tracks.demo)."""

    rng: random.Random
    # 0 = a bad experience, 1 = a good one: answers follow it, so the data has patterns.
    valence: float
    # The region option drawn for this story, so a province question can agree with it.
    region: DemoOption | None
    # Plausible free-text answers.
    texts: Sequence[str]


class AnswerRow(Protocol):
    """What a stored answer row offers a kind reading it back (tracks.models.Answer)."""

    is_na: bool
    option_id: int | None
    slider: int | None
    triad_a: int | None
    triad_b: int | None
    triad_c: int | None
    text: str | None


class AnswerKind:
    """The behaviour of one kind. Subclasses set the class attributes and the methods their
    storage needs; the defaults are those of a kind without options."""

    key: ClassVar[str]
    label: ClassVar[Promise]
    # Its answers are options of the question (or, for a triad, its corners).
    has_options: ClassVar[bool] = False
    # The spec asks for exactly this many options (a triad's three corners), or at least one.
    option_count: ClassVar[int | None] = None
    # Wording carries two pole labels (left, right).
    has_poles: ClassVar[bool] = False
    # The question has a maximum number of choices (required) or a maximum text length.
    takes_max_choices: ClassVar[bool] = False
    takes_max_length: ClassVar[bool] = False
    # "n.v.t." may be offered (a free text is simply left empty instead).
    offers_na: ClassVar[bool] = True
    # Its answers are words of the teller's, searched with the story's text.
    feeds_search: ClassVar[bool] = False
    # Where its answers are stored, and what its one wide-export column holds (kinds with a
    # column per option override wide_columns).
    stores: ClassVar[Storage]
    wide_cells: ClassVar[Cells]
    # How the analysis codes and tests its answers.
    analysis_coding: ClassVar[Coding]
    # Share of demo tellers who leave it open; None: the share of its step (tracks.demo).
    demo_skip: ClassVar[float | None] = None

    def form_field(self, shown: ShownSignifier, **common: Any) -> forms.Field:
        raise NotImplementedError

    def to_rows(self, signifier: Signifier, value: AnswerValue) -> list[StoredAnswer]:
        """The rows that store `value` (not n.v.t., which every kind stores alike)."""
        raise NotImplementedError

    def from_rows(self, signifier: Signifier, rows: Sequence[AnswerRow]) -> AnswerValue:
        raise NotImplementedError

    def display(
        self, signifier: Signifier, rows: Sequence[AnswerRow], *, left: str, right: str, role: str
    ) -> str:
        """The stored answer in words (the teller's own story page, moderators); `left` and
        `right` are the track's pole labels; `role` is the teller's track on teller pages
        (options in that track's words), empty on staff pages (canonical labels)."""
        raise NotImplementedError

    # --- exports ---------------------------------------------------------------------------
    def wide_columns(self, option_keys: Sequence[str]) -> list[WideColumn]:
        """The question's columns in the wide table; `option_keys` are its options over all
        versions in scope, newest order first."""
        return [WideColumn("", self.wide_cells)]

    def wide_option_cell(self, option_key: str, option_keys: Sequence[str]) -> tuple[int, Any]:
        """For kinds stored as options: where a chosen option goes (offset from the question's
        first column) and what the cell says."""
        return 0, option_key

    def codebook_meaning(self, question_key: str, option_label: str) -> str:
        """What a column of this question means, for the codebook (Dutch, for analysts)."""
        raise NotImplementedError

    def codebook_prompt(self, prompt: str, *, left: str, right: str) -> str:
        """How a track was asked the question, as the codebook shows it."""
        return prompt

    # --- demo seeding ------------------------------------------------------------------------
    def demo_answer(
        self, story: DemoStory, *, options: Sequence[DemoOption], max_choices: int, attribute: str
    ) -> list[StoredAnswer]:
        """A plausible answer (not n.v.t.) that keeps the question's rules; [] for none.
        `options` are those shown on the story's track; `attribute` its story attribute."""
        raise NotImplementedError

    # --- shared by every kind ---------------------------------------------------------------
    def store(self, signifier: Signifier, value: AnswerValue) -> list[StoredAnswer]:
        if value.na:
            if not signifier.allow_na:
                raise ValueError(f"{signifier.key} has no n.v.t.")
            return [StoredAnswer(is_na=True)]
        return self.to_rows(signifier, value)

    def read(self, signifier: Signifier, rows: Sequence[AnswerRow]) -> AnswerValue:
        if rows and rows[0].is_na:
            return AnswerValue(na=True)
        return self.from_rows(signifier, rows)

    def describe(
        self,
        signifier: Signifier,
        rows: Sequence[AnswerRow],
        *,
        left: str = "",
        right: str = "",
        role: str = "",
    ) -> str:
        if not rows:
            return str(_("— niet beantwoord —"))
        if rows[0].is_na:
            return teller_na_label(role) if role else str(NA_LABEL)
        return self.display(signifier, rows, left=left, right=right, role=role)

    @property
    def options_fixed(self) -> bool:
        """Its options are a fixed set (a triad's three corners): none added or removed."""
        return self.option_count is not None

    def problems(
        self,
        *,
        option_count: int,
        poles: Mapping[str, tuple[str, str]],
        max_choices: object = None,
        max_length: object = None,
    ) -> list[tuple[Problem, str]]:
        """What is wrong with a question of this kind, as (problem, track) pairs (the track
        only for a problem of one track's wording). `poles`: track → (left, right)."""
        found: list[tuple[Problem, str]] = []
        if self.has_options and self.option_count is not None:
            if option_count != self.option_count:
                found.append((Problem.OPTION_COUNT, ""))
        elif self.has_options and option_count == 0:
            found.append((Problem.NEEDS_OPTIONS, ""))
        elif not self.has_options and option_count:
            found.append((Problem.NO_OPTIONS, ""))
        if self.takes_max_choices and not (isinstance(max_choices, int) and max_choices >= 1):
            found.append((Problem.NEEDS_MAX_CHOICES, ""))
        if (
            self.takes_max_length
            and max_length is not None
            and not (isinstance(max_length, int) and max_length >= 1)
        ):
            found.append((Problem.BAD_MAX_LENGTH, ""))
        if self.has_poles:
            found += [
                (Problem.NEEDS_POLES, role)
                for role, (left, right) in poles.items()
                if not (left.strip() and right.strip())
            ]
        return found


def options_by_key(signifier: Signifier) -> dict[str, Option]:
    return {o.key: o for o in signifier.options.all()}


def options_by_id(signifier: Signifier) -> dict[int, Option]:
    return {o.pk: o for o in signifier.options.all()}


def option_text(option: Option, role: str) -> str:
    """An option in a teller's words (`role`, in the page's language), or its canonical label
    for staff (no role)."""
    return option.label_for(role, translation.get_language()) if role else option.label
