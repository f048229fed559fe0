"""The dashboard's lists of changes in whole, page by page: the dashboard shows the first of each
(reports.dashboard.PAGE_LIMIT) and links here.

Each list is read from what the dashboard shows (`dashboard_context`: the live figures, kept until the database
changes, or an approved report's snapshot), so the whole list and the dashboard's first lines never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PER_PAGE = 50


@dataclass(frozen=True)
class LongList:
    key: str  # in the dashboard's context (or its governance section's)
    title: str
    empty: str
    container: str = "ol"  # "ol" (in the order of the dashboard), "ul" or "table"
    # The partial that renders an entry (as `entry`); none for the Lines the dashboard rendered already.
    partial: str | None = None
    governance: bool = False  # shown to those who see every meeting of the agreement (the dashboard's section)
    note: str | None = None  # the partial that says what the list counts, as the dashboard says it


BODY = "reports/includes/dashboard_body.html"
GOVERNANCE = "reports/includes/governance.html"


def governance_list(key: str, title, empty, container: str, partial: str) -> LongList:
    """A list of the governance section: its entries and its note are the section's partials `partial` and
    `note-partial`."""
    return LongList(
        key, title, empty, container, f"{GOVERNANCE}#{partial}", governance=True, note=f"{GOVERNANCE}#note-{partial}"
    )


LONG_LISTS = {
    "statusandringar": LongList(
        "status_changes", _("Status changes"), _("No status changed in this time."), note=f"{BODY}#changes-note"
    ),
    "nya": LongList("new", _("New activities"), _("No activity was added in this time."), "ul", f"{BODY}#new-activity"),
    "utgar": LongList(
        "dropped", _("Dropped activities"), _("No activity was dropped in this time."), note=f"{BODY}#changes-note"
    ),
    # Its empty text names the previous quarter (the template's).
    "flyttade": LongList("rows", _("Another status than at the end of the previous quarter"), "", "ul"),
    "efter-godkannandet": LongList(
        "late", _("Recorded after approval"), _("Nothing about this quarter has been recorded since the approval.")
    ),
    "protokoll": governance_list(
        "awaiting_approval", _("Minutes awaiting approval"), _("No minutes were awaiting approval."), "ul", "awaiting"
    ),
    "beslut": governance_list(
        "decisions", _("Decisions taken in the quarter"), _("No decision was taken in the quarter."), "ol", "decision"
    ),
    "forsenade-beslut": governance_list(
        "late_decisions",
        _("Decisions late in execution"),
        _("No decision was late in execution."),
        "ol",
        "late-decision",
    ),
    "atgarder": governance_list(
        "action_items", _("Open action items"), _("No action item was open."), "table", "action-item"
    ),
}


@dataclass
class Moved:
    """A moved activity in the whole list, with the goal area it is listed under."""

    row: object
    line: object


def entries(context: dict, kind: LongList, area: int | None) -> list:
    """The list's entries: Lines (status changes, dropped, recorded after approval), dicts (new activities, the
    governance section's lists) or, for what moved, each goal area's Lines as `Moved` (`area`: only the area in
    that place, 1 first). A report approved before the dashboard had its governance section has none."""
    if kind.governance:
        return (context["governance"] or {}).get(kind.key, [])
    if kind.key != "rows":
        return context[kind.key]
    rows = context["rows"] if area is None else context["rows"][area - 1 : area]
    return [Moved(row, line) for row in rows for line in row.moved]


def by_area(moved: list[Moved]) -> list[tuple[object, list]]:
    """A page of moved activities under their goal areas' headings."""
    groups: list[tuple[object, list]] = []
    for moved_one in moved:
        if groups and groups[-1][0] is moved_one.row:
            groups[-1][1].append(moved_one.line)
        else:
            groups.append((moved_one.row, [moved_one.line]))
    return groups
