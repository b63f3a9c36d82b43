"""Small-cell suppression for the counts a coordinator sees.

Primary: a count of 1–4 is shown as "<5". A 0 is shown as 0: an empty week or an unused
channel identifies no one, and hiding zeros would make silence look like activity.

Complementary: a breakdown covers all stories of its scope, so its total is known (any
breakdown without a hidden cell adds up to it). With one hidden cell, that cell would be
the total minus the others. So while a "<5" could still be worked out exactly, the smallest
visible count is hidden as well ("•"); when nothing is left to hide, the whole breakdown is
withheld. Categories are never ordered by count, so their order gives nothing away either.
"""

from dataclasses import dataclass

THRESHOLD = 5
SMALL = "<5"
HIDDEN = "•"


@dataclass(frozen=True)
class Cell:
    """A count as shown: `value` is None when it is hidden."""

    value: int | None
    text: str

    @property
    def is_hidden(self) -> bool:
        return self.value is None


def suppress(counts: list[int]) -> list[Cell]:
    """The cells of one breakdown: all its categories, so they add up to its total."""
    small = [i for i, n in enumerate(counts) if 0 < n < THRESHOLD]
    extra: list[int] = []
    if small and sum(counts) >= THRESHOLD:
        visible = sorted((n, i) for i, n in enumerate(counts) if n >= THRESHOLD)
        while _exact([counts[i] for i in small], [counts[i] for i in extra]):
            if not visible:
                return [Cell(None, HIDDEN) for _n in counts]
            extra.append(visible.pop(0)[1])
    return [
        Cell(None, SMALL) if i in small else Cell(None, HIDDEN) if i in extra else Cell(n, str(n))
        for i, n in enumerate(counts)
    ]


def suppress_one(count: int) -> Cell:
    """A total on its own."""
    return Cell(None, SMALL) if 0 < count < THRESHOLD else Cell(count, str(count))


def _exact(small: list[int], extra: list[int]) -> bool:
    """Whether someone who knows the hidden sum (total − visible cells), that each "<5" is
    1–4 and each "•" is 5 or more, can pin a "<5" down to one value."""
    hidden_sum = sum(small) + sum(extra)
    others = len(small) - 1
    highest = min(THRESHOLD - 1, hidden_sum - others - len(extra) * THRESHOLD)
    # A "•" has no upper bound; without one, each other "<5" is at most 4.
    lowest = 1 if extra else max(1, hidden_sum - others * (THRESHOLD - 1))
    return lowest == highest
