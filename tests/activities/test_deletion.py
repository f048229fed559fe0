import pytest
from django.db.models import RestrictedError

from activities.models import Activity, Status, StatusChange
from agreements.models import Agreement
from tests.factories import make_activity, make_statuses


def test_deleting_an_agreement_takes_its_plan_and_status_history_with_it(cast, agreement):
    activity = make_activity(agreement, handled_by=cast["official"])
    activity.set_status(make_statuses(agreement)["ongoing"], by=cast["official"], comment="Startat")

    agreement.delete()

    assert not Agreement.objects.filter(pk=agreement.pk).exists()
    assert not Activity.objects.filter(agreement_id=agreement.pk).exists()
    assert not Status.objects.filter(agreement_id=agreement.pk).exists()
    assert not StatusChange.objects.filter(activity_id=activity.pk).exists()


def test_a_status_in_use_cannot_be_deleted_on_its_own(agreement):
    activity = make_activity(agreement)
    with pytest.raises(RestrictedError):
        activity.status.delete()
    assert Status.objects.filter(pk=activity.status_id).exists()
