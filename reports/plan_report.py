"""The activity plan as a dated report: "Aktivitetsplan – läge per 2026-12-01" (PDF/A, the agreement PDF's style).

The plan is live: statuses change every week. The signed agreement (reports.agreement_pdf) is not, so the plan
is a document of its own, dated, with its own fingerprint. The state is today's (Europe/Stockholm) or that of
a chosen earlier day, rebuilt from what was recorded by the end of that day as the quarterly dashboard
rebuilds it (reports.dashboard.states_at: statuses by the day they took effect).

The plan is read as the plan pages read it (`activities.plan.plan_activities`), plus the history for an
earlier day: the same number of queries however long the plan.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation

from activities.models import Activity
from activities.plan import plan_activities
from agreements.models import Agreement
from samverkan.fragments import Kept

from .agreement_pdf import FONTS_DIR, fingerprint, write_kept_pdf
from .dashboard import read_plan_history, states_at
from .quarters import local_midnight


@dataclass
class PlanRow:
    """One line of the plan's table (templates/pdf/plan_report.html). `people` is None for a sub-activity,
    whose responsible people the report does not show."""

    name: str
    is_prioritised: bool
    goal_areas: list[str]
    status: str
    people: list[str] | None
    sub_activities: list[PlanRow] = field(default_factory=list)


def activity_plan_rows(agreement: Agreement, day: datetime.date | None = None) -> list[PlanRow]:
    """The agreement's activities in plan order, each with its sub-activities, as they stood at the end of
    `day` (None: as they stand now). An activity not yet recorded by then is left out."""
    plan = plan_activities(Activity.objects.for_matrix(agreement), with_sub_activities=True, with_people=True)
    states = None
    if day is not None:
        history = read_plan_history(agreement)
        statuses = {status.pk: status.name for status in history.statuses}
        states = {
            pk: (state.name, state.is_prioritised, statuses.get(state.status_id, ""))
            for pk, state in states_at(history, local_midnight(day + datetime.timedelta(days=1)), day).items()
        }

    def row(activity, people: list[str] | None, sub_activities: list[PlanRow]) -> PlanRow:
        name, prioritised, status = (activity.name, activity.is_prioritised, activity.status.name)
        if states is not None:
            name, prioritised, status = states[activity.pk]
        codes = [area.short_label for area in activity.goal_areas]
        return PlanRow(name, prioritised, codes, status, people, sub_activities)

    def existed(activity) -> bool:
        return states is None or activity.pk in states

    return [
        row(a, a.people or [a.handled_by_text], [row(sub, None, []) for sub in a.sub_activities if existed(sub)])
        for a in plan
        if existed(a)
    ]


def activity_plan_data(rows: list[PlanRow]) -> list:
    def row(r: PlanRow) -> list:
        return [r.name, r.is_prioritised, r.goal_areas, r.status] + ([r.people] if r.people is not None else [])

    return [[row(r), [row(sub) for sub in r.sub_activities]] for r in rows]


def content_data(agreement: Agreement, day: datetime.date, rows: list[PlanRow]) -> dict:
    """Everything the report shows, as plain data (the fingerprint's input)."""
    return {
        "agreement": [agreement.pk, agreement.title],
        "day": day.isoformat(),
        "goal_areas": [[g.code, g.title, g.criteria_list] for g in agreement.goal_areas.all()],
        "activity_plan": activity_plan_data(rows),
    }


def plan_report_html(agreement: Agreement, day: datetime.date) -> str:
    """The report as WeasyPrint reads it. `day` today reads the live plan; an earlier day, the history."""
    rows = activity_plan_rows(agreement, None if day >= timezone.localdate() else day)
    context = {
        "agreement": agreement,
        "day": day,
        "activity_plan": rows,
        "fingerprint": fingerprint(content_data(agreement, day, rows)),
        "fonts_url": FONTS_DIR.as_uri(),
    }
    # The document is Swedish whatever language the person downloading it uses.
    with translation.override("sv"):
        return render_to_string("pdf/plan_report.html", context)


kept_pdfs = Kept(max_bytes=8 * 1024 * 1024)  # same HTML, same bytes: see reports.agreement_pdf.kept_pdfs


def render_plan_report(agreement: Agreement, day: datetime.date) -> bytes:
    return write_kept_pdf(plan_report_html(agreement, day), kept_pdfs)


def plan_report_filename(agreement: Agreement, day: datetime.date) -> str:
    return f"aktivitetsplan-{agreement.pk}-lage-{day.isoformat()}.pdf"
