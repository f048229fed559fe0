"""The strategic group's quarterly dashboard: where the agreement stood at the end of a quarter.

A past quarter shows the state as it was at its end (the end of its last day, Europe/Stockholm), rebuilt from
what was recorded: whether an activity existed then, whether it was prioritised and asked for resources comes
from its history rows (recorded before the quarter ended); its status from the status changes by the day they
took effect (`StatusChange.effective_on`), so a change recorded on Monday about Friday counts on Friday. Goal
areas are the activity's goal areas as the plan has them now (their history is not kept per quarter).

`build_dashboard()` returns plain data (strings, numbers, lists): what the page and the PDF show, and what an
approved quarter report stores as its snapshot. Everything is read in a fixed number of queries, however many
activities and history rows there are; the rest is arithmetic in Python.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, Status, StatusChange
from activities.plan import link_maker
from agreements.models import Agreement, GoalArea
from followup.late import late_followups
from meetings.models import BodyKind, Meeting
from samverkan.as_of import history_at
from samverkan.fragments import render_each, source_digest
from samverkan.kept_results import kept_result

from .followup_section import cycle_data, indicator_data, present_cycle, present_indicators
from .governance import governance_data, present_governance
from .quarters import Quarter, local_midnight

ActivityHistory = Activity.history.model


@dataclass(slots=True)
class Change:
    """A status change as read from the database, with the activity's name as last recorded."""

    pk: int
    activity_id: int
    name: str
    from_status_id: int | None
    to_status_id: int
    comment: str
    who: str
    changed_at: datetime.datetime
    effective_on: datetime.date


@dataclass(slots=True)
class State:
    """An activity at a moment: as recorded by then, its status by the day changes took effect."""

    pk: int
    name: str
    is_prioritised: bool
    parent_id: int | None
    resource_reinforcement: bool
    status_id: int


def person(first: str | None, last: str | None, username: str | None) -> str:
    if username is None:
        return _("the system")
    return f"{first or ''} {last or ''}".strip() or username


def person_namer():
    """`person` for many rows by a few people: each name is made (and translated) once."""
    names = {}

    def name(first: str | None, last: str | None, username: str | None) -> str:
        key = (first, last, username)
        known = names.get(key)
        if known is None:
            known = names[key] = person(first, last, username)
        return known

    return name


@dataclass
class PlanHistory:
    """The agreement's structure, read once, and its recorded history, asked per moment: each question picks
    its rows in the database (samverkan.as_of), so none reads the whole history."""

    agreement: Agreement
    goal_areas: list[GoalArea]
    statuses: list[Status]
    aims_at: dict[int, set[int]]  # activity -> goal areas (its own and its sub-activities')
    person: Callable[[str | None, str | None, str | None], str] = field(default_factory=person_namer)

    def records(self):
        return ActivityHistory.objects.filter(agreement_id=self.agreement.pk)

    def changes(self, chosen: Q) -> list[Change]:
        """The `chosen` status changes in the order they took effect."""
        last_name = ActivityHistory.objects.filter(id=OuterRef("activity_id")).order_by("-history_date", "-history_id")
        rows = (
            StatusChange.objects.filter(chosen, activity__agreement=self.agreement)
            .annotate(name=Subquery(last_name.values("name")[:1]))
            .order_by("effective_on", "changed_at", "pk")
            .values_list(
                "pk",
                "activity_id",
                "name",
                "from_status_id",
                "to_status_id",
                "comment",
                "changed_by__first_name",
                "changed_by__last_name",
                "changed_by__username",
                "changed_at",
                "effective_on",
            )
        )
        return [
            Change(pk, activity_id, name or "", from_id, to_id, comment, self.person(first, last, user), at, on)
            for pk, activity_id, name, from_id, to_id, comment, first, last, user, at, on in rows
        ]

    def created(self, since: datetime.datetime, until: datetime.datetime) -> list[tuple[int, str, datetime.datetime]]:
        """Activities first recorded in [since, until): (pk, who, when)."""
        rows = (
            self.records()
            .filter(history_type="+", history_date__gte=since, history_date__lt=until)
            .values_list(
                "id", "history_user__first_name", "history_user__last_name", "history_user__username", "history_date"
            )
        )
        return [(pk, self.person(first, last, user), at) for pk, first, last, user, at in rows]


def read_plan_history(agreement: Agreement) -> PlanHistory:
    """Three queries: goal areas, statuses, goal-area links. The history is asked for by moment."""
    goal_areas = list(agreement.goal_areas.all())
    statuses = list(agreement.statuses.all())
    links = Activity.goal_areas.through.objects.filter(activity__agreement=agreement).values_list(
        "activity_id", "goalarea_id", "activity__parent_id"
    )
    aims_at = defaultdict(set)
    for activity_id, area_id, parent_id in links:
        aims_at[activity_id].add(area_id)
        if parent_id:
            aims_at[parent_id].add(area_id)
    return PlanHistory(agreement, goal_areas, statuses, dict(aims_at))


def states_at(history: PlanHistory, end: datetime.datetime, last_day: datetime.date) -> dict[int, State]:
    """Every activity that existed at `end` (as recorded by then), with its status on `last_day` (by the day
    each change took effect, however late it was recorded). One query.

    The status is the last change in effect by then; before its first change took effect, what that change
    moved it from; with no change at all, the status as recorded.
    """
    changes = StatusChange.objects.filter(activity_id=OuterRef("id"))
    in_effect = changes.filter(effective_on__lte=last_day).order_by("-effective_on", "-changed_at", "-pk")
    first = changes.order_by("effective_on", "changed_at", "pk")
    status = Coalesce(
        Subquery(in_effect.values("to_status_id")[:1]),
        Subquery(first.values("from_status_id")[:1]),
        F("status_id"),
        output_field=IntegerField(),
    )
    rows = (
        history_at(history.records(), end)
        .exclude(history_type="-")
        .annotate(status_then=status)
        .values_list("id", "name", "is_prioritised", "parent_id", "resource_reinforcement", "status_then")
    )
    return {row[0]: State(*row) for row in rows}


def quarter_states(history: PlanHistory, quarter: Quarter, now: datetime.datetime) -> dict[int, State]:
    """The state at the quarter's end, or now for a quarter still running."""
    end = min(quarter.ends_at, now)
    return states_at(history, end, min(quarter.last_day, timezone.localdate(now)))


def status_data(status: Status) -> dict:
    return {"pk": status.pk, "name": status.name, "kind": status.kind, "symbol": status.symbol, "colour": status.colour}


def goal_area_word(agreement: Agreement) -> str:
    """What the agreement calls its goal areas (“Målområden”, “Fokusområden”, …)."""
    word = agreement.goal_area_term_plural
    return word[:1].upper() + word[1:]


def counts(states: list[State], statuses: list[Status]) -> dict:
    counter = Counter(state.status_id for state in states)
    return {"by_status": [counter.get(status.pk, 0) for status in statuses], "total": len(states)}


def build_dashboard(
    agreement: Agreement,
    quarter: Quarter,
    *,
    since: tuple[datetime.date, str] | None = None,
    now: datetime.datetime | None = None,
    history: PlanHistory | None = None,
) -> dict:
    """The dashboard of `quarter` as plain data (see the module's docstring).

    `since` is the day of the strategic body's previous meeting and how to say it; without one, the changes
    are those since the previous quarter ended.
    """
    now = now or timezone.now()
    history = history or read_plan_history(agreement)
    statuses = history.statuses
    status_index = {status.pk: n for n, status in enumerate(statuses)}
    url = link_maker("activities:detail")
    states = quarter_states(history, quarter, now)
    previous = quarter_states(history, quarter.previous, now)
    top = [s for s in states.values() if s.parent_id is None]
    top_before = {s.pk: s for s in previous.values() if s.parent_id is None}

    def areas_of(pk: int) -> list[GoalArea]:
        ids = history.aims_at.get(pk, set())
        return [area for area in history.goal_areas if area.pk in ids]

    def codes(pk: int) -> str:
        return ", ".join(area.short_label for area in areas_of(pk))

    def entry(state: State) -> dict:
        return {
            "name": state.name,
            "url": url(state.pk),
            "status": status_index[state.status_id],
            "goal_areas": codes(state.pk),
        }

    by_name = sorted(top, key=lambda s: (s.name, s.pk))
    goal_areas = []
    # Each goal area's activities, now and before: one pass over the activities, not one per goal area.
    now_in, before_in = defaultdict(list), defaultdict(list)
    for state in by_name:
        for area_id in history.aims_at.get(state.pk, ()):
            now_in[area_id].append(state)
    for state in top_before.values():
        for area_id in history.aims_at.get(state.pk, ()):
            before_in[area_id].append(state)
    for area in history.goal_areas:
        moved = []
        for state in now_in[area.pk]:
            was = top_before.get(state.pk)
            if was is None or was.status_id != state.status_id:
                moved.append(
                    {
                        "name": state.name,
                        "url": url(state.pk),
                        "from": None if was is None else status_index[was.status_id],
                        "to": status_index[state.status_id],
                    }
                )
        goal_areas.append(
            {
                "code": area.code,
                "title": area.title,
                "now": counts(now_in[area.pk], statuses),
                "before": counts(before_in[area.pk], statuses),
                "moved": moved,
            }
        )

    return {
        "agreement": {"pk": agreement.pk, "title": agreement.title},
        "quarter": quarter.slug,
        # The day the figures are for: the quarter's last day, or today while it runs.
        "as_of": min(quarter.last_day, timezone.localdate(now)).isoformat(),
        "complete": quarter.has_ended(now),
        "goal_area_word": goal_area_word(agreement),
        "goal_area_term": agreement.goal_area_term,
        "statuses": [status_data(status) for status in statuses],
        "goal_areas": goal_areas,
        "all": {"now": counts(top, statuses), "before": counts(list(top_before.values()), statuses)},
        "prioritised": [entry(s) for s in by_name if s.is_prioritised],
        "resources": [
            entry(s)
            for s in sorted(states.values(), key=lambda s: (s.name, s.pk))
            if s.resource_reinforcement and statuses[status_index[s.status_id]].kind not in CLOSED_KINDS
        ],
        "changes": changes_since(history, quarter, states, since, now, status_index, url),
        "late_followups": late_rows(agreement, min(quarter.last_day, timezone.localdate(now)), url),
        "governance": governance_data(agreement, quarter, now, history.person),
        "indicators": indicator_data(agreement, quarter, now),
        "annual_cycle": cycle_data(agreement, quarter, now),
    }


def late_rows(agreement: Agreement, on: datetime.date, url) -> list[dict]:
    """Missing indicator values and passed follow-up dates on the quarter's last day (followup.late).

    Whether an activity is finished comes from its status today, as followup reads it, not the quarter's end.
    """
    return [
        {
            "what": row.what,
            "indicator": str(row.indicator) if row.indicator else "",
            "activity": str(row.activity) if row.activity else "",
            "url": url(row.activity.pk) if row.activity else "",
            "due_on": row.due_on.isoformat(),
            "reason": row.reason,
        }
        for row in late_followups(agreement, on)
    ]


CLOSED_KINDS = {Status.Kind.FINISHED, Status.Kind.DROPPED}


def changes_since(history, quarter, states, since, now, status_index, url) -> dict:
    """Status changes, new and dropped activities between the previous meeting (or quarter) and the quarter's end.

    A change counts when it took effect in that time, or was recorded in it about an earlier day (the group
    has not heard of it yet); each says both days when they differ.
    """
    since_day, since_label = since or (quarter.previous.last_day, _("the end of the previous quarter"))
    since_moment = local_midnight(since_day + datetime.timedelta(days=1))
    until_day, until = min(quarter.last_day, timezone.localdate(now)), min(quarter.ends_at, now)
    dropped_kind = {n for n, status in enumerate(history.statuses) if status.kind == Status.Kind.DROPPED}

    took_effect_since = Q(effective_on__gt=since_day, effective_on__lte=until_day)
    told_since = Q(effective_on__lte=until_day, changed_at__gte=since_moment, changed_at__lt=until)
    status_changes = [
        change_entry(
            change, states[change.activity_id].name if change.activity_id in states else change.name, status_index, url
        )
        for change in history.changes(took_effect_since | told_since)
    ]
    new = [
        {"name": states[pk].name, "url": url(pk), "who": who, "recorded_on": timezone.localdate(at).isoformat()}
        for pk, who, at in history.created(since_moment, until)
        if pk in states
    ]
    new.sort(key=lambda e: (e["recorded_on"], e["name"]))
    return {
        "since": since_day.isoformat(),
        "since_label": since_label,
        "status_changes": status_changes,
        "new": new,
        "dropped": [c for c in status_changes if c["to"] in dropped_kind],
    }


def previous_meeting(
    agreement: Agreement, quarter: Quarter, now: datetime.datetime
) -> tuple[datetime.date, str] | None:
    """The day of the strategic body's last held meeting before the quarter ended (or now), and how to say it.

    None when it has held none by then: the changes are then those since the previous quarter ended.
    """
    meeting = (
        Meeting.objects.filter(
            body__agreement=agreement,
            body__kind__kind=BodyKind.Kind.STRATEGIC,
            state=Meeting.State.HELD,
            starts_at__lt=min(quarter.ends_at, now),
        )
        .select_related("body")
        .order_by("-starts_at", "-pk")
        .first()
    )
    if meeting is None:
        return None
    return meeting.date, _("the meeting of %(body)s on %(day)s") % {
        "body": meeting.body.name,
        "day": meeting.date.isoformat(),
    }


def dashboard_data(
    agreement: Agreement, quarter: Quarter, *, now: datetime.datetime | None = None, history: PlanHistory | None = None
) -> dict:
    """The dashboard of `quarter` as it stands `now`: what the page, the PDF and an approval show and store."""
    now = now or timezone.now()
    since = previous_meeting(agreement, quarter, now)
    return build_dashboard(agreement, quarter, since=since, now=now, history=history)


def live_dashboard(agreement: Agreement, quarter: Quarter, *, for_print: bool = False) -> dict:
    """`quarter`'s dashboard before approval as `present` shows it (on the page, or `for_print`), kept until the
    database changes or the minute ends (samverkan/kept_results.py); the templates only read it.

    Worked out as at the last instant of the current minute, not this one: every request in the minute then
    asks for the same figures, and they hold everything recorded so far.
    """
    minute = timezone.now().replace(second=0, microsecond=0)
    end_of_minute = minute + datetime.timedelta(minutes=1, microseconds=-1)
    asked = (agreement.pk, quarter.slug, minute)

    def shown() -> dict:
        data = kept_result("dashboard", asked, lambda: dashboard_data(agreement, quarter, now=end_of_minute))
        return present(data, for_print=for_print)

    # With the sources of the lines it renders (samverkan/fragments.py): an edited template is a new result.
    sources = (source_digest(CHANGE_LINE), source_digest(MOVE_LINE))
    return kept_result("dashboard shown", (*asked, for_print, sources), shown, shared=True)


def recorded_after(history: PlanHistory, quarter: Quarter, moment: datetime.datetime) -> list[dict]:
    """Status changes recorded after `moment` (an approval) that took effect by the quarter's end: they change
    what the quarter looked like, so an approved report lists them beside its figures, not inside."""
    url = link_maker("activities:detail")
    status_index = {status.pk: n for n, status in enumerate(history.statuses)}
    changes = history.changes(Q(changed_at__gt=moment, effective_on__lte=quarter.last_day))
    return [change_entry(change, change.name, status_index, url) for change in changes]


def change_entry(change: Change, name: str, status_index: dict[int, int], url) -> dict:
    """A status change as the dashboard lists (and an approved report stores) it."""
    return {
        "name": name,
        "url": url(change.activity_id),
        "from": status_index.get(change.from_status_id),
        "to": status_index[change.to_status_id],
        "who": change.who,
        "effective_on": change.effective_on.isoformat(),
        "recorded_on": timezone.localdate(change.changed_at).isoformat(),
        "comment": change.comment,
    }


def signed(difference: int) -> str:
    return f"+{difference}" if difference > 0 else f"−{-difference}" if difference < 0 else "±0"


@dataclass
class Row:
    """A goal area (or all of them) in the tables: a cell per status, now and at the previous quarter's end."""

    code: str
    title: str
    cells: list[tuple]  # (status, count)
    total: int
    compared: list[tuple]  # (status, count, difference since the previous quarter as "+2", "−1", "±0")
    total_before: int
    total_difference: str
    moved: list[dict] = field(default_factory=list)


PRINT_LIMIT = 30
# The page lists the first of each long list (hundreds of changes and decisions in a busy quarter at 400 activities)
# and links to the whole list, page by page (reports.views.dashboard_list): a leader reads the dashboard on a screen.
PAGE_LIMIT = 10
CHANGE_LINE = "reports/includes/change.html"
MOVE_LINE = "reports/includes/move.html"


@dataclass
class StatusShown:
    """A status as a dashboard (live or an approved snapshot) shows it."""

    pk: int
    name: str
    kind: str
    symbol: str
    colour: str


@dataclass(eq=False)
class Line:
    """An entry of one of the dashboard's long lists (a status change, an activity that moved): hundreds of them
    in a past quarter at 400 activities, each rendered once and kept under all it holds (samverkan/fragments.py)."""

    entry: dict
    for_print: bool
    html: str = ""


def present(
    data: dict, *, late: list[dict] | None = None, statuses_now: list[Status] | None = None, for_print: bool = False
) -> dict:
    """What the templates read: `data` (live or an approved snapshot) with statuses as objects, figures lined
    up per status, and the chart. `late` (changes recorded after approval) uses today's statuses."""
    from .charts import status_bars

    statuses = [StatusShown(**status) for status in data["statuses"]]
    change_lines, move_lines = [], []

    def as_lines(entries: list[dict], into: list[Line]) -> list[Line]:
        made = [Line(entry, for_print) for entry in entries]
        into.extend(made)
        return made

    def status(index):
        return None if index is None else statuses[index]

    def row(code: str, title: str, figures: dict, moved: list[dict]) -> Row:
        now, before = figures["now"], figures["before"]
        return Row(
            code=code,
            title=title,
            cells=list(zip(statuses, now["by_status"], strict=True)),
            total=now["total"],
            compared=[
                (s, n, signed(n - b)) for s, n, b in zip(statuses, now["by_status"], before["by_status"], strict=True)
            ],
            total_before=before["total"],
            total_difference=signed(now["total"] - before["total"]),
            moved=as_lines(
                [entry | {"from": status(entry["from"]), "to": status(entry["to"])} for entry in moved], move_lines
            ),
        )

    rows = [row(area["code"], area["title"], area, area["moved"]) for area in data["goal_areas"]]
    total = row("", _("All activities"), data["all"], [])

    def with_statuses(entries: list[dict], pool: list) -> list[dict]:
        def pick(index):
            return None if index is None else pool[index]

        return as_lines(
            [entry | {"from": pick(entry.get("from")), "to": pick(entry["to"])} for entry in entries], change_lines
        )

    changes = data["changes"]
    quarter = Quarter.parse(data["quarter"])
    chart_title = _("%(word)s: activities by status, %(quarter)s") % {
        "word": data["goal_area_word"],
        "quarter": quarter.label,
    }
    shown = {
        "data": data,
        "quarter": quarter,
        "statuses": statuses,
        "rows": rows,
        "total": total,
        "moved_any": any(r.moved for r in rows),
        "chart": status_bars(
            f"chart-{quarter.slug}",
            chart_title,
            [(r.code, [n for _s, n in r.cells]) for r in rows],
            data["statuses"],
            for_print=for_print,
        ),
        "prioritised": [e | {"status": statuses[e["status"]]} for e in data["prioritised"]],
        "resources": [e | {"status": statuses[e["status"]]} for e in data["resources"]],
        "status_changes": with_statuses(changes["status_changes"], statuses),
        "dropped": with_statuses(changes["dropped"], statuses),
        "new": changes["new"],
        # Reports approved before the portal listed late follow-ups have none in their snapshot.
        "late_followups": data.get("late_followups", []),
        # Nor meetings, decisions and action items before the dashboard showed them.
        "governance": present_governance(data.get("governance")),
        # Nor indicators and the annual cycle before it showed those.
        "indicators": present_indicators(data.get("indicators"), data["quarter"], for_print=for_print),
        "annual_cycle": present_cycle(data.get("annual_cycle")),
        "since": datetime.date.fromisoformat(changes["since"]),
        "since_label": changes["since_label"],
        "as_of": datetime.date.fromisoformat(data["as_of"]),
        "late": with_statuses(late or [], statuses_now or []),
        # Each long list shows its first `limit` entries and says how many there are: the page links to the whole
        # list (reports.dashboard_lists), the PDF says the portal has them (hundreds of lines would take WeasyPrint
        # most of a minute).
        "limit": PRINT_LIMIT if for_print else PAGE_LIMIT,
        "listed": f":{PRINT_LIMIT if for_print else PAGE_LIMIT}",
    }
    render_each("line", change_lines, html=CHANGE_LINE)
    render_each("line", move_lines, html=MOVE_LINE)
    return shown
