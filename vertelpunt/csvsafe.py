"""Formula-injection safety for spreadsheet exports (CSV and XLSX).

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` as a formula, and some also
when it starts with a tab or carriage return followed by one. Story text is written by anyone
on the internet, so such a cell could run a formula on an analyst's machine
(OWASP "CSV Injection"). We neutralise it by prefixing an apostrophe: the cell then shows as
text, and the original stays readable. Only strings are touched; numbers stay numbers.
"""

from collections.abc import Iterable
from typing import Any

DANGEROUS_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(value: object) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_FIRST_CHARACTERS)


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet should receive it: dangerous strings get a leading `'`."""
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST_CHARACTERS):
        return "'" + value
    return value


def neutralise_cells(row: list[Any], indexes: Iterable[int]) -> None:
    """Neutralise, in place, the cells of `row` at `indexes` (the columns that can hold text
    from outside). Checking only those columns keeps large exports fast."""
    for i in indexes:
        value = row[i]
        if value.__class__ is str and value.startswith(DANGEROUS_FIRST_CHARACTERS):
            row[i] = "'" + value
