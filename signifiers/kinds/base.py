"""What every answer kind declares: one object per kind (signifiers.kinds.REGISTRY).

A kind says how its question is asked (the form field), how an answer is stored (rows of
typed answer columns), read back and shown, how a questionnaire of that kind must look, and
how exports, the analysis and the demo seeder treat it. Code outside signifiers/kinds/ asks
the kind instead of comparing kind names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from signifiers.answers import AnswerValue

if TYPE_CHECKING:
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
    # Its answers are words of the teller's, searched with the story's text.
    feeds_search: ClassVar[bool] = False

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

    def spec_problems(self, *, option_count: int, poles: list[tuple[str, str]]) -> list[str]:
        """What is wrong with a question of this kind, in the data file's terms (English, for
        the people who write questionnaire files)."""
        problems = []
        if self.has_options and self.option_count is not None and option_count != self.option_count:
            problems.append(f"a {self.key} has exactly {self.option_count} options")
        elif self.has_options and option_count == 0:
            problems.append(f"a {self.key} needs options")
        elif not self.has_options and option_count:
            problems.append(f"a {self.key} has no options")
        if self.has_poles and not all(left and right for left, right in poles):
            problems.append(f"a {self.key} needs left and right labels for every track")
        return problems


def options_by_key(signifier: Signifier) -> dict[str, Option]:
    return {o.key: o for o in signifier.options.all()}


def options_by_id(signifier: Signifier) -> dict[int, Option]:
    return {o.pk: o for o in signifier.options.all()}


def option_text(option: Option, role: str) -> str:
    """An option in a teller's words (`role`), or its canonical label for staff (no role)."""
    return option.label_for(role) if role else option.label
