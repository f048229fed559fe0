"""Who may see and change an activity. Called first in every activity view (see agreements/access.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from agreements.access import is_admin, role_in, visible_agreements
from agreements.models import Role

from .models import Activity


def visible_activities(user: User | AnonymousUser) -> QuerySet[Activity]:
    return Activity.objects.filter(agreement__in=visible_agreements(user))


def can_edit_activity(user: User | AnonymousUser, activity: Activity) -> bool:
    """Administrators and operative members edit every activity; officials those they handle.

    An official handles an activity when they are named at any level of it or of its parent activity, or
    named in the working group of either (`Responsibility` rows, linked to the login through `Person.user`).
    """
    if is_admin(user):
        return True
    role = role_in(user, activity.agreement)
    if role == Role.OPERATIVE:
        return True
    if role != Role.OFFICIAL:
        return False
    root_ids = [activity.pk] + ([activity.parent_id] if activity.parent_id else [])
    return Activity.objects.filter(Q(pk__in=root_ids) & Q(responsibilities__person__user=user)).exists()


def get_activity_for_user(request: HttpRequest, pk: int, *, edit: bool = False) -> Activity:
    """The activity `pk` if the user may see it (else 404) and, with `edit`, change it (else 403)."""
    try:
        activity = visible_activities(request.user).select_related("agreement", "status").get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    if edit and not can_edit_activity(request.user, activity):
        raise PermissionDenied
    return activity


def editable_activity_ids(user: User | AnonymousUser, activities: Iterable[Activity]) -> set[int]:
    """`can_edit_activity` for a whole list (board, my activities) in at most one query.

    Expects `agreement` to be loaded with each activity (the plan querysets select it).
    """
    activities = list(activities)
    if is_admin(user):
        return {activity.pk for activity in activities}
    editable, as_official = set(), []
    for activity in activities:
        role = role_in(user, activity.agreement)
        if role == Role.OPERATIVE:
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
