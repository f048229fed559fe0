import pytest
from django.urls import reverse

from tests.factories import make_activity


@pytest.fixture
def activity(agreement, cast):
    return make_activity(agreement, "Feriepraktik", handled_by=cast["official"], method="Sommarjobb.")


def edit_url(activity):
    return reverse("activities:edit", args=[activity.pk])


def form_data(client, activity, **changes):
    """What the edit form posts when the user changes `changes` and leaves the rest as shown."""
    form = client.get(edit_url(activity)).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = value
    return data | changes


def test_official_edits_their_activity_and_history_is_written(cast, activity, login):
    client = login(cast["official"])
    history_before = activity.history.count()

    response = client.post(edit_url(activity), form_data(client, activity, method="Sommarjobb och mentorer."))

    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    activity.refresh_from_db()
    assert activity.method == "Sommarjobb och mentorer."
    assert activity.version == 2
    assert activity.history.count() > history_before
    assert activity.history.first().history_user == cast["official"]


def test_bad_input_gets_a_swedish_message_and_nothing_is_saved(cast, activity, login):
    client = login(cast["official"])
    response = client.post(edit_url(activity), form_data(client, activity, name="", starts_on="första juli"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in html and "Fyll i ett giltigt datum." in html
    activity.refresh_from_db()
    assert activity.name == "Feriepraktik" and activity.version == 1


def test_two_sessions_editing_the_same_activity_the_second_is_refused_and_nothing_is_lost(cast, activity, login):
    first, second = login(cast["official"]), login(cast["operative"])
    first_data = form_data(first, activity, method="Version från handläggaren.")
    second_data = form_data(second, activity, name="Feriepraktik för unga", method="Version från operativa.")

    assert second.post(edit_url(activity), second_data).status_code == 302
    response = first.post(edit_url(activity), first_data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan sparade aktiviteten" in html
    assert "Operative" in html
    # field by field: what the other person changed
    assert "<strong>Namn</strong>: <del>Feriepraktik</del> → <ins>Feriepraktik för unga</ins>" in html
    assert "<del>Sommarjobb.</del> → <ins>Version från operativa.</ins>" in html
    # the refused user's input is still in the form, now on the current version
    assert "Version från handläggaren." in html
    assert str(response.context["form"]["version"].value()) == "2"
    activity.refresh_from_db()
    assert (activity.name, activity.method, activity.version) == ("Feriepraktik för unga", "Version från operativa.", 2)

    # Saving again after reading the warning is a deliberate overwrite on the new version, and it works.
    again = first.post(edit_url(activity), response.context["form"].data)
    assert again.status_code == 302
    activity.refresh_from_db()
    assert activity.method == "Version från handläggaren." and activity.version == 3


@pytest.mark.parametrize("role", ["reader", "strategic"])
def test_read_only_roles_get_403(cast, activity, login, role):
    client = login(cast[role])
    assert client.get(edit_url(activity)).status_code == 403
    assert client.post(edit_url(activity), {"name": "x", "version": 1}).status_code == 403
    activity.refresh_from_db()
    assert activity.name == "Feriepraktik"


def test_outsider_gets_404_and_put_is_405(cast, activity, login):
    assert login(cast["outsider"]).get(edit_url(activity)).status_code == 404
    assert login(cast["official"]).put(edit_url(activity)).status_code == 405


def test_goal_areas_of_another_agreement_cannot_be_chosen(cast, activity, other_agreement, login):
    client = login(cast["official"])
    foreign = other_agreement.goal_areas.get()
    response = client.post(edit_url(activity), form_data(client, activity, goal_areas=[foreign.pk]))
    assert response.status_code == 200 and "goal_areas" in response.context["form"].errors
    assert list(activity.goal_areas.all()) != [foreign]


def test_impossible_ids_are_invalid_choices_not_a_crash(cast, activity, login):
    client = login(cast["official"])
    huge = "9" * 23
    response = client.post(edit_url(activity), form_data(client, activity, goal_areas=[huge], time_horizon=huge))
    assert response.status_code == 200
    assert {"goal_areas", "time_horizon"} <= set(response.context["form"].errors)
