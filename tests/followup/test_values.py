import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities.models import District
from followup.models import Indicator, IndicatorValue
from followup.periods import Cadence, Period, PeriodError, parse_period
from tests.factories import make_activity

from .helpers import make_indicator

Y2024 = Period(datetime.date(2024, 1, 1), Cadence.YEARLY)


@pytest.fixture
def indicator(agreement, cast):
    return make_indicator(make_activity(agreement), owner=cast["official"])


def test_a_revised_value_keeps_the_earlier_one_in_its_history(indicator, cast):
    indicator.record_value(period=Y2024, value=Decimal(41), by=cast["official"])
    indicator.record_value(period=Y2024, value=Decimal(38), by=cast["operative"], is_final=True)

    [value] = IndicatorValue.objects.filter(indicator=indicator)
    assert (value.value, value.is_final, value.entered_by) == (Decimal(38), True, cast["operative"])
    history = list(value.history.order_by("history_date").values_list("value", "is_final", "history_user__username"))
    assert history == [(Decimal(41), False, "official"), (Decimal(38), True, "operative")]


def test_a_value_is_preliminary_unless_said_final(indicator, cast):
    value = indicator.record_value(period=Y2024, value=Decimal(3), by=cast["official"])
    assert value.is_final is False


def test_a_value_keeps_the_period_it_is_for_apart_from_when_it_was_entered(indicator, cast):
    value = indicator.record_value(period=Y2024, value=Decimal(3), by=cast["official"])
    assert value.period_start == datetime.date(2024, 1, 1)
    assert value.entered_at.date() != value.period_start


def test_values_per_district_are_kept_apart_from_the_total(indicator, cast, agreement):
    indicator.by_district = True
    indicator.save()
    backby = District.objects.create(agreement=agreement, name="Bäckby")
    indicator.record_value(period=Y2024, value=Decimal(10), by=cast["official"], district=backby)
    indicator.record_value(period=Y2024, value=Decimal(30), by=cast["official"])
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 2


def test_the_database_refuses_a_second_total_for_the_same_period(indicator, cast):
    indicator.record_value(period=Y2024, value=Decimal(1), by=cast["official"])
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, period_start=Y2024.start, value=Decimal(2))


def test_a_period_of_another_cadence_is_refused(indicator, cast):
    with pytest.raises(ValidationError):
        indicator.record_value(period=Period(datetime.date(2024, 4, 1), Cadence.QUARTERLY), value=1, by=None)


def test_a_district_value_for_an_indicator_without_districts_is_refused(indicator, agreement):
    district = District.objects.create(agreement=agreement, name="Råby")
    with pytest.raises(ValidationError):
        indicator.record_value(period=Y2024, value=Decimal(1), by=None, district=district)


def test_an_indicator_belongs_to_an_activity_or_a_goal_area_not_both(agreement):
    activity = make_activity(agreement)
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(
            agreement=agreement, activity=activity, goal_area=agreement.goal_areas.first(), name="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(agreement=agreement, name="x")


@pytest.mark.parametrize(
    ("direction", "before", "after", "better"),
    [
        (Indicator.Direction.LOWER, 40, 35, True),  # fewer UVAS is progress
        (Indicator.Direction.LOWER, 35, 40, False),
        (Indicator.Direction.HIGHER, 80, 85, True),
        (Indicator.Direction.HIGHER, 85, 80, False),
    ],
)
def test_direction_decides_what_is_an_improvement(direction, before, after, better):
    assert Indicator(direction=direction).is_improvement(Decimal(before), Decimal(after)) is better


def test_progress_towards_a_lower_target_counts_a_falling_value():
    indicator = Indicator(direction=Indicator.Direction.LOWER, baseline=Decimal(40), target=Decimal(20))
    assert indicator.progress(Decimal(30)) == Decimal("0.5")
    assert indicator.progress(Decimal(45)) < 0
    assert indicator.progress(None) is None


@pytest.mark.parametrize(
    ("text", "cadence", "start"),
    [
        ("2024", Cadence.YEARLY, datetime.date(2024, 1, 1)),
        ("2024-03", Cadence.MONTHLY, datetime.date(2024, 3, 1)),
        ("2024 K3", Cadence.QUARTERLY, datetime.date(2024, 7, 1)),
        ("2024q4", Cadence.QUARTERLY, datetime.date(2024, 10, 1)),
        ("HT 2024", Cadence.TERM, datetime.date(2024, 7, 1)),
        ("vt24", Cadence.TERM, datetime.date(2024, 1, 1)),
    ],
)
def test_periods_as_people_write_them(text, cadence, start):
    assert parse_period(text, cadence).start == start


@pytest.mark.parametrize(
    ("text", "cadence"), [("2024-13", Cadence.MONTHLY), ("2024", Cadence.QUARTERLY), ("x", Cadence.YEARLY)]
)
def test_a_period_that_is_not_one_of_the_indicators_is_refused(text, cadence):
    with pytest.raises(PeriodError):
        parse_period(text, cadence)
