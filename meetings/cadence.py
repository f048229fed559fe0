"""Meetings held against a body's cadence, per year: one query for any number of bodies and meetings."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from .models import STOCKHOLM, Body, Meeting


@dataclass(frozen=True)
class CadenceYear:
    year: int
    held: int
    planned: int
    # What the cadence asks for in that year; for the year under way, what it asks for by `today`.
    expected: int | None

    @property
    def behind(self) -> bool:
        return self.expected is not None and self.held < self.expected


def expected_by(body: Body, year: int, today: datetime.date) -> int | None:
    """Meetings the cadence asks for in `year`, counted up to `today` in the year under way (None: no cadence)."""
    if not body.meetings_per_year or year > today.year:
        return None
    if year < today.year:
        return body.meetings_per_year
    start = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - start).days
    # A quarterly body is behind in May with no meeting held, not on 2 January.
    return body.meetings_per_year * (today - start).days // days


def cadence_years(
    bodies: list[Body], today: datetime.date, *, until: datetime.datetime | None = None
) -> dict[int, list[CadenceYear]]:
    """{body id: years from the first meeting (or the agreement's start) to this year, newest first}.

    With `until`, only meetings that started before it count (a quarter's dashboard looks back from its end).
    """
    meetings = Meeting.objects.filter(body__in=bodies)
    if until is not None:
        meetings = meetings.filter(starts_at__lt=until)
    counts = (
        meetings.annotate(year=ExtractYear("starts_at", tzinfo=STOCKHOLM))
        .values("body_id", "year")
        .annotate(
            held=Count("pk", filter=Q(state=Meeting.State.HELD)),
            planned=Count("pk", filter=Q(state=Meeting.State.PLANNED)),
        )
    )
    by_body: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for row in counts:
        by_body[row["body_id"]][row["year"]] = (row["held"], row["planned"])
    result = {}
    for body in bodies:
        years = by_body.get(body.pk, {})
        first = min([*years, *([body.agreement.valid_from.year] if body.agreement.valid_from else []), today.year])
        last = max([*years, today.year])
        if body.agreement.valid_until:
            last = max([*years, min(last, body.agreement.valid_until.year)])
        result[body.pk] = [
            CadenceYear(year, *years.get(year, (0, 0)), expected_by(body, year, today))
            for year in range(last, first - 1, -1)
        ]
    return result


def is_behind(years: list[CadenceYear]) -> bool:
    return any(year.behind for year in years)
