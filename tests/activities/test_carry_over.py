import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import Activity, District, Level, Person, Responsibility, Status
from activities.transfer.carry_over import carry_over
from agreements.models import GoalArea
from tests.factories import make_activity, make_agreement, make_statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def old(agreement):
    return agreement


@pytest.fixture
def successor(old):
    return make_agreement(
        "Samverkansöverenskommelse 2027", predecessor=old, valid_from=datetime.date(2027, 6, 2), valid_until=None
    )


def _plan(old, official):
    statuses = make_statuses(old)
    activity = make_activity(old, "Trygghetsvandringar", handled_by=official, status_kind="ongoing")
    district = District.objects.create(agreement=old, name="Bäckby")
    activity.districts.add(district)
    sub = Activity.objects.create(agreement=old, parent=activity, name="EST", status=statuses["initiated"])
    sub.goal_areas.set(GoalArea.objects.filter(agreement=old))
    activity.set_status(statuses["finished"], by=None, comment="Klart för året")
    return activity


def test_carrying_over_copies_the_activity_with_its_sub_activities_and_people(cast, old, successor):
    activity = _plan(old, cast["official"])
    [copy] = carry_over([activity], to=successor, by=cast["admin"])
    assert copy.agreement == successor
    assert copy.carried_over_from == activity
    assert copy.status.name == "Avslutad" and copy.status.agreement == successor
    assert list(copy.goal_areas.values_list("code", flat=True)) == ["A"]
    assert copy.goal_areas.get().agreement == successor
    assert list(copy.districts.values_list("name", "agreement")) == [("Bäckby", successor.pk)]
    [sub] = copy.sub_activities.all()
    assert (sub.name, sub.carried_over_from.name) == ("EST", "EST")
    [responsibility] = copy.responsibilities.all()
    assert responsibility.level == Level.OPERATIVE
    assert responsibility.person.agreement == successor
    assert responsibility.person.user == cast["official"]


def test_the_history_stays_with_the_original(cast, old, successor):
    activity = _plan(old, cast["official"])
    history_before = activity.history.count()
    [copy] = carry_over([activity], to=successor, by=cast["admin"])
    assert activity.history.count() == history_before
    assert activity.status_changes.count() == 1
    assert copy.status_changes.count() == 0
    created = copy.history.order_by("history_id").first()
    assert created.history_type == "+"
    assert created.history_user == cast["admin"]
    assert created.history_change_reason.startswith("Förd över från")
    activity.refresh_from_db()
    assert activity.agreement == old


def test_an_activity_is_carried_over_once(cast, old, successor):
    activity = _plan(old, cast["official"])
    carry_over([activity], to=successor, by=cast["admin"])
    with pytest.raises(ValidationError, match="har redan förts över"):
        carry_over([activity], to=successor, by=cast["admin"])
    assert Activity.objects.filter(agreement=successor, parent=None).count() == 1


def test_only_to_the_successor_and_only_goal_areas_it_has(cast, old, successor, other_agreement):
    activity = _plan(old, cast["official"])
    with pytest.raises(ValidationError, match="hör inte till överenskommelsen före den här"):
        carry_over([activity], to=other_agreement, by=cast["admin"])
    GoalArea.objects.create(agreement=old, code="H", title="Reducera dödligt våld")
    activity.goal_areas.add(GoalArea.objects.get(agreement=old, code="H"))
    with pytest.raises(ValidationError, match="målområden som den nya överenskommelsen saknar: H"):
        carry_over([activity], to=successor, by=cast["admin"])
    assert not Activity.objects.filter(agreement=successor).exists()
    assert not Status.objects.filter(agreement=successor).exists()
    assert not Person.objects.filter(agreement=successor).exists()


def test_the_admin_carries_chosen_activities_on_the_page(cast, login, old, successor):
    activity = _plan(old, cast["official"])
    left = make_activity(old, "Stannar kvar")
    url = reverse("activities:carry_over", kwargs={"agreement_pk": old.pk})
    client = login(cast["admin"])
    page = client.get(url).content.decode()
    assert "Trygghetsvandringar (Avslutad)" in page and "Stannar kvar" in page
    response = client.post(url, {"activities": [activity.pk]})
    assert response.status_code == 302
    assert list(Activity.objects.filter(agreement=successor, parent=None).values_list("name", flat=True)) == [
        "Trygghetsvandringar"
    ]
    page = client.get(url).content.decode()
    assert f"1 aktivitet fördes över till {successor.label}." in page
    assert "Trygghetsvandringar (Avslutad)" not in page and left.name in page


def test_the_page_asks_for_a_choice(cast, login, old, successor):
    make_activity(old, "Något")
    url = reverse("activities:carry_over", kwargs={"agreement_pk": old.pk})
    response = login(cast["admin"]).post(url, {})
    assert response.status_code == 200
    assert "Välj minst en aktivitet." in response.content.decode()
    assert not Activity.objects.filter(agreement=successor).exists()


def test_without_a_successor_the_page_says_so(cast, login, old):
    url = reverse("activities:carry_over", kwargs={"agreement_pk": old.pk})
    assert "har ingen efterträdare" in login(cast["admin"]).get(url).content.decode()


@pytest.mark.parametrize(("role", "status"), [("operative", 403), ("strategic", 403), ("outsider", 404)])
def test_only_admins_carry_over(cast, login, old, successor, role, status):
    activity = _plan(old, cast["official"])
    url = reverse("activities:carry_over", kwargs={"agreement_pk": old.pk})
    assert login(cast[role]).post(url, {"activities": [activity.pk]}).status_code == status
    assert not Activity.objects.filter(agreement=successor).exists()
    assert Responsibility.objects.filter(activity__agreement=successor).count() == 0


def test_the_database_keeps_an_activity_from_being_carried_into_one_agreement_twice(cast, old, successor):
    from django.db import IntegrityError, transaction

    activity = _plan(old, cast["official"])
    status = make_statuses(successor)["initiated"]
    Activity.objects.create(agreement=successor, name="Kopia", status=status, carried_over_from=activity)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(agreement=successor, name="Kopia 2", status=status, carried_over_from=activity)


def test_submitting_the_carry_over_twice_copies_once_and_says_so(cast, login, old, successor):
    activity = _plan(old, cast["official"])
    url = reverse("activities:carry_over", kwargs={"agreement_pk": old.pk})
    client = login(cast["admin"])
    assert client.post(url, {"activities": [activity.pk]}).status_code == 302
    response = client.post(url, {"activities": [activity.pk]})  # the second tab, or the double click
    assert response.status_code == 200
    assert "En aktivitet du valde har redan förts över" in response.content.decode()
    assert Activity.objects.filter(agreement=successor, parent=None).count() == 1
    assert Activity.objects.filter(agreement=successor).count() == 2  # with its sub-activity, once


def test_unlettered_focus_areas_are_matched_by_title(cast, old):
    """Agreements without codes (fokusområden) have every code empty: the areas are told apart by title."""
    first = make_agreement("Fokus 2023", valid_from=datetime.date(2023, 1, 1), valid_until=datetime.date(2024, 1, 1))
    first.goal_areas.all().delete()
    school, centre = (
        GoalArea.objects.create(agreement=first, order=n, title=t) for n, t in enumerate(["Skolväg", "Centrum"])
    )
    activity = make_activity(first, "Vandringar")
    activity.goal_areas.set([school])  # the first: keyed by code alone, "" would map to the last
    then = make_agreement("Fokus 2024", predecessor=first, valid_from=datetime.date(2024, 1, 2), valid_until=None)
    then.goal_areas.all().delete()
    for n, title in enumerate(["Skolväg", "Centrum"]):
        GoalArea.objects.create(agreement=then, order=n, title=title)
    [copy] = carry_over([activity], to=then, by=cast["admin"])
    assert [area.title for area in copy.goal_areas.all()] == ["Skolväg"]
    assert school.code == centre.code == ""
