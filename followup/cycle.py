"""The annual cycle on a given day: what is due soon, what is late, what is done.

Each step falls due once a year (its month and day). The last date before today is late unless done; the
next one shows as due from `notice_days` before. Done means: a situation picture of that year, citizen
promises starting on that date, or, for other steps, someone marked it done. Dates outside the agreement's
validity are not asked for. Four queries for any number of agreements and steps.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef

from agreements.access import is_admin, visible_agreements
from agreements.models import Agreement, Membership

from .models import CitizenPromise, CycleCompletion, CycleStep, SituationPicture


@dataclass
class CycleRow:
    class State:
        LATE = "late"
        DUE = "due"
        DONE = "done"
        UPCOMING = "upcoming"

    step: CycleStep
    due_on: datetime.date
    state: str

    @property
    def year(self) -> int:
        return self.due_on.year


def _occurrences(step: CycleStep, on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The step's last date before `on` and its next date from `on`."""
    this_year = step.due_on(on.year)
    if this_year < on:
        return this_year, step.due_on(on.year + 1)
    return step.due_on(on.year - 1), this_year


def _within(agreement: Agreement, day: datetime.date) -> bool:
    return (agreement.valid_from is None or agreement.valid_from <= day) and (
        agreement.valid_until is None or day <= agreement.valid_until
    )


def rows_for(steps: list[CycleStep], on: datetime.date) -> list[CycleRow]:
    agreement_ids = {step.agreement_id for step in steps}
    pictures = set(SituationPicture.objects.filter(agreement__in=agreement_ids).values_list("agreement_id", "year"))
    promises = set(CitizenPromise.objects.filter(agreement__in=agreement_ids).values_list("agreement_id", "starts_on"))
    completions = set(CycleCompletion.objects.filter(step__in=steps).values_list("step_id", "year"))

    def done(step: CycleStep, day: datetime.date) -> bool:
        if step.kind == CycleStep.Kind.SITUATION_PICTURE:
            return (step.agreement_id, day.year) in pictures
        if step.kind == CycleStep.Kind.CITIZEN_PROMISES:
            return (step.agreement_id, day) in promises
        return (step.pk, day.year) in completions

    rows = []
    for step in steps:
        last, upcoming = _occurrences(step, on)
        if _within(step.agreement, last):
            rows.append(CycleRow(step, last, CycleRow.State.DONE if done(step, last) else CycleRow.State.LATE))
        if _within(step.agreement, upcoming):
            if done(step, upcoming):
                state = CycleRow.State.DONE
            elif (upcoming - on).days <= step.notice_days:
                state = CycleRow.State.DUE
            else:
                state = CycleRow.State.UPCOMING
            rows.append(CycleRow(step, upcoming, state))
    return sorted(rows, key=lambda row: (row.due_on, row.step.name))


def cycle_rows(agreement: Agreement, on: datetime.date) -> list[CycleRow]:
    steps = list(CycleStep.objects.filter(agreement=agreement))
    for step in steps:
        step.agreement = agreement
    return rows_for(steps, on)


def due_for_user(user: User | AnonymousUser, on: datetime.date) -> list[CycleRow]:
    """What is due or late for the people responsible: members in the step's role (administrators: all)."""
    steps = CycleStep.objects.filter(agreement__in=visible_agreements(user)).select_related("agreement")
    if not is_admin(user):
        responsible = Membership.objects.filter(
            user=user, agreement=OuterRef("agreement"), role=OuterRef("responsible_role")
        )
        steps = steps.filter(Exists(responsible))
    rows = rows_for(list(steps), on)
    return [row for row in rows if row.state in (CycleRow.State.LATE, CycleRow.State.DUE)]
