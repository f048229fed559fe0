"""The dashboard's governance section: meetings against their cadence, minutes awaiting approval, decisions taken
and decisions late in execution, open and overdue action items, as they stood at the quarter's end.

A past quarter is rebuilt from what the models record with dates:

- action items from their history rows recorded before the end (what, owner, due date and whether done, as then);
- decisions by the day they were taken (`decided_on`), however late they were recorded; how far each had been
  carried out and by when it was due, from its history rows recorded before the end (a decision recorded only
  after the end: as first recorded);
- minutes by the moment they were approved (`approved_at`);
- meetings by the day they took place. Whether a meeting was held is its state now: the portal does not date the
  marking, and a meeting that took place counts on its day however late it was marked. Bodies and their cadence
  are those of the structure now.

Five queries for any number of bodies, meetings, decisions and action items (the page's notes say the above).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.text import Truncator

from activities.plan import link_maker
from agreements.models import Agreement
from meetings.cadence import CadenceYear, cadence_years, expected_by
from meetings.models import STOCKHOLM, ActionItem, Body, Decision, Meeting
from samverkan.as_of import history_at

from .quarters import Quarter

ActionItemHistory = ActionItem.history.model
DecisionHistory = Decision.history.model

EXCERPT = 200  # characters of a decision's text on the dashboard


def governance_data(
    agreement: Agreement, quarter: Quarter, now: datetime.datetime, person: Callable[[str, str, str], str]
) -> dict:
    """The governance section of `quarter`'s dashboard as plain data (what an approved report stores).

    `person(first, last, username)` names an action item's owner.
    """
    end = min(quarter.ends_at, now)
    as_of = min(quarter.last_day, timezone.localdate(now))
    return {
        "year": quarter.year,
        "cadence": cadence_rows(agreement, quarter, now, end),
        "awaiting_approval": awaiting_approval(agreement, end, as_of),
        **decisions(agreement, quarter, end, as_of),
        "action_items": open_action_items(agreement, end, as_of, person),
    }


def cadence_rows(agreement: Agreement, quarter: Quarter, now: datetime.datetime, end: datetime.datetime) -> list[dict]:
    """Each body's meetings held in the quarter's year up to its end, against what its cadence asks by then."""
    bodies = [
        body
        for body in Body.objects.filter(agreement=agreement).select_related("agreement").order_by("order", "pk")
        if body.ends_on is None or body.ends_on >= quarter.first_day
    ]
    # The day after the quarter (or today while it runs): the cadence asks for what was due by the end of its last day.
    day = min(quarter.next.first_day, timezone.localdate(now))
    years = cadence_years(bodies, day, until=end)
    rows = []
    for body in bodies:
        year = next((y for y in years.get(body.pk, []) if y.year == quarter.year), None)
        year = year or CadenceYear(quarter.year, 0, 0, expected_by(body, quarter.year, day))
        rows.append(
            {
                "body": body.name,
                "url": body.get_absolute_url(),
                "cadence": body.cadence_text,
                "held": year.held,
                "expected": year.expected,
                "behind": year.behind,
            }
        )
    return rows


def awaiting_approval(agreement: Agreement, end: datetime.datetime, as_of: datetime.date) -> list[dict]:
    """Held meetings before the end whose minutes were not approved by then."""
    url = link_maker("meetings:meeting")
    meetings = (
        Meeting.objects.filter(body__agreement=agreement, state=Meeting.State.HELD, starts_at__lt=end)
        .filter(Q(approved_at__isnull=True) | Q(approved_at__gte=end))
        .order_by("starts_at", "pk")
        .values_list("pk", "body__name", "starts_at", "approval_due_on")
    )
    return [
        {
            "body": body,
            "url": url(pk),
            "date": starts_at.astimezone(STOCKHOLM).date().isoformat(),
            "due_on": due_on.isoformat() if due_on else "",
            "overdue": due_on is not None and due_on < as_of,
        }
        for pk, body, starts_at, due_on in meetings
    ]


def decisions(agreement: Agreement, quarter: Quarter, end: datetime.datetime, as_of: datetime.date) -> dict:
    """Decisions taken in the quarter (up to `as_of`), and those whose execution was late at the end."""
    url = link_maker("meetings:decision")
    # Each decision as its last row before the end recorded it (one recorded only later: as first recorded),
    # then those taken by the end that were taken in the quarter or were due before its end and not carried out.
    due_and_not_done = Q(execution_due_on__lt=as_of) & ~Q(execution=Decision.Execution.DONE)
    rows = (
        history_at(DecisionHistory.objects.filter(body__agreement_id=agreement.pk), end, else_first=True)
        .exclude(history_type="-")
        .filter(Q(decided_on__gte=quarter.first_day) | due_and_not_done, decided_on__lte=as_of)
        .annotate(excerpt=Substr("text", 1, EXCERPT + 1))
        .values_list(
            "id",
            "body__short_code",
            "year",
            "number",
            "decided_on",
            "excerpt",
            "execution",
            "execution_due_on",
            "carried_out_by",
        )
    )
    taken, late = [], []
    for pk, code, year, number, decided_on, excerpt, execution, due_on, carried_out_by in rows:
        entry = {
            "label": f"{code} {year}:{number}",
            "url": url(pk),
            "decided_on": decided_on.isoformat(),
            "excerpt": Truncator(excerpt).chars(EXCERPT),
            "execution": execution,
            "due_on": due_on.isoformat() if due_on else "",
            "carried_out_by": carried_out_by,
            "order": (decided_on.isoformat(), code, year, number),
        }
        if decided_on >= quarter.first_day:
            taken.append(entry)
        if execution != Decision.Execution.DONE and due_on is not None and due_on < as_of:
            late.append(entry)
    taken.sort(key=lambda e: e["order"])
    late.sort(key=lambda e: (e["due_on"], e["order"]))
    for entry in taken + late:
        entry.pop("order", None)
    return {"decisions": taken, "late_decisions": late}


def open_action_items(
    agreement: Agreement, end: datetime.datetime, as_of: datetime.date, person: Callable[[str, str, str], str]
) -> list[dict]:
    """Action items raised before the end and not done by then, as their history rows recorded them then."""
    rows = (
        history_at(ActionItemHistory.objects.filter(body__agreement_id=agreement.pk), end)
        .exclude(history_type="-")
        .filter(done_at__isnull=True)
        .values_list(
            "what",
            "due_on",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
            "body__name",
        )
    )
    items = [
        {
            "what": what,
            "owner": person(first, last, username),
            "body": body,
            "due_on": due_on.isoformat(),
            "overdue": due_on < as_of,
        }
        for what, due_on, first, last, username, body in rows
    ]
    items.sort(key=lambda e: (e["due_on"], e["what"]))
    return items


def present_governance(data: dict | None) -> dict | None:
    """What the templates read of the section; None for a report approved before the dashboard had it."""
    if data is None:
        return None
    executions = dict(Decision.Execution.choices)
    return data | {
        "late_decisions": [
            entry | {"execution_label": executions.get(entry["execution"], entry["execution"])}
            for entry in data["late_decisions"]
        ],
        "overdue_action_items": sum(1 for entry in data["action_items"] if entry["overdue"]),
        "overdue_minutes": sum(1 for entry in data["awaiting_approval"] if entry["overdue"]),
        "behind": [row for row in data["cadence"] if row["behind"]],
    }
