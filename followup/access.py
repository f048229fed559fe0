"""Who may see and change the follow-up chain (see agreements/access.py for the rule of thumb).

Members of an agreement read all of it; the operative group and administrators edit the chain (links,
evaluations, the annual cycle); an indicator's owner, while a member, enters its values.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from agreements.access import is_admin, role_in, visible_agreements
from agreements.models import Agreement, Role

from .models import CitizenPromise, Indicator, Problem, SituationPicture


def can_edit_chain(user: User | AnonymousUser, agreement: Agreement) -> bool:
    return is_admin(user) or role_in(user, agreement) == Role.OPERATIVE


def can_enter_values(user: User | AnonymousUser, indicator: Indicator) -> bool:
    if can_edit_chain(user, indicator.agreement):
        return True
    return indicator.owner_id is not None and indicator.owner_id == user.pk and role_in(user, indicator.agreement)


def _get(queryset, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def get_indicator_for_user(request: HttpRequest, pk: int, *, enter: bool = False) -> Indicator:
    """The indicator if the user may see it (else 404) and, with `enter`, enter its values (else 403)."""
    queryset = Indicator.objects.filter(agreement__in=visible_agreements(request.user)).select_related(
        "agreement", "activity", "goal_area", "owner"
    )
    indicator = _get(queryset, pk)
    if enter and not can_enter_values(request.user, indicator):
        raise PermissionDenied
    return indicator


def get_picture_for_user(request: HttpRequest, pk: int) -> SituationPicture:
    queryset = SituationPicture.objects.filter(agreement__in=visible_agreements(request.user))
    return _get(queryset.select_related("agreement", "appendix"), pk)


def get_problem_for_user(request: HttpRequest, pk: int) -> Problem:
    queryset = Problem.objects.filter(situation_picture__agreement__in=visible_agreements(request.user))
    return _get(queryset.select_related("situation_picture__agreement"), pk)


def get_promise_for_user(request: HttpRequest, pk: int, *, edit: bool = False) -> CitizenPromise:
    queryset = CitizenPromise.objects.filter(agreement__in=visible_agreements(request.user))
    promise = _get(queryset.select_related("agreement"), pk)
    if edit and not can_edit_chain(request.user, promise.agreement):
        raise PermissionDenied
    return promise
