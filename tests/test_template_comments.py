"""Django's `{# … #}` comment ends on its own line: one that runs on to the next is not a comment but text, shown to
the user as it stands (a card's status form once showed a developer's English note). Longer comments are
`{% comment %}` blocks."""

import re
from pathlib import Path

from django.conf import settings

UNCLOSED = re.compile(r"\{#(?!.*#\})")


def test_no_template_has_a_comment_that_runs_over_a_line():
    roots = [Path(root) for engine in settings.TEMPLATES for root in engine.get("DIRS", [])]
    roots += [path for path in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in path.parts]
    unclosed = [
        f"{template}:{number}"
        for root in roots
        for template in sorted(root.rglob("*.html"))
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1)
        if UNCLOSED.search(line)
    ]
    assert roots and unclosed == []
