"""Production settings pass Django's deploy checks, every response carries the security headers, and
repeated wrong passwords lock the account with a clear page, all of it logged."""

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

from .headers import assert_security_headers

PROJECT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "samverkan.example.se",
    "CSRF_TRUSTED_ORIGINS": "https://samverkan.example.se",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_deploy_check_is_clean_with_production_environment():
    env = {k: v for k, v in os.environ.items() if k not in {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env | PRODUCTION_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def without_secret_key() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | PRODUCTION_ENV
    del env["SECRET_KEY"]
    return env


def test_production_refuses_to_start_without_a_secret_key():
    run = {"cwd": PROJECT, "env": without_secret_key(), "capture_output": True, "text": True, "timeout": 120}
    deploy = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], **run)
    assert deploy.returncode != 0
    assert "SECRET_KEY must be set" in deploy.stderr
    served = subprocess.run([sys.executable, "-c", "import samverkan.wsgi"], **run)
    assert served.returncode != 0
    assert "SECRET_KEY must be set" in served.stderr


def test_schema_commands_run_without_a_secret_key():
    """makemigrations --check signs nothing: a checkout without production settings can still run it."""
    run = {"cwd": PROJECT, "env": without_secret_key(), "capture_output": True, "text": True, "timeout": 120}
    result = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], **run)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/logga-in/", "/", "/no-such-page/"])
def test_anonymous_responses_carry_security_headers(client, path):
    assert_security_headers(client.get(path))


def test_member_pages_and_errors_carry_security_headers(cast, login, agreement, other_agreement):
    client = login(cast["reader"])
    for path in [
        reverse("home"),
        reverse("agreements:detail", args=[agreement.pk]),
        reverse("agreements:detail", args=[other_agreement.pk]),  # 404
    ]:
        assert_security_headers(client.get(path))


def wrong_login(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": "wrong-password"})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(cast, client):
    for _ in range(4):
        response = wrong_login(client, "reader")
        assert response.status_code == 200
    response = wrong_login(client, "reader")
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]

    response = client.post(reverse("login"), {"username": "reader", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_explains_itself_in_swedish(cast, client):
    for _ in range(5):
        response = wrong_login(client, "reader")
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "För många misslyckade inloggningar" in page
    assert 'role="alert"' in page


def test_a_right_password_after_a_few_wrong_ones_still_logs_in(cast, client):
    for _ in range(3):
        wrong_login(client, "reader")
    response = client.post(reverse("login"), {"username": "reader", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast["reader"].pk)


def test_logins_logouts_failures_and_lockouts_are_logged(cast, client, caplog):
    caplog.set_level(logging.INFO, logger="samverkan.auth")
    client.post(reverse("login"), {"username": "reader", "password": PASSWORD})
    client.post(reverse("logout"))
    for _ in range(5):
        wrong_login(client, "official")

    messages = [r.getMessage() for r in caplog.records if r.name == "samverkan.auth"]
    assert "login user=reader address=127.0.0.1" in messages
    assert "logout user=reader address=127.0.0.1" in messages
    assert messages.count("login failed user=official address=127.0.0.1") == 5
    assert "locked out user=official address=127.0.0.1" in messages
    assert not any("wrong-password" in m or PASSWORD in m for m in messages)


def test_upload_size_is_limited():
    from django.conf import settings

    assert 0 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert 0 < settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_login_never_redirects_to_another_site(cast, client, target):
    response = client.post(
        reverse("login") + f"?next={target}", {"username": "reader", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_language_switch_never_redirects_to_another_site(db, client, target):
    response = client.post(reverse("set_language"), {"language": "en", "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response.url
