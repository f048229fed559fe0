"""Exports an agreement's plan to .xlsx in the officials' layout (see `sheet.py`), readable by the importer.

Statuses are written as text and as the status's fill colour; a prioritised activity's name is yellow. One row
per sub-activity under its activity's name, as the officials write it; the activity's own row comes first and
is left out only when it would say nothing (no description, the default status, sub-activities that all have
names of their own), so the Västerås plan exports to the same 23 rows it was imported from. A hidden last column
holds each row's activity id and version, so that importing the file later can tell what changed in the portal
meanwhile (see `importer.py`). Export then import changes nothing, whatever the plan holds.
"""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from activities.models import Activity
from agreements.models import Agreement

from . import sheet
from .reading import split_sub_activity

WIDTHS = {"name": 30, "goal_areas": 12, "sub_activity": 26, "status": 18, "handled_by": 30, sheet.REF_KEY: 12}
KEYS = [key for key, _written in sheet.COLUMNS] + [sheet.REF_KEY]
DEFAULT_WIDTH = 40
TIMING_WIDTH = 13


def plan_rows(agreement: Agreement) -> list[tuple[Activity, Activity]]:
    """(activity, row's own activity) pairs in sheet order: the row's own is the activity or a sub-activity."""
    activities = (
        Activity.objects.filter(agreement=agreement, parent=None)
        .select_related("status")
        .prefetch_related("goal_areas", "sub_activities__goal_areas", "sub_activities__status")
        .order_by("position", "pk")
    )
    rows = []
    for activity in activities:
        subs = sorted(activity.sub_activities.all(), key=lambda sub: (sub.position, sub.pk))
        if _needs_own_row(activity, subs):
            rows.append((activity, activity))
        rows.extend((activity, sub) for sub in subs)
    return rows


def _needs_own_row(activity: Activity, subs: list[Activity]) -> bool:
    if not subs or not activity.status.is_default:
        return True
    if any(_same_name(sub, activity) for sub in subs):
        return True  # such a sub-activity is written without a name of its own, so it must follow this row
    described = [getattr(activity, name) for name in Activity.DESCRIPTION_FIELDS] + [
        activity.starts_on,
        activity.starts_text,
        activity.follow_up_on,
        activity.follow_up_text,
        activity.ends_on,
        activity.ends_text,
        activity.resource_reinforcement,
        activity.handled_by_text,
    ]
    return any(described)


def _same_name(sub: Activity, activity: Activity) -> bool:
    return " ".join(sub.name.split()).casefold() == " ".join(activity.name.split()).casefold()


def _codes(activity: Activity) -> str:
    return sheet.write_goal_areas([area.short_label for area in activity.goal_areas.all()])


def _timing(on: datetime.date | None, text: str):
    return on if on is not None else (text or None)


def _sub_activity_cell(own: Activity, activity: Activity, goal_areas: dict[str, str]) -> str | None:
    """ "SSPF (A, B, H)"; nothing for a sub-activity of its activity's name without goal areas (the repeated row)."""
    codes = _codes(own)
    if codes:
        return f"{own.name} ({codes})"
    if _same_name(own, activity):
        return None
    if split_sub_activity(own.name, goal_areas) != (" ".join(own.name.split()), []):
        return f"{own.name} ()"  # "Uppdrag (A)" without goal areas: empty parentheses say the name ends there
    return own.name


def row_values(activity: Activity, own: Activity, goal_areas: dict[str, str]) -> dict[str, object]:
    values: dict[str, object] = {"name": activity.name, "goal_areas": _codes(activity)}
    ref = f"{activity.pk}:{activity.version}"
    if own is not activity:
        values["sub_activity"] = _sub_activity_cell(own, activity, goal_areas)
        ref += f" {own.pk}:{own.version}"
    values[sheet.REF_KEY] = ref
    values["status"] = own.status.name
    for name in Activity.DESCRIPTION_FIELDS:
        values[name] = getattr(own, name)
    values["starts"] = _timing(own.starts_on, own.starts_text)
    values["follow_up"] = _timing(own.follow_up_on, own.follow_up_text)
    values["ends"] = _timing(own.ends_on, own.ends_text)
    values["resource_reinforcement"] = "JA" if own.resource_reinforcement else None
    values["handled_by"] = own.handled_by_text
    return values


def export_workbook(agreement: Agreement) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet.SHEET_TITLE
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    group = worksheet.cell(row=1, column=KEYS.index("starts") + 1, value=sheet.TIMING_GROUP)
    group.font = bold
    for column, (key, written) in enumerate([*sheet.COLUMNS, (sheet.REF_KEY, sheet.REF_HEADER)], start=1):
        cell = worksheet.cell(row=2, column=column, value=written)
        cell.font, cell.alignment = bold, wrap
        width = TIMING_WIDTH if key in sheet.TIMING_KEYS else WIDTHS.get(key, DEFAULT_WIDTH)
        worksheet.column_dimensions[get_column_letter(column)].width = width
    worksheet.column_dimensions[get_column_letter(len(KEYS))].hidden = True
    goal_areas = sheet.goal_area_index(agreement.goal_areas.all())
    for row_number, (activity, own) in enumerate(plan_rows(agreement), start=3):
        for key, value in row_values(activity, own, goal_areas).items():
            cell = worksheet.cell(row=row_number, column=KEYS.index(key) + 1)
            _write(cell, value, as_text=key in sheet.TIMING_KEYS)
            cell.alignment = wrap
        colour = sheet.hex_fill(own.status.colour)
        if colour is not None:
            status_cell = worksheet.cell(row=row_number, column=KEYS.index("status") + 1)
            status_cell.fill = PatternFill("solid", fgColor=colour)
        if activity.is_prioritised:
            name_cell = worksheet.cell(row=row_number, column=KEYS.index("name") + 1)
            name_cell.fill = PatternFill("solid", fgColor=sheet.PRIORITISED_FILL)
    worksheet.freeze_panes = "B3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write(cell, value, *, as_text: bool = False) -> None:
    if value in ("", None):
        return
    if isinstance(value, str):
        value = sheet.excel_text(value)
    cell.value = value
    if isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, str):
        # Text from the portal must never run as a formula in the official's Excel.
        cell.data_type = "s"
        if as_text:
            cell.quotePrefix = True  # timing written as text ("2023-07-01" too) stays text when imported
