"""Counts in words that agree with their number (“1 ny, 2 ändrade”), shared by every import."""

from django.utils.translation import npgettext


def tally(created: int, changed: int, unchanged: int) -> str:
    """What an import does to what it reads: “3 nya, 1 ändrad, 0 oförändrade”."""
    return ", ".join(
        [
            npgettext("import", "%(count)s new", "%(count)s new", created) % {"count": created},
            npgettext("import", "%(count)s changed", "%(count)s changed", changed) % {"count": changed},
            npgettext("import", "%(count)s unchanged", "%(count)s unchanged", unchanged) % {"count": unchanged},
        ]
    )


class Tallied:
    """An import's preview: rows each with an `action` (create, change, unchanged), counted and told."""

    def tallied_rows(self):
        raise NotImplementedError

    def count(self, action: str) -> int:
        return sum(1 for row in self.tallied_rows() if row.action == action)

    @property
    def tally(self) -> str:
        return tally(self.count("create"), self.count("change"), self.count("unchanged"))
