"""A small line chart of an indicator's values, drawn on the server as SVG (no JavaScript, no library).

The table beside it carries the same numbers for everyone who cannot see the chart; series differ by dash
pattern and marker shape as well as colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats

from .chain import IndicatorSummary

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2"]
MARKERS = ["circle", "square", "diamond"]


# Coordinates are whole numbers: fine at this size, and numbers in SVG attributes must never be localised
# ("12,5" is no coordinate), which floatformat in a template would do.
@dataclass
class Point:
    x: int
    y: int
    label: str
    value: Decimal


@dataclass
class Series:
    name: str
    points: list[Point]
    dash: str
    marker: str

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(self.points))


@dataclass
class Line:
    y: int
    label: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    series: list[Series] = field(default_factory=list)
    x_labels: list[tuple[int, str]] = field(default_factory=list)
    y_ticks: list[tuple[int, str]] = field(default_factory=list)  # (y, the number as the language writes it)
    references: list[Line] = field(default_factory=list)
    plot_bottom: int = HEIGHT - BOTTOM
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT


def draw(summary: IndicatorSummary, *, baseline_label: str, target_label: str, total_label: str) -> Chart | None:
    """The chart of the totals, or of each district when there are no totals. None without values."""
    indicator = summary.indicator
    values = summary.totals or [v for v in summary.values if not v.sex]
    if not values:
        return None
    periods = sorted({v.period_start for v in values})
    groups: dict[str, list] = {}
    for value in values:
        groups.setdefault(value.district.name if value.district_id else total_label, []).append(value)
    numbers = [v.value for v in values] + [n for n in (indicator.baseline, indicator.target) if n is not None]
    low, high = min(numbers + [Decimal(0)]), max(numbers)
    if high == low:
        high = low + 1
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x_of(start) -> int:
        return round(LEFT + (span_x * periods.index(start) / (len(periods) - 1) if len(periods) > 1 else span_x / 2))

    def y_of(number) -> int:
        return round(TOP + float((high - Decimal(number)) / (high - low)) * span_y)

    chart = Chart()
    for index, (name, group) in enumerate(groups.items()):
        points = [Point(x_of(v.period_start), y_of(v.value), str(v.period), v.value) for v in group]
        chart.series.append(Series(name, points, DASHES[index % len(DASHES)], MARKERS[index % len(MARKERS)]))
    # At most eight period labels under the axis, evenly picked.
    step = max(1, -(-len(periods) // 8))
    by_start = {v.period_start: str(v.period) for v in values}
    chart.x_labels = [(x_of(start), by_start[start]) for start in periods[::step]]
    ticks = [low + (high - low) * k / 4 for k in range(5)]
    chart.y_ticks = [(y_of(tick), formats.number_format(tick.normalize(), decimal_pos=None)) for tick in ticks]
    if indicator.baseline is not None:
        chart.references.append(Line(y_of(indicator.baseline), baseline_label))
    if indicator.target is not None:
        chart.references.append(Line(y_of(indicator.target), target_label))
    return chart
