"""Writes that touch several models at once."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from activities.defaults import ensure_statuses
from activities.models import Activity, District, Person, Responsibility, Status
from agreements.models import Agreement, GoalArea, TimeHorizon

# Copied as they are; everything else is mapped into the successor or starts afresh.
COPIED_FIELDS = ("name", "is_prioritised", *Activity.TEXT_FIELDS)


def carry_over(activities: Iterable[Activity], *, to: Agreement, by) -> list[Activity]:
    """Copies the chosen activities, with their sub-activities, into `to`, the successor of their agreement.

    Each copy points back through `carried_over_from`; the original, with its history and status entries,
    stays with the old agreement. Statuses, goal areas, districts, time horizons and people are matched by
    name (goal areas by code) in the successor; districts and people it lacks are added to it, statuses are
    copied from the old agreement if it has none. Raises ValidationError, saving nothing, when an activity
    belongs elsewhere, was carried over already, or aims at a goal area the successor does not have.

    Safe to run twice at once (two tabs, a double click): the second waits for the first on the successor's row
    lock and then finds the activities carried over; the database's unique rule backs that up.
    """
    try:
        with transaction.atomic():
            Agreement.objects.select_for_update().filter(pk=to.pk).first()
            return _carry_over(activities, to, by)
    except IntegrityError:
        raise ValidationError(_("These activities have already been carried over.")) from None


def _carry_over(activities: Iterable[Activity], to: Agreement, by) -> list[Activity]:
    chosen = list(
        Activity.objects.filter(pk__in=[activity.pk for activity in activities])
        .select_related("status", "time_horizon", "agreement")
        .prefetch_related(
            "goal_areas",
            "districts",
            "responsibilities__person",
            "sub_activities__status",
            "sub_activities__time_horizon",
            "sub_activities__goal_areas",
            "sub_activities__districts",
            "sub_activities__responsibilities__person",
        )
        .order_by("position", "pk")
    )
    _check(chosen, to)
    statuses = _statuses(to, chosen[0].agreement) if chosen else {}
    # Matched by code, or by title where the agreements letter none (every unlettered area's code is "").
    goal_areas = {area.short_label: area for area in GoalArea.objects.filter(agreement=to)}
    horizons = {horizon.name: horizon for horizon in TimeHorizon.objects.filter(agreement=to)}
    position = (Activity.objects.filter(agreement=to, parent=None).aggregate(Max("position"))["position__max"]) or 0
    copies = []
    for offset, activity in enumerate(chosen, start=1):
        copy = _copy(activity, to, None, position + offset, statuses, goal_areas, horizons, by)
        copies.append(copy)
        for sub in activity.sub_activities.all():
            _copy(sub, to, copy, sub.position, statuses, goal_areas, horizons, by)
    return copies


def _check(chosen: list[Activity], to: Agreement) -> None:
    problems = []
    codes = {area.short_label for area in GoalArea.objects.filter(agreement=to)}
    carried = set(
        Activity.objects.filter(agreement=to, carried_over_from__in=chosen).values_list("carried_over_from", flat=True)
    )
    for activity in chosen:
        if to.predecessor_id is None or activity.agreement_id != to.predecessor_id:
            problems.append(_("“%(name)s” does not belong to the agreement before this one.") % {"name": activity})
        elif activity.parent_id is not None:
            problems.append(
                _("“%(name)s” is a sub-activity: carry over its activity, and it comes along.") % {"name": activity}
            )
        elif activity.pk in carried:
            problems.append(_("“%(name)s” has already been carried over.") % {"name": activity})
        missing = {area.short_label for area in activity.goal_areas.all()} - codes
        for sub in activity.sub_activities.all():
            missing |= {area.short_label for area in sub.goal_areas.all()} - codes
        if missing:
            problems.append(
                _("“%(name)s” aims at goal areas the new agreement does not have: %(codes)s.")
                % {"name": activity, "codes": ", ".join(sorted(missing))}
            )
    if problems:
        raise ValidationError(problems)


def _statuses(to: Agreement, source: Agreement) -> dict:
    if not to.statuses.exists():
        for status in source.statuses.all():
            Status.objects.create(
                agreement=to,
                name=status.name,
                kind=status.kind,
                colour=status.colour,
                symbol=status.symbol,
                order=status.order,
                is_default=status.is_default,
            )
    if not to.statuses.exists():
        ensure_statuses(to)
    return {status.name: status for status in to.statuses.all()} | {
        f"kind:{status.kind}": status for status in reversed(list(to.statuses.all()))
    }


def _copy(activity, to, parent, position, statuses, goal_areas, horizons, by) -> Activity:
    status = (
        statuses.get(activity.status.name)
        or statuses.get(f"kind:{activity.status.kind}")
        or to.statuses.filter(is_default=True).first()
    )
    copy = Activity(
        agreement=to,
        parent=parent,
        position=position,
        status=status,
        time_horizon=horizons.get(activity.time_horizon.name) if activity.time_horizon else None,
        carried_over_from=activity,
        **{name: getattr(activity, name) for name in COPIED_FIELDS},
    )
    _record_user(copy, by)
    copy._change_reason = _("Carried over from %(agreement)s.") % {"agreement": activity.agreement}
    copy.save()
    copy.goal_areas.set([goal_areas[area.short_label] for area in activity.goal_areas.all()])
    districts = [District.objects.get_or_create(agreement=to, name=d.name)[0] for d in activity.districts.all()]
    copy.districts.set(districts)
    for responsibility in activity.responsibilities.all():
        responsibility_copy = Responsibility(
            activity=copy, person=_person(responsibility.person, to), level=responsibility.level
        )
        _record_user(responsibility_copy, by)
        responsibility_copy.save()
    return copy


def _person(person: Person, to: Agreement) -> Person:
    found = Person.objects.filter(agreement=to, name=person.name).first()
    if found is not None:
        return found
    # The login comes along unless that user already is someone else in the new agreement.
    user = person.user if person.user and not Person.objects.filter(agreement=to, user=person.user).exists() else None
    return Person.objects.create(agreement=to, name=person.name, organisation=person.organisation, user=user)


def _record_user(instance, by) -> None:
    # Outside a request simple_history cannot know who; inside one it already does.
    if by is not None:
        instance._history_user = by
