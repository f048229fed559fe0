"""The plan as the public page shows it: each activity's name, status, public description and sub-activities,
and the goal areas it aims at. Nothing else is read, so nothing else can be shown (no people, no comments).

Three queries whatever the size of the plan: the activities and their sub-activities in one, their goal-area
links, the agreement's statuses. The rows are lean on purpose: each is rendered once and kept under all it holds
(samverkan/fragments.py), and a smaller row is a cheaper key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from activities.models import Activity, Status
from agreements.models import Agreement, GoalArea

FIELDS = ("pk", "name", "is_prioritised", "status_id", "parent_id", "public_description")


@dataclass(eq=False)
class PublicActivity:
    pk: int
    name: str
    is_prioritised: bool
    status: Status
    public_description: str
    sub_activities: list[PublicActivity] = field(default_factory=list)


@dataclass(eq=False)
class PublicRow:
    """An activity on the public page: its row of the matrix (`aims`, per goal area in column order) and its
    article, each rendered once and kept (samverkan/fragments.py)."""

    activity: PublicActivity
    aims: list[bool]
    goal_area_term: str  # the agreement's word, for the matrix's screen-reader text
    html: str = ""
    matrix_html: str = ""


def public_rows(agreement: Agreement, goal_areas: list[GoalArea]) -> list[PublicRow]:
    """The agreement's activities in plan order, sub-activities under their activity (as on the matrix)."""
    in_plan = Q(agreement=agreement, parent=None) | Q(parent__agreement=agreement, parent__parent=None)
    rows = list(Activity.objects.filter(in_plan).order_by("position", "pk").values_list(*FIELDS))
    if not rows:
        return []
    statuses = {status.pk: status for status in Status.objects.filter(agreement=agreement)}
    links = Activity.goal_areas.through.objects.filter(
        Q(activity__agreement=agreement) | Q(activity__parent__agreement=agreement)
    ).values_list("activity_id", "goalarea_id")
    aimed = defaultdict(set)
    parent_of = {pk: parent_id for pk, _, _, _, parent_id, _ in rows}
    for activity_id, area_id in links:
        # A sub-activity may aim further than its activity: the activity's row shows both.
        if activity_id in parent_of:
            aimed[parent_of[activity_id] or activity_id].add(area_id)
    activities, subs = {}, defaultdict(list)
    for pk, name, is_prioritised, status_id, parent_id, description in rows:
        activity = PublicActivity(pk, name, is_prioritised, statuses[status_id], description)
        if parent_id is None:
            activities[pk] = activity
        else:
            subs[parent_id].append(activity)
    area_ids = [area.pk for area in goal_areas]
    term = agreement.goal_area_term
    result = []
    for pk, activity in activities.items():
        activity.sub_activities = subs[pk]
        result.append(PublicRow(activity, [area_id in aimed[pk] for area_id in area_ids], term))
    return result
