"""The structure diagram: who reports to whom, laid out on the server as boxes and lines for an inline SVG.

Bodies stand in rows by how far they are from the top (a body reporting to nobody is at the top); each row is
centred, and a line runs from each body up to the one it reports to. No JavaScript draws it, so it prints and
shows the same everywhere; the page gives the same facts as a list.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from .models import Body

BOX_WIDTH = 190
BOX_HEIGHT = 64
GAP_X = 24
GAP_Y = 56
MARGIN = 8
LINE_CHARS = 24  # what fits on a line of the box at the diagram's font size
LINE_HEIGHT = 17


@dataclass
class Box:
    body: Body
    x: int = 0
    y: int = 0
    lines: list[str] = field(default_factory=list)
    width: int = BOX_WIDTH
    height: int = BOX_HEIGHT

    @property
    def centre_x(self) -> int:
        return self.x + self.width // 2

    @property
    def text_y(self) -> list[tuple[int, str]]:
        """Baselines of the name's lines, centred in the box with the kind below them."""
        top = self.y + (self.height - LINE_HEIGHT * (len(self.lines) + 1)) // 2 + LINE_HEIGHT - 3
        return [(top + i * LINE_HEIGHT, line) for i, line in enumerate(self.lines)]

    @property
    def kind_y(self) -> int:
        return self.text_y[-1][0] + LINE_HEIGHT


@dataclass
class Edge:
    x1: int
    y1: int
    x2: int
    y2: int

    @property
    def mid_y(self) -> int:
        return (self.y1 + self.y2) // 2


@dataclass
class Diagram:
    boxes: list[Box]
    edges: list[Edge]
    width: int
    height: int


def depth_of(body: Body, by_pk: dict[int, Body]) -> int:
    depth, seen, current = 0, {body.pk}, body
    while current.reports_to_id in by_pk and current.reports_to_id not in seen:
        seen.add(current.reports_to_id)
        current = by_pk[current.reports_to_id]
        depth += 1
    return depth


def layout(bodies: list[Body]) -> Diagram:
    by_pk = {body.pk: body for body in bodies}
    rows: dict[int, list[Box]] = {}
    for body in bodies:
        lines = textwrap.wrap(body.name, LINE_CHARS, max_lines=2, placeholder="…") or [""]
        rows.setdefault(depth_of(body, by_pk), []).append(Box(body, lines=lines))
    widest = max((len(row) for row in rows.values()), default=0)
    width = max(widest * (BOX_WIDTH + GAP_X) - GAP_X, 0) + 2 * MARGIN
    boxes: dict[int, Box] = {}
    for depth in sorted(rows):
        row = rows[depth]
        row_width = len(row) * (BOX_WIDTH + GAP_X) - GAP_X
        left = (width - row_width) // 2
        for index, box in enumerate(row):
            box.x = left + index * (BOX_WIDTH + GAP_X)
            box.y = MARGIN + depth * (BOX_HEIGHT + GAP_Y)
            boxes[box.body.pk] = box
    edges = [
        Edge(box.centre_x, box.y, boxes[box.body.reports_to_id].centre_x, boxes[box.body.reports_to_id].y + BOX_HEIGHT)
        for box in boxes.values()
        if box.body.reports_to_id in boxes
    ]
    height = (max(rows) + 1) * (BOX_HEIGHT + GAP_Y) - GAP_Y + 2 * MARGIN if rows else 0
    return Diagram(list(boxes.values()), edges, width, height)
