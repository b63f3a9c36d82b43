"""The dashboard as a coordinator sees it: labelled rows with suppressed cells.

Raw counts stay in dashboards.selectors; only `Cell`s (suppressed) reach the template, so a
small count cannot leak through a label, a tooltip or a bar height.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.selectors import Counts, week_range
from dashboards.suppression import Cell, suppress, suppress_one
from signifiers.models import Role, RoleType
from tracks.models import Track

TITLES = {
    "track": gettext_lazy("Per track"),
    "week": gettext_lazy("Per week"),
    "source": gettext_lazy("Per bron (kanaal)"),
    "role_type": gettext_lazy("Per rol"),
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


def dashboard_tables(tracks: list[Track], region: Counts, national: Counts) -> Dashboard:
    tables = []
    for dimension, title in TITLES.items():
        categories = _categories(dimension, tracks, region, national)
        region_cells = _cells(region.by[dimension], [k for k, _label in categories])
        national_cells = _cells(national.by[dimension], [k for k, _label in categories])
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
    if dimension == "source":
        # The channels of this region only; "" (no ?bron= in the link) last.
        sources = sorted(region.by["source"], key=lambda s: (s == "", s))
        return [(s, s or _("geen bron (directe link)")) for s in sources]
    return [(r.value, str(r.label)) for r in RoleType] + [("", _("niet ingevuld"))]


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
