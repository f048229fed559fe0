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


def recorded(obj, moment: datetime.datetime) -> None:
    """Date the newest history row of `obj` at `moment`, as if it had been recorded then."""
    row = obj.history.order_by("-history_date", "-history_id").first()
    type(row).objects.filter(pk=row.pk).update(history_date=moment)


def meeting(body, day: str, state, *, adjuster, approved: str | None = None):
    """A meeting of `body` at 13:00 on `day`, its minutes approved at `approved` (a day) if given."""
    from tests.factories import make_meeting

    held = make_meeting(body, starts_at=at(day, "13:00"), adjusters=[adjuster], state=state)
    if approved:
        held.approve(adjuster, at=at(approved))
    return held


def decision(body, text: str, *, decided: str, recorded_on: str, by, due: str | None = None):
    from meetings.models import record_decision

    taken = record_decision(
        body,
        text=text,
        decided_on=datetime.date.fromisoformat(decided),
        by=by,
        taken_by="Ordföranden",
        execution_due_on=datetime.date.fromisoformat(due) if due else None,
    )
    recorded(taken, at(recorded_on))
    return taken


def action_item(body, what: str, *, activity, owner, due: str, raised: str):
    from meetings.models import ActionItem

    action = ActionItem(body=body, activity=activity, what=what, owner=owner, due_on=datetime.date.fromisoformat(due))
    action._history_date = at(raised)
    action.save()
    return action


def build_meetings_2024(agreement, cast, plan) -> dict:
    """The bodies' 2024 around `build_2024`'s plan (what each quarter's end should show: test_dashboard_governance).

    Strategisk ledning (SL) meets four times a year, Operativ ledning (OL) as needed, Arbetsgrupp trygghet (AT) six
    times a year; the strategic member adjusts every meeting's minutes.
    """
    from meetings.models import Decision, Meeting
    from tests.factories import make_body

    held, planned, cancelled = Meeting.State.HELD, Meeting.State.PLANNED, Meeting.State.CANCELLED
    adjuster, official = cast["strategic"], cast["official"]
    sl = make_body(agreement, "Strategisk ledning", kind="strategic", meetings_per_year=4)
    ol = make_body(agreement, "Operativ ledning", kind="operative", meets_as_needed=True)
    at_ = make_body(agreement, "Arbetsgrupp trygghet", kind="working_group", meetings_per_year=6)
    meeting(sl, "2024-03-14", held, adjuster=adjuster, approved="2024-03-20")
    meeting(at_, "2024-02-01", held, adjuster=adjuster, approved="2024-02-10")
    # Approved on 10 July: at the end of Q2 its minutes were still awaited (due 26 June).
    meeting(sl, "2024-06-12", held, adjuster=adjuster, approved="2024-07-10")
    # Approved on 8 October, twelve days late: awaited, and overdue, at the end of Q3.
    meeting(sl, "2024-09-12", held, adjuster=adjuster, approved="2024-10-08")
    meeting(sl, "2024-09-20", planned, adjuster=adjuster)  # never marked held: not the previous meeting
    meeting(sl, "2024-09-25", cancelled, adjuster=adjuster)
    meeting(ol, "2024-09-25", held, adjuster=adjuster)  # the operative body's: not the strategic one's
    meeting(sl, "2024-10-10", held, adjuster=adjuster)
    meeting(sl, "2024-12-05", held, adjuster=adjuster, approved="2024-12-12")

    # SL 2024:1, to be carried out by 31 August; done on 5 October (after Q3).
    budget = decision(sl, "Feriepraktiken får 200 000 kr.", decided="2024-06-12", recorded_on="2024-06-13", by=official,
                      due="2024-08-31")  # fmt: skip
    budget.set_execution(Decision.Execution.DONE, by=official, comment="Utbetalt.")
    recorded(budget, at("2024-10-05"))
    # SL 2024:2, a long text (the dashboard shows its beginning).
    decision(sl, "Trygghetsvandringar ska genomföras i alla stadsdelar. " * 8, decided="2024-09-12",
             recorded_on="2024-09-13", by=official, due="2024-12-31")  # fmt: skip
    # SL 2024:3, taken on 28 September, recorded only on 3 October: a decision of Q3 all the same.
    decision(sl, "Nattvandringen startar.", decided="2024-09-28", recorded_on="2024-10-03", by=official)
    # OL 2024:1, in Q4, to be carried out by 1 November; under way since 25 October.
    lokal = decision(ol, "Boka lokal för uppföljningen.", decided="2024-10-20", recorded_on="2024-10-20", by=official,
                     due="2024-11-01")  # fmt: skip
    lokal.set_execution(Decision.Execution.IN_PROGRESS, by=official)
    recorded(lokal, at("2024-10-25"))

    strategic = cast["strategic"]
    ferie = plan["ferie"]
    # Done on 2 October: open, and overdue, at the end of Q3.
    budget_item = action_item(sl, "Ta fram budget", activity=ferie, owner=strategic, due="2024-09-15",
                              raised="2024-08-01")  # fmt: skip
    budget_item.mark_done(by=strategic)
    recorded(budget_item, at("2024-10-02"))
    # Due on the quarter's last day and done the day after: open at the end of Q3, not yet overdue.
    report = action_item(sl, "Rapportera", activity=ferie, owner=official, due="2024-09-30", raised="2024-09-02")
    report.mark_done(by=official)
    recorded(report, at("2024-10-01"))
    action_item(sl, "Boka lokal", activity=ferie, owner=official, due="2024-10-15", raised="2024-09-01")
    # Done on 5 September and reopened on 5 October: not open at the end of Q3, open (and overdue) in November.
    invite = action_item(sl, "Skicka inbjudan", activity=ferie, owner=official, due="2024-09-10", raised="2024-08-15")
    invite.mark_done(by=official)
    recorded(invite, at("2024-09-05"))
    invite.reopen(by=official)
    recorded(invite, at("2024-10-05"))
    action_item(ol, "Utvärdera sommaren", activity=ferie, owner=official, due="2024-12-01", raised="2024-10-10")
    return {"sl": sl, "ol": ol, "at": at_}
