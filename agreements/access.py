"""Who may see and change what. Every view calls one of these first.

The rule of thumb: a user who may not see an object gets 404 (we do not confirm it exists); a user who may
see it but not change it gets 403.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from .models import Agreement, Membership, Role

ADMIN_GROUP = "administrator"

# Roles that may change anything in an agreement's plan of activities.
PLAN_EDITOR_ROLES = frozenset({Role.OPERATIVE})


def is_admin(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Cached per request object: the groups rarely change mid-request and this is asked on every page.
    cached = getattr(user, "_samverkan_is_admin", None)
    if cached is None:
        cached = user.groups.filter(name=ADMIN_GROUP).exists()
        user._samverkan_is_admin = cached
    return cached


def role_in(user: User | AnonymousUser, agreement: Agreement) -> Role | None:
    """The user's role in `agreement`, or None. Administrators have no membership but see everything."""
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_samverkan_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("agreement_id", "role"))
        user._samverkan_roles = cache
    role = cache.get(agreement.pk)
    return Role(role) if role else None


def visible_agreements(user: User | AnonymousUser) -> QuerySet[Agreement]:
    """Agreements the user may read: all for administrators, their own for members, none otherwise."""
    if is_admin(user):
        return Agreement.objects.all()
    if not user.is_authenticated:
        return Agreement.objects.none()
    return Agreement.objects.filter(memberships__user=user).distinct()


def can_edit_agreement(user: User | AnonymousUser, agreement: Agreement) -> bool:
    """Only administrators change an agreement itself (and only a draft's text, see Agreement.save)."""
    return is_admin(user)


def get_agreement_for_user(request: HttpRequest, pk: int, *, edit: bool = False) -> Agreement:
    """The agreement `pk` if the user may see it (else 404) and, with `edit`, change it (else 403)."""
    try:
        agreement = visible_agreements(request.user).get(pk=pk)
    except Agreement.DoesNotExist:
        raise Http404 from None
    if edit and not can_edit_agreement(request.user, agreement):
        raise PermissionDenied
    return agreement


def published_agreements() -> QuerySet[Agreement]:
    """What the public pages list: published agreements, whoever asks (no login needed)."""
    return Agreement.objects.published()


def get_published_agreement(pk: int) -> Agreement:
    """For the public pages: the agreement if it is published, else 404 whoever asks."""
    try:
        # The overarching agreement (and its successor) decide the local one's status and warning.
        return published_agreements().select_related("overarching__successor").get(pk=pk)
    except Agreement.DoesNotExist:
        raise Http404 from None
