"""What the analysis pages show, built from a cached Analysis: charts, tables and links."""

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from analysis import charts
from analysis.captions import caption, number
from analysis.distributions import (
    ANSWERED_KEY,
    SLIDERS_ALL,
    SLIDERS_KEY,
    SLIDERS_SAME,
    Distribution,
    Group,
)
from analysis.scan import (
    BIN_EDGES,
    CHI2,
    KRUSKAL,
    OK,
    REGION_KEY,
    SPARSE,
    SPEARMAN,
    PairResult,
)
from analysis.services import Analysis
from signifiers import kinds

BIN_LABELS = [
    f"{lo}–{min(hi - 1, 100)}" for lo, hi in zip(BIN_EDGES[:-1], BIN_EDGES[1:], strict=True)
]
BIN_TOKENS = [
    f"r{lo}-{min(hi - 1, 100)}" for lo, hi in zip(BIN_EDGES[:-1], BIN_EDGES[1:], strict=True)
]


def base_query(analysis: Analysis) -> dict[str, Any]:
    query: dict[str, Any] = dict(analysis.filter.as_query())
    query.update(analysis.params.as_query())
    return query


def drill_url(analysis: Analysis, conditions: list[str], group: Group | None = None) -> str:
    query: dict[str, Any] = dict(analysis.filter.as_query())
    if analysis.params.region:
        query["regio_vs"] = analysis.params.region
    conditions = list(conditions)
    if group is not None:
        for key, value in group.query.items():
            if key == "v":
                conditions.append(value)
            else:
                query[key] = value
    query["v"] = conditions
    return reverse("analysis:stories") + "?" + urlencode(query, doseq=True)


@dataclass(frozen=True)
class ConditionLabel:
    code: str
    text: str  # Dutch; "" where the code says it well enough (an option key, a range)


def condition_labels(conditions: list[str]) -> list[ConditionLabel]:
    """Readable words beside the drill-down codes the stories page lists."""
    labels = []
    for condition in conditions:
        key, _sep, spec = condition.partition(":")
        text = ""
        if key == ANSWERED_KEY:
            text = _("%(n)s vragen beantwoord") % {"n": spec}
        elif key == SLIDERS_KEY:
            text = {
                SLIDERS_ALL: _("alle schuifregelaars beantwoord"),
                SLIDERS_SAME: _("overal dezelfde waarde op de schuifregelaars"),
            }.get(spec, "")
        elif spec == "-":
            text = _("niet beantwoord")
        elif spec == "na":
            text = _("n.v.t.")
        elif spec == "*":
            text = _("beantwoord")
        labels.append(ConditionLabel(condition, text))
    return labels


def pair_url(analysis: Analysis, result: PairResult) -> str:
    query = base_query(analysis)
    query.update({"a": result.a, "b": result.b})
    return reverse("analysis:pair") + "?" + urlencode(query, doseq=True)


# --- Distributions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCounts:
    group: Group
    total: int
    base: int
    na: int
    missing: int
    na_url: str
    missing_url: str
    total_url: str
    base_url: str


@dataclass(frozen=True)
class DistributionView:
    distribution: Distribution
    chart: SafeString
    groups: list[GroupCounts]
    kind: str
    # The same chart drawn compact for the A3 poster (print only).
    poster_chart: SafeString


def distribution_views(analysis: Analysis) -> list[DistributionView]:
    views = []
    series = [g.label for g in analysis.groups]
    for d in analysis.distributions:
        q = d.question
        if d.triad_points is not None:
            corners = [c.label for c in q.choices[:3]] or ["a", "b", "c"]
            chart = poster_chart = charts.ternary(d.triad_points, corners, q.prompt)
        else:
            rows = [
                charts.BarRow(
                    label=bar.label,
                    counts=bar.counts,
                    bases=d.base,
                    links=[drill_url(analysis, [bar.drill], g) for g in analysis.groups],
                )
                for bar in d.bars
            ]
            chart = charts.grouped_bars(rows, series, q.prompt)
            poster_chart = charts.grouped_bars(rows, series, q.prompt, charts.POSTER)
        groups = [
            GroupCounts(
                group=g,
                total=d.total[i],
                base=d.base[i],
                na=d.na[i],
                missing=d.missing[i],
                na_url=drill_url(analysis, [f"{q.key}:na"], g),
                missing_url=drill_url(analysis, [f"{q.key}:-"], g),
                total_url=drill_url(analysis, [], g),
                base_url=drill_url(analysis, [f"{q.key}:*"], g),
            )
            for i, g in enumerate(analysis.groups)
        ]
        kind = str(kinds.kind(q.kind).label)
        views.append(DistributionView(d, chart, groups, kind, poster_chart))
    return views


# --- The pair scan -------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedRow:
    result: PairResult
    a_label: str
    b_label: str
    caption: str
    effect: str
    q: str
    test: str
    url: str


def test_label(result: PairResult) -> str:
    return {
        CHI2: _("chi-kwadraat"),
        KRUSKAL: _("Kruskal-Wallis"),
        SPEARMAN: _("Spearman"),
    }[result.test]


def effect_label(result: PairResult) -> str:
    if result.status != OK:
        return "—"
    if result.test == CHI2:
        return f"V = {number(result.effect, 2)}"
    if result.test == SPEARMAN:
        return f"rho = {number(result.rho, 2)}"
    if result.means is not None and len(result.rows) == 2:
        return f"r = {number(result.effect, 2)}"
    return f"ε² = {number(result.effect**2, 3)}"


def p_label(value: float) -> str:
    if not np.isfinite(value):
        return "—"
    if value < 0.001:
        return "< 0,001"
    return number(value, 3)


def ranked_rows(analysis: Analysis, *, everything: bool = False) -> list[RankedRow]:
    results = analysis.scan.results if everything else analysis.scan.ranked
    return [ranked_rows_for(analysis, r) for r in results]


def answered(question: str) -> list[str]:
    """The condition "answered this question" (nothing for the region comparison)."""
    return [] if question == REGION_KEY else [f"{question}:*"]


@dataclass(frozen=True)
class Cell:
    count: int
    url: str
    expected: str = ""
    residual: str = ""
    flag: str = ""  # "vaker" / "minder"


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[Cell]
    total: int
    url: str


@dataclass(frozen=True)
class PairView:
    row: RankedRow
    chart: SafeString
    legend: SafeString
    columns: list[str]
    rows: list[TableRow]
    statistic: str
    p: str
    n: int
    a_label: str
    b_label: str


def pair_view(analysis: Analysis, result: PairResult) -> PairView:
    a = analysis.variables[result.a]
    b = analysis.variables[result.b]
    row = ranked_rows_for(analysis, result)
    table = result.table if result.table is not None else np.zeros((0, 0), dtype=int)
    if result.test == SPEARMAN:
        columns = BIN_LABELS
        row_conditions = [f"{a.id}:{t}" for t in BIN_TOKENS]
        col_conditions = [f"{b.id}:{t}" for t in BIN_TOKENS]
        row_labels = BIN_LABELS
        links = [[drill_url(analysis, [rc, cc]) for cc in col_conditions] for rc in row_conditions]
        chart = charts.bubble_grid(table.tolist(), row_labels, columns, links, row.caption)
        legend = SafeString("")
    else:
        row_conditions = [a.categories[i].drill for i in result.rows]
        row_labels = [a.categories[i].label for i in result.rows]
        if result.test == KRUSKAL:
            columns = BIN_LABELS
            col_conditions = [f"{b.id}:{t}" for t in BIN_TOKENS]
            colours: tuple[str, ...] = charts.BIN_COLOURS
        else:
            columns = [b.categories[j].label for j in result.cols]
            col_conditions = [b.categories[j].drill for j in result.cols]
            colours = charts.PALETTE
        links = [[drill_url(analysis, [rc, cc]) for cc in col_conditions] for rc in row_conditions]
        bars = [
            charts.BarRow(row_labels[i], table[i].tolist(), [], links[i])
            for i in range(table.shape[0])
        ]
        chart = charts.stacked_bars(bars, columns, row.caption, colours)
        legend = charts.legend(columns, colours)
    flags = {(f.row, f.col): f for f in result.flags}
    rows = []
    for i in range(table.shape[0]):
        cells = []
        for j in range(table.shape[1]):
            cell = Cell(count=int(table[i, j]), url=links[i][j])
            if result.test == CHI2 and result.expected is not None and result.residuals is not None:
                flag = flags.get((i, j))
                cell = Cell(
                    count=int(table[i, j]),
                    url=links[i][j],
                    expected=number(float(result.expected[i, j]), 1),
                    residual=number(float(result.residuals[i, j]), 1),
                    flag=("vaker" if flag.more else "minder") if flag else "",
                )
            cells.append(cell)
        rows.append(
            TableRow(
                label=row_labels[i],
                cells=cells,
                total=int(table[i].sum()),
                url=drill_url(analysis, [row_conditions[i], *answered(b.question)]),
            )
        )
    statistic = "—"
    if result.status == OK:
        statistic = {
            CHI2: f"χ² = {number(result.statistic, 1)}",
            KRUSKAL: f"H = {number(result.statistic, 1)}",
            SPEARMAN: f"rho = {number(result.rho, 2)}",
        }[result.test]
    elif result.status == SPARSE:
        statistic = _("te weinig gegevens")
    return PairView(
        row=row,
        chart=chart,
        legend=legend,
        columns=list(columns),
        rows=rows,
        statistic=statistic,
        p=p_label(result.p),
        n=result.n,
        a_label=a.label,
        b_label=b.label,
    )


def ranked_rows_for(analysis: Analysis, result: PairResult) -> RankedRow:
    return RankedRow(
        result=result,
        a_label=analysis.variables[result.a].label,
        b_label=analysis.variables[result.b].label,
        caption=caption(analysis, result),
        effect=effect_label(result),
        q=p_label(result.q),
        test=test_label(result),
        url=pair_url(analysis, result),
    )


# --- Data quality ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Unanswered:
    """One question's skipped and n.v.t. answers over the whole selection."""

    label: str
    prompt: str
    missing: int
    missing_url: str
    na: int
    na_url: str


@dataclass(frozen=True)
class IntegrityView:
    chart: SafeString  # answered questions per story, every bar a link
    unanswered: list[Unanswered]
    slider_stories: int
    slider_stories_url: str
    same_sliders: int
    same_sliders_url: str


def integrity_view(analysis: Analysis) -> IntegrityView:
    """The data-quality figures, each linked to the stories behind it (same filters)."""
    spread = analysis.integrity.answered_per_story
    total = sum(spread)
    rows = [
        charts.BarRow(
            label=str(n),
            counts=[count],
            bases=[total],
            links=[drill_url(analysis, [f"{ANSWERED_KEY}:{n}"])],
        )
        for n, count in enumerate(spread)
    ]
    chart = charts.grouped_bars(rows, [_("verhalen")], _("Aantal beantwoorde vragen per verhaal"))
    unanswered = [
        Unanswered(
            label=d.question.label,
            prompt=d.question.prompt,
            missing=sum(d.missing),
            missing_url=drill_url(analysis, [f"{d.question.key}:-"]),
            na=sum(d.na),
            na_url=drill_url(analysis, [f"{d.question.key}:na"]),
        )
        for d in analysis.distributions
    ]
    return IntegrityView(
        chart=chart,
        unanswered=unanswered,
        slider_stories=analysis.integrity.slider_stories,
        slider_stories_url=drill_url(analysis, [f"{SLIDERS_KEY}:{SLIDERS_ALL}"]),
        same_sliders=analysis.integrity.same_sliders,
        same_sliders_url=drill_url(analysis, [f"{SLIDERS_KEY}:{SLIDERS_SAME}"]),
    )
