"""Who may change an activity: one rule (activities/access.py), asked about one activity by the activity page
and the status change, and about a whole page of them by the board and "my activities". Every test runs
through both doors, so neither can drift from the other."""

import pytest
from django.contrib.auth.models import User

from activities.access import can_edit_activity, editable_activity_ids
from activities.models import Activity, Person, Responsibility
from activities.plan import plan_activities
from agreements.models import Membership, Role
from tests.factories import make_activity


@pytest.fixture(params=["one activity", "whole page"])
def may_edit(request):
    """`may_edit(user, activity)` as the activity page asks it, or as the board asks it of every activity."""

    def one_activity(user, activity):
        return can_edit_activity(fresh(user), Activity.objects.select_related("agreement").get(pk=activity.pk))

    def whole_page(user, activity):
        # Every activity of both agreements, sub-activities included, as plan rows (what the board hands over).
        page = plan_activities(Activity.objects.order_by("pk"))
        return activity.pk in editable_activity_ids(fresh(user), page)

    return one_activity if request.param == "one activity" else whole_page


def fresh(user):
    # A new request's user: roles are read once per user object (agreements/access.py).
    return User.objects.get(pk=user.pk)


def name(user, activity):
    person = Person.objects.get_or_create(agreement=activity.agreement, user=user, defaults={"name": user.username})[0]
    Responsibility.objects.create(activity=activity, person=person, level="operative")


def test_official_edits_what_they_handle_and_nothing_else(cast, agreement, may_edit):
    own = make_activity(agreement, "Feriepraktik", handled_by=cast["official"])
    other = make_activity(agreement, "Boendeinflytande")
    assert may_edit(cast["official"], own)
    assert not may_edit(cast["official"], other)


def test_official_edits_the_sub_activities_of_an_activity_they_handle(cast, agreement, may_edit):
    parent = make_activity(agreement, "Skapa trygga stråk och platser", handled_by=cast["official"])
    sub = make_activity(agreement, "EST", parent=parent)
    other_parent = make_activity(agreement, "Boendeinflytande")
    other_sub = make_activity(agreement, "Grannsamverkan", parent=other_parent)
    assert may_edit(cast["official"], sub)
    assert not may_edit(cast["official"], other_sub)


def test_official_named_on_a_sub_activity_edits_it_but_not_its_parent(cast, agreement, may_edit):
    parent = make_activity(agreement, "Skapa trygga stråk och platser")
    sub = make_activity(agreement, "EST", parent=parent, handled_by=cast["official"])
    assert may_edit(cast["official"], sub)
    assert not may_edit(cast["official"], parent)


def test_operative_member_edits_every_activity_of_their_own_agreement_only(cast, agreement, other_agreement, may_edit):
    parent = make_activity(agreement, "Trygghetsvandring")
    sub = make_activity(agreement, "Vandring i Bäckby", parent=parent)
    elsewhere = make_activity(other_agreement, "Trygghetsvandring i Annanstad")
    assert may_edit(cast["operative"], parent)
    assert may_edit(cast["operative"], sub)
    assert not may_edit(cast["operative"], elsewhere)


def test_administrator_edits_every_activity(cast, agreement, other_agreement, may_edit):
    assert may_edit(cast["admin"], make_activity(agreement))
    assert may_edit(cast["admin"], make_activity(other_agreement))


def test_reader_and_strategic_member_edit_nothing_even_when_named(cast, agreement, may_edit):
    activity = make_activity(agreement)
    name(cast["reader"], activity)
    name(cast["strategic"], activity)
    assert not may_edit(cast["reader"], activity)
    assert not may_edit(cast["strategic"], activity)


def test_former_official_still_named_edits_nothing(cast, agreement, may_edit):
    parent = make_activity(agreement, "Feriepraktik", handled_by=cast["official"])
    sub = make_activity(agreement, "Sommarjobb", parent=parent)
    Membership.objects.get(user=cast["official"], agreement=agreement).delete()
    assert not may_edit(cast["official"], parent)
    assert not may_edit(cast["official"], sub)


def test_former_operative_member_edits_nothing(cast, agreement, may_edit):
    activity = make_activity(agreement)
    membership = Membership.objects.get(user=cast["operative"], agreement=agreement)
    membership.role = Role.READER
    membership.save()
    assert not may_edit(cast["operative"], activity)
    membership.delete()
    assert not may_edit(cast["operative"], activity)


def test_official_of_another_agreement_named_on_an_activity_edits_nothing(cast, agreement, may_edit):
    activity = make_activity(agreement)
    name(cast["outsider"], activity)  # an official, but of the other agreement
    assert not may_edit(cast["outsider"], activity)


def test_official_handling_in_one_agreement_edits_nothing_in_another_they_are_only_reading(
    cast, agreement, other_agreement, may_edit
):
    # An official here and a reader there, named on activities in both: only the first is theirs to change.
    Membership.objects.create(user=cast["official"], agreement=other_agreement, role=Role.READER)
    here = make_activity(agreement, "Feriepraktik", handled_by=cast["official"])
    there = make_activity(other_agreement, "Feriepraktik i Annanstad")
    name(cast["official"], there)
    assert may_edit(cast["official"], here)
    assert not may_edit(cast["official"], there)
