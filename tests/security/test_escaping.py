"""Text users write is escaped on every page: with every text column of the test world set to a script tag,
no GET page of the URL table (as any role that may see it) carries it as markup, and PDFs show it as text."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from agreements.freezing import guards_removed

from .url_rules import ROLES, RULES, build_world

PAYLOAD = "<script>alert('xss')</script>"
OUR_APPS = {"agreements", "activities", "meetings"}


def poison_every_text_column() -> int:
    """Prefix every free-text value in our apps with PAYLOAD; returns how many values were poisoned.

    `update()` below the guards on purpose: signed agreements refuse edits through save(), their manager's
    update() and the database's triggers, and this is hostile data as it could arrive through any form, import
    or the admin before signing.
    """
    poisoned = 0
    with guards_removed():
        for model in apps.get_models():
            if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
                continue
            fields = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and (field.max_length is None or field.max_length >= len(PAYLOAD) + 10)
            ]
            for obj in model._base_manager.all():
                values = {f.attname: (PAYLOAD + getattr(obj, f.attname))[: f.max_length] for f in fields}
                if values:
                    model._base_manager.filter(pk=obj.pk).update(**values)
                    poisoned += len(values)
    return poisoned


def readable_pages() -> list[tuple[str, str]]:
    return [
        (name, role)
        for name, rule in sorted(RULES.items())
        if "GET" in rule.expect
        for role in ROLES
        if rule.expect["GET"][role] == 200
    ]


@pytest.mark.django_db
def test_user_text_is_escaped_on_every_page():
    world = build_world()
    assert poison_every_text_column() > 20
    shown_escaped = 0
    for name, role in readable_pages():
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        url = reverse(name, kwargs=RULES[name].kwargs(world))
        response = client.get(url)
        assert response.status_code == 200, (name, role)
        if response.streaming:
            continue  # a stored file (an appendix), served as uploaded: nothing of ours is rendered into it
        content_type = response.headers.get("Content-Type", "")
        if content_type.startswith("application/pdf"):
            text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
            # Markup would vanish from the PDF's text; escaped it is printed as typed.
            assert "<script>alert(" in text, f"{name} as {role}: user text missing or read as markup in the PDF"
            shown_escaped += 1
        elif content_type.startswith("text/html"):
            page = response.content.decode()
            assert PAYLOAD not in page, f"{name} as {role} ({url}) shows user text as markup"
            shown_escaped += "&lt;script&gt;alert(" in page
    # The check above passes trivially if no page showed the text at all.
    assert shown_escaped >= 3
