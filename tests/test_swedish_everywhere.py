"""Every translatable string of ours, in every app's Python and every template, has a Swedish translation.

One test over the whole tree, so that a new app or template is covered the day it is added (a list of files
per app would silently leave the next app out).
"""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

BASE = Path(settings.BASE_DIR)
NOT_OURS = {".venv", "node_modules", "tests", "bench", "migrations", "staticfiles", ".tools"}
# Source strings that read the same in Swedish.
SAME_IN_SWEDISH = {
    "Start",
    "Status",
    "Region",
    "text",
    "organisation",
    "Organisation",
    "person",
    "status",
    "symbol",
    "Period",
    "per capsulam",
    "version",
    "%(appendix)s, version %(number)s",
    "Version %(number)s",
}


def _ours(pattern: str) -> list[Path]:
    return [path for path in BASE.rglob(pattern) if not NOT_OURS & set(path.relative_to(BASE).parts)]


def _template_strings(text: str) -> list[tuple[str | None, str]]:
    found = [
        (context or None, msgid)
        for _quote, msgid, context in re.findall(
            r"""\{% translate (["'])(.+?)\1(?: context ["'](.+?)["'])?(?: as \w+)? %\}""", text
        )
    ]
    for tag, body in re.findall(r"\{% blocktranslate([^%]*)%\}(.+?)\{% (?:plural|endblocktranslate) %\}", text, re.S):
        context = re.search(r"""context ["'](.+?)["']""", tag)
        if "trimmed" in tag:
            body = " ".join(body.split())
        found.append((context and context.group(1), re.sub(r"\{\{ (\w+) \}\}", r"%(\1)s", body)))
    return found


def _python_strings(text: str) -> list[tuple[str | None, str]]:
    # Adjacent literals inside _( ... ) are one message.
    return [
        (None, "".join(re.findall(r'"([^"]*)"', call)))
        for call in re.findall(r"\b_\(\s*((?:\"[^\"]*\"\s*)+)[,)]", text)
    ]


def _source_strings() -> list[tuple[str | None, str]]:
    found = []
    for path in _ours("*.html"):
        found += _template_strings(path.read_text())
    for path in _ours("*.py"):
        found += _python_strings(path.read_text())
    return found


def test_every_string_of_ours_has_a_swedish_translation():
    strings = _source_strings()
    # The scan reaches templates, their contexts and Python modules of every app, the moved ones included.
    assert (None, "Back to the agreement") in strings and ("page 2 of 5", "of") in strings
    assert (None, "Import the activity plan") in strings
    with translation.override("sv"):
        untranslated = sorted(
            {
                msgid
                for context, msgid in strings
                if msgid not in SAME_IN_SWEDISH
                and (translation.pgettext(context, msgid) if context else translation.gettext(msgid)) == msgid
            }
        )
    assert untranslated == []


def test_swedish_quotation_marks_are_the_swedish_ones():
    """Swedish quotes with ” … ” (both the same), never the English “ … ” or straight quotes round a word."""
    wrong = []
    for compiled in _ours("sv/LC_MESSAGES/django.mo"):  # ours only: Django's own admin says “ … ”
        with compiled.open("rb") as file:
            catalog = gettext.GNUTranslations(file)._catalog
        for message in catalog.values():
            # Straight quotes inside markup (href="…") are HTML, not quotation.
            words = re.sub(r"<[^>]*>", "", message)
            if "“" in words or "‘" in words or re.search(r'"\w[^"]*"', words):
                wrong.append(message)
    assert not wrong, wrong
