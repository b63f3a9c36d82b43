"""The dashboard as a coordinator sees it: labelled rows with suppressed cells.

Raw counts stay in dashboards.selectors; only `Cell`s (suppressed) reach the template, so a
small count cannot leak through a label, a tooltip or a bar height.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.selectors import Counts, week_range
from dashboards.suppression import THRESHOLD, Cell, suppress, suppress_one
from signifiers.models import Role, RoleType
from tracks.models import SOURCE_OTHER, Track

TITLES = {
    "track": gettext_lazy("Per track"),
    "week": gettext_lazy("Per week"),
    "source": gettext_lazy("Per bron (kanaal)"),
    "role_type": gettext_lazy("Per rol"),
    "language": gettext_lazy("Per taal"),
}


@dataclass(frozen=True)
class Row:
    key: Any
    label: str
    region: Cell
    national: Cell


@dataclass(frozen=True)
class Table:
    dimension: str
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class Dashboard:
    region_total: Cell
    national_total: Cell
    tables: list[Table]

    def table(self, dimension: str) -> Table:
        return next(t for t in self.tables if t.dimension == dimension)


def dashboard_tables(
    tracks: list[Track], region: Counts, national: Counts, channels: dict[str, str]
) -> Dashboard:
    """`channels`: the collection's source channels, key → label, in staff's order."""
    tables = []
    for dimension, title in TITLES.items():
        region_counts, national_counts = region.by[dimension], national.by[dimension]
        if dimension == "source":
            region_counts, national_counts, categories = _sources(
                channels, region_counts, national_counts
            )
        else:
            categories = _categories(dimension, tracks, region, national)
        region_cells = _cells(region_counts, [k for k, _label in categories])
        national_cells = _cells(national_counts, [k for k, _label in categories])
        rows = [Row(k, label, region_cells[k], national_cells[k]) for k, label in categories]
        tables.append(Table(dimension=dimension, title=str(title), rows=rows))
    return Dashboard(
        region_total=_formatted(suppress_one(region.total)),
        national_total=_formatted(suppress_one(national.total)),
        tables=tables,
    )


def _categories(
    dimension: str, tracks: list[Track], region: Counts, national: Counts
) -> list[tuple[Any, str]]:
    """The rows of a breakdown, in a fixed order that never depends on the counts."""
    if dimension == "track":
        return [(t.pk, str(Role(t.role).label)) for t in tracks]
    if dimension == "week":
        weeks = week_range([*national.by["week"], *region.by["week"]])
        return [(monday, week_label(monday)) for monday in weeks]
    if dimension == "language":
        return list(settings.LANGUAGES)
    return [(r.value, str(r.label)) for r in RoleType] + [("", _("niet ingevuld"))]


def _sources(
    channels: dict[str, str], region: dict[Any, int], national: dict[Any, int]
) -> tuple[dict[Any, int], dict[Any, int], list[tuple[Any, str]]]:
    """The source breakdown as shown: the channels of this region only, by label in staff's
    order, then "Overige bronnen", then no source ("" - no ?bron= in the link).

    "Overige bronnen" gathers every source that is on no list (stored before there was one:
    text a link carried, possibly a name) and every channel with 1-4 stories in the region:
    beside a "<5", its name would still say through which link those few tellers came. The
    rest of the country is grouped the same way, so both columns share their rows."""
    small = {key for key, n in region.items() if key in channels and 0 < n < THRESHOLD}

    def row_key(key: str) -> str:
        return key if key == "" or (key in channels and key not in small) else SOURCE_OTHER

    def grouped(counts: dict[Any, int]) -> dict[Any, int]:
        result: dict[Any, int] = {}
        for key, n in counts.items():
            result[row_key(key)] = result.get(row_key(key), 0) + n
        return result

    region_rows, national_rows = grouped(region), grouped(national)
    categories = [(key, label) for key, label in channels.items() if region_rows.get(key)]
    if region_rows.get(SOURCE_OTHER):
        categories.append((SOURCE_OTHER, _("Overige bronnen")))
    if region_rows.get(""):
        categories.append(("", _("geen bron (directe link)")))
    return region_rows, national_rows, categories


def _cells(counts: dict[Any, int], shown: list[Any]) -> dict[Any, Cell]:
    """Suppress over every category of the breakdown (shown or not, so the cells add up to
    the total an observer knows), then return the shown ones."""
    keys = list(dict.fromkeys([*shown, *counts]))
    cells = suppress([counts.get(k, 0) for k in keys])
    return {k: _formatted(c) for k, c in zip(keys, cells, strict=True)}


def _formatted(cell: Cell) -> Cell:
    """A visible count with the thousands separator of the language (12.345 in Dutch)."""
    if cell.value is None:
        return cell
    return Cell(cell.value, formats.number_format(cell.value, force_grouping=True))


def week_label(monday: date) -> str:
    year, week, _day = monday.isocalendar()
    return _("week %(week)s (%(date)s)") % {
        "week": f"{week}-{year}",
        "date": formats.date_format(monday, "j M"),
    }
