"""The import, export and carry-over pages and the importer's messages have Swedish for every string."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

BASE = Path(settings.BASE_DIR)
TEMPLATES = [BASE / "templates/activities/import.html", BASE / "templates/activities/carry_over.html"]
PYTHON = [
    BASE / "activities" / name
    for name in ("importer.py", "transfer_views.py", "transfer_forms.py", "services.py", "handled_by.py")
]


def _source_strings() -> list[str]:
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        found += [msgid for _quote, msgid in re.findall(r"""\{% translate (["'])(.+?)\1 %\}""", text)]
        for body in re.findall(r"\{% blocktranslate[^%]*%\}(.+?)\{% (?:plural|endblocktranslate) %\}", text, re.S):
            found.append(re.sub(r"\{\{ (\w+) \}\}", r"%(\1)s", body))
    for path in PYTHON:
        text = path.read_text()
        # Adjacent literals inside _( ... ) are one message.
        for call in re.findall(r"\b_\(\s*((?:\"[^\"]*\"\s*)+)\)", text):
            found.append("".join(re.findall(r'"([^"]*)"', call)))
    return found


def test_every_string_of_the_transfer_pages_and_importer_has_swedish():
    strings = _source_strings()
    assert "Import the activity plan" in strings
    assert "unknown goal area “%(code)s”; this agreement has %(codes)s." in strings
    assert any(s.startswith("column “%(column)s” holds the number") for s in strings)
    with translation.override("sv"):
        untranslated = [msgid for msgid in strings if translation.gettext(msgid) == msgid]
    assert untranslated == []
