import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from activities.models import Person, Responsibility
from tests.factories import make_activity


@pytest.mark.parametrize("model", ["status", "district", "person", "activity", "statuschange"])
def test_the_admin_lists_every_model_of_the_plan(agreement, login, model):
    make_activity(agreement, "Feriepraktik")
    superuser = User.objects.create_superuser("root", password="x-long-password-1")
    assert login(superuser).get(reverse(f"admin:activities_{model}_changelist")).status_code == 200


def test_the_activity_admin_shows_responsibilities_and_history(agreement, login):
    activity = make_activity(agreement, "Feriepraktik")
    person = Person.objects.create(agreement=agreement, name="Joanna")
    Responsibility.objects.create(activity=activity, person=person, level="operative")
    client = login(User.objects.create_superuser("root", password="x-long-password-1"))
    page = client.get(reverse("admin:activities_activity_change", args=[activity.pk])).content.decode()
    assert "Joanna" in page
    history = client.get(reverse("admin:activities_activity_history", args=[activity.pk]))
    assert history.status_code == 200
