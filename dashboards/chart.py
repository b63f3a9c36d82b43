"""A server-rendered SVG bar chart of the weekly counts: no script, no library.

Bars are drawn from suppressed cells only. A "<5" is drawn as an outlined band from 0 to 5
(all that is known about it); a "•" has no bar, only a mark. The same numbers are in the
table beside the chart, which is also what a screen reader gets. The value axis has five
gridlines with their numbers; the week that is still running is drawn lighter and says so,
so that its low count does not read as a drop.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dashboards.suppression import THRESHOLD
from dashboards.tables import Row

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 12, 36


@dataclass(frozen=True)
class Bar:
    # Coordinates as SVG text: a template would localise a float ("42,5" in Dutch).
    x: str
    y: str
    width: str
    height: str
    kind: str  # "count", "small" or "hidden"
    title: str
    label: str  # the x-axis label, or "" to keep the axis readable
    partial: bool  # the week that is still running


@dataclass(frozen=True)
class Tick:
    y: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    baseline: float
    label_y: float
    left: int


TICKS = 5


def week_chart(rows: list[Row], today: date | None = None) -> Chart | None:
    if not rows:
        return None
    today = today or timezone.localdate()
    visible = [r.region.value for r in rows if r.region.value is not None]
    top_value = _nice_ceiling(max([THRESHOLD, *visible]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(rows)
    gap = min(4.0, step * 0.2)
    every = max(1, math.ceil(len(rows) / 12))  # at most ~12 axis labels
    baseline = TOP + plot_h
    bars = []
    for i, row in enumerate(rows):
        cell = row.region
        if cell.value is not None:
            kind, height = "count", plot_h * cell.value / top_value
        elif cell.text == "<5":
            kind, height = "small", plot_h * THRESHOLD / top_value
        else:
            kind, height = "hidden", 0.0
        partial = isinstance(row.key, date) and row.key <= today < row.key + timedelta(days=7)
        title = f"{row.label}: {cell.text}"
        bars.append(
            Bar(
                x=_svg(LEFT + i * step + gap / 2),
                y=_svg(baseline - height),
                width=_svg(step - gap),
                height=_svg(height),
                kind=kind,
                title=f"{title} ({_('deze week, nog niet voorbij')})" if partial else title,
                label=_short_label(row) if i % every == 0 or partial else "",
                partial=partial,
            )
        )
    ticks = [
        Tick(
            y=_svg(baseline - plot_h * n / TICKS),
            label=formats.number_format(top_value * n // TICKS, force_grouping=True),
        )
        for n in range(TICKS + 1)
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        ticks=ticks,
        baseline=baseline,
        label_y=baseline + 16,
        left=LEFT,
    )


def _svg(value: float) -> str:
    return f"{value:.1f}"


def _short_label(row: Row) -> str:
    if isinstance(row.key, date):
        return str(row.key.isocalendar().week)
    return row.label


def _nice_ceiling(n: int) -> int:
    """The axis maximum: 1, 2 or 5 times a power of ten, at least n."""
    magnitude = 10 ** max(0, len(str(n)) - 1)
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= n:
            return factor * magnitude
    return 10 * magnitude
