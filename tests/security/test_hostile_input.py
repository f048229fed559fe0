"""Random and hostile data posted to every POST endpoint of the URL table: never a 500, and when the input is
refused (anything but a redirect) the database is exactly as before. Requests without a CSRF token are refused.

New POST endpoints join automatically through their row in url_rules.py.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .url_rules import LOGIN, RULES, build_world

# The role posting to each endpoint: the first that may use it (a form back with errors beats a redirect).
PREFERENCE = ("anonymous", "official", "operative", "strategic", "reader", "admin", "outsider")

# Tables whose rows may change even for refused input: failed logins are counted on purpose, sessions churn.
UNTRACKED_APPS = {"axes", "sessions"}

HOSTILE_TEXT = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "\x00",
    "abc\x00def",
    "\x1b[31m\x07\x08",
    "\u202eevil",
    "x" * 100_000,
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2023-02-30",
    "2023-13-01",
    "'; DROP TABLE agreements_agreement; --",
    "../../etc/passwd",
    "{{ request }}",
    "",
    " ",
]

hostile_value = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.integers().map(str),
    st.lists(st.sampled_from(HOSTILE_TEXT), min_size=2, max_size=3),
)


def post_endpoints() -> list[str]:
    return sorted(name for name, rule in RULES.items() if "POST" in rule.expect)


def poster(name: str) -> str:
    by_role = RULES[name].expect["POST"]
    refused = {LOGIN, 403, 404, 405}
    for acceptable in ({200}, {302}, {status for status in by_role.values() if status not in refused}):
        for role in PREFERENCE:
            if by_role[role] in acceptable:
                return role
    raise AssertionError(f"{name}: no role may post here, so nothing to test")


def form_fields(client: Client, name: str, url: str) -> list[str]:
    rule = RULES[name]
    if rule.fields:
        return list(rule.fields)
    if "GET" not in rule.expect:
        return []
    page = client.get(url).content.decode(errors="replace")
    return sorted(set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', page)) - {"csrfmiddlewaretoken"})


def database_fingerprint() -> dict[str, str]:
    """A checksum of every row of every tracked table."""
    fingerprint = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in UNTRACKED_APPS:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        fingerprint[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return fingerprint


def client_for(world, role: str, **kwargs) -> Client:
    client = Client(**kwargs)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", post_endpoints())
def test_hostile_posts_never_fail_and_change_nothing_when_refused(name):
    rule, role = RULES[name], poster(name)
    world = build_world()
    url = reverse(name, kwargs=rule.kwargs(world))
    fields = form_fields(client_for(world, role), name, url)
    keys = st.sampled_from([*fields, "unexpected_field"])

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.dictionaries(keys, hostile_value, max_size=len(fields) + 1))
    def post_hostile(data: dict) -> None:
        client = client_for(world, role)
        with transaction.atomic():
            before = database_fingerprint()
            response = client.post(url, data)
            after = database_fingerprint()
            transaction.set_rollback(True)
        assert response.status_code < 500
        if response.status_code != 302:
            changed = [label for label in before if before[label] != after[label]]
            assert not changed, f"refused input ({response.status_code}) changed {changed}"

    post_hostile()


@pytest.mark.django_db
@pytest.mark.parametrize("name", post_endpoints())
def test_posts_without_csrf_token_are_refused_and_change_nothing(name):
    rule, role = RULES[name], poster(name)
    world = build_world()
    url = reverse(name, kwargs=rule.kwargs(world))
    client = client_for(world, role, enforce_csrf_checks=True)
    before = database_fingerprint()
    response = client.post(url, {field: "x" for field in form_fields(client, name, url)})
    assert response.status_code == 403
    assert database_fingerprint() == before


def test_every_post_endpoint_has_someone_to_post_as():
    assert post_endpoints()
    for name in post_endpoints():
        assert poster(name) in PREFERENCE
        assert RULES[name].expect["POST"][poster(name)] != LOGIN
