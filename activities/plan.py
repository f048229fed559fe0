"""The plan arranged for reading: matrix columns per goal area, board columns per status.

Works on querysets from `ActivityQuerySet.for_matrix` / `for_board`, whose prefetches it relies on, so
arranging never queries again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from agreements.models import GoalArea

from .forms import StatusChangeForm
from .models import Activity, Status


@dataclass
class StatusCount:
    status: Status
    count: int


@dataclass
class MatrixEntry:
    activity: Activity
    # How the sub-activities stand together ("1 av 2 pågår"), one line per status present.
    sub_counts: list[StatusCount]
    sub_total: int


@dataclass
class MatrixColumn:
    goal_area: GoalArea
    entries: list[MatrixEntry] = field(default_factory=list)

    @property
    def counts(self) -> list[StatusCount]:
        return count_by_status(entry.activity.status for entry in self.entries)


def count_by_status(statuses) -> list[StatusCount]:
    """Counts in the agreement's status order, statuses with none left out."""
    counter = Counter(statuses)
    ordered = sorted(counter.items(), key=lambda item: (item[0].order, item[0].pk))
    return [StatusCount(status, n) for status, n in ordered]


def aims_at(activity: Activity) -> set[int]:
    """Goal areas of the activity and of its sub-activities (a sub-activity may aim further)."""
    ids = {area.pk for area in activity.goal_areas.all()}
    for sub in activity.sub_activities.all():
        ids |= {area.pk for area in sub.goal_areas.all()}
    return ids


def matrix_columns(goal_areas, activities) -> list[MatrixColumn]:
    columns = {area.pk: MatrixColumn(area) for area in goal_areas}
    for activity in activities:
        subs = activity.sub_activities.all()
        entry = MatrixEntry(activity, count_by_status(sub.status for sub in subs), len(subs))
        for area_id in aims_at(activity):
            if area_id in columns:
                columns[area_id].entries.append(entry)
    return list(columns.values())


@dataclass
class Card:
    """An activity on the board or in "my activities".

    An editable card shows a link that loads its status form into the card (htmx) or opens the status page;
    `form` is set only where the form is shown open, so a board of hundreds of cards renders no forms.
    """

    activity: Activity
    editable: bool
    form: StatusChangeForm | None = None


@dataclass
class BoardColumn:
    status: Status
    cards: list[Card] = field(default_factory=list)


def board_columns(statuses, cards: list[Card]) -> list[BoardColumn]:
    columns = {status.pk: BoardColumn(status) for status in statuses}
    for card in cards:
        columns[card.activity.status_id].cards.append(card)
    return list(columns.values())
