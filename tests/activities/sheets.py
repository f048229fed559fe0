"""Helpers for the import/export tests: the real plan, goal areas A–H, and small generated sheets."""

import io
from pathlib import Path

import openpyxl
from openpyxl.styles import PatternFill

from activities.transfer import sheet
from agreements.models import GoalArea

REAL_PLAN = Path(__file__).resolve().parents[2] / "activities" / "demo" / "aktivitetsplan-2023.xlsx"

GOAL_AREAS = {
    "A": "Inga utsatta områden",
    "B": "Barn och unga ska lyckas",
    "C": "Ökad tillit till myndigheter",
    "D": "Minskad socio-ekonomisk segregation",
    "E": "Egenmakt – möjlighet att påverka och känna ansvar för sitt område",
    "F": "Öka möjlighet till långsiktig försörjning",
    "G": "Trygga och bra boendemiljöer",
    "H": "Reducera dödligt våld",
}


def real_plan() -> bytes:
    return REAL_PLAN.read_bytes()


def add_goal_areas(agreement) -> None:
    for code, title in GOAL_AREAS.items():
        GoalArea.objects.get_or_create(agreement=agreement, code=code, defaults={"title": title})


def workbook_bytes(rows, *, headers=None, fills=None) -> bytes:
    """An `Aktiviteter` sheet in the officials' two-row layout.

    `rows` are dicts keyed like `sheet.COLUMNS`; `fills` maps (row index, key) to an "rrggbb" fill.
    """
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet.SHEET_TITLE
    headers = headers or [written for _key, written in sheet.COLUMNS]
    keys = [key for key, _written in sheet.COLUMNS]
    worksheet.cell(row=1, column=keys.index("starts") + 1, value=sheet.TIMING_GROUP)
    for column, text in enumerate(headers, start=1):
        worksheet.cell(row=2, column=column, value=text)
    for index, values in enumerate(rows):
        for key, value in values.items():
            worksheet.cell(row=3 + index, column=keys.index(key) + 1, value=value)
    for (index, key), colour in (fills or {}).items():
        worksheet.cell(row=3 + index, column=keys.index(key) + 1).fill = PatternFill("solid", fgColor=colour)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
