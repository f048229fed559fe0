"""Imports the plan of activities from the officials' spreadsheet as a reviewed change set.

`reading.read_sheet()` reads the file once into what it says. `compare()` holds that against the database: for
each activity the fields that would change, before → after, and the conflicts. The preview stores the change
set (`store()`: an `ImportChangeSet` with what the file said, the changes shown and the version of every
activity they were based on); `confirm()` applies exactly that set once, in one transaction, or refuses with
`ChangeSetStale` (carrying a fresh comparison) when the plan has moved since; the file is never read again.
`import_workbook()` does it all at once, for the management command. Importing the same file twice changes
nothing.

Matching. An activity of the file is matched to what is stored by the id in the export's hidden column (when it
is an activity of this agreement at the same place in the plan), else by agreement + name (+ the activity it is
part of; the n-th sub-activity of one name matches the n-th stored one). Renaming in the file renames only a
row matched by id. Stored activities the file does not mention are left alone. Positions change only when the
file orders matched activities differently from the portal.

Conflicts. The export writes each row's activity id and version into a hidden column ("12:3", or "12:3 45:2" on
a sub-activity's row: the activity, then the sub-activity). When the portal's version of an activity is newer
than the version the file was made from, someone changed it in the portal after the file was taken: every field
where the file differs from the portal is then a conflict, shown with both values; the portal's value is kept
unless the admin ticks the file's. A row without a version (the officials' own sheet, a row typed in later) is
taken to be based on the activity as it was first created: only an activity nobody has changed since (version 1)
takes the file's values without asking. That is the one sound reading of a file that says nothing about when it
was made: a file's own timestamps say when it was saved, not what its author had seen.
"""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.defaults import ensure_statuses
from activities.models import Activity, ImportChangeSet, Level, Person, Responsibility
from agreements.models import Agreement, GoalArea

from . import sheet
from .handled_by import Named
from .reading import TIMING_FIELDS, FieldChange, Problem, SheetActivity, SheetImport, match_key, read_sheet

STALE_AFTER = datetime.timedelta(days=7)  # previews nobody confirmed are cleared after this


class ChangeSetStale(Exception):
    """The plan moved since the change set was previewed; nothing was saved. Carries the fresh comparison."""

    def __init__(self, fresh: SheetImport):
        super().__init__("the plan changed since the preview")
        self.fresh = fresh


class AlreadyApplied(Exception):
    """The change set was confirmed before (a double click, a second tab); it is not applied again."""


# ------------------------------------------------------------------------------------------ compare with the database


def plan_import(data: bytes, agreement: Agreement, *, today: datetime.date | None = None) -> SheetImport:
    """What importing `data` into `agreement` would do: read, then compare. Reads the database, writes nothing."""
    result = read_sheet(data, agreement, today=today)
    if result.is_valid:
        compare(result)
    return result


def compare(result: SheetImport) -> SheetImport:
    """Match every activity of the file to what is stored and work out its changes and conflicts."""
    stored = list(
        Activity.objects.filter(agreement=result.agreement)
        .select_related("status")
        .prefetch_related("goal_areas", "responsibilities__person")
        .order_by("position", "pk")
    )
    _match(result.activities, stored)
    _settle_positions(result.activities, stored)
    for position, item in enumerate(result.activities):
        item.changes = _changes(item, position)
        item.action = "create" if item.existing is None else ("change" if item.changes else "unchanged")
    matched = {item.existing.pk for item in result.activities if item.existing is not None}
    result.untouched = [activity for activity in stored if activity.pk not in matched]
    known = set(Person.objects.filter(agreement=result.agreement).values_list("name", flat=True))
    result.new_people = []
    for item in result.activities:
        if any(change.field == "people" for change in item.changes):
            for named in item.people or []:
                if named.name not in known and named.name not in result.new_people:
                    result.new_people.append(named.name)
    return result


def _match(items: list[SheetActivity], stored: list[Activity]) -> None:
    by_pk = {activity.pk: activity for activity in stored}
    by_name: dict[tuple[int | None, str], list[Activity]] = defaultdict(list)
    for activity in stored:
        by_name[(activity.parent_id, match_key(activity.name))].append(activity)
    claimed: set[int] = set()
    tops = [item for item in items if item.parent is None]
    subs = [item for item in items if item.parent is not None]
    for level in (tops, subs):
        for item in level:
            item.existing = None
            parent_pk = item.parent.existing.pk if item.parent and item.parent.existing else None
            if item.parent and parent_pk is None:
                continue  # the sub-activity of a new activity is new
            found = by_pk.get(item.ref[0]) if item.ref else None
            if found is not None and found.parent_id == parent_pk and found.pk not in claimed:
                item.existing = found
                claimed.add(found.pk)
        for item in level:
            if item.existing is not None or (item.parent and item.parent.existing is None):
                continue
            parent_pk = item.parent.existing.pk if item.parent else None
            candidates = [a for a in by_name[(parent_pk, match_key(item.name))] if a.pk not in claimed]
            if candidates:
                item.existing = candidates[0]
                claimed.add(candidates[0].pk)


def _settle_positions(items: list[SheetActivity], stored: list[Activity]) -> None:
    """Keep the stored positions when the file lists the matched activities in the portal's order."""
    order = {activity.pk: index for index, activity in enumerate(stored)}  # stored is sorted by position, pk
    siblings: dict[int | None, list[SheetActivity]] = defaultdict(list)
    for item in items:
        siblings[id(item.parent) if item.parent else None].append(item)
    for group in siblings.values():
        matched = [order[item.existing.pk] for item in group if item.existing is not None]
        if matched == sorted(matched):
            for item in group:
                if item.existing is not None:
                    item.values.pop("position", None)


FIELD_ORDER = [model_field.name for model_field in Activity._meta.fields]


def _based_on(item: SheetActivity) -> int:
    """The version of the stored activity the file's row was made from (1, as created, when it does not say)."""
    if item.ref and item.existing is not None and item.ref[0] == item.existing.pk:
        return item.ref[1]
    return 1


def shown(name: str, value: Any) -> str:
    """The words the preview shows for a value of either side."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if name == "goal_areas":
        return ", ".join(sorted(value))
    if name == "people":
        levels = dict(Level.choices)
        return "; ".join(f"{person} ({levels.get(level, level)})" for person, level, _org in sorted(value))
    return str(value)


def _people_value(people: Iterable[Named]) -> list[list[str]]:
    return sorted([named.name, named.level.value, named.organisation] for named in people)


def _stored_people(activity: Activity) -> list[list[str]]:
    return sorted([r.person.name, r.level, r.person.organisation] for r in activity.responsibilities.all())


def _same(stored: Any, wanted: Any) -> bool:
    if isinstance(stored, str) and isinstance(wanted, str):
        return sheet.normalise_text(stored).strip() == sheet.normalise_text(wanted).strip()
    return stored == wanted


def _changes(item: SheetActivity, position: int) -> list[FieldChange]:
    """The fields importing `item` would set, before → after; every field the file fills for a new activity."""
    activity = item.existing
    moved = activity is not None and activity.version > _based_on(item)
    changes = []

    def differs(name: str, stored: Any, wanted: Any, value: Any = None) -> None:
        if activity is not None and _same(stored, wanted):
            return
        label = _("responsible people") if name == "people" else str(Activity._meta.get_field(name).verbose_name)
        before = shown(name, stored) if activity is not None else "—"
        json_value = wanted if value is None else value
        after = shown(name, wanted)
        changes.append(FieldChange(name, label, before, after, json_value, conflict=moved, key=f"{position}:{name}"))

    if activity is not None and item.ref and match_key(activity.name) != match_key(item.name):
        differs("name", activity.name, item.name)
    # In the model's field order, whatever order the stored change set's JSON comes back in (jsonb sorts keys).
    for name in sorted(item.values, key=FIELD_ORDER.index):
        wanted = item.values[name]
        stored = getattr(activity, name) if activity is not None else None
        if activity is None and wanted in ("", None, False):
            continue
        differs(name, stored, wanted, wanted.isoformat() if isinstance(wanted, datetime.date) else None)
    if item.status_name:
        differs("status", activity.status.name if activity else None, item.status_name)
    if item.goal_area_codes is not None and (activity is not None or item.goal_area_codes):
        stored_codes = sorted(a.short_label for a in activity.goal_areas.all()) if activity else None
        differs("goal_areas", stored_codes, sorted(item.goal_area_codes))
    # People are read from "Hanterar frågan": only a changed text says anything new about them.
    text_changed = activity is None or not _same(activity.handled_by_text, item.values.get("handled_by_text"))
    if item.people is not None and text_changed and (activity is not None or item.people):
        differs("people", _stored_people(activity) if activity else None, _people_value(item.people))
    if item.dropped_reason and (activity is None or not activity.dropped_reason):
        differs("dropped_reason", activity.dropped_reason if activity else None, item.dropped_reason)
    return changes


# ------------------------------------------------------------------------------------------ the stored change set


def to_content(result: SheetImport) -> dict[str, Any]:
    """The change set as JSON: what the file said (to compare afresh at the confirm) and what was previewed."""
    index = {id(item): position for position, item in enumerate(result.activities)}
    return {
        "file": [
            {
                "name": item.name,
                "parent": index[id(item.parent)] if item.parent else None,
                "rows": item.rows,
                "values": {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in item.values.items()},
                "goal_area_codes": item.goal_area_codes,
                "status_name": item.status_name,
                "dropped_reason": item.dropped_reason,
                "people": None
                if item.people is None
                else [[n.name, n.organisation, n.level.value] for n in item.people],
                "ref": list(item.ref) if item.ref else None,
            }
            for item in result.activities
        ],
        "warnings": [[problem.row, problem.message] for problem in result.warnings],
        "creates_statuses": result.creates_statuses,
        **change_set(result),
    }


def change_set(result: SheetImport) -> dict[str, Any]:
    """What the preview showed and the confirm applies, with the version of every activity it was based on."""
    return {
        "changes": [
            {
                "activity": item.existing.pk if item.existing else None,
                "version": item.existing.version if item.existing else None,
                "action": item.action,
                "changes": [asdict(change) for change in item.changes],
            }
            for item in result.activities
        ],
        "new_people": result.new_people,
    }


def from_content(agreement: Agreement, content: dict[str, Any]) -> SheetImport:
    """The file as the preview read it, compared afresh with the database."""
    result = SheetImport(agreement=agreement, creates_statuses=content["creates_statuses"])
    result.warnings = [Problem(row, message) for row, message in content["warnings"]]
    for entry in content["file"]:
        values = {
            key: datetime.date.fromisoformat(value) if key in TIMING_FIELDS and key.endswith("_on") and value else value
            for key, value in entry["values"].items()
        }
        people = entry["people"]
        result.activities.append(
            SheetActivity(
                name=entry["name"],
                parent=result.activities[entry["parent"]] if entry["parent"] is not None else None,
                rows=entry["rows"],
                values=values,
                goal_area_codes=entry["goal_area_codes"],
                status_name=entry["status_name"],
                dropped_reason=entry["dropped_reason"],
                people=None if people is None else [Named(name, org, Level(level)) for name, org, level in people],
                ref=tuple(entry["ref"]) if entry["ref"] else None,
            )
        )
    return compare(result)


# ------------------------------------------------------------------------------------------------------- applying


def apply(agreement: Agreement, content: dict[str, Any], *, take_file: Iterable[str] = (), by=None, source="") -> dict:
    """Carry out the change set in `content` exactly, in one transaction, or raise ChangeSetStale saving nothing.

    Locks the agreement and its activities first, so an edit saved meanwhile either landed before (and the
    fresh comparison differs: refused) or waits for this to finish (and then meets a newer version: the edit
    page's usual stale-edit handling). `take_file` names the conflicts where the admin chose the file's value.
    Returns the counts for the message: created, changed, unchanged, kept (conflicts where the portal's value
    was kept).
    """
    take_file = set(take_file)
    with transaction.atomic():
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        list(Activity.objects.select_for_update().filter(agreement=agreement).order_by("pk").values_list("pk"))
        fresh = from_content(agreement, content)
        if change_set(fresh) != {"changes": content["changes"], "new_people": content["new_people"]}:
            raise ChangeSetStale(fresh)
        return _apply_entries(agreement, content["changes"], content["file"], take_file, by, source)


def store(result: SheetImport, *, by, file_name: str) -> ImportChangeSet:
    """Keep the previewed change set until it is confirmed: one waiting preview per admin and agreement."""
    waiting = ImportChangeSet.objects.filter(agreement=result.agreement, applied_at=None)
    waiting.filter(models.Q(created_by=by) | models.Q(created_at__lt=timezone.now() - STALE_AFTER)).delete()
    return ImportChangeSet.objects.create(
        agreement=result.agreement,
        token=secrets.token_urlsafe(32),
        file_name=file_name[:255],
        content=to_content(result),
        created_by=by,
    )


@transaction.atomic
def confirm(change_set: ImportChangeSet, *, take_file: Iterable[str] = (), by=None) -> dict:
    """Apply a stored change set once. The row lock makes a second confirm wait, then raise AlreadyApplied."""
    locked = ImportChangeSet.objects.select_for_update().get(pk=change_set.pk)
    if locked.applied_at is not None:
        raise AlreadyApplied
    counts = apply(locked.agreement, locked.content, take_file=take_file, by=by, source=locked.file_name)
    locked.applied_at = timezone.now()
    locked.save(update_fields=["applied_at"])
    return counts


def _apply_entries(agreement, entries, file_entries, take_file, by, source) -> dict:
    statuses = {status.name: status for status in ensure_statuses(agreement)}
    default = next((s for s in statuses.values() if s.is_default), next(iter(statuses.values())))
    goal_areas = {area.short_label: area for area in GoalArea.objects.filter(agreement=agreement)}
    people = {person.name: person for person in Person.objects.filter(agreement=agreement)}
    comment = _("Imported from %(file)s.") % {"file": source} if source else _("Imported from a spreadsheet.")
    counts = {"created": 0, "changed": 0, "unchanged": 0, "kept": 0}
    saved: dict[int, Activity] = {}
    for position, entry in enumerate(entries):
        chosen = [c for c in entry["changes"] if not c["conflict"] or c["key"] in take_file]
        counts["kept"] += len(entry["changes"]) - len(chosen)
        if entry["activity"] is not None:
            saved[position] = activity = Activity.objects.get(pk=entry["activity"])
        if not chosen and entry["activity"] is not None:
            counts["unchanged"] += 1
            continue
        parent_position = file_entries[position]["parent"]
        if entry["activity"] is None:
            activity = Activity(
                agreement=agreement,
                parent=saved[parent_position] if parent_position is not None else None,
                name=file_entries[position]["name"],
                status=default,
            )
        _record_user(activity, by)
        new_status = None
        for change in chosen:
            name, value = change["field"], change["value"]
            if name == "status":
                new_status = statuses[value]
            elif name not in ("goal_areas", "people"):
                is_date = name in TIMING_FIELDS and name.endswith("_on") and value
                setattr(activity, name, datetime.date.fromisoformat(value) if is_date else value)
        if activity.pk is None:
            activity.status = new_status or default
            activity.save()
            counts["created"] += 1
        else:
            counts["changed"] += 1
            if new_status is not None and new_status.pk != activity.status_id:
                activity.set_status(new_status, by=by, comment=comment, expected_version=entry["version"])
            else:
                activity.save_if_current(entry["version"])
        saved[position] = activity
        for change in chosen:
            if change["field"] == "goal_areas":
                activity.goal_areas.set([goal_areas[code] for code in change["value"]])
            elif change["field"] == "people":
                wanted = [Named(name, org, Level(level)) for name, level, org in change["value"]]
                _sync_people(activity, wanted, people, by)
    return counts


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


def import_workbook(
    data: bytes, agreement: Agreement, *, by=None, source: str = "", dry_run: bool = False, take_file: bool = False
) -> SheetImport:
    """Read, compare and, unless `dry_run` or the file has errors, apply: the management command's one step.

    Conflicts keep the portal's value unless `take_file`. The comparison is made under the same locks that
    apply it, so it cannot go stale between the two.
    """
    with transaction.atomic():
        Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        result = plan_import(data, agreement)
        if result.is_valid and not dry_run:
            content = to_content(result)
            take = [change.key for item in result.activities for change in item.conflicts]
            apply(agreement, content, take_file=take if take_file else (), by=by, source=source)
    return result
