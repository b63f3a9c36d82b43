"""Free text, such as "Hoe kan het onderwijs nog passender?"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from signifiers.answers import AnswerValue
from signifiers.kinds.base import (
    AnswerKind,
    AnswerRow,
    Cells,
    Coding,
    DemoOption,
    DemoStory,
    Storage,
    StoredAnswer,
)
from vertelpunt.text import TellerTextField

if TYPE_CHECKING:
    from signifiers.models import Signifier
    from signifiers.selectors import ShownSignifier

DEFAULT_MAX_LENGTH = 2000


class FreeTextField(TellerTextField):
    """Control characters are dropped as from every teller text (vertelpunt.text)."""

    def clean(self, value: Any) -> AnswerValue | None:  # type: ignore[override]
        # Cleans to an AnswerValue rather than the text the parent returns.
        text = super().clean(value)
        return AnswerValue(text=text) if text else None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, AnswerValue):
            return value.text or ""
        return value


class FreeText(AnswerKind):
    key = "text"
    label = _("Vrije tekst")
    feeds_search = True
    takes_max_length = True
    offers_na = False
    stores = Storage.TEXT
    wide_cells = Cells.TEXT
    analysis_coding = Coding.ANSWERED
    # Most tellers leave an open question open.
    demo_skip = 0.65

    def form_field(self, shown: ShownSignifier, **common: Any) -> forms.Field:
        return FreeTextField(
            max_length=shown.signifier.max_length or DEFAULT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
            **common,
        )

    def to_rows(self, signifier: Signifier, value: AnswerValue) -> list[StoredAnswer]:
        if not value.text:
            raise ValueError(f"{signifier.key} takes a text")
        return [StoredAnswer(text=value.text)]

    def from_rows(self, signifier: Signifier, rows: Sequence[AnswerRow]) -> AnswerValue:
        return AnswerValue(text=rows[0].text)

    def display(
        self, signifier: Signifier, rows: Sequence[AnswerRow], *, left: str, right: str, role: str
    ) -> str:
        return rows[0].text or ""

    def demo_answer(
        self, story: DemoStory, *, options: Sequence[DemoOption], max_choices: int, attribute: str
    ) -> list[StoredAnswer]:
        return [StoredAnswer(text=story.texts[int(story.rng.random() * len(story.texts))])]

    def codebook_meaning(self, question_key: str, option_label: str) -> str:
        return f"'{question_key}': vrije tekst van de verteller; leeg = niet ingevuld."


KIND = FreeText()
