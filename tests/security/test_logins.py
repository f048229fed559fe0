"""Logins behind the reverse proxy: the client's own address (through the configured number of trusted proxies)
is what the lockout and the log see, the lockout holds a username from one address only, and nothing typed
into the login form can write a line of its own into the log."""

import logging
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

PROXY = "127.0.0.1"  # what REMOTE_ADDR holds for every request behind the proxy
ATTACKER = "203.0.113.5"
READER_AT_WORK = "198.51.100.7"


def attempt(client: Client, username: str, password: str, forwarded_for: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        headers={"x-forwarded-for": forwarded_for},
        REMOTE_ADDR=PROXY,
    )


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_HOPS = 1


def test_behind_the_proxy_wrong_passwords_from_one_address_do_not_lock_the_user_out_elsewhere(cast, behind_one_proxy):
    attacker = Client()
    for _ in range(5):
        attempt(attacker, "reader", "wrong-password", ATTACKER)
    assert attempt(attacker, "reader", PASSWORD, ATTACKER).status_code == 429

    reader = Client()
    response = attempt(reader, "reader", PASSWORD, READER_AT_WORK)
    assert response.status_code == 302
    assert reader.session["_auth_user_id"] == str(cast["reader"].pk)


def test_a_forged_forwarded_header_does_not_escape_the_lockout(cast, behind_one_proxy):
    attacker = Client()
    for i in range(5):
        # The proxy appends the address it saw; whatever the client put before that is the client's.
        attempt(attacker, "reader", "wrong-password", f"10.0.0.{i}, {ATTACKER}")
    assert attempt(attacker, "reader", PASSWORD, f"10.9.9.9, {ATTACKER}").status_code == 429


def test_without_trusted_proxies_the_forwarded_header_is_ignored(cast, settings):
    settings.TRUSTED_PROXY_HOPS = 0
    attacker = Client()
    for i in range(5):
        attempt(attacker, "reader", "wrong-password", f"10.0.0.{i}")
    assert attempt(attacker, "reader", PASSWORD, "10.9.9.9").status_code == 429


def auth_log(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "samverkan.auth"]


def test_the_login_log_names_the_client_behind_the_proxy(cast, behind_one_proxy, caplog):
    caplog.set_level(logging.INFO, logger="samverkan.auth")
    attempt(Client(), "reader", PASSWORD, READER_AT_WORK)
    attempt(Client(), "official", "wrong-password", f"10.0.0.1, {ATTACKER}")
    assert auth_log(caplog) == [
        f"login user=reader address={READER_AT_WORK}",
        f"login failed user=official address={ATTACKER}",
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "nobody\nlogin user=admin address=10.0.0.1",
        "nobody\r\nlocked out user=admin address=10.0.0.1",
        "nobody\u2028login user=admin address=10.0.0.1",
        "nobody\x85login user=admin",
        "nobody\x1b[2Klogin user=admin",
        'nobody" address=10.0.0.1',
        "nobody address=10.0.0.1",
    ],
)
def test_a_typed_username_cannot_forge_a_log_line_or_field(db, client, caplog, typed):
    caplog.set_level(logging.INFO, logger="samverkan.auth")
    client.post(reverse("login"), {"username": typed, "password": "wrong-password"})
    (line,) = auth_log(caplog)
    assert len(line.splitlines()) == 1
    assert not any(c in line for c in "\x1b\x85\u2028")
    # One quoted, escaped value, then the real address: a reader (or a parser) cannot take any of it for more.
    assert re.fullmatch(r'login failed user="nobody(?:[^"\\]|\\.)*" address=127\.0\.0\.1', line), line


def test_a_username_longer_than_any_is_counted_and_locked_out_never_a_database_error(db, client):
    """Found on PostgreSQL by the hostile-input run: axes stored the typed username in a 255-character column
    as it was, and a longer one failed the request (SQLite does not enforce the length)."""
    typed = "x" * 300
    statuses = [
        client.post(reverse("login"), {"username": typed, "password": "fel"}).status_code
        for _ in range(django_settings.AXES_FAILURE_LIMIT)
    ]
    # Asked again each time, and the last attempt locked out: counted like any other username.
    assert statuses == [200] * (django_settings.AXES_FAILURE_LIMIT - 1) + [429]
    [recorded] = AccessAttempt.objects.all()
    assert recorded.username == typed[:255]
