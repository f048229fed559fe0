"""Logs every login, logout, failed login and lockout to `samverkan.auth`, for the audit trail.

Connected in AgreementsConfig.ready(). Passwords never reach the log: only the username and the address.
"""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

logger = logging.getLogger("samverkan.auth")


def _address(request: HttpRequest | None) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_logged_in, dispatch_uid="samverkan_log_login")
def log_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    logger.info("login user=%s address=%s", user.get_username(), _address(request))


@receiver(user_logged_out, dispatch_uid="samverkan_log_logout")
def log_logout(sender, request: HttpRequest | None, user, **kwargs) -> None:
    username = user.get_username() if user is not None else "-"
    logger.info("logout user=%s address=%s", username, _address(request))


@receiver(user_login_failed, dispatch_uid="samverkan_log_login_failed")
def log_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    logger.warning("login failed user=%s address=%s", credentials.get("username", "-"), _address(request))


@receiver(user_locked_out, dispatch_uid="samverkan_log_lockout")
def log_lockout(sender, request: HttpRequest | None, username: str | None, ip_address: str | None, **kwargs) -> None:
    logger.warning("locked out user=%s address=%s", username or "-", ip_address or "-")
