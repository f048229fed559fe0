"""A status change has the day it took effect: today unless the official says an earlier day, never later."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities.models import StatusChange
from tests.factories import make_activity, make_statuses


@pytest.fixture
def statuses(agreement):
    return make_statuses(agreement)


@pytest.fixture
def activity(agreement, cast, statuses):
    return make_activity(agreement, "Feriepraktik", handled_by=cast["official"])


def change(activity, status, comment, effective_on=""):
    prefix = f"activity-{activity.pk}"
    return {
        f"{prefix}-status": status.pk,
        f"{prefix}-comment": comment,
        f"{prefix}-version": activity.version,
        f"{prefix}-effective_on": effective_on,
    }


def test_official_records_on_monday_what_changed_on_friday(cast, activity, statuses, login):
    friday = timezone.localdate() - datetime.timedelta(days=3)

    response = login(cast["official"]).post(
        reverse("activities:status", args=[activity.pk]),
        change(activity, statuses["ongoing"], "Startade i fredags.", friday.isoformat()),
    )

    assert response.status_code == 302
    recorded = StatusChange.objects.get(activity=activity)
    assert recorded.effective_on == friday
    assert timezone.localdate(recorded.changed_at) == timezone.localdate()
    page = login(cast["official"]).get(activity.get_absolute_url()).content.decode()
    assert f"gällde från {friday:%Y-%m-%d}" in page


def test_a_change_without_a_day_took_effect_today(cast, activity, statuses, login):
    login(cast["official"]).post(
        reverse("activities:status", args=[activity.pk]), change(activity, statuses["ongoing"], "Igång.")
    )

    assert StatusChange.objects.get(activity=activity).effective_on == timezone.localdate()


def test_a_change_cannot_take_effect_tomorrow_and_nothing_is_saved(cast, activity, statuses, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = login(cast["official"]).post(
        reverse("activities:status", args=[activity.pk]),
        change(activity, statuses["ongoing"], "Snart.", tomorrow.isoformat()),
    )

    assert response.status_code == 200
    assert "kan inte gälla från en dag i framtiden" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == statuses["initiated"]
    assert not StatusChange.objects.exists()


def test_the_form_offers_today_and_no_later_day(cast, activity, login):
    html = login(cast["official"]).get(reverse("activities:status", args=[activity.pk])).content.decode()

    today = timezone.localdate().isoformat()
    assert f'value="{today}"' in html and f'max="{today}"' in html


def test_a_change_cannot_take_effect_before_the_previous_one(cast, activity, statuses, login):
    today = timezone.localdate()
    activity.set_status(statuses["ongoing"], by=cast["official"], comment="Igång.", effective_on=today)
    activity.refresh_from_db()

    response = login(cast["official"]).post(
        reverse("activities:status", args=[activity.pk]),
        change(activity, statuses["finished"], "Klar.", (today - datetime.timedelta(days=1)).isoformat()),
    )

    assert response.status_code == 200
    assert "kan inte gälla före den" in response.content.decode()
    assert StatusChange.objects.count() == 1


def test_the_model_refuses_a_future_day_on_every_path(cast, activity, statuses):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError):
        activity.set_status(statuses["ongoing"], by=cast["official"], comment="x", effective_on=tomorrow)
    with pytest.raises(ValidationError):
        StatusChange.objects.create(
            activity=activity, to_status=statuses["ongoing"], comment="x", effective_on=tomorrow
        )
    activity.refresh_from_db()
    assert activity.status == statuses["initiated"] and not StatusChange.objects.exists()


def test_changes_recorded_before_the_field_existed_took_effect_on_the_day_they_were_recorded(cast, activity, statuses):
    from importlib import import_module

    from django.apps import apps

    backfill = import_module("activities.migrations.0003_status_change_effective_on").effective_on_the_day_recorded
    # 23:30 UTC on 30 September is already 1 October in Stockholm.
    late_evening = datetime.datetime(2024, 9, 30, 23, 30, tzinfo=datetime.UTC)
    recorded = StatusChange.objects.create(
        activity=activity,
        to_status=statuses["ongoing"],
        comment="x",
        changed_at=late_evening,
        effective_on=datetime.date(2024, 9, 1),  # what the backfill replaces
    )

    backfill(apps, None)

    recorded.refresh_from_db()
    assert recorded.effective_on == datetime.date(2024, 10, 1)


def test_a_day_that_is_no_date_gets_a_message_and_an_empty_date_picker(cast, activity, statuses, login):
    response = login(cast["official"]).post(
        reverse("activities:status", args=[activity.pk]), change(activity, statuses["ongoing"], "Igång.", "i fredags")
    )

    html = response.content.decode()
    assert response.status_code == 200 and "Fyll i ett giltigt datum." in html
    assert 'value="i fredags"' not in html  # a date input cannot hold it (invalid HTML)
    assert not StatusChange.objects.exists()


def test_a_change_recorded_from_the_shell_without_a_day_took_effect_the_day_it_was_recorded(activity, statuses):
    recorded = datetime.datetime(2024, 9, 30, 23, 30, tzinfo=datetime.UTC)  # 1 October in Stockholm

    change = StatusChange.objects.create(
        activity=activity, to_status=statuses["ongoing"], comment="x", changed_at=recorded
    )

    assert change.effective_on == datetime.date(2024, 10, 1)
