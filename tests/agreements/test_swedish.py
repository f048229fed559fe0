"""Every page of the agreements app reads in Swedish: no English source string of ours shows."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

CATALOGUES = [
    Path(settings.BASE_DIR) / "agreements/locale/sv/LC_MESSAGES/django.po",
    Path(settings.BASE_DIR) / "locale/sv/LC_MESSAGES/django.po",
]


def _english_phrases() -> set[str]:
    """Source strings whose Swedish differs, long enough not to match inside Swedish words by chance."""
    phrases = set()
    for catalogue in CATALOGUES:
        text = catalogue.read_text()
        for msgid, msgstr in re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.M):
            if msgid != msgstr and len(msgid) > 4:
                phrases.add(re.sub(r"%\(\w+\)s", "", msgid).strip())
    return {p for p in phrases if len(p) > 4}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.parts += [value for name, value in attrs if name in {"aria-label", "title", "placeholder"} and value]

    def handle_data(self, data):
        self.parts.append(data)


def _visible(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.parametrize(
    "url_name",
    ["home", "agreements:list", "agreements:create", "detail", "edit-signed", "edit-draft", "sign", "amend"],
)
def test_agreement_pages_show_no_english(cast, login, agreement, url_name):
    from tests.factories import make_agreement

    draft = make_agreement("Utkast")
    urls = {
        "home": reverse("home"),
        "agreements:list": reverse("agreements:list"),
        "agreements:create": reverse("agreements:create"),
        "detail": reverse("agreements:detail", args=[agreement.pk]),
        "edit-signed": reverse("agreements:edit", args=[agreement.pk]),
        "edit-draft": reverse("agreements:edit", args=[draft.pk]),
        "sign": reverse("agreements:sign", args=[draft.pk]),
        "amend": reverse("agreements:amend", args=[agreement.pk]),
    }
    response = login(cast["admin"]).get(urls[url_name])
    assert response.status_code == 200
    text = _visible(response.content.decode())
    assert [phrase for phrase in _english_phrases() if phrase in text] == []


def test_login_page_shows_no_english(client, db):
    text = _visible(client.get(reverse("login")).content.decode())
    assert "Logga in i Samverkan" in text
    assert {"Download PDF", "Record a revision", "Log in to Samverkan"} <= _english_phrases()
    assert [phrase for phrase in _english_phrases() if phrase in text] == []
