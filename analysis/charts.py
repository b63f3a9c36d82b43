"""Plain SVG charts drawn on the server: no script, print well, every bar a link.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies); every
bar also carries its count and percentage as text, so no reading depends on colour alone.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# Text on each palette colour with enough contrast.
PALETTE_TEXT = ("#fff", "#000", "#fff", "#000", "#000", "#fff", "#000", "#fff")
# Five slider bins, from low (light) to high (dark): a sequential blue scale.
BIN_COLOURS = ("#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b")
BIN_TEXT = ("#000", "#000", "#fff", "#fff", "#fff")

LABEL_WIDTH = 230
BAR_WIDTH = 320
ROW = 16
FONT = 11


@dataclass(frozen=True)
class BarRow:
    label: str
    counts: Sequence[int]  # per series
    bases: Sequence[int]  # per series: the 100%
    links: Sequence[str]


def percent(count: int, base: int) -> float:
    return 100.0 * count / base if base else 0.0


def _truncate(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Geometry:
    label_width: int
    bar_width: int
    value_width: int
    row: int
    gap: int
    label_chars: int
    css: str  # class of the <svg>, for its font sizes


SCREEN = Geometry(LABEL_WIDTH, BAR_WIDTH, 90, ROW, 8, 38, "chart")
# The A3 poster: thinner bars, narrower labels, smaller type (see poster-a3.css), so every
# question of the default questionnaire fits one sheet.
POSTER = Geometry(146, 124, 56, 8, 3, 24, "chart chart-compact")


def grouped_bars(
    rows: list[BarRow], series: list[str], title: str, geometry: Geometry = SCREEN
) -> SafeString:
    """Horizontal bars, one per series (track or region) per answer, length = % of that
    series' answers, with "count (pct%)" written beside each bar."""
    g = geometry
    k = max(len(series), 1)
    block = g.row * k + g.gap
    height = block * len(rows) + 4
    width = g.label_width + g.bar_width + g.value_width
    parts = []
    for r, row in enumerate(rows):
        top = r * block + 4
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
                g.label_width - 6,
                top + block / 2,
                _truncate(row.label, g.label_chars),
            )
        )
        for s in range(len(series)):
            count, base = row.counts[s], row.bases[s]
            pct = percent(count, base)
            y = top + s * g.row
            bar = g.bar_width * pct / 100
            mark = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}: {} ({}%)</title></rect>"
                '<text x="{}" y="{}" class="chart-value">{} ({}%)</text>',
                g.label_width,
                y,
                f"{max(bar, 0.5):.1f}",
                g.row - 3 if g.row > 10 else g.row - 1,
                PALETTE[s % len(PALETTE)],
                series[s],
                count,
                f"{pct:.0f}",
                g.label_width + bar + 4,
                y + g.row - (5 if g.row > 10 else 2),
                count,
                f"{pct:.0f}",
            )
            link = row.links[s]
            parts.append(format_html('<a href="{}">{}</a>', link, mark) if link else mark)
    return _svg(width, height, title, parts, css=g.css)


def stacked_bars(
    rows: list[BarRow], segments: list[str], title: str, colours: Sequence[str] = PALETTE
) -> SafeString:
    """One 100% bar per row (an answer of the first question), split into the answers of
    the second; segments are labelled with their percentage when there is room."""
    height = ROW * 1.6 * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 70
    parts = []
    for r, row in enumerate(rows):
        y = r * ROW * 1.6 + 4
        total = sum(row.counts)
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
                LABEL_WIDTH - 6,
                y + ROW - 4,
                _truncate(row.label),
            )
        )
        x = float(LABEL_WIDTH)
        for s, count in enumerate(row.counts):
            pct = percent(count, total)
            w = BAR_WIDTH * pct / 100
            colour = colours[s % len(colours)]
            text_colour = (BIN_TEXT if colours is BIN_COLOURS else PALETTE_TEXT)[s % len(colours)]
            parts.append(
                format_html(
                    '<a href="{}"><rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{} – {}: {} ({}%)</title></rect>{}</a>",
                    row.links[s],
                    f"{x:.1f}",
                    y,
                    f"{w:.1f}",
                    ROW,
                    colour,
                    row.label,
                    segments[s],
                    count,
                    f"{pct:.0f}",
                    format_html(
                        '<text x="{}" y="{}" class="chart-inbar" fill="{}">{}%</text>',
                        f"{x + 2:.1f}",
                        y + ROW - 4,
                        text_colour,
                        f"{pct:.0f}",
                    )
                    if w > 26
                    else "",
                )
            )
            x += w
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-value">n = {}</text>',
                LABEL_WIDTH + BAR_WIDTH + 6,
                y + ROW - 4,
                total,
            )
        )
    return _svg(width, height, title, parts)


def legend(labels: Sequence[str], colours: Sequence[str] = PALETTE) -> SafeString:
    """Swatches as tiny SVGs (a fill attribute, not an inline style, so a strict CSP is fine)."""
    return format_html_join(
        " ",
        '<span class="chart-key"><svg width="12" height="12" aria-hidden="true">'
        '<rect width="12" height="12" fill="{}" stroke="#555"/></svg> {}</span>',
        ((colours[i % len(colours)], label) for i, label in enumerate(labels)),
    )


def ternary(
    points: list[list[tuple[int, int, int, int]]], corners: Sequence[str], title: str
) -> SafeString:
    """A triangle with corner a bottom-left, b bottom-right, c on top; a circle per rounded
    point, its area proportional to the number of stories, one colour per series."""
    size = 260
    h = size * math.sqrt(3) / 2
    pad = 24
    biggest = max((p[3] for series in points for p in series), default=1)
    parts = [
        format_html(
            '<polygon points="{},{} {},{} {},{}" class="chart-frame"/>',
            pad,
            pad + h,
            pad + size,
            pad + h,
            pad + size / 2,
            pad,
        ),
        format_html(
            '<text x="{}" y="{}" class="chart-label">{}</text>', 2, pad + h + 16, corners[0]
        ),
        format_html(
            '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
            pad * 2 + size - 2,
            pad + h + 16,
            corners[1],
        ),
        format_html(
            '<text x="{}" y="{}" class="chart-label" text-anchor="middle">{}</text>',
            pad + size / 2,
            pad - 8,
            corners[2],
        ),
    ]
    for s, series in enumerate(points):
        for a, b, c, count in series:
            total = (a + b + c) or 1
            x = pad + size * (b / total + c / total / 2)
            y = pad + h - h * c / total
            r = 2 + 10 * math.sqrt(count / biggest)
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="0.55">'
                    "<title>{}/{}/{}: {}</title></circle>",
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{r:.1f}",
                    PALETTE[s % len(PALETTE)],
                    a,
                    b,
                    c,
                    count,
                )
            )
    return _svg(size + 2 * pad, h + pad + 24, title, parts)


def bubble_grid(
    table: Sequence[Sequence[int]],
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    links: Sequence[Sequence[str]],
    title: str,
) -> SafeString:
    """A grid of circles (area ∝ count) for two sliders in bins: a readable scatterplot."""
    cell = 44
    left, top = 90, 10
    biggest = max((v for row in table for v in row), default=1) or 1
    parts = []
    for i, row in enumerate(table):
        y = top + i * cell + cell / 2
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
                left - 6,
                y + 4,
                row_labels[i],
            )
        )
        for j, count in enumerate(row):
            x = left + j * cell + cell / 2
            r = 2 + (cell / 2 - 3) * math.sqrt(count / biggest)
            parts.append(
                format_html(
                    '<a href="{}"><circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="0.7">'
                    "<title>{} × {}: {}</title></circle></a>",
                    links[i][j],
                    x,
                    y,
                    f"{r:.1f}",
                    PALETTE[0],
                    row_labels[i],
                    col_labels[j],
                    count,
                )
            )
    bottom = top + len(table) * cell + 14
    for j, label in enumerate(col_labels):
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="middle">{}</text>',
                left + j * cell + cell / 2,
                bottom,
                label,
            )
        )
    return _svg(left + len(col_labels) * cell + 10, bottom + 8, title, parts)


def _svg(
    width: float, height: float, title: str, parts: Sequence[str], css: str = "chart"
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{}" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
        css,
        f"{width:.0f}",
        f"{height:.0f}",
        f"{width:.0f}",
        f"{height:.0f}",
        title,
        title,
        mark_safe("".join(parts)),  # noqa: S308 (each part built with format_html)
    )
