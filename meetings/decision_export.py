"""The decision register as a spreadsheet: one row per decision, as the register shows it."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def safe_cell(text: str) -> str:
    """Text without the characters a sheet cannot hold (a pasted control character would break the file)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def register_workbook(decisions) -> bytes:
    """`decisions` as `with_concerns` gives them."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Decisions")
    sheet.append(
        [_("Number"), _("Body"), _("Decided on"), _("Decision"), _("Activities"), _("Goal areas"), _("Resources"),
         _("To be carried out by"), _("Carried out"), _("Comment")]
    )  # fmt: skip
    for decision in decisions:
        sheet.append(
            [
                safe_cell(decision.label),
                safe_cell(decision.body.name),
                decision.decided_on,
                safe_cell(decision.text),
                safe_cell(", ".join(decision.activity_names)),
                safe_cell(", ".join(decision.goal_area_labels)),
                safe_cell(decision.resources if decision.allocates_resources else ""),
                safe_cell(decision.carried_out_by),
                decision.get_execution_display(),
                safe_cell(decision.execution_comment),
            ]
        )
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text from the portal never runs as a formula in Excel
    for column, width in zip("ABCDEFGHIJ", (12, 24, 12, 60, 30, 12, 20, 24, 14, 40), strict=True):
        sheet.column_dimensions[column].width = width
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
