"""Every URL × every role × every method → the status the table in url_rules.py expects.

A URL without a row fails, so a new page cannot ship without someone deciding who may use it.
"""

from __future__ import annotations

from itertools import product

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .headers import assert_no_inline_code, assert_security_headers
from .url_rules import LOGIN, METHODS, ROLES, RULES, Rule, activity_pk, build_world

# Django's own admin has its own login and permission checks; test_admin_site.py covers it.
SKIPPED_NAMESPACES = {"admin"}


def project_url_names(patterns=None, namespace: str = "", route: str = "") -> dict[str, str]:
    """Every URL pattern of the project as {"namespace:name": "route"}, walking includes recursively."""
    names: dict[str, str] = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        here = route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= project_url_names(entry.url_patterns, inner, here)
        elif isinstance(entry, URLPattern):
            names[f"{namespace}{entry.name}" if entry.name else f"<unnamed> {here}"] = here
    return names


def row_template(name: str, route: str) -> str:
    if "<" not in route:
        return f'    "{name}": Rule({{"GET": MEMBERS_READ}}),  # {route}'
    return f'    "{name}": Rule({{"GET": MEMBERS_READ}}, kwargs=agreement_pk),  # {route} (or a builder of yours)'


def test_every_url_has_a_row_in_the_rules_table():
    missing = {name: route for name, route in project_url_names().items() if name not in RULES}
    assert not missing, (
        "These URLs have no row in tests/security/url_rules.py. Add one per URL saying which status each role "
        "gets for each method the view accepts (and give unnamed patterns a name), for example:\n"
        + "\n".join(row_template(name, route) for name, route in missing.items())
    )


def test_every_row_in_the_rules_table_is_a_url():
    stale = set(RULES) - set(project_url_names())
    assert not stale, f"Rows in tests/security/url_rules.py for URLs that no longer exist: {sorted(stale)}"


def test_every_row_names_a_status_for_every_role():
    for name, rule in RULES.items():
        for method, by_role in rule.expect.items():
            assert method in METHODS, f"{name}: unknown method {method}"
            assert set(by_role) == set(ROLES), f"{name} {method}: give a status for every role"


def expected_status(rule: Rule, method: str, role: str, htmx: bool = False) -> int | str:
    if htmx and method in rule.htmx_expect:
        return rule.htmx_expect[method][role]
    if method in rule.expect:
        return rule.expect[method][role]
    return LOGIN if role == "anonymous" and not rule.public else 405


def send(client: Client, method: str, url: str, data: dict, **headers):
    if method == "GET":
        return client.get(url, headers=headers)
    if method == "POST":
        return client.post(url, data, headers=headers)
    return client.generic(method, url, headers=headers)


def answer(response) -> int | str:
    """The response's status, or LOGIN for a redirect to the login page."""
    if response.status_code == 302 and response.url.startswith(reverse("login") + "?"):
        return LOGIN
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RULES))
def test_authorization_matrix(name):
    rule = RULES[name]
    world = build_world()
    url = reverse(name, kwargs=rule.kwargs(world))
    wrong = []
    # Every request also as htmx: a fragment must not skip a check its page makes.
    for role, method, headers in product(ROLES, METHODS, [{}, {"HX-Request": "true"}]):
        user: User | None = world.users.get(role)
        client = Client()
        if user is not None:
            client.force_login(user)
        # Each request runs in its own savepoint, rolled back, so one role's POST cannot change what the next
        # role sees.
        with transaction.atomic():
            response = send(client, method, url, rule.data(world), **headers)
            transaction.set_rollback(True)
        assert_security_headers(response)
        assert_no_inline_code(response)
        expected, got = expected_status(rule, method, role, bool(headers)), answer(response)
        if got != expected:
            wrong.append(f"{method:6} {role:10} {'htmx ' if headers else ''}expected {expected}, got {got}")
    assert not wrong, f"{name} ({url}):\n" + "\n".join(wrong)


def activity_rows() -> list[str]:
    return sorted(name for name, rule in RULES.items() if rule.kwargs is activity_pk)


@pytest.mark.django_db
@pytest.mark.parametrize("name", activity_rows())
def test_official_gets_only_what_a_reader_gets_on_an_activity_they_do_not_handle(name):
    """The matrix uses the official's own activity; on someone else's they may read but not change."""
    rule, world = RULES[name], build_world()
    url = reverse(name, kwargs={"pk": world.other_activity.pk})
    for method in rule.expect:
        got = {}
        for role in ("official", "reader"):
            client = Client()
            client.force_login(world.users[role])
            with transaction.atomic():
                got[role] = answer(send(client, method, url, rule.data(world)))
                transaction.set_rollback(True)
        assert got["official"] == got["reader"], f"{method} {url}: {got}"
