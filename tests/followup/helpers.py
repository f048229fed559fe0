"""Small builders for the follow-up tests."""

from __future__ import annotations

import datetime

from followup.models import CitizenPromise, CycleStep, Indicator, Problem, SituationPicture
from followup.periods import Cadence


def make_indicator(activity, name="Antal UVAS per stadsdel", **fields) -> Indicator:
    defaults = {
        "agreement": activity.agreement,
        "activity": activity,
        "unit": "antal",
        "cadence": Cadence.YEARLY,
        "direction": Indicator.Direction.LOWER,
    }
    return Indicator.objects.create(name=name, **(defaults | fields))


def make_problem(agreement, title="Unga som varken arbetar eller studerar", *, year=2024, activities=(), **fields):
    picture = SituationPicture.objects.get_or_create(
        agreement=agreement, year=year, defaults={"prepared_on": datetime.date(year - 1, 12, 15)}
    )[0]
    problem = Problem.objects.create(situation_picture=picture, title=title, **fields)
    problem.activities.add(*activities)
    return problem


def make_promise(agreement, text="Vi lovar trygga stråk i Vallby.", *, starts_on=datetime.date(2024, 4, 1), **fields):
    return CitizenPromise.objects.create(agreement=agreement, text=text, starts_on=starts_on, **fields)


def make_cycle_step(agreement, name="Gemensam lägesbild framtagen", *, month=1, day=1, **fields) -> CycleStep:
    return CycleStep.objects.create(agreement=agreement, name=name, month=month, day=day, **fields)
