"""Reads the officials' spreadsheet (layout in `sheet.py`) once into what it says: a `SheetImport` of
`SheetActivity`s, every problem with its row number. Writes nothing; `importer.py` compares it with the plan.

The sheet is read through openpyxl's read-only parser, cell by cell as the file holds them, so the cost follows
the cells that hold data: the sheet's declared dimension means nothing.

How rows become activities (the rules the preview and the tests rely on):

- Rows are grouped by activity: by the id in the hidden column when there is one, else by name (case, spacing
  and Unicode composition ignored). Each group is one activity. Its goal areas (column "Siktar på målområde")
  are the union over its rows, and a yellow name cell on any row prioritises it.
- A row with a sub-activity ("SSPF (A, B, H)": a name, and its own goal areas in parentheses) is that
  sub-activity; the row's other columns describe it.
- The first row of a group without a sub-activity describes the activity itself. Every further such row (the
  sheet repeats "Motverka våld i nära relation" and "Boendeinflytande" with different content) becomes a
  sub-activity carrying the activity's name, since the sheet gives it no name of its own: nothing is lost.
- A group whose rows all name sub-activities leaves the activity's own description alone.
- Timing: a date cell fills the date (`starts_on`), text ("2023/2024", "varje terminsslut") the text
  (`starts_text`); a date written as text in ISO form (2023-07-01) counts as a date, unless the cell is marked
  as text (Excel's leading apostrophe, which the export sets). A number or a truth value in a timing column is
  an error: it is what Excel shows when a date lost its format, and guessing would put a wrong date in the plan.
- Status: the status column's text (a status name of the agreement, optionally after its symbol) decides;
  otherwise its fill colour (yellow, green, red as in the sheet's legend, or a status's own colour); otherwise
  "Aktiviteten utgår" anywhere in the row means dropped, and that cell fills an empty reason for dropping;
  otherwise an end date in the past means finished. When the row says none of these a new activity starts
  with the agreement's default status (initiated) and a stored one keeps its status. A start date in the past
  is not taken to mean ongoing: the sheet's own first status is "Initierad/delvis igång", so that is all a
  passed start date says.
- "JA" (or "x") in "Resurs-förstärkning" asks for resource reinforcement; empty or "NEJ" does not.
- "Hanterar frågan" is kept as written and read into people per level (rules in `handled_by.py`); the people
  are read again only when that text changes, so people linked in the portal are never dropped by an export
  and import.
- Text is compared and stored in NFC with "\\n" line breaks, so a file typed on another system (decomposed
  "å", Windows line breaks) matches the plan instead of duplicating or rewriting it.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.defaults import VASTERAS_STATUSES
from activities.models import Activity, Status
from agreements.models import Agreement, GoalArea
from samverkan.wording import Tallied

from . import sheet
from .handled_by import Named, parse_handled_by

MAX_ROWS = 2000
MAX_UNPACKED = 50 * 1024 * 1024
HEADER_ROWS = 6  # the column headers are looked for in the first rows only
DROPPED_PHRASE = "aktiviteten utgår"
YES = {"ja", "j", "x", "yes"}
NO = {"", "nej", "n", "no"}
TIMING_FIELDS = [f"{key}_{part}" for key in sheet.TIMING_KEYS for part in ("on", "text")]


class UnpacksTooLarge(Exception):
    pass


@dataclass
class Problem:
    row: int | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class FieldChange:
    """One field of one activity: the portal's value, the file's, and whether the two sides both moved."""

    field: str
    label: str
    before: str
    after: str
    value: Any  # the file's value as stored in the change set (JSON)
    conflict: bool = False
    key: str = ""  # names it in the confirm form: "3:status" is the status of the file's fourth activity


@dataclass
class SheetRow:
    number: int
    name: str
    name_fill: str | None
    goal_codes: list[str]
    sub_name: str
    sub_codes: list[str]
    values: dict[str, Any]
    status_name: str | None
    dropped_reason: str
    people: list[Named] | None
    refs: list[tuple[int, int]]


@dataclass
class SheetActivity:
    """One activity or sub-activity as the file describes it, and (after `compare`) what importing it would do."""

    name: str
    parent: SheetActivity | None = None
    rows: list[int] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    goal_area_codes: list[str] | None = None
    status_name: str | None = None
    dropped_reason: str = ""
    people: list[Named] | None = None
    ref: tuple[int, int] | None = None  # (activity id, version) the file was made from
    existing: Activity | None = None
    action: str = "create"  # create, change or unchanged
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent else self.name

    @property
    def is_sub_activity(self) -> bool:
        return self.parent is not None

    @property
    def conflicts(self) -> list[FieldChange]:
        return [change for change in self.changes if change.conflict]


@dataclass
class SheetImport(Tallied):
    """What a file says and what importing it into `agreement` would do."""

    agreement: Agreement
    activities: list[SheetActivity] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)
    creates_statuses: bool = False
    untouched: list[Activity] = field(default_factory=list)

    def refuse(self, row: int | None, message: str, /, **values: Any) -> None:
        """Record a problem that stops the import; `message` is translated, `values` fill its placeholders."""
        self.errors.append(Problem(row, message % values if values else message))

    def note(self, row: int | None, message: str, /, **values: Any) -> None:
        """Record something the admin should know that does not stop the import."""
        self.warnings.append(Problem(row, message % values if values else message))

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def tallied_rows(self):
        return self.activities

    @property
    def contents(self) -> str:
        """What the preview says the file holds: “Filen innehåller 17 aktiviteter och 1 delaktivitet: …”."""
        activities = ngettext("%(count)s activity", "%(count)s activities", self.activity_count)
        subs = ngettext("%(count)s sub-activity", "%(count)s sub-activities", self.sub_activity_count)
        return _("The file holds %(activities)s and %(subs)s: %(tally)s.") % {
            "activities": activities % {"count": self.activity_count},
            "subs": subs % {"count": self.sub_activity_count},
            "tally": self.tally,
        }

    @property
    def conflict_count(self) -> int:
        return sum(len(item.conflicts) for item in self.activities)

    @property
    def has_changes(self) -> bool:
        return any(item.action != "unchanged" for item in self.activities) or bool(self.new_people)

    @property
    def activity_count(self) -> int:
        return sum(1 for item in self.activities if not item.is_sub_activity)

    @property
    def sub_activity_count(self) -> int:
        return sum(1 for item in self.activities if item.is_sub_activity)


def match_key(text: str) -> str:
    """Names compared as people read them: case, spacing and Unicode composition ignored."""
    return " ".join(sheet.normalise_text(text).split()).casefold()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return sheet.normalise_text(str(value)).strip()


def _column_label(key: str) -> str:
    return " ".join(sheet.HEADERS[key].split())


# ---------------------------------------------------------------------------------------------- reading the file


def read_workbook(data: bytes):
    """The workbook in `data`, opened read-only, or None when it is not a readable .xlsx file.

    Raises UnpacksTooLarge for an archive that would unpack to more than MAX_UNPACKED bytes: a small upload
    must not be able to fill the server's memory.
    """
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise UnpacksTooLarge
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnpacksTooLarge:
        raise
    except Exception:  # openpyxl raises a zoo of errors for files that are not xlsx; all mean the same here.
        return None


def _xml_rows(worksheet) -> Iterator[tuple[int, dict[int, Any]]]:
    """(row number, {column: cell}) for the rows the sheet's XML holds, and only their cells that are written.

    The sheet's declared dimension means nothing (one stray cell at XFD1048576 declares 17 billion cells), and
    openpyxl's own row iterator fills every gap with empty rows up to it; its parser underneath yields what the
    file holds, so the cost follows the cells that are there.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = worksheet.parent
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            yield number, {cell["column"]: ReadOnlyCell(worksheet, **cell) for cell in cells}


def _find_header(head: list[tuple[int, dict[int, Any]]]) -> tuple[int, dict[int, str], list[str]] | None:
    """(row number of the column headers, {column index: key}, unrecognised headers), or None."""
    by_number = dict(head)
    for row_number, cells in head:
        keys = {index: sheet.recognise(cell.value) for index, cell in cells.items()}
        if "name" not in keys.values():
            continue
        columns: dict[int, str] = {}
        unknown = []
        above = by_number.get(row_number - 1, {})
        for index in sorted(set(cells) | set(above)):
            text = cells[index].value if index in cells else None
            key = keys.get(index)
            if key is None and text is None:
                # The two-row layout: a column may carry its only header in the row above.
                key = sheet.recognise(above[index].value) if index in above else None
                if key is None:
                    continue
            if key is None:
                if _text(text):
                    unknown.append(_text(text))
                continue
            columns[index] = key
        return row_number, columns, unknown
    return None


def read_sheet(data: bytes, agreement: Agreement, *, today: datetime.date | None = None) -> SheetImport:
    """What `data` says, read once, checked against the agreement's goal areas and statuses. Writes nothing."""
    result = SheetImport(agreement=agreement)
    try:
        workbook = read_workbook(data)
    except UnpacksTooLarge:
        result.refuse(None, _("The file unpacks to more than 50 MB; it cannot be an activity plan."))
        return result
    if workbook is None:
        result.refuse(None, _("The file could not be read as an Excel file (.xlsx)."))
        return result
    try:
        _read_rows(result, workbook, agreement, today or timezone.localdate())
    finally:
        workbook.close()
    return result


def _read_rows(result: SheetImport, workbook, agreement: Agreement, today: datetime.date) -> None:
    worksheet = workbook[sheet.SHEET_TITLE] if sheet.SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
    rows = _xml_rows(worksheet)
    head: list[tuple[int, dict[int, Any]]] = []
    first_body: list[tuple[int, dict[int, Any]]] = []
    for number, cells in rows:
        if number > HEADER_ROWS:
            first_body.append((number, cells))
            break
        head.append((number, cells))
    body = itertools.chain(first_body, rows)
    header = _find_header(head)
    if header is None:
        written = any(_text(cell.value) for _n, cells in itertools.chain(head, body) for cell in cells.values())
        if not written:
            result.refuse(None, _("The file is empty."))
        else:
            result.refuse(
                None,
                _("No column headed “%(header)s” was found in the first rows of sheet “%(sheet)s”."),
                header=sheet.HEADERS["name"],
                sheet=worksheet.title,
            )
        return
    header_row, columns, unknown = header
    _check_columns(result, columns, unknown, header_row)
    if result.errors:
        return

    statuses = _statuses_for(result, agreement)
    goal_areas = sheet.goal_area_index(GoalArea.objects.filter(agreement=agreement))
    read: list[SheetRow] = []
    count = 0
    for row_number, cells in itertools.chain(((n, c) for n, c in head if n > header_row), body):
        row_cells = {key: cells.get(index, sheet.EMPTY_CELL) for index, key in columns.items()}
        if all(_text(cell.value) == "" for cell in row_cells.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            result.refuse(row_number, _("The file has more than %(max)s rows."), max=MAX_ROWS)
            break
        row = _read_row(result, row_number, row_cells, goal_areas, statuses, today)
        if row is not None:
            read.append(row)
    if not read and not result.errors:
        result.refuse(None, _("The file has headers but no activities."))
    if result.errors:
        return
    result.activities = _group(read, result)


def _check_columns(result: SheetImport, columns: dict[int, str], unknown: list[str], header_row: int) -> None:
    seen: dict[str, int] = {}
    for index, key in columns.items():
        if key in seen:
            result.refuse(header_row, _("Two columns are headed “%(header)s”."), header=sheet.HEADERS[key])
        seen[key] = index
    if "goal_areas" not in seen:
        result.refuse(header_row, _("The column “%(header)s” is missing."), header=sheet.HEADERS["goal_areas"])
    for text in unknown:
        result.note(header_row, _("The column “%(header)s” is not recognised and is not read."), header=text)
    missing = [sheet.HEADERS[key] for key, _written in sheet.COLUMNS if key not in seen]
    if missing and not result.errors:
        result.note(
            header_row,
            _("These columns are missing; what they hold is left as it is: %(columns)s."),
            columns=", ".join(f"“{' '.join(m.split())}”" for m in missing),
        )


def _statuses_for(result: SheetImport, agreement: Agreement) -> list[tuple[str, str, str, str]]:
    """(name, kind, colour, symbol) of the agreement's statuses, or of the ones the import will create."""
    statuses = [(s.name, s.kind, s.colour, s.symbol) for s in Status.objects.filter(agreement=agreement)]
    if statuses:
        return statuses
    result.creates_statuses = True
    return [(name, kind, colour, symbol) for name, kind, colour, symbol in VASTERAS_STATUSES]


def _read_row(result: SheetImport, number: int, cells, goal_areas, statuses, today) -> SheetRow | None:
    errors_before = len(result.errors)
    for key, cell in cells.items():
        if cell.data_type == "e":
            result.refuse(
                number,
                _("the cell in column “%(column)s” holds the Excel error %(value)s."),
                column=_column_label(key),
                value=cell.value,
            )
    name = " ".join(_text(cells["name"].value).split())
    if not name:
        result.refuse(number, _("the activity has no name."))
        return None
    if len(name) > 300:
        result.refuse(number, _("the activity's name is longer than 300 characters."))
    goal_codes = _goal_codes(result, number, _text(cells["goal_areas"].value), goal_areas)
    sub_name, sub_codes = "", []
    if "sub_activity" in cells:
        sub_name, sub_codes = split_sub_activity(_text(cells["sub_activity"].value), goal_areas)
        sub_codes = _goal_codes(result, number, "; ".join(sub_codes), goal_areas)
    values: dict[str, Any] = {}
    for key in Activity.DESCRIPTION_FIELDS:
        if key in cells:
            values[key] = _text(cells[key].value)
    for key in sheet.TIMING_KEYS:
        if key in cells:
            values[f"{key}_on"], values[f"{key}_text"] = _timing(result, number, key, cells[key])
    if "resource_reinforcement" in cells:
        answer = _text(cells["resource_reinforcement"].value).casefold()
        if answer not in YES | NO:
            result.refuse(
                number,
                _("“%(value)s” in column “%(column)s”: write JA or leave the cell empty."),
                value=_text(cells["resource_reinforcement"].value),
                column=_column_label("resource_reinforcement"),
            )
        values["resource_reinforcement"] = answer in YES
    people = None
    if "handled_by" in cells:
        values["handled_by_text"] = _text(cells["handled_by"].value)
        people = parse_handled_by(values["handled_by_text"])
    status_name, dropped_reason = _status(result, number, cells, values, statuses, today)
    refs = _refs(result, number, cells[sheet.REF_KEY]) if sheet.REF_KEY in cells else []
    _check_lengths(result, number, {**values, "dropped_reason": dropped_reason})
    if len(result.errors) > errors_before:
        return None
    return SheetRow(
        number=number,
        name=name,
        name_fill=sheet.cell_fill(cells["name"]),
        goal_codes=goal_codes,
        sub_name=sub_name,
        sub_codes=sub_codes,
        values=values,
        status_name=status_name,
        dropped_reason=dropped_reason,
        people=people,
        refs=refs,
    )


# The column a stored text comes from, where the field is not named as its column.
_COLUMN_OF = {"handled_by_text": "handled_by", "dropped_reason": "status"}


def _check_lengths(result: SheetImport, number: int, values: dict[str, Any]) -> None:
    """A cell longer than its field may hold is refused, as a form would refuse it (an .xlsx compresses a
    megabyte of repeated text into a few kilobytes, so the upload limit alone bounds nothing)."""
    for key, value in values.items():
        limit = Activity._meta.get_field(key).max_length
        if isinstance(value, str) and limit and len(value) > limit:
            result.refuse(
                number,
                _("the text in column “%(column)s” is longer than %(max)s characters."),
                column=_column_label(_COLUMN_OF.get(key, key.removesuffix("_text"))),
                max=limit,
            )


_REF = re.compile(r"(\d+):(\d+)(?:\s+(\d+):(\d+))?")


def _refs(result: SheetImport, number: int, cell) -> list[tuple[int, int]]:
    text = _text(cell.value)
    if not text:
        return []
    match = _REF.fullmatch(text)
    if match is None:
        result.note(number, _("the portal's id “%(value)s” cannot be read; the row is matched by name."), value=text)
        return []
    numbers = [int(group) for group in match.groups() if group is not None]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def _goal_codes(result: SheetImport, number: int, text: str, goal_areas: dict[str, str]) -> list[str]:
    """The short labels of the goal areas a cell names (sheet.read_goal_areas); an unknown one is refused."""
    codes = []
    for written, label in sheet.read_goal_areas(text, goal_areas):
        if label is None:
            result.refuse(
                number,
                _("unknown goal area “%(code)s”; this agreement has %(codes)s."),
                code=written,
                codes=", ".join(sorted(set(goal_areas.values()))) or _("none"),
            )
        elif label not in codes:
            codes.append(label)
    return codes


_SUB_WITH_CODES = re.compile(r"^(?P<name>.*?)\s*\((?P<codes>[^()]*)\)\s*$", re.DOTALL)


def split_sub_activity(text: str, goal_areas: dict[str, str]) -> tuple[str, list[str]]:
    """ "SSPF (A, B, H)" → ("SSPF", ["A", "B", "H"]); `goal_areas` maps casefolded codes to codes.

    Parentheses are a list of goal areas when every entry is a known code or a single letter (so "(A, Z)" is
    reported as an unknown goal area), or when they are empty: the export writes "Name (A) ()" for a
    sub-activity without goal areas whose name itself ends in something that reads as codes. Anything else
    ("Människan bakom uniformen (MBU)") stays in the name.
    """
    text = " ".join(text.split())
    match = _SUB_WITH_CODES.match(text)
    if match:
        named = sheet.read_goal_areas(match.group("codes"), goal_areas)
        if not named:
            return match.group("name"), []
        if all(label is not None or len(written) == 1 for written, label in named):
            return match.group("name"), [written for written, _label in named]
    return text, []


def _timing(result: SheetImport, number: int, key: str, cell) -> tuple[datetime.date | None, str]:
    value = cell.value
    if value is None:
        return None, ""
    if isinstance(value, datetime.datetime):
        return value.date(), ""
    if isinstance(value, datetime.date):
        return value, ""
    if isinstance(value, bool | int | float):
        result.refuse(
            number,
            _(
                "column “%(column)s” holds the number %(value)s, not a date. Format the cell as a date, "
                "or write the timing as text."
            ),
            column=_column_label(key),
            value=value,
        )
        return None, ""
    text = _text(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) and not sheet.is_marked_text(cell):
        try:
            return datetime.date.fromisoformat(text), ""
        except ValueError:
            result.refuse(
                number,
                _("“%(value)s” in column “%(column)s” is not a date that exists."),
                value=text,
                column=_column_label(key),
            )
            return None, ""
    if len(text) > 200:
        result.refuse(
            number, _("the text in column “%(column)s” is longer than 200 characters."), column=_column_label(key)
        )
    return None, text


def _status(result: SheetImport, number: int, cells, values, statuses, today) -> tuple[str | None, str]:
    """(status name or None, reason for dropping taken from the row or "")."""
    if "status" in cells:
        written = _text(cells["status"].value)
        if written:
            name = _status_named(written, statuses)
            if name is None:
                result.refuse(
                    number,
                    _("unknown status “%(value)s”; this agreement has %(names)s."),
                    value=written,
                    names=", ".join(f"“{s[0]}”" for s in statuses),
                )
            return name, ""
        from_fill = _status_from_fill(sheet.cell_fill(cells["status"]), statuses)
        if from_fill:
            return from_fill, ""
    reason = next((v for v in values.values() if isinstance(v, str) and DROPPED_PHRASE in v.casefold()), "")
    if reason:
        return _first_of_kind(statuses, Status.Kind.DROPPED), reason
    if values.get("ends_on") and values["ends_on"] < today:
        return _first_of_kind(statuses, Status.Kind.FINISHED), ""
    return None, ""


def _status_named(written: str, statuses) -> str | None:
    """The status `written` names: exactly (so a name that begins with a symbol, "+Plus", is found as it is),
    else ignoring case and spacing, else after the status's symbol or any leading symbol ("◑ Pågår", as the
    portal shows it)."""
    for name, *_rest in statuses:
        if name == written:
            return name
    for name, *_rest in statuses:
        if match_key(name) == match_key(written):
            return name
    for name, _kind, _colour, symbol in statuses:
        if symbol and written.startswith(symbol) and match_key(written[len(symbol) :]) == match_key(name):
            return name
    stripped = match_key(re.sub(r"^\W+", "", written))
    return next((name for name, *_rest in statuses if stripped and match_key(name) == stripped), None)


_LEGEND = {sheet.YELLOW: Status.Kind.INITIATED, sheet.GREEN: Status.Kind.ONGOING, sheet.RED: Status.Kind.FINISHED}


def _status_from_fill(fill: str | None, statuses) -> str | None:
    if fill is None:
        return None
    for name, _kind, colour, _symbol in statuses:
        if colour.lstrip("#").lower() == fill:
            return name
    family = sheet.colour_family(fill)
    if family is None:
        return None
    for name, _kind, colour, _symbol in statuses:
        if sheet.colour_family(colour) == family:
            return name
    return _first_of_kind(statuses, _LEGEND[family])


def _first_of_kind(statuses, kind: str) -> str | None:
    return next((name for name, status_kind, _colour, _symbol in statuses if status_kind == kind), None)


# --------------------------------------------------------------------------------------------- rows → activities


def _group(rows: list[SheetRow], result: SheetImport) -> list[SheetActivity]:
    parents: dict[object, SheetActivity] = {}
    group_of_name: dict[str, object] = {}
    first_codes: dict[object, tuple[int, list[str]]] = {}
    subs: dict[object, list[SheetActivity]] = defaultdict(list)
    described: set[object] = set()
    for row in rows:
        name_key = match_key(row.name)
        # Rows carrying the portal's id belong to that activity, so two activities of one name stay two.
        group = ("id", row.refs[0][0]) if row.refs else group_of_name.get(name_key, ("name", name_key))
        group_of_name.setdefault(name_key, group)
        parent = parents.get(group)
        if parent is None:
            parent = parents[group] = SheetActivity(name=row.name, goal_area_codes=[], values={"is_prioritised": False})
        if parent.ref is None and row.refs:
            parent.ref = row.refs[0]
        parent.rows.append(row.number)
        first = first_codes.setdefault(group, (row.number, row.goal_codes))
        if sorted(first[1]) != sorted(row.goal_codes):
            result.note(
                row.number,
                _("the goal areas differ from row %(row)s of the same activity; the activity gets them all."),
                row=first[0],
            )
        parent.goal_area_codes += [code for code in row.goal_codes if code not in parent.goal_area_codes]
        if sheet.colour_family(row.name_fill) == sheet.YELLOW:
            parent.values["is_prioritised"] = True
        if not row.sub_name and group not in described:
            described.add(group)
            parent.values |= row.values
            parent.status_name, parent.people = row.status_name, row.people
            parent.dropped_reason = row.dropped_reason
            continue
        subs[group].append(
            SheetActivity(
                name=row.sub_name or parent.name,
                parent=parent,
                rows=[row.number],
                values=dict(row.values),
                goal_area_codes=row.sub_codes,
                status_name=row.status_name,
                dropped_reason=row.dropped_reason,
                people=row.people,
                ref=row.refs[1] if len(row.refs) > 1 else None,
            )
        )
    items = []
    for position, (group, parent) in enumerate(parents.items()):
        parent.values["position"] = position
        items.append(parent)
        for sub_position, sub in enumerate(subs[group]):
            sub.values["position"] = sub_position
            items.append(sub)
    return items
