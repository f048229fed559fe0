"""Logs every login, logout, failed login and lockout to `samverkan.auth`, for the audit trail.

Connected in AgreementsConfig.ready(). Passwords never reach the log: only the username and the address.
Both can come from the client (a failed login's username is whatever was typed), so a value that is not a
plain word is written quoted with every control character, line break and quote escaped: one event is always
one line, and no typed value can pass for another field.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from samverkan.client_address import client_address

logger = logging.getLogger("samverkan.auth")


# What a Django username (letters, digits and @.+-_) or an address (also :) may hold: written as it is.
PLAIN = re.compile(r"[\w.@+:-]+")


def _escaped(character: str) -> str:
    if character in '"\\':
        return "\\" + character
    # Controls, format characters and line/paragraph separators: anything a log reader may show as a break.
    if unicodedata.category(character) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}:
        code = ord(character)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return character


def field(value: str | None) -> str:
    """A value as one log field: as it is when it is a plain word, otherwise quoted and escaped."""
    if not value:
        return "-"
    if PLAIN.fullmatch(value) and value.isascii():
        return value
    return '"' + "".join(_escaped(c) for c in value) + '"'


def _address(request: HttpRequest | None) -> str:
    return field(client_address(request)) if request is not None else "-"


@receiver(user_logged_in, dispatch_uid="samverkan_log_login")
def log_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    logger.info("login user=%s address=%s", field(user.get_username()), _address(request))


@receiver(user_logged_out, dispatch_uid="samverkan_log_logout")
def log_logout(sender, request: HttpRequest | None, user, **kwargs) -> None:
    username = user.get_username() if user is not None else None
    logger.info("logout user=%s address=%s", field(username), _address(request))


@receiver(user_login_failed, dispatch_uid="samverkan_log_login_failed")
def log_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    logger.warning("login failed user=%s address=%s", field(credentials.get("username")), _address(request))


@receiver(user_locked_out, dispatch_uid="samverkan_log_lockout")
def log_lockout(sender, request: HttpRequest | None, username: str | None, ip_address: str | None, **kwargs) -> None:
    logger.warning("locked out user=%s address=%s", field(username), field(ip_address))
