"""Imports the plan of activities from the officials' spreadsheet (layout in `sheet.py`).

Two steps: `plan_import()` reads the file and the database and returns a plan (what would be created, changed or
left alone, and every problem with its row number) without saving anything; `apply_import()` carries out a plan
without errors in one transaction. `import_workbook()` does both. Importing the same file twice changes nothing.

How rows become activities (the rules the preview and the tests rely on):

- Rows are grouped by activity name (case and spacing ignored); each group is one activity. Its goal areas
  (column "Siktar på målområde") are the union over its rows, and a yellow name cell on any row prioritises it.
- A row with a sub-activity ("SSPF (A, B, H)": a name, and its own goal areas in parentheses) is that
  sub-activity; the row's other columns describe it.
- The first row of a group without a sub-activity describes the activity itself. Every further such row (the
  sheet repeats "Motverka våld i nära relation" and "Boendeinflytande" with different content) becomes a
  sub-activity carrying the activity's name, since the sheet gives it no name of its own: nothing is lost.
- A group whose rows all name sub-activities leaves the activity's own description alone.
- An activity is matched to what is already stored by agreement + activity name (+ sub-activity name, and
  which repetition of that name it is). Stored activities the file does not mention are left alone.
- Timing: a date cell fills the date (`starts_on`), text ("2023/2024", "varje terminsslut") the text
  (`starts_text`); a date written as text in ISO form (2023-07-01) counts as a date. A number or a truth
  value in a timing column is an error: it is what Excel shows when a date lost its format, and guessing
  would put a wrong date in the plan.
- Status: the status column's text (a status name of the agreement) decides; otherwise its fill colour
  (yellow, green, red as in the sheet's legend, or a status's own colour); otherwise "Aktiviteten utgår"
  anywhere in the row means dropped; otherwise an end date in the past means finished. When the row says
  none of these a new activity starts with the agreement's default status (initiated) and a stored one keeps
  its status. A start date in the past is not taken to mean ongoing: the sheet's own first status is
  "Initierad/delvis igång" (initiated/partly started), so that is all a passed start date says.
- "JA" (or "x") in "Resurs-förstärkning" asks for resource reinforcement; empty or "NEJ" does not.
- "Hanterar frågan" is kept as written and read into people per level (rules in `handled_by.py`).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.defaults import VASTERAS_STATUSES, ensure_statuses
from activities.models import Activity, Person, Responsibility, Status
from agreements.models import Agreement, GoalArea

from . import sheet
from .handled_by import Named, parse_handled_by

MAX_ROWS = 2000
MAX_UNPACKED = 50 * 1024 * 1024
TEXT_FIELDS = ("background", "objectives", "method", "follow_up_measures", "working_group")
DROPPED_PHRASE = "aktiviteten utgår"
YES = {"ja", "j", "x", "yes"}
NO = {"", "nej", "n", "no"}


class PlanHasErrors(Exception):
    """Raised by `apply_import` for a plan with errors; nothing has been saved."""


@dataclass
class Problem:
    row: int | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class Item:
    """One activity or sub-activity of the file and what importing it would do."""

    name: str
    parent_name: str = ""
    occurrence: int = 0
    rows: list[int] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    goal_area_codes: list[str] | None = None
    status_name: str | None = None
    people: list[Named] | None = None
    existing: Activity | None = None
    action: str = "create"  # create, change or unchanged
    changes: list[str] = field(default_factory=list)
    parent: Item | None = None

    @property
    def label(self) -> str:
        return f"{self.parent_name} › {self.name}" if self.parent_name else self.name

    @property
    def is_sub_activity(self) -> bool:
        return bool(self.parent_name)


@dataclass
class Plan:
    agreement: Agreement
    items: list[Item] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)
    creates_statuses: bool = False
    untouched: list[Activity] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    @property
    def count_create(self) -> int:
        return self.count("create")

    @property
    def count_change(self) -> int:
        return self.count("change")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def has_changes(self) -> bool:
        return any(item.action != "unchanged" for item in self.items) or bool(self.new_people)

    @property
    def activity_count(self) -> int:
        return sum(1 for item in self.items if not item.is_sub_activity)

    @property
    def sub_activity_count(self) -> int:
        return sum(1 for item in self.items if item.is_sub_activity)


@dataclass
class _Row:
    number: int
    name: str
    name_fill: str | None
    goal_codes: list[str]
    sub_name: str
    sub_codes: list[str]
    values: dict[str, Any]
    status_name: str | None
    people: list[Named] | None


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return str(value).strip()


# ---------------------------------------------------------------------------------------------- reading the file


class UnpacksTooLarge(Exception):
    pass


def read_workbook(data: bytes):
    """The workbook in `data`, or None when it is not a readable .xlsx file.

    Raises UnpacksTooLarge for an archive that would unpack to more than MAX_UNPACKED bytes: a small upload
    must not be able to fill the server's memory.
    """
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise UnpacksTooLarge
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except UnpacksTooLarge:
        raise
    except Exception:  # openpyxl raises a zoo of errors for files that are not xlsx; all mean the same here.
        return None


def _find_header(worksheet) -> tuple[int, dict[int, str], list[str]] | None:
    """(row number of the column headers, {column index: key}, unrecognised headers), or None."""
    for row_number in range(1, min(worksheet.max_row, 6) + 1):
        texts = [worksheet.cell(row=row_number, column=c).value for c in range(1, worksheet.max_column + 1)]
        keys = [sheet.recognise(text) for text in texts]
        if "name" in keys:
            columns: dict[int, str] = {}
            unknown = []
            for index, (text, key) in enumerate(zip(texts, keys, strict=True), start=1):
                if key is None and text is None and row_number > 1:
                    # The two-row layout: a column may carry its only header in the row above.
                    text = worksheet.cell(row=row_number - 1, column=index).value
                    key = sheet.recognise(text)
                    if key is None:
                        continue
                if key is None:
                    if _text(text):
                        unknown.append(_text(text))
                    continue
                columns[index] = key
            return row_number, columns, unknown
    return None


def plan_import(data: bytes, agreement: Agreement, *, today: datetime.date | None = None) -> Plan:
    """What importing `data` into `agreement` would do. Reads the database, writes nothing."""
    plan = Plan(agreement=agreement)
    try:
        workbook = read_workbook(data)
    except UnpacksTooLarge:
        plan.errors.append(Problem(None, _("The file unpacks to more than 50 MB; it cannot be an activity plan.")))
        return plan
    if workbook is None:
        plan.errors.append(Problem(None, _("The file could not be read as an Excel file (.xlsx).")))
        return plan
    worksheet = workbook[sheet.SHEET_TITLE] if sheet.SHEET_TITLE in workbook.sheetnames else workbook.active
    if worksheet is None or not any(
        value is not None for row in worksheet.iter_rows(values_only=True) for value in row
    ):
        plan.errors.append(Problem(None, _("The file is empty.")))
        return plan
    header = _find_header(worksheet)
    if header is None:
        plan.errors.append(
            Problem(
                None,
                _("No column headed “%(header)s” was found in the first rows of sheet “%(sheet)s”.")
                % {"header": sheet.HEADERS["name"], "sheet": worksheet.title},
            )
        )
        return plan
    header_row, columns, unknown = header
    _check_columns(plan, columns, unknown, header_row)
    if plan.errors:
        return plan

    statuses = _statuses_for(plan, agreement)
    goal_areas = {area.code.casefold(): area.code for area in GoalArea.objects.filter(agreement=agreement)}
    rows = []
    read = 0
    for row_number in range(header_row + 1, worksheet.max_row + 1):
        cells = {key: worksheet.cell(row=row_number, column=index) for index, key in columns.items()}
        if all(_text(cell.value) == "" for cell in cells.values()):
            continue
        read += 1
        if read > MAX_ROWS:
            plan.errors.append(Problem(row_number, _("The file has more than %(max)s rows.") % {"max": MAX_ROWS}))
            break
        row = _read_row(plan, row_number, cells, goal_areas, statuses, today or timezone.localdate())
        if row is not None:
            rows.append(row)
    if not rows and not plan.errors:
        plan.errors.append(Problem(None, _("The file has headers but no activities.")))
    if plan.errors:
        return plan
    plan.items = _group(rows, plan)
    _compare_with_database(plan, agreement)
    return plan


def _check_columns(plan: Plan, columns: dict[int, str], unknown: list[str], header_row: int) -> None:
    seen: dict[str, int] = {}
    for index, key in columns.items():
        if key in seen:
            plan.errors.append(
                Problem(header_row, _("Two columns are headed “%(header)s”.") % {"header": sheet.HEADERS[key]})
            )
        seen[key] = index
    if "goal_areas" not in seen:
        plan.errors.append(
            Problem(header_row, _("The column “%(header)s” is missing.") % {"header": sheet.HEADERS["goal_areas"]})
        )
    for text in unknown:
        plan.warnings.append(
            Problem(header_row, _("The column “%(header)s” is not recognised and is not read.") % {"header": text})
        )
    missing = [sheet.HEADERS[key] for key, _written in sheet.COLUMNS if key not in seen]
    if missing and not plan.errors:
        plan.warnings.append(
            Problem(
                header_row,
                _("These columns are missing; what they hold is left as it is: %(columns)s.")
                % {"columns": ", ".join(f"“{' '.join(m.split())}”" for m in missing)},
            )
        )


def _statuses_for(plan: Plan, agreement: Agreement) -> list[tuple[str, str, str]]:
    """(name, kind, colour) of the agreement's statuses, or of the ones the import will create."""
    statuses = [(s.name, s.kind, s.colour) for s in Status.objects.filter(agreement=agreement)]
    if statuses:
        return statuses
    plan.creates_statuses = True
    return [(name, kind, colour) for name, kind, colour, _symbol in VASTERAS_STATUSES]


def _read_row(plan, number, cells, goal_areas, statuses, today) -> _Row | None:
    errors_before = len(plan.errors)
    for key, cell in cells.items():
        if cell.data_type == "e":
            plan.errors.append(
                Problem(
                    number,
                    _("the cell in column “%(column)s” holds the Excel error %(value)s.")
                    % {"column": _column_label(key), "value": cell.value},
                )
            )
    name = " ".join(_text(cells["name"].value).split())
    if not name:
        plan.errors.append(Problem(number, _("the activity has no name.")))
        return None
    if len(name) > 300:
        plan.errors.append(Problem(number, _("the activity's name is longer than 300 characters.")))
    goal_codes = _goal_codes(plan, number, _text(cells["goal_areas"].value), goal_areas)
    sub_name, sub_codes = "", []
    if "sub_activity" in cells:
        sub_name, sub_codes = _sub_activity(plan, number, _text(cells["sub_activity"].value), goal_areas)
    values: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        if key in cells:
            values[key] = _text(cells[key].value)
    for key in sheet.TIMING_KEYS:
        if key in cells:
            values[f"{key}_on"], values[f"{key}_text"] = _timing(plan, number, key, cells[key].value)
    if "resource_reinforcement" in cells:
        answer = _text(cells["resource_reinforcement"].value).casefold()
        if answer not in YES | NO:
            plan.errors.append(
                Problem(
                    number,
                    _("“%(value)s” in column “%(column)s”: write JA or leave the cell empty.")
                    % {
                        "value": _text(cells["resource_reinforcement"].value),
                        "column": _column_label("resource_reinforcement"),
                    },
                )
            )
        values["resource_reinforcement"] = answer in YES
    people = None
    if "handled_by" in cells:
        values["handled_by_text"] = _text(cells["handled_by"].value)
        people = parse_handled_by(values["handled_by_text"])
    status_name = _status(plan, number, cells, values, statuses, today)
    if len(plan.errors) > errors_before:
        return None
    return _Row(
        number=number,
        name=name,
        name_fill=sheet.cell_fill(cells["name"]),
        goal_codes=goal_codes,
        sub_name=sub_name,
        sub_codes=sub_codes,
        values=values,
        status_name=status_name,
        people=people,
    )


def _column_label(key: str) -> str:
    return " ".join(sheet.HEADERS[key].split())


def _goal_codes(plan: Plan, number: int, text: str, goal_areas: dict[str, str]) -> list[str]:
    codes = []
    for token in re.split(r"[,;\s]+", text):
        token = token.strip().rstrip(".")
        if not token:
            continue
        if token.casefold() not in goal_areas:
            plan.errors.append(
                Problem(
                    number,
                    _("unknown goal area “%(code)s”; this agreement has %(codes)s.")
                    % {"code": token, "codes": ", ".join(sorted(goal_areas.values())) or _("none")},
                )
            )
            continue
        code = goal_areas[token.casefold()]
        if code not in codes:
            codes.append(code)
    return codes


_SUB_WITH_CODES = re.compile(r"^(?P<name>.*?)\s*\((?P<codes>[^()]*)\)\s*$", re.DOTALL)


def _sub_activity(plan: Plan, number: int, text: str, goal_areas: dict[str, str]) -> tuple[str, list[str]]:
    """ "SSPF (A, B, H)" → ("SSPF", ["A", "B", "H"]).

    Parentheses are a list of goal areas when every entry is a known code or a single letter (so "(A, Z)" is
    reported as an unknown goal area); anything else ("Människan bakom uniformen (MBU)") stays in the name.
    """
    text = " ".join(text.split())
    match = _SUB_WITH_CODES.match(text)
    if match:
        tokens = [token for token in re.split(r"[,;\s]+", match.group("codes")) if token]
        if tokens and all(token.casefold() in goal_areas or len(token) == 1 for token in tokens):
            return match.group("name"), _goal_codes(plan, number, match.group("codes"), goal_areas)
    return text, []


def _timing(plan: Plan, number: int, key: str, value: Any) -> tuple[datetime.date | None, str]:
    if value is None:
        return None, ""
    if isinstance(value, datetime.datetime):
        return value.date(), ""
    if isinstance(value, datetime.date):
        return value, ""
    if isinstance(value, bool | int | float):
        plan.errors.append(
            Problem(
                number,
                _(
                    "column “%(column)s” holds the number %(value)s, not a date. Format the cell as a date, "
                    "or write the timing as text."
                )
                % {"column": _column_label(key), "value": value},
            )
        )
        return None, ""
    text = _text(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.date.fromisoformat(text), ""
        except ValueError:
            plan.errors.append(
                Problem(
                    number,
                    _("“%(value)s” in column “%(column)s” is not a date that exists.")
                    % {"value": text, "column": _column_label(key)},
                )
            )
            return None, ""
    if len(text) > 200:
        plan.errors.append(
            Problem(
                number,
                _("the text in column “%(column)s” is longer than 200 characters.") % {"column": _column_label(key)},
            )
        )
    return None, text


def _status(plan, number, cells, values, statuses, today) -> str | None:
    if "status" in cells:
        # A leading symbol ("◑ Pågår", as the portal shows it) is not part of the name.
        written = _key(re.sub(r"^\W+", "", _text(cells["status"].value)))
        if written:
            for name, _kind, _colour in statuses:
                if _key(name) == written:
                    return name
            plan.errors.append(
                Problem(
                    number,
                    _("unknown status “%(value)s”; this agreement has %(names)s.")
                    % {"value": _text(cells["status"].value), "names": ", ".join(f"“{s[0]}”" for s in statuses)},
                )
            )
            return None
        from_fill = _status_from_fill(sheet.cell_fill(cells["status"]), statuses)
        if from_fill:
            return from_fill
    if any(DROPPED_PHRASE in str(value).casefold() for value in values.values() if isinstance(value, str)):
        return _first_of_kind(statuses, Status.Kind.DROPPED)
    if values.get("ends_on") and values["ends_on"] < today:
        return _first_of_kind(statuses, Status.Kind.FINISHED)
    return None


_LEGEND = {sheet.YELLOW: Status.Kind.INITIATED, sheet.GREEN: Status.Kind.ONGOING, sheet.RED: Status.Kind.FINISHED}


def _status_from_fill(fill: str | None, statuses) -> str | None:
    if fill is None:
        return None
    for name, _kind, colour in statuses:
        if colour.lstrip("#").lower() == fill:
            return name
    family = sheet.colour_family(fill)
    if family is None:
        return None
    for name, _kind, colour in statuses:
        if sheet.colour_family(colour) == family:
            return name
    return _first_of_kind(statuses, _LEGEND[family])


def _first_of_kind(statuses, kind: str) -> str | None:
    return next((name for name, status_kind, _colour in statuses if status_kind == kind), None)


# --------------------------------------------------------------------------------------------- rows → activities


def _group(rows: list[_Row], plan: Plan) -> list[Item]:
    parents: dict[str, Item] = {}
    first_codes: dict[str, tuple[int, list[str]]] = {}
    subs: dict[str, list[Item]] = defaultdict(list)
    described: set[str] = set()
    for row in rows:
        key = _key(row.name)
        parent = parents.get(key)
        if parent is None:
            parent = parents[key] = Item(name=row.name, goal_area_codes=[], values={"is_prioritised": False})
        parent.rows.append(row.number)
        first = first_codes.setdefault(key, (row.number, row.goal_codes))
        if sorted(first[1]) != sorted(row.goal_codes):
            plan.warnings.append(
                Problem(
                    row.number,
                    _("the goal areas differ from row %(row)s of the same activity; the activity gets them all.")
                    % {"row": first[0]},
                )
            )
        parent.goal_area_codes += [code for code in row.goal_codes if code not in parent.goal_area_codes]
        if sheet.colour_family(row.name_fill) == sheet.YELLOW:
            parent.values["is_prioritised"] = True
        if not row.sub_name and key not in described:
            described.add(key)
            parent.values |= row.values
            parent.status_name, parent.people = row.status_name, row.people
            continue
        sub_name = row.sub_name or parent.name
        occurrence = sum(1 for sub in subs[key] if _key(sub.name) == _key(sub_name))
        subs[key].append(
            Item(
                name=sub_name,
                parent_name=parent.name,
                occurrence=occurrence,
                rows=[row.number],
                values=dict(row.values),
                goal_area_codes=row.sub_codes,
                status_name=row.status_name,
                people=row.people,
                parent=parent,
            )
        )
    items = []
    for position, (key, parent) in enumerate(parents.items()):
        parent.values["position"] = position
        items.append(parent)
        for sub_position, sub in enumerate(subs[key]):
            sub.values["position"] = sub_position
            items.append(sub)
    return items


# ------------------------------------------------------------------------------------------ compare with the database


def _compare_with_database(plan: Plan, agreement: Agreement) -> None:
    stored = list(
        Activity.objects.filter(agreement=agreement)
        .select_related("status")
        .prefetch_related("goal_areas", "responsibilities__person")
        .order_by("position", "pk")
    )
    top = defaultdict(list)
    below = defaultdict(list)
    for activity in stored:
        if activity.parent_id is None:
            top[_key(activity.name)].append(activity)
        else:
            below[(activity.parent_id, _key(activity.name))].append(activity)
    matched: set[int] = set()
    for item in plan.items:
        if item.parent is None:
            candidates = top[_key(item.name)]
            item.existing = candidates[0] if candidates else None
        elif item.parent.existing is not None:
            candidates = below[(item.parent.existing.pk, _key(item.name))]
            item.existing = candidates[item.occurrence] if item.occurrence < len(candidates) else None
        if item.existing is not None:
            matched.add(item.existing.pk)
        item.changes = _changes(item)
        item.action = "create" if item.existing is None else ("change" if item.changes else "unchanged")
    plan.untouched = [activity for activity in stored if activity.pk not in matched]

    known = set(Person.objects.filter(agreement=agreement).values_list("name", flat=True))
    for item in plan.items:
        for named in item.people or []:
            if named.name not in known and named.name not in plan.new_people:
                plan.new_people.append(named.name)


def _changes(item: Item) -> list[str]:
    """Verbose names of the fields importing `item` would change; all of them for a new activity."""
    activity = item.existing
    labels = []
    for name, value in item.values.items():
        if activity is None or getattr(activity, name) != value:
            labels.append(str(Activity._meta.get_field(name).verbose_name))
    if item.status_name and (activity is None or activity.status.name != item.status_name):
        labels.append(str(Activity._meta.get_field("status").verbose_name))
    if item.goal_area_codes is not None and (
        activity is None or sorted(a.code for a in activity.goal_areas.all()) != sorted(item.goal_area_codes)
    ):
        labels.append(str(Activity._meta.get_field("goal_areas").verbose_name))
    if item.people is not None and (activity is None or _stored_people(activity) != _wanted_people(item)):
        labels.append(_("responsible people"))
    if activity is not None and _dropped_reason(item) and not activity.dropped_reason:
        labels.append(str(Activity._meta.get_field("dropped_reason").verbose_name))
    return labels


def _stored_people(activity: Activity) -> set[tuple[str, str]]:
    return {(r.person.name, r.level) for r in activity.responsibilities.all()}


def _wanted_people(item: Item) -> set[tuple[str, str]]:
    return {(named.name, named.level.value) for named in item.people or []}


def _dropped_reason(item: Item) -> str:
    """The cell that says "Aktiviteten utgår", which is the reason; it fills an empty reason only."""
    return next(
        (v for v in item.values.values() if isinstance(v, str) and DROPPED_PHRASE in v.casefold()),
        "",
    )


# ------------------------------------------------------------------------------------------------------- applying


@transaction.atomic
def apply_import(plan: Plan, *, by=None, source: str = "") -> Plan:
    """Carry out `plan` in one transaction. Refuses a plan with errors (PlanHasErrors), saving nothing."""
    if not plan.is_valid:
        raise PlanHasErrors("; ".join(str(problem) for problem in plan.errors))
    agreement = plan.agreement
    statuses = {status.name: status for status in ensure_statuses(agreement)}
    default = next((s for s in statuses.values() if s.is_default), next(iter(statuses.values())))
    goal_areas = {area.code: area for area in GoalArea.objects.filter(agreement=agreement)}
    people = {person.name: person for person in Person.objects.filter(agreement=agreement)}
    comment = _("Imported from %(file)s.") % {"file": source} if source else _("Imported from a spreadsheet.")
    for item in plan.items:
        if item.action == "unchanged":
            continue
        activity = item.existing or Activity(
            agreement=agreement, parent=item.parent.existing if item.parent else None, status=default
        )
        _record_user(activity, by)
        for name, value in item.values.items():
            setattr(activity, name, value)
        if _dropped_reason(item) and not activity.dropped_reason:
            activity.dropped_reason = _dropped_reason(item)
        new_status = statuses[item.status_name] if item.status_name else None
        if activity.pk is None:
            activity.name = item.name
            activity.status = new_status or default
            activity.save()
            item.existing = activity
        elif new_status is not None and new_status.pk != activity.status_id:
            activity.set_status(new_status, by=by, comment=comment)
        else:
            activity.save_if_current(activity.version)
        if item.goal_area_codes is not None:
            wanted = {goal_areas[code] for code in item.goal_area_codes}
            if set(activity.goal_areas.all()) != wanted:
                activity.goal_areas.set(wanted)
        if item.people is not None:
            _sync_people(activity, item.people, people, by)
    return plan


def _sync_people(activity: Activity, wanted: Iterable[Named], people: dict[str, Person], by) -> None:
    wanted_keys = set()
    for named in wanted:
        person = people.get(named.name)
        if person is None:
            person = Person(agreement=activity.agreement, name=named.name, organisation=named.organisation)
            _record_user(person, by)
            person.save()
            people[named.name] = person
        elif named.organisation and not person.organisation:
            person.organisation = named.organisation
            _record_user(person, by)
            person.save()
        wanted_keys.add((person.pk, named.level.value))
    stored = {(r.person_id, r.level): r for r in Responsibility.objects.filter(activity=activity)}
    for key, responsibility in stored.items():
        if key not in wanted_keys:
            _record_user(responsibility, by)
            responsibility.delete()
    for person_id, level in wanted_keys - stored.keys():
        responsibility = Responsibility(activity=activity, person_id=person_id, level=level)
        _record_user(responsibility, by)
        responsibility.save()


def _record_user(instance, by) -> None:
    # Outside a request (the management command) simple_history cannot know who; inside one it already does.
    if by is not None:
        instance._history_user = by


def import_workbook(data: bytes, agreement: Agreement, *, by=None, source: str = "", dry_run: bool = False) -> Plan:
    """Plan and, unless `dry_run` or the plan has errors, apply: the plan is made inside the transaction that
    applies it, so it cannot go stale between the two."""
    with transaction.atomic():
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        plan = plan_import(data, agreement)
        if plan.is_valid and not dry_run:
            apply_import(plan, by=by, source=source)
    return plan
