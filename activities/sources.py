"""Where an activity's changes came from, as the apps above this one know it (a decision, in meetings).

This app imports none of those (pyproject's layers): they register a finder here when they start, and the
activity page asks each for the sources of the changes it shows, in a fixed number of queries per finder
however many changes and sources there are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .models import Activity


@dataclass(frozen=True)
class Source:
    """What made a change, as the activity page names and links it ("Beslut SL 2024:3")."""

    label: str
    url: str


@dataclass
class ChangeSources:
    created: list[Source] = field(default_factory=list)  # what created the activity
    status_changes: dict[int, list[Source]] = field(default_factory=dict)  # by StatusChange pk

    def add(self, other: ChangeSources) -> None:
        self.created.extend(other.created)
        for pk, sources in other.status_changes.items():
            self.status_changes.setdefault(pk, []).extend(sources)


# finder(activity, user): the sources `user` may see of `activity`'s creation and status changes.
Finder = Callable[[Activity, object], ChangeSources]
_finders: list[Finder] = []


def register_source_finder(finder: Finder) -> None:
    if finder not in _finders:
        _finders.append(finder)


def sources_for(activity: Activity, user) -> ChangeSources:
    found = ChangeSources()
    for finder in _finders:
        found.add(finder(activity, user))
    return found
