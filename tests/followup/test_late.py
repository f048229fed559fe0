import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from activities.models import StatusChange
from followup.late import LateFollowUp, late_followups
from followup.periods import Cadence, Period
from tests.factories import make_activity, make_statuses

from .helpers import make_indicator

ON = datetime.date(2025, 3, 1)


@pytest.fixture
def indicator(agreement):
    # Yearly from 2023: 2023 and 2024 are due by 2025-03-01 (a year's value is due 30 days after it ends).
    return make_indicator(make_activity(agreement), measured_from=datetime.date(2023, 6, 7))


def test_a_value_due_by_cadence_and_missing_is_late(indicator, agreement):
    rows = late_followups(agreement, ON)
    assert [(row.kind, row.indicator, str(row.period), row.due_on) for row in rows] == [
        (LateFollowUp.Kind.VALUE, indicator, "2023", datetime.date(2024, 1, 30)),
        (LateFollowUp.Kind.VALUE, indicator, "2024", datetime.date(2025, 1, 30)),
    ]
    assert rows[0].activity == indicator.activity


def test_an_entered_value_is_not_late(indicator, agreement):
    indicator.record_value(period=Period(datetime.date(2023, 1, 1), Cadence.YEARLY), value=Decimal(5), by=None)
    assert [str(row.period) for row in late_followups(agreement, ON)] == ["2024"]


def test_a_period_not_yet_ended_with_its_reporting_time_is_not_late(indicator, agreement):
    assert [str(row.period) for row in late_followups(agreement, datetime.date(2025, 1, 30))] == ["2023"]


def test_an_indicator_not_measured_yet_has_nothing_late(agreement):
    make_indicator(make_activity(agreement), measured_from=None)
    assert late_followups(agreement, ON) == []


def test_an_activity_whose_follow_up_date_passed_without_status_entry_is_late(agreement):
    activity = make_activity(agreement, follow_up_on=datetime.date(2024, 12, 31))
    [row] = late_followups(agreement, ON)
    assert (row.kind, row.activity, row.indicator, row.due_on) == (
        LateFollowUp.Kind.STATUS,
        activity,
        None,
        datetime.date(2024, 12, 31),
    )


def test_a_status_entry_after_the_follow_up_date_answers_it(agreement):
    activity = make_activity(agreement, follow_up_on=datetime.date(2024, 12, 31))
    statuses = make_statuses(agreement)
    before = StatusChange.objects.create(
        activity=activity,
        to_status=statuses["ongoing"],
        comment="i förväg",
        changed_at=timezone.make_aware(datetime.datetime(2024, 12, 30, 12)),
    )
    assert len(late_followups(agreement, ON)) == 1, "an entry before the date does not answer it"
    before.changed_at = timezone.make_aware(datetime.datetime(2024, 12, 31, 9))
    before.save()
    assert late_followups(agreement, ON) == []


def test_a_follow_up_date_not_yet_passed_or_of_a_finished_activity_is_not_late(agreement):
    make_activity(agreement, "Framtida", follow_up_on=ON)
    make_activity(agreement, "Klar", follow_up_on=datetime.date(2024, 1, 1), status_kind="finished")
    assert late_followups(agreement, ON) == []


def test_other_agreements_follow_ups_are_not_listed(agreement, other_agreement):
    make_activity(other_agreement, follow_up_on=datetime.date(2024, 1, 1))
    make_indicator(make_activity(other_agreement), measured_from=datetime.date(2023, 1, 1))
    assert late_followups(agreement, ON) == []


@pytest.mark.parametrize("size", [2, 20])
def test_late_follow_ups_take_three_queries_however_many(agreement, size, django_assert_num_queries):
    for number in range(size):
        activity = make_activity(agreement, f"Aktivitet {number}", follow_up_on=datetime.date(2024, 1, 1))
        make_indicator(activity, measured_from=datetime.date(2023, 1, 1))
    with django_assert_num_queries(3):
        rows = late_followups(agreement, ON)
        [row.what for row in rows]
    assert len(rows) == size * 3
