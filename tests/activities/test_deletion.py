import pytest
from django.db.models import RestrictedError

from activities.models import Activity, Status, StatusChange
from agreements.models import Agreement, FrozenAgreementError
from tests.factories import make_activity, make_agreement, make_statuses


def test_deleting_a_draft_agreement_takes_its_plan_and_status_history_with_it(cast):
    agreement = make_agreement(title="Utkast")
    activity = make_activity(agreement, handled_by=cast["official"])
    activity.set_status(make_statuses(agreement)["ongoing"], by=cast["official"], comment="Startat")

    agreement.delete()

    assert not Agreement.objects.filter(pk=agreement.pk).exists()
    assert not Activity.objects.filter(agreement_id=agreement.pk).exists()
    assert not Status.objects.filter(agreement_id=agreement.pk).exists()
    assert not StatusChange.objects.filter(activity_id=activity.pk).exists()


def test_a_signed_agreement_cannot_be_deleted(agreement):
    make_activity(agreement)
    with pytest.raises(FrozenAgreementError):
        agreement.delete()
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_a_status_in_use_cannot_be_deleted_on_its_own(agreement):
    activity = make_activity(agreement)
    with pytest.raises(RestrictedError):
        activity.status.delete()
    assert Status.objects.filter(pk=activity.status_id).exists()
