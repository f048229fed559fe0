"""How the portal behaves as deployed: DEBUG off by default, every 500 logged with its traceback, Swedish error
pages, and nothing a signed-in person sees kept in a cache."""

import io
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

PROJECT = Path(__file__).resolve().parents[2]


def test_debug_is_off_unless_the_environment_turns_it_on():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env["SECRET_KEY"] = secrets.token_urlsafe(60)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def handlers_reached_by(logger: logging.Logger) -> list[logging.Handler]:
    found = []
    while logger is not None:
        found += logger.handlers
        logger = logger.parent if logger.propagate else None
    return found


@pytest.fixture
def error_output():
    """What the handlers of `django.request` write, wherever they write it (standard error in production)."""
    console = settings.LOGGING["handlers"]["console"]
    assert console["class"] == "logging.StreamHandler" and console["stream"] == "ext://sys.stderr"
    buffer = io.StringIO()
    # Exactly StreamHandler: pytest's own capturing handlers on the root logger are subclasses, and would see
    # the record in a test even where production writes nothing.
    streams = [h for h in handlers_reached_by(logging.getLogger("django.request")) if type(h) is logging.StreamHandler]
    previous = [h.setStream(buffer) for h in streams]
    yield buffer
    for handler, stream in zip(streams, previous, strict=True):
        handler.setStream(stream)


@pytest.mark.urls("tests.operations.failing_urls")
def test_an_unhandled_error_is_logged_with_its_traceback_and_answered_in_swedish(db, settings, error_output):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/fail/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Något gick fel" in page
    assert "DeliberateFailure" not in page
    logged = error_output.getvalue()
    assert "Traceback (most recent call last)" in logged
    assert "DeliberateFailure: the test's own failure" in logged
    assert "/fail/" in logged


def test_a_missing_page_is_explained_in_swedish(cast, login):
    response = login(cast["reader"]).get("/ingen-sadan-sida/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_signed_in_pages_and_downloads_are_never_stored_by_a_cache(cast, login, agreement):
    client = login(cast["reader"])
    for path in [
        reverse("home"),
        reverse("agreements:detail", args=[agreement.pk]),
        reverse("reports:agreement_pdf", args=[agreement.pk]),
        reverse("activities:export", kwargs={"agreement_pk": agreement.pk}),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        directives = {d.strip() for d in response.headers.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= directives, (path, response.headers.get("Cache-Control"))

    response = client.post(reverse("logout"))
    assert "no-store" in response.headers["Cache-Control"]


def test_public_pages_stay_cacheable_for_anonymous_visitors(db, client):
    for path in [reverse("public:index"), reverse("public:accessibility")]:
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")
