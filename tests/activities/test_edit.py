import pytest
from django.urls import reverse

from tests.factories import make_activity


@pytest.fixture
def activity(agreement, cast):
    return make_activity(agreement, "Feriepraktik", handled_by=cast["official"], method="Sommarjobb.")


def edit_url(activity):
    return reverse("activities:edit", args=[activity.pk])


def shown_values(form) -> dict:
    """What a browser posts from `form` as rendered, nothing changed."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = value
    return data


def form_data(client, activity, **changes):
    """What the edit form posts when the user changes `changes` and leaves the rest as shown."""
    return shown_values(client.get(edit_url(activity)).context["form"]) | changes


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

    # Both changed the method: saving again after choosing theirs or yours is deliberate, and it works.
    again = first.post(edit_url(activity), shown_values(response.context["form"]) | {"keep_method": "yours"})
    assert again.status_code == 302
    activity.refresh_from_db()
    assert (activity.name, activity.method) == ("Feriepraktik för unga", "Version från handläggaren.")
    assert activity.version == 3


def test_saving_again_after_a_refused_stale_edit_keeps_the_other_persons_changes(cast, activity, login):
    first, second = login(cast["official"]), login(cast["operative"])
    first_data = form_data(first, activity, objectives="Fler platser.")
    other_area = activity.agreement.goal_areas.create(code="B", title="Trygga platser")
    second_data = form_data(
        second,
        activity,
        name="Feriepraktik för unga",
        method="Sommarjobb och mentorer.",
        is_prioritised="on",
        goal_areas=[other_area.pk],
        starts_on="2026-06-15",
    )
    assert second.post(edit_url(activity), second_data).status_code == 302

    refused = first.post(edit_url(activity), first_data)
    form = refused.context["form"]
    assert refused.status_code == 200 and form.conflicts == {}
    shown = shown_values(form)
    assert shown["name"] == "Feriepraktik för unga" and shown["method"] == "Sommarjobb och mentorer."
    assert shown["objectives"] == "Fler platser." and shown["is_prioritised"] is True
    again = first.post(edit_url(activity), shown)

    assert again.status_code == 302
    activity.refresh_from_db()
    assert (activity.name, activity.method, activity.objectives) == (
        "Feriepraktik för unga",
        "Sommarjobb och mentorer.",
        "Fler platser.",
    )
    assert activity.is_prioritised and str(activity.starts_on) == "2026-06-15"
    assert list(activity.goal_areas.all()) == [other_area]


def test_a_field_both_changed_is_shown_side_by_side_and_the_user_chooses(cast, activity, login):
    first, second = login(cast["official"]), login(cast["operative"])
    first_data = form_data(first, activity, method="Handläggarens metod.", objectives="Fler platser.")
    assert second.post(edit_url(activity), form_data(second, activity, method="Operativas metod.")).status_code == 302

    refused = first.post(edit_url(activity), first_data)
    html = refused.content.decode()
    assert "Ni har båda ändrat ”genomförande/särskilda instruktioner”: vilket värde ska gälla?" in html
    assert "<td>Operativas metod.</td><td>Handläggarens metod.</td>" in html
    shown = shown_values(refused.context["form"])

    unchosen = first.post(edit_url(activity), shown)
    assert unchosen.status_code == 200 and "keep_method" in unchosen.context["form"].errors
    assert "<td>Operativas metod.</td>" in unchosen.content.decode()  # still shown: theirs beside the field

    assert first.post(edit_url(activity), shown | {"keep_method": "theirs"}).status_code == 302
    activity.refresh_from_db()
    assert (activity.method, activity.objectives) == ("Operativas metod.", "Fler platser.")


def test_double_submitting_an_edit_saves_it_once(cast, activity, login):
    client = login(cast["official"])
    data = form_data(client, activity, method="Sommarjobb och mentorer.")
    assert client.post(edit_url(activity), data).status_code == 302
    again = client.post(edit_url(activity), data)
    assert again.status_code == 302 and again["Location"] == activity.get_absolute_url()
    activity.refresh_from_db()
    assert activity.method == "Sommarjobb och mentorer." and activity.version == 2


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
