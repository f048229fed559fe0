import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from activities.access import can_edit_activity, get_activity_for_user
from tests.factories import make_activity


def request_as(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_official_edits_only_the_activities_they_handle(cast, agreement):
    own = make_activity(agreement, "Feriepraktik", handled_by=cast["official"])
    other = make_activity(agreement, "Boendeinflytande")
    assert can_edit_activity(cast["official"], own)
    assert not can_edit_activity(cast["official"], other)
    with pytest.raises(PermissionDenied):
        get_activity_for_user(request_as(cast["official"]), other.pk, edit=True)


def test_official_may_edit_sub_activity_of_an_activity_they_handle(cast, agreement):
    parent = make_activity(agreement, "Skapa trygga stråk och platser", handled_by=cast["official"])
    sub = make_activity(agreement, "EST", parent=parent)
    assert can_edit_activity(cast["official"], sub)


def test_operative_member_edits_every_activity_reader_and_strategic_none(cast, agreement):
    activity = make_activity(agreement)
    assert can_edit_activity(cast["operative"], activity)
    assert can_edit_activity(cast["admin"], activity)
    assert not can_edit_activity(cast["reader"], activity)
    assert not can_edit_activity(cast["strategic"], activity)


def test_member_of_another_agreement_gets_404(cast, agreement):
    activity = make_activity(agreement)
    with pytest.raises(Http404):
        get_activity_for_user(request_as(cast["outsider"]), activity.pk)
