"""Quarters as the strategic group reads them: a quarter ends at the end of its last day, Europe/Stockholm."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> Quarter:
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, slug: str) -> Quarter | None:
        """ "2024-3" → 2024 Q3; None for anything else (the picker's value, or a hand-typed address)."""
        match = re.fullmatch(r"(\d{4})-([1-4])", slug or "")
        return cls(int(match[1]), int(match[2])) if match else None

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        return _("%(year)s Q%(number)s") % {"year": self.year, "number": self.number}

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.next.first_day - datetime.timedelta(days=1)

    @property
    def starts_at(self) -> datetime.datetime:
        return local_midnight(self.first_day)

    @property
    def ends_at(self) -> datetime.datetime:
        """The first moment after the quarter: midnight at the start of the next quarter's first day."""
        return local_midnight(self.next.first_day)

    @property
    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.ends_at


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def quarters_between(first: datetime.date | None, last: Quarter, *, at_most: int = 40) -> list[Quarter]:
    """Newest first: the quarters from the one holding `first` (or the last two years) up to `last`."""
    start = Quarter.of(first) if first else Quarter(last.year - 2, last.number)
    quarters, quarter = [], last
    while quarter >= start and len(quarters) < at_most:
        quarters.append(quarter)
        quarter = quarter.previous
    return quarters
