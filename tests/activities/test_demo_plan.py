import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from activities.models import Activity, District, Person, Responsibility, StatusChange
from agreements.models import Agreement


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    return Agreement.objects.get(valid_from=datetime.date(2023, 6, 7))


def _counts():
    models = (Activity, Person, Responsibility, District)
    return {m.__name__: (m.objects.count(), m.history.count()) for m in models} | {
        "status changes": StatusChange.objects.count(),
        "users": list(User.objects.values_list("username", "first_name")),
    }


def test_the_demo_holds_the_whole_vasteras_plan(demo):
    assert demo.activities.filter(parent=None).count() == 17
    assert demo.activities.filter(parent__isnull=False).count() == 10
    assert sorted(demo.districts.values_list("name", flat=True)) == sorted(
        ["Bäckby", "Råby", "Pettersberg", "Hammarby", "Vallby", "Skultuna", "Skallberget"]
    )
    est = demo.activities.get(name="EST")
    assert set(est.districts.values_list("name", flat=True)) == {
        "Bäckby",
        "Råby",
        "Pettersberg",
        "Hammarby",
        "Vallby",
        "Skallberget",
    }


def test_the_demo_official_is_joanna_with_several_activities(demo):
    user = User.objects.get(username="handlaggare")
    assert user.first_name == "Joanna"
    assert user.last_name == ""
    assert Person.objects.get(agreement=demo, user=user).name == "Joanna"
    assert Activity.objects.handled_by(user).count() == 10


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _counts()
    call_command("load_demo", verbosity=0)
    assert _counts() == before
