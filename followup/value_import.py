"""Import an indicator's values from a spreadsheet: preview first, then confirm, as the plan's import does.

The first sheet; a header row naming the columns Period, Stadsdel (district), Kön (sex), Värde (value) and
Slutligt (final), in any order, case and spacing; Period and Värde are required. Every row is checked before
anything is saved; a file with any bad row is refused whole, each problem named with its row number.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import District
from activities.transfer.sheet import normalise_header
from samverkan.wording import Tallied

from .models import Indicator, IndicatorValue, Sex
from .periods import Period, PeriodError, parse_period

HEADERS = {
    "period": "period",
    "stadsdel": "district",
    "district": "district",
    "kön": "sex",
    "sex": "sex",
    "värde": "value",
    "value": "value",
    "slutligt": "final",
    "final": "final",
}
SEXES = {"k": Sex.FEMALE, "kvinnor": Sex.FEMALE, "flickor": Sex.FEMALE, "m": Sex.MALE, "män": Sex.MALE}
SEXES |= {"pojkar": Sex.MALE, "": "", "alla": "", "totalt": ""}
YES = {"ja", "x", "slutligt", "true", "1", "yes"}
NO = {"", "nej", "preliminärt", "false", "0", "no"}
MAX_ROWS = 5000


@dataclass
class Row:
    number: int
    period: Period
    district: District | None
    sex: str
    value: Decimal
    is_final: bool
    action: str = "create"  # "create", "change" or "unchanged"
    before: Decimal | None = None


@dataclass
class ValuePlan(Tallied):
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    def tallied_rows(self):
        return self.rows


def plan_values(data: bytes, indicator: Indicator) -> ValuePlan:
    """What importing `data` would do, or why it cannot."""
    from openpyxl import load_workbook

    plan = ValuePlan()
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        lines = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 20))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError):
        plan.errors.append(_("The file could not be read as an Excel workbook."))
        return plan
    header_at, columns = _find_header(lines)
    if header_at is None:
        plan.errors.append(_("No header row with the columns “Period” and “Värde” was found."))
        return plan
    districts = {d.name.casefold(): d for d in District.objects.filter(agreement_id=indicator.agreement_id)}
    seen: dict[tuple, int] = {}
    for number, line in enumerate(lines[header_at + 1 :], start=header_at + 2):
        cells = {key: line[index] if index < len(line) else None for key, index in columns.items()}
        if all(value in (None, "") for value in cells.values()):
            continue
        row = _row(number, cells, indicator, districts, plan.errors)
        if row is None:
            continue
        key = (row.period.start, row.district and row.district.pk, row.sex)
        if key in seen:
            plan.errors.append(
                _("Row %(row)s: the same period, district and sex as row %(first)s.")
                % {"row": number, "first": seen[key]}
            )
            continue
        seen[key] = number
        plan.rows.append(row)
    if not plan.rows and not plan.errors:
        plan.errors.append(_("The file holds no values."))
    _compare(plan.rows, indicator)
    return plan


def _find_header(lines) -> tuple[int | None, dict[str, int]]:
    for at, line in enumerate(lines[:10]):
        columns = {}
        for index, cell in enumerate(line):
            key = HEADERS.get(normalise_header(cell))
            if key and key not in columns:
                columns[key] = index
        if {"period", "value"} <= set(columns):
            return at, columns
    return None, {}


def _row(number, cells, indicator, districts, errors) -> Row | None:
    problems = []
    try:
        period = parse_period(_text(cells.get("period")), indicator.cadence)
    except PeriodError as error:
        problems.append(str(error))
        period = None
    district = None
    district_name = _text(cells.get("district"))
    if district_name:
        if not indicator.by_district:
            problems.append(_("the indicator is not broken down by district."))
        elif district_name.casefold() not in districts:
            problems.append(_("unknown district “%(name)s”.") % {"name": district_name})
        else:
            district = districts[district_name.casefold()]
    sex = SEXES.get(_text(cells.get("sex")).casefold())
    if sex is None:
        problems.append(_("sex “%(text)s” is not K or M.") % {"text": _text(cells.get("sex"))})
    elif sex and not indicator.by_sex:
        problems.append(_("the indicator is not broken down by sex."))
    value = _number(cells.get("value"))
    if value is None:
        problems.append(_("“%(text)s” is not a number.") % {"text": _text(cells.get("value"))})
    final = _text(cells.get("final")).casefold()
    if final not in YES | NO:
        problems.append(_("Slutligt “%(text)s” is neither ja nor nej.") % {"text": final})
    if problems:
        errors.extend(_("Row %(row)s: %(problem)s") % {"row": number, "problem": problem} for problem in problems)
        return None
    return Row(number, period, district, sex or "", value, final in YES)


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).split())


def _number(cell) -> Decimal | None:
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int | float):
        return Decimal(str(cell)).quantize(Decimal("0.01"))
    text = _text(cell).replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 12:
        return None
    return number.quantize(Decimal("0.01"))


def _compare(rows: list[Row], indicator: Indicator) -> None:
    existing = {(v.period_start, v.district_id, v.sex): v for v in IndicatorValue.objects.filter(indicator=indicator)}
    for row in rows:
        current = existing.get((row.period.start, row.district and row.district.pk, row.sex))
        if current is None:
            row.action = "create"
        elif current.value == row.value and current.is_final == row.is_final:
            row.action = "unchanged"
        else:
            row.action, row.before = "change", current.value


@transaction.atomic
def import_values(data: bytes, indicator: Indicator, *, by) -> ValuePlan:
    """Plan and apply in one transaction: what the preview showed, unless the file no longer holds."""
    plan = plan_values(data, indicator)
    if plan.is_valid:
        for row in plan.rows:
            if row.action != "unchanged":
                indicator.record_value(
                    period=row.period, value=row.value, by=by, is_final=row.is_final, district=row.district, sex=row.sex
                )
    return plan
