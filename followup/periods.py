"""The periods an indicator is measured for: month, quarter, school term, year.

A value is stored with the first day of the period it is *for* (kept apart from when it was entered). Terms
follow the Swedish school year as the statistics use it: spring term January–June (VT), autumn term
July–December (HT).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    TERM = "term", _("Per term")
    YEARLY = "yearly", _("Yearly")


# How many months a period of each cadence spans; periods start on month 1 + k * span.
SPAN = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3, Cadence.TERM: 6, Cadence.YEARLY: 12}


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    cadence: Cadence

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        return add_months(self.start, SPAN[self.cadence]) - datetime.timedelta(days=1)

    def next(self) -> Period:
        return Period(add_months(self.start, SPAN[self.cadence]), self.cadence)

    @property
    def label(self) -> str:
        year, month = self.start.year, self.start.month
        if self.cadence == Cadence.MONTHLY:
            return f"{year}-{month:02d}"
        if self.cadence == Cadence.QUARTERLY:
            return f"{year} K{(month - 1) // 3 + 1}"
        if self.cadence == Cadence.TERM:
            return f"{'VT' if month == 1 else 'HT'} {year}"
        return str(year)

    def __str__(self) -> str:
        return self.label


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_containing(day: datetime.date, cadence: Cadence) -> Period:
    span = SPAN[cadence]
    month = (day.month - 1) // span * span + 1
    return Period(datetime.date(day.year, month, 1), cadence)


class PeriodError(ValueError):
    pass


# What people write in a sheet: "2024", "2024-03", "2024 K3" / "2024 Q3" / "2024 kv 3", "VT 2024" / "HT24".
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})[-/ ](\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:k|q|kv|kvartal)\s*([1-4])$", re.IGNORECASE)
_TERM = re.compile(r"^(vt|ht)\s*(\d{2}|\d{4})$", re.IGNORECASE)


def parse_period(text: str, cadence: Cadence) -> Period:
    """The period `text` names, which must be one of `cadence`'s periods; PeriodError with a Swedish reason."""
    text = " ".join(str(text).split())
    start = None
    if match := _YEAR.match(text):
        start, kind = datetime.date(int(match[1]), 1, 1), Cadence.YEARLY
    elif (match := _MONTH.match(text)) and 1 <= int(match[2]) <= 12:
        start, kind = datetime.date(int(match[1]), int(match[2]), 1), Cadence.MONTHLY
    elif match := _QUARTER.match(text):
        start, kind = datetime.date(int(match[1]), (int(match[2]) - 1) * 3 + 1, 1), Cadence.QUARTERLY
    elif match := _TERM.match(text):
        year = int(match[2]) if len(match[2]) == 4 else 2000 + int(match[2])
        start, kind = datetime.date(year, 1 if match[1].lower() == "vt" else 7, 1), Cadence.TERM
    if start is None:
        raise PeriodError(
            _("“%(text)s” is not a period (write e.g. 2024, 2024-03, 2024 K3 or VT 2024).") % {"text": text}
        )
    if kind != cadence:
        raise PeriodError(
            _("“%(text)s” is not a period of this indicator, which is measured %(cadence)s (e.g. %(example)s).")
            % {"text": text, "cadence": Cadence(cadence).label.lower(), "example": period_containing(start, cadence)}
        )
    return Period(start, Cadence(cadence))
