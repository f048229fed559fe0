"""Charts drawn on the server as SVG (no chart JavaScript), the same in the browser and in the PDF.

Legible without colour: each status has a pattern of its own besides its colour, every bar segment carries
its number, and the legend repeats symbol, pattern and name. Each chart is `role="img"` with a title; the
page puts the same figures in a table next to it for screen readers.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Black line work over the status's own colour; the shape tells the statuses apart in black and white.
PATTERNS = (
    '<path d="M0 8L8 0M-2 2L2 -2M6 10L10 6" stroke="#000" stroke-width="1.2"/>',  # diagonal lines
    '<circle cx="2" cy="2" r="1.3" fill="#000"/><circle cx="6" cy="6" r="1.3" fill="#000"/>',  # dots
    '<path d="M0 0L8 8M8 0L0 8" stroke="#000" stroke-width="1"/>',  # cross-hatch
    '<path d="M0 2H8M0 6H8" stroke="#000" stroke-width="1.2"/>',  # horizontal lines
    "",  # plain
)

SCREEN_FONT = "system-ui, sans-serif"
PRINT_FONT = "Samverkan Serif"  # templates/pdf/base.html loads it from static/fonts
WIDTH = 640
LABEL_WIDTH = 56
BAR_WIDTH = 520
ROW = 30
BAR = 20


def num(value: float) -> str:
    return f"{value:.1f}"


def pattern_defs(prefix: str, statuses: list[dict]) -> SafeString:
    return format_html_join(
        "",
        '<pattern id="{}-{}" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="{}"/>{}</pattern>',
        ((prefix, n, status["colour"], mark_safe(PATTERNS[n % len(PATTERNS)])) for n, status in enumerate(statuses)),
    )


def status_bars(
    prefix: str, title: str, rows: list[tuple[str, list[int]]], statuses: list[dict], *, for_print: bool = False
) -> SafeString:
    """One stacked bar per row (`label`, a count per status), scaled to the longest, with a legend below.

    In the PDF the text is in the document's own font (never the system's) and without the status symbols,
    which that font lacks in part; the patterns tell the statuses apart there.
    """
    longest = max([sum(values) for _label, values in rows] + [1])
    parts = []
    for n, (label, values) in enumerate(rows):
        y = n * ROW + 6
        parts.append(format_html('<text x="0" y="{}" font-size="13" font-weight="bold">{}</text>', y + 15, label))
        x = LABEL_WIDTH
        for index, value in enumerate(values):
            if not value:
                continue
            width = BAR_WIDTH * value / longest
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-{})" stroke="#000" stroke-width="0.8"/>',
                    num(x),
                    y,
                    num(width),
                    BAR,
                    prefix,
                    index,
                )
            )
            if width >= 18:
                # On a white patch so the number reads over any pattern.
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="14" fill="#fff"/>'
                        '<text x="{}" y="{}" font-size="12" text-anchor="middle">{}</text>',
                        num(x + width / 2 - 8),
                        y + 3,
                        16,
                        num(x + width / 2),
                        y + 14,
                        value,
                    )
                )
            x += width
        parts.append(format_html('<text x="{}" y="{}" font-size="12">{}</text>', num(x + 4), y + 15, sum(values)))
    legend_y = len(rows) * ROW + 14
    for index, status in enumerate(statuses):
        column, line = index % 2, index // 2
        lx, ly = column * 300, legend_y + line * 22
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="18" height="14" fill="url(#{}-{})" stroke="#000" stroke-width="0.8"/>'
                '<text x="{}" y="{}" font-size="12">{}</text>',
                lx,
                ly,
                prefix,
                index,
                lx + 24,
                ly + 12,
                status["name"] if for_print else f"{status['symbol']} {status['name']}",
            )
        )
    height = legend_y + ((len(statuses) + 1) // 2) * 22 + 4
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg" font-family="{}">'
        '<title id="{}-title">{}</title><defs>{}</defs>{}</svg>',
        WIDTH,
        height,
        prefix,
        PRINT_FONT if for_print else SCREEN_FONT,
        prefix,
        title,
        pattern_defs(prefix, statuses),
        mark_safe("".join(parts)),
    )


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 200, 48, 5


def sparkline(
    prefix: str,
    title: str,
    values: list[float],
    *,
    baseline: float | None,
    target: float | None,
    for_print: bool = False,
) -> SafeString:
    """An indicator's values over time as points joined by a thin line, the baseline as a dashed line and the
    target as a thick one: small, for a list of many, and legible in black and white. Numbers are in the
    summary and the table beside it."""
    numbers = values + [n for n in (baseline, target) if n is not None]
    low, high = min(numbers, default=0.0), max(numbers, default=1.0)
    if high == low:
        low, high = low - 1, high + 1
    span_x, span_y = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD

    def x_of(index: int) -> float:
        return SPARK_PAD + (span_x * index / (len(values) - 1) if len(values) > 1 else span_x / 2)

    def y_of(number: float) -> float:
        return SPARK_PAD + (high - number) / (high - low) * span_y

    parts = []
    if baseline is not None:
        parts.append(
            format_html(
                '<line class="spark-baseline" x1="0" x2="{}" y1="{}" y2="{}" stroke="#000" stroke-width="1" '
                'stroke-dasharray="4 3"/>',
                SPARK_WIDTH,
                num(y_of(baseline)),
                num(y_of(baseline)),
            )
        )
    if target is not None:
        parts.append(
            format_html(
                '<line class="spark-target" x1="0" x2="{}" y1="{}" y2="{}" stroke="#000" stroke-width="2.5"/>',
                SPARK_WIDTH,
                num(y_of(target)),
                num(y_of(target)),
            )
        )
    points = [(num(x_of(n)), num(y_of(v))) for n, v in enumerate(values)]
    if len(points) > 1:
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="#555" stroke-width="1"/>',
                " ".join(f"{x},{y}" for x, y in points),
            )
        )
    parts.extend(
        format_html('<circle class="spark-value" cx="{}" cy="{}" r="3" fill="#000"/>', x, y) for x, y in points
    )
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-labelledby="{}-title" '
        'xmlns="http://www.w3.org/2000/svg" font-family="{}"><title id="{}-title">{}</title>{}</svg>',
        SPARK_WIDTH,
        SPARK_HEIGHT,
        SPARK_WIDTH,
        SPARK_HEIGHT,
        prefix,
        PRINT_FONT if for_print else SCREEN_FONT,
        prefix,
        title,
        mark_safe("".join(parts)),
    )
