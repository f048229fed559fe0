import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from activities.models import Person, Responsibility, StatusChange
from tests.activities.test_edit import form_data as edit_form_data
from tests.admin_forms import form_data
from tests.factories import make_activity, make_statuses


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


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password="x-long-password-1")


def admin_url(activity):
    return reverse("admin:activities_activity_change", args=[activity.pk])


def test_an_admin_save_based_on_an_older_version_is_refused(agreement, cast, login, superuser):
    activity = make_activity(agreement, "Feriepraktik", handled_by=cast["official"], method="Sommarjobb.")
    admin_client = login(superuser)
    opened = form_data(admin_client, admin_url(activity))
    official = login(cast["official"])
    portal = edit_form_data(official, activity, method="Från portalen.")
    assert official.post(reverse("activities:edit", args=[activity.pk]), portal).status_code == 302

    response = admin_client.post(admin_url(activity), opened | {"method": "Från admin."})

    assert response.status_code == 200
    assert "Någon annan sparade aktiviteten efter att du öppnade den" in response.content.decode()
    activity.refresh_from_db()
    assert (activity.method, activity.version) == ("Från portalen.", 2)


def test_an_admin_save_moves_the_version_so_an_edit_opened_earlier_is_refused(agreement, cast, login, superuser):
    activity = make_activity(agreement, "Feriepraktik", handled_by=cast["official"], method="Sommarjobb.")
    official = login(cast["official"])
    opened_earlier = edit_form_data(official, activity, name="Feriepraktik 2.0")
    admin_client = login(superuser)
    data = form_data(admin_client, admin_url(activity)) | {"method": "Från admin."}
    assert admin_client.post(admin_url(activity), data).status_code == 302
    activity.refresh_from_db()
    assert activity.version == 2 and activity.history.first().history_user == superuser

    response = official.post(reverse("activities:edit", args=[activity.pk]), opened_earlier)

    assert response.status_code == 200 and "Någon annan sparade aktiviteten" in response.content.decode()
    activity.refresh_from_db()
    assert (activity.name, activity.method) == ("Feriepraktik", "Från admin.")


def test_a_status_changed_in_the_admin_leaves_a_status_entry(agreement, login, superuser):
    activity = make_activity(agreement, "Feriepraktik")
    ongoing = make_statuses(agreement)["ongoing"]
    admin_client = login(superuser)
    data = form_data(admin_client, admin_url(activity)) | {"status": str(ongoing.pk)}

    refused = admin_client.post(admin_url(activity), data)
    assert refused.status_code == 200 and "Skriv en kommentar" in refused.content.decode()
    assert admin_client.post(admin_url(activity), data | {"status_comment": "Startat i admin"}).status_code == 302

    activity.refresh_from_db()
    assert activity.status == ongoing
    entry = StatusChange.objects.get(activity=activity)
    assert (entry.to_status, entry.comment, entry.changed_by) == (ongoing, "Startat i admin", superuser)
    assert entry.from_status.kind == "initiated"


def test_history_revert_in_the_admin_is_a_versioned_save_with_a_status_entry(agreement, cast, login, superuser):
    activity = make_activity(agreement, "Feriepraktik")
    activity.set_status(make_statuses(agreement)["ongoing"], by=cast["official"], comment="Igång")
    first = activity.history.earliest("history_date")
    url = reverse("admin:activities_activity_simple_history", args=[activity.pk, first.history_id])
    admin_client = login(superuser)
    data = form_data(admin_client, url) | {"status_comment": "Tillbaka till början"}

    assert admin_client.post(url, data).status_code == 302

    activity.refresh_from_db()
    assert activity.status.kind == "initiated" and activity.version == 4
    assert StatusChange.objects.filter(activity=activity, comment="Tillbaka till början").exists()


def test_sub_activities_are_listed_not_edited_on_their_parents_admin_page(agreement, login, superuser):
    parent = make_activity(agreement, "Feriepraktik")
    sub = make_activity(agreement, "Delaktivitet", parent=parent)
    data = form_data(login(superuser), admin_url(parent))
    assert "sub_activities-0-status" not in data and "sub_activities-0-name" not in data
    assert str(sub.pk) in data.get("sub_activities-0-id", "")
