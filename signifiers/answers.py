"""The typed value of one answer, independent of forms and storage."""

from dataclasses import dataclass

# The form value for "n.v.t."; option keys cannot contain dots, so it never collides.
NA = "n.v.t."


@dataclass(frozen=True)
class AnswerValue:
    """What a teller answered to one signifier. A skipped question has no AnswerValue."""

    na: bool = False
    option_keys: tuple[str, ...] = ()
    slider: int | None = None
    triad: tuple[int, int, int] | None = None
    text: str | None = None
