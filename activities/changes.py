"""An activity's change history in words: who changed which field when, from what to what.

Built from django-simple-history's records (every save and every goal-area/district change writes one).
Everything is fetched up front in a fixed number of queries, however long the history is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from .models import Activity

# The fields a person edits; bookkeeping (version, timestamps, the agreement itself) is left out.
SKIPPED_FIELDS = {"id", "agreement", "version", "updated_at"}
M2M_FIELDS = {
    "goal_areas": ("historicalactivity_goal_areas_set", "goalarea_id"),
    "districts": ("historicalactivity_districts_set", "district_id"),
}


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    created: bool
    changes: list[FieldChange] = field(default_factory=list)


def tracked_fields() -> list[models.Field]:
    return [f for f in Activity._meta.fields if f.name not in SKIPPED_FIELDS]


class ValueNames:
    """Turns stored values (ids, booleans, dates) into the words the activity page shows."""

    def __init__(self, activity: Activity):
        agreement = activity.agreement
        self.related = {
            "status": {s.pk: str(s) for s in agreement.statuses.all()},
            "time_horizon": {h.pk: str(h) for h in agreement.time_horizons.all()},
            "goal_areas": {g.pk: g.code for g in agreement.goal_areas.all()},
            "districts": {d.pk: str(d) for d in agreement.districts.all()},
        }
        # Parent and origin are activities: this agreement's, or the predecessor's one it was carried over from.
        activities = Activity.objects.filter(models.Q(agreement=agreement) | models.Q(pk=activity.carried_over_from_id))
        self.related["parent"] = self.related["carried_over_from"] = dict(activities.values_list("pk", "name"))

    def __call__(self, name: str, value) -> str:
        if value in (None, "", []):
            return "—"
        if name in M2M_FIELDS:
            names = self.related[name]
            return ", ".join(sorted(names.get(pk, "?") for pk in value))
        if name in self.related:
            return self.related[name].get(value, _("(removed)"))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return str(value)


def m2m_values(record) -> dict[str, list[int]]:
    return {
        name: [getattr(row, id_attr) for row in getattr(record, accessor).all()]
        for name, (accessor, id_attr) in M2M_FIELDS.items()
    }


def diff_records(old, new, names: ValueNames) -> list[FieldChange]:
    """The fields that differ between two historical records, in the order the form shows them."""
    changes = []
    for model_field in tracked_fields():
        before, after = getattr(old, model_field.attname), getattr(new, model_field.attname)
        if before != after:
            name = model_field.name
            changes.append(FieldChange(str(model_field.verbose_name), names(name, before), names(name, after)))
    old_m2m, new_m2m = m2m_values(old), m2m_values(new)
    for name in M2M_FIELDS:
        if sorted(old_m2m[name]) != sorted(new_m2m[name]):
            label = str(Activity._meta.get_field(name).verbose_name)
            changes.append(FieldChange(label, names(name, old_m2m[name]), names(name, new_m2m[name])))
    return changes


def history_records(activity: Activity):
    return (
        activity.history.select_related("history_user")
        .prefetch_related(*(accessor for accessor, _id in M2M_FIELDS.values()))
        .order_by("history_date", "history_id")
    )


def who(record) -> str:
    user = record.history_user
    if user is None:
        return _("the system")
    return user.get_full_name() or user.username


def history_entries(activity: Activity) -> list[HistoryEntry]:
    """Newest first. Records that changed nothing a person sees (e.g. an m2m re-save) are left out."""
    names = ValueNames(activity)
    entries, previous = [], None
    for record in history_records(activity):
        if previous is None or record.history_type == "+":
            entries.append(HistoryEntry(record.history_date, who(record), created=True))
        else:
            changes = diff_records(previous, record, names)
            if changes:
                entries.append(HistoryEntry(record.history_date, who(record), created=False, changes=changes))
        previous = record
    entries.reverse()
    return entries


@dataclass
class StaleEdit:
    """What others changed since the version an edit started from."""

    changes: list[FieldChange]
    by: list[str]
    last_changed_at: datetime.datetime | None


def changes_since(activity: Activity, version: int) -> StaleEdit:
    """Compare the activity as it was at `version` with how it is now, field by field."""
    names = ValueNames(activity)
    records = list(history_records(activity))
    base = next((r for r in reversed(records) if r.version == version), None)
    later = [r for r in records if r.version > version]
    if base is None or not later:
        return StaleEdit([], [], None)
    return StaleEdit(
        changes=diff_records(base, records[-1], names),
        by=sorted({who(r) for r in later}),
        last_changed_at=later[-1].history_date,
    )


@dataclass
class Conflict:
    """A field both people changed, differently: shown side by side for the user to choose."""

    name: str
    label: str
    theirs: str
    yours: str


@dataclass
class Merge:
    """A refused stale edit merged onto the activity as it is now."""

    values: dict[str, object]  # the form's fields, as the re-shown form should hold them
    conflicts: list[Conflict]
    changes_anything: bool  # False when what the user asked for is already so (a double submit)


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | set | tuple):
        return frozenset(v.pk if isinstance(v, models.Model) else v for v in value)
    return value


def stored_value(source, name: str, m2m: dict[str, list[int]] | None = None):
    """A form field's value as stored on an activity or a historical record, comparable with _comparable()."""
    if name in M2M_FIELDS:
        return frozenset(m2m[name] if m2m is not None else getattr(source, name).values_list("pk", flat=True))
    return getattr(source, Activity._meta.get_field(name).attname)


def merge_stale_edit(current: Activity, base_version: int, yours: dict[str, object]) -> Merge:
    """Three-way merge of a refused edit: `yours` (the form's cleaned data) against the activity at
    `base_version` (what the user started from, read from its history) and `current` (what is stored now).

    A field the user left as it was takes the current value, so saving again never reverts the other person's
    change; a field only the user changed keeps their input; a field both changed differently is a conflict.
    Without the base version's record every difference is a conflict: nothing is decided for the user.
    """
    base = next((r for r in reversed(list(history_records(current))) if r.version == base_version), None)
    base_m2m = m2m_values(base) if base is not None else None
    names = ValueNames(current)
    values, conflicts, changes_anything = {}, [], False
    for name, value in yours.items():
        mine, theirs = _comparable(value), stored_value(current, name)
        before = stored_value(base, name, base_m2m) if base is not None else theirs
        if base is not None and mine == before:
            merged = theirs
        elif base is not None and theirs in (before, mine) or base is None and mine == theirs:
            merged = mine
        else:
            merged = mine
            label = str(Activity._meta.get_field(name).verbose_name)
            shown = [names(name, sorted(v) if isinstance(v, frozenset) else v) for v in (theirs, mine)]
            conflicts.append(Conflict(name, label, *shown))
        values[name] = sorted(merged) if isinstance(merged, frozenset) else merged
        changes_anything = changes_anything or merged != theirs
    return Merge(values, conflicts, changes_anything)
