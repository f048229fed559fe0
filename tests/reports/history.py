"""A plan with a recorded history over several quarters of 2024, for the dashboard tests.

Rows are written with the moments they were recorded (simple-history's `_history_date`, StatusChange's
`changed_at`), as if the officials had worked in the portal all year. Goal areas A and B; the Västerås statuses.
"""

import datetime

from django.utils import timezone

from activities.models import Activity, StatusChange
from agreements.models import GoalArea
from tests.factories import make_statuses


def at(day: str, time: str = "10:00") -> datetime.datetime:
    """A moment in Stockholm time: at("2024-09-27")."""
    naive = datetime.datetime.fromisoformat(f"{day} {time}")
    return timezone.make_aware(naive, timezone.get_default_timezone())


def new_activity(agreement, name, *, recorded, goal_areas=("A",), prioritised=False, resources=False, parent=None):
    statuses = make_statuses(agreement)
    activity = Activity(
        agreement=agreement,
        name=name,
        status=statuses["initiated"],
        is_prioritised=prioritised,
        resource_reinforcement=resources,
        parent=parent,
    )
    activity._history_date = recorded
    activity.save()
    activity.goal_areas.set(GoalArea.objects.filter(agreement=agreement, code__in=goal_areas))
    # The goal areas were set when the activity was recorded (their history rows say so too).
    activity.history.update(history_date=recorded)
    return activity


def change(activity, kind, *, effective, recorded, by=None, comment="Följdes upp."):
    """A status change that took effect on `effective` (a date string), recorded at `recorded`."""
    new = make_statuses(activity.agreement)[kind]
    StatusChange.objects.create(
        activity=activity,
        from_status=activity.status,
        to_status=new,
        comment=comment,
        changed_by=by,
        changed_at=recorded,
        effective_on=datetime.date.fromisoformat(effective),
    )
    activity.status = new
    activity._history_date = recorded
    activity.save()
    return activity


def build_2024(agreement, by=None) -> dict[str, Activity]:
    """The year, quarter by quarter (what each quarter's end should show is in test_dashboard.py)."""
    GoalArea.objects.get_or_create(agreement=agreement, code="B", defaults={"title": "Minskad brottslighet"})
    plan = {
        "ferie": new_activity(agreement, "Feriepraktik", recorded=at("2024-01-10")),
        "trygg": new_activity(
            agreement, "Trygghetsvandring", recorded=at("2024-02-01"), goal_areas=("A", "B"), prioritised=True
        ),
        "laxhjalp": new_activity(agreement, "Läxhjälp", recorded=at("2024-01-05"), goal_areas=("B",)),
    }
    # Q1: Läxhjälp started on 28 March, recorded only on 3 April (in Q2).
    change(
        plan["laxhjalp"],
        "ongoing",
        effective="2024-03-28",
        recorded=at("2024-04-03"),
        by=by,
        comment="Kom igång före påsk.",
    )
    # Q2
    change(
        plan["ferie"], "ongoing", effective="2024-04-15", recorded=at("2024-04-15"), by=by, comment="Första gruppen."
    )
    plan["mbu"] = new_activity(agreement, "MBU", recorded=at("2024-05-02"), goal_areas=("B",), resources=True)
    # Q3: Trygghetsvandring got going on Friday 27 September; the official recorded it on 2 October.
    change(
        plan["ferie"], "finished", effective="2024-08-20", recorded=at("2024-08-21"), by=by, comment="Sommaren klar."
    )
    change(
        plan["trygg"],
        "ongoing",
        effective="2024-09-27",
        recorded=at("2024-10-02"),
        by=by,
        comment="Vandrade i fredags.",
    )
    # Q4
    plan["natt"] = new_activity(agreement, "Nattvandring", recorded=at("2024-10-20"))
    change(
        plan["mbu"], "dropped", effective="2024-11-05", recorded=at("2024-11-05"), by=by, comment="Ingen finansiering."
    )
    return plan
