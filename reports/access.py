"""Who may approve a quarter's report: the strategic group's members, and administrators."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from agreements.access import is_admin, role_in
from agreements.models import Agreement, Role


def can_approve_quarter(user: User | AnonymousUser, agreement: Agreement) -> bool:
    return is_admin(user) or role_in(user, agreement) == Role.STRATEGIC
