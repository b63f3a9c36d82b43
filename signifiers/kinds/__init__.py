"""The answer kinds a questionnaire can use, in one registry.

Each kind is one module (slider, triad, choice, multiple, text) with one object; adding a
kind means a new module and a line here (CONTRIBUTING.md says what it must declare).
`Signifier.kind` takes its choices from here.
"""

from typing import Any

from signifiers.kinds import choice, multiple, slider, text, triad
from signifiers.kinds.base import (
    NA_LABEL,
    AnswerKind,
    Cells,
    Coding,
    DemoStory,
    Problem,
    Storage,
    StoredAnswer,
    WideColumn,
)

REGISTRY: dict[str, AnswerKind] = {
    kind.key: kind
    for kind in (slider.KIND, triad.KIND, choice.SINGLE, multiple.KIND, choice.SELECT, text.KIND)
}


def kind(key: str) -> AnswerKind:
    """The kind of a signifier's `kind` field; KeyError for a kind nobody registered."""
    return REGISTRY[key]


def keys_coded(coding: Coding) -> list[str]:
    """The kinds the analysis codes this way (for queries that must agree with it)."""
    return [k.key for k in REGISTRY.values() if k.analysis_coding == coding]


def kind_choices() -> list[tuple[str, Any]]:
    """The registry as (key, label) choices: `Signifier.kind`'s choices, and forms that
    offer a kind."""
    return [(k.key, k.label) for k in REGISTRY.values()]


__all__ = [
    "NA_LABEL",
    "REGISTRY",
    "AnswerKind",
    "Cells",
    "Coding",
    "DemoStory",
    "Problem",
    "Storage",
    "StoredAnswer",
    "WideColumn",
    "keys_coded",
    "kind",
    "kind_choices",
]
