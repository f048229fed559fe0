"""Bodies carried into a successor agreement (the successor wizard lists this copier with the rest of the structure)."""

from __future__ import annotations

from django.db import transaction

from activities.models import Activity
from agreements.models import Agreement

from .models import Body, BodyKind


@transaction.atomic
def copy_bodies(source: Agreement, target: Agreement, *, by) -> int:
    """Copy `source`'s kinds of body, bodies and their current members into `target`; returns the bodies copied.

    A body the target already has (same name) is left as it is, so running it twice copies nothing twice.
    Members who had left before the target starts stay behind. A working group keeps the activities it
    carries where those were carried over to the target. Meetings belong to their agreement and stay.
    """
    kinds = {}
    for kind in BodyKind.objects.filter(agreement=source):
        kinds[kind.pk] = BodyKind.objects.get_or_create(
            agreement=target, name=kind.name, defaults={"kind": kind.kind, "order": kind.order}
        )[0]
    carried = dict(
        Activity.objects.filter(agreement=target, carried_over_from__agreement=source).values_list(
            "carried_over_from_id", "pk"
        )
    )
    existing = set(Body.objects.filter(agreement=target).values_list("name", flat=True))
    sources = list(Body.objects.filter(agreement=source).prefetch_related("members", "activities"))
    copies: dict[int, Body] = {}
    for body in sources:
        if body.name in existing:
            continue
        copy = Body(
            agreement=target,
            kind=kinds[body.kind_id],
            **{
                name: getattr(body, name)
                for name in (
                    "name",
                    "short_code",
                    "order",
                    "mandate",
                    "meetings_per_year",
                    "cadence_is_minimum",
                    "meets_as_needed",
                    "convenors_text",
                    "is_standing",
                    "assignment",
                    "ends_on",
                    "is_public",
                )
            },
        )
        copy._history_user = by
        copy.save()
        copies[body.pk] = copy
        for member in body.members.all():
            if member.member_until and target.valid_from and member.member_until < target.valid_from:
                continue
            member.pk = None
            member.body = copy
            member._history_user = by
            member.save()
        activity_ids = [carried[a.pk] for a in body.activities.all() if a.pk in carried]
        if activity_ids:
            copy.activities.set(activity_ids)
    by_name = {b.name: b for b in Body.objects.filter(agreement=target)}
    for body in sources:
        if body.pk in copies and body.reports_to_id:
            parent = next((b for b in sources if b.pk == body.reports_to_id), None)
            if parent is not None and parent.name in by_name:
                copies[body.pk].reports_to = by_name[parent.name]
                copies[body.pk].save()
    return len(copies)
