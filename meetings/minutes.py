"""A meeting read once with everything its page and its PDFs show: agenda, attendance per item, approvals and
corrections, in a fixed number of queries however many items and people it has."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from .models import (
    ActionItem,
    Adjuster,
    AgendaItem,
    Approval,
    Attendance,
    Correction,
    Decision,
    Meeting,
    RaisedQuestion,
    Recusal,
)


@dataclass
class AdjusterRow:
    name: str
    user_id: int
    approved_at: object  # datetime or None


def meeting_for_minutes(pk: int) -> Meeting:
    attendances = Attendance.objects.select_related(
        "member", "member__user", "member__party", "substitute_for", "arrived_at_item", "left_after_item"
    ).order_by("member__order", "pk")
    items = AgendaItem.objects.order_by("position", "pk").prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.select_related("body")),
        Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")),
        Prefetch("raised_questions", queryset=RaisedQuestion.objects.as_shown()),
        "activities",
        "goal_areas",
        "documents",
        Prefetch("recusals", queryset=Recusal.objects.select_related("attendance")),
        Prefetch("approvals", queryset=Approval.objects.select_related("user")),
    )
    corrections = Correction.objects.select_related("item").prefetch_related(
        Prefetch("approvals", queryset=Approval.objects.select_related("user"))
    )
    meeting = (
        Meeting.objects.select_related("body", "body__agreement", "body__kind", "chair", "secretary")
        .prefetch_related(
            Prefetch("items", queryset=items),
            Prefetch("attendances", queryset=attendances),
            Prefetch("adjuster_rows", queryset=Adjuster.objects.select_related("user").order_by("pk")),
            Prefetch(
                "approvals",
                queryset=Approval.objects.filter(item=None, correction=None).select_related("user"),
                to_attr="minutes_approvals",
            ),
            Prefetch("corrections", queryset=corrections),
        )
        .get(pk=pk)
    )
    attendances = list(meeting.attendances.all())
    by_attendance = {a.pk: a for a in attendances}
    adjusters = {row.user_id for row in meeting.adjuster_rows.all()}
    number = 0
    meeting.agenda = list(meeting.items.all())
    for item in meeting.agenda:
        if not item.is_section:
            number += 1
            item.number = number
        recused = {r.attendance_id for r in item.recusals.all()}
        item.recused = [(by_attendance[r.attendance_id], r.reason) for r in item.recusals.all()]
        item.taking_part = [a for a in attendances if a.present_at(item) and a.pk not in recused]
        item.not_there = [a for a in attendances if a.status == Attendance.Status.PRESENT and not a.present_at(item)]
        item.approved_by = [a for a in item.approvals.all() if a.user_id in adjusters]
    meeting.present = [a for a in attendances if a.status == Attendance.Status.PRESENT]
    meeting.absent = [a for a in attendances if a.status == Attendance.Status.ABSENT]
    meeting.invited = [a for a in attendances if a.status == Attendance.Status.INVITED]
    approved_at = {a.user_id: a.approved_at for a in meeting.minutes_approvals}
    meeting.adjuster_list = [
        AdjusterRow(row.user.get_full_name() or row.user.username, row.user_id, approved_at.get(row.user_id))
        for row in meeting.adjuster_rows.all()
    ]
    return meeting
