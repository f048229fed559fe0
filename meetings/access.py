"""Who may see and change bodies and meetings. Every view of the app calls one of these first.

- Every member of an agreement sees its bodies (the structure, mandates, members: the public sees less).
- A body's meetings are seen by the people who sit in it now, and by the agreement's strategic and operative
  members and the administrators, who see all meetings.
- An administrator edits bodies; a body's convenors and secretaries (and a meeting's own secretary) edit its
  meetings; only a meeting's named adjusters approve its minutes.

As elsewhere: not visible → 404 (we do not confirm it exists), visible but not changeable → 403.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from agreements.access import is_admin, role_in, visible_agreements
from agreements.models import Agreement, Membership, Role

from .models import Body, BodyMember, Decision, Meeting

# Roles that see every meeting of their agreement's bodies.
ALL_MEETINGS_ROLES = frozenset({Role.STRATEGIC, Role.OPERATIVE})


def current_seats(user: User | AnonymousUser) -> QuerySet[BodyMember]:
    today = timezone.localdate()
    return BodyMember.objects.filter(user=user).filter(Q(member_until__isnull=True) | Q(member_until__gte=today))


def _seats(user: User | AnonymousUser) -> dict[int, tuple[bool, bool]]:
    """{body id: (convenor, secretary)} of the user's current seats, read once per request."""
    cached = getattr(user, "_samverkan_seats", None)
    if cached is None:
        cached = {}
        for body_id, convenor, secretary in current_seats(user).values_list("body_id", "is_convenor", "is_secretary"):
            was = cached.get(body_id, (False, False))
            cached[body_id] = (was[0] or convenor, was[1] or secretary)
        user._samverkan_seats = cached
    return cached


def visible_bodies(user: User | AnonymousUser) -> QuerySet[Body]:
    return Body.objects.filter(agreement__in=visible_agreements(user))


def sees_all_meetings(user: User | AnonymousUser, agreement: Agreement) -> bool:
    return is_admin(user) or role_in(user, agreement) in ALL_MEETINGS_ROLES


def can_see_meetings(user: User | AnonymousUser, body: Body) -> bool:
    if not user.is_authenticated:
        return False
    return sees_all_meetings(user, body.agreement) or (
        role_in(user, body.agreement) is not None and body.pk in _seats(user)
    )


def visible_meetings(user: User | AnonymousUser) -> QuerySet[Meeting]:
    if is_admin(user):
        return Meeting.objects.all()
    if not user.is_authenticated:
        return Meeting.objects.none()
    all_of = Membership.objects.filter(user=user, role__in=ALL_MEETINGS_ROLES).values("agreement_id")
    member_of = Membership.objects.filter(user=user).values("agreement_id")
    return Meeting.objects.filter(
        Q(body__agreement__in=all_of) | Q(body__in=current_seats(user).values("body_id"), body__agreement__in=member_of)
    )


def can_edit_body(user: User | AnonymousUser, body: Body) -> bool:
    return is_admin(user)


def can_edit_meetings(user: User | AnonymousUser, body: Body) -> bool:
    """Plan meetings of `body` and edit any of them: administrators, the body's convenors and secretaries."""
    if is_admin(user):
        return True
    if role_in(user, body.agreement) is None:
        return False
    return any(_seats(user).get(body.pk, (False, False)))


def can_edit_meeting(user: User | AnonymousUser, meeting: Meeting) -> bool:
    return can_edit_meetings(user, meeting.body) or (user.is_authenticated and meeting.secretary_id == user.pk)


def is_adjuster(user: User | AnonymousUser, meeting: Meeting) -> bool:
    return user.is_authenticated and any(row.user_id == user.pk for row in meeting.adjuster_rows.all())


def is_named_in(user: User | AnonymousUser, meeting: Meeting) -> bool:
    """Chair, secretary or adjuster of `meeting`: they see it even without a seat in its body."""
    return user.is_authenticated and (user.pk in (meeting.chair_id, meeting.secretary_id) or is_adjuster(user, meeting))


def get_body_for_user(request: HttpRequest, pk: int, *, edit_meetings: bool = False) -> Body:
    try:
        body = visible_bodies(request.user).select_related("agreement", "kind").get(pk=pk)
    except Body.DoesNotExist:
        raise Http404 from None
    if edit_meetings and not can_edit_meetings(request.user, body):
        raise PermissionDenied
    return body


def get_meeting_for_user(request: HttpRequest, pk: int, *, edit: bool = False) -> Meeting:
    """The meeting `pk` if the user may see it (else 404) and, with `edit`, change it (else 403)."""
    try:
        meeting = (
            Meeting.objects.filter(body__agreement__in=visible_agreements(request.user))
            .select_related("body", "body__agreement", "body__kind")
            .prefetch_related("adjuster_rows")
            .get(pk=pk)
        )
    except Meeting.DoesNotExist:
        raise Http404 from None
    if not (can_see_meetings(request.user, meeting.body) or is_named_in(request.user, meeting)):
        raise Http404
    if edit and not can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def visible_decisions(user) -> QuerySet[Decision]:
    """Decisions of the bodies whose meetings the user sees (see meetings.access)."""
    if is_admin(user):
        return Decision.objects.all()
    if not user.is_authenticated:
        return Decision.objects.none()
    all_of = Membership.objects.filter(user=user, role__in=ALL_MEETINGS_ROLES).values("agreement_id")
    member_of = Membership.objects.filter(user=user).values("agreement_id")
    return Decision.objects.filter(
        Q(body__agreement__in=all_of) | Q(body__in=current_seats(user).values("body_id"), body__agreement__in=member_of)
    )
