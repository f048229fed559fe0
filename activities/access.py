"""Who may see and change an activity. Called first in every activity view (see agreements/access.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from agreements.access import PLAN_EDITOR_ROLES, is_admin, role_in, visible_agreements
from agreements.models import Role

from .models import Activity

if TYPE_CHECKING:
    from .plan import PlanActivity


def visible_activities(user: User | AnonymousUser) -> QuerySet[Activity]:
    return Activity.objects.filter(agreement__in=visible_agreements(user))


def can_edit_activity(user: User | AnonymousUser, activity: Activity) -> bool:
    """May `user` change `activity`? The one rule, `editable_activity_ids`, asked about one activity."""
    return activity.pk in editable_activity_ids(user, [activity])


def get_activity_for_user(request: HttpRequest, pk: int, *, edit: bool = False) -> Activity:
    """The activity `pk` if the user may see it (else 404) and, with `edit`, change it (else 403)."""
    try:
        activity = visible_activities(request.user).select_related("agreement", "status").get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    if edit and not can_edit_activity(request.user, activity):
        raise PermissionDenied
    return activity


def editable_activity_ids(user: User | AnonymousUser, activities: Iterable[Activity | PlanActivity]) -> set[int]:
    """Which of `activities` the user may change, in at most one query: the rule for the activity page, the
    status change, the board and "my activities" alike.

    Administrators and operative members edit every activity of the agreement; officials those they handle.
    An official handles an activity when they are named at any level of it or of its parent activity, or
    named in the working group of either (`Responsibility` rows, linked to the login through `Person.user`).
    Being named gives nothing without a current membership in the activity's own agreement: a former member,
    or a member of another agreement, who is still named edits nothing. Each activity needs `agreement` (the
    plan's rows and `get_activity_for_user` load it) and `parent_id`.
    """
    activities = list(activities)
    if is_admin(user):
        return {activity.pk for activity in activities}
    editable, as_official = set(), []
    for activity in activities:
        role = role_in(user, activity.agreement)
        if role in PLAN_EDITOR_ROLES:
            editable.add(activity.pk)
        elif role == Role.OFFICIAL:
            as_official.append(activity)
    if as_official:
        candidate_ids = {a.pk for a in as_official} | {a.parent_id for a in as_official if a.parent_id}
        handled = set(
            Activity.objects.filter(pk__in=candidate_ids, responsibilities__person__user=user).values_list(
                "pk", flat=True
            )
        )
        editable |= {a.pk for a in as_official if a.pk in handled or a.parent_id in handled}
    return editable
