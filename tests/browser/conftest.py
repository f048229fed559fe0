"""Playwright on Debian's Chromium against a live Django server, for the crawl and the journeys.

The browser tests run on SQLite only (the in-memory test database is shared with the server thread), so
`.ci/run` runs them once. Outside CI a missing Chromium skips them loudly; in CI it fails them.
"""

import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            # Transactional: the server thread must see committed rows; each test leaves the database empty.
            item.add_marker(pytest.mark.django_db(transaction=True))


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI needs this for the browser tests: {reason}")
    message = (
        f"\n{'!' * 78}\n!!! BROWSER TESTS SKIPPED: {reason}\n!!! Run `make install` (it installs them).\n{'!' * 78}"
    )
    warnings.warn(message, stacklevel=2)
    print(message)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Module-scoped because Playwright's sync API keeps an event loop running
    in this thread: Django refuses ORM calls then unless DJANGO_ALLOW_ASYNC_UNSAFE is set, which must not
    leak into the other tests (manage.py check --deploy rightly fails on it)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("browser tests run once, on SQLite (the live server shares the in-memory test database)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _skip_or_fail(f"Chromium is missing ({CHROMIUM})")
    if not (REPO / "node_modules/axe-core/axe.min.js").exists():
        _skip_or_fail("node_modules/axe-core is missing")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def server(django_db_setup, django_db_blocker) -> Iterator[str]:
    """A live server of our own rather than pytest-django's `live_server`: that one flushes the database
    after every test, and the crawl loads its data once for many tests."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        live = LiveServer("127.0.0.1:0")
        live._live_server_modified_settings.enable()
    yield live.url
    live._live_server_modified_settings.disable()
    live.stop()


@pytest.fixture(scope="module")
def crawl_results(browser, server, django_db_blocker) -> dict:
    """The crawl of the demo data as every role, done once for all the checks in test_crawl."""
    from .crawler import crawl, public_entry_points
    from .data import ROLES, build_demo, edit_behind_the_officials_back, make_role_users, portal_data_checksums

    # The agenda draft lists one entry of each kind (ten in use), so the crawl reaches a kind's whole list too.
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr("meetings.agenda_draft.PAGE_LIMIT", 1)
        agreement = build_demo()
        usernames = make_role_users(agreement)
        edit_behind_the_officials_back(agreement)
        try:
            seeds = ["/", *public_entry_points()]
            results = {}
            for role in ROLES:
                before = portal_data_checksums()
                results[role] = crawl(browser, server, role, usernames.get(role), seeds)
                after = portal_data_checksums()
                results[role].changed_tables = sorted(table for table in after if after[table] != before.get(table))
            return results
        finally:
            call_command("flush", interactive=False, verbosity=0)
