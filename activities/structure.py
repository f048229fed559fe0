"""What a new agreement can copy of the plan's structure from another (see agreements.structure): its statuses
and its districts. Goal areas and time horizons belong to `agreements` and are copied there."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import ngettext

from agreements.copiers import copy_rows, save_copy
from agreements.models import Agreement

from .models import Activity, Status, StatusChange

STATUS_FIELDS = ("kind", "order", "colour", "symbol", "is_default")


@transaction.atomic
def copy_statuses(source: Agreement, target: Agreement, *, by) -> int:
    """Give `target` the statuses of `source`: the same names, kinds, order, colours, symbols and default.

    Every new agreement starts with the portal's default statuses (the starter in activities.apps), so copying
    merges rather than adds: a status of the same name is brought in line with the source's, and one the source
    lacks is removed when nothing uses it yet (the defaults of a new agreement) and kept when an activity or a
    recorded status change does. So a new agreement ends with exactly its predecessor's statuses, and copying
    again changes nothing. Returns how many of the source's statuses the target now has. A source without
    statuses leaves the target's as they are: an activity cannot be added without one.
    """
    wanted = list(source.statuses.all())
    if not wanted:
        return 0
    have = {status.name: status for status in Status.objects.select_for_update().filter(agreement=target)}
    default = next((status.name for status in wanted if status.is_default), None)
    # Only one status may be the default (a database rule): step the old one down before the new one steps up.
    if default is not None:
        for status in have.values():
            if status.is_default and status.name != default:
                status.is_default = False
                save_copy(status, by)
    for status in wanted:
        copy = have.get(status.name) or Status(agreement=target, name=status.name)
        values = {name: getattr(status, name) for name in STATUS_FIELDS}
        if copy.pk is None or any(getattr(copy, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(copy, name, value)
            save_copy(copy, by)
    names = {status.name for status in wanted}
    for name, status in have.items():
        if name not in names and not _in_use(status):
            if by is not None:
                status._history_user = by
            status.delete()
    return len(wanted)


def _in_use(status: Status) -> bool:
    return (
        Activity.objects.filter(status=status).exists()
        or StatusChange.objects.filter(Q(from_status=status) | Q(to_status=status)).exists()
    )


@transaction.atomic
def copy_districts(source: Agreement, target: Agreement, *, by) -> int:
    """The districts `target` lacks, by name; returns how many it added."""
    return copy_rows(
        source,
        target,
        "districts",
        key=lambda row: row.name,
        fields=("name",),
        by=by,
    )


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from agreements.structure import register_copier

    register_copier(
        "statuses",
        _("Statuses (replace the default ones)"),
        copy_statuses,
        order=20,
        describe=lambda n, target: ngettext("%(count)s status", "%(count)s statuses", n) % {"count": n},
    )
    register_copier(
        "districts",
        _("Districts"),
        copy_districts,
        order=22,
        describe=lambda n, target: ngettext("%(count)s district", "%(count)s districts", n) % {"count": n},
    )
