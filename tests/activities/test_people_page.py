"""Who is who: the administrator links the people the plan names to logins, and the plan then shows them by
their full name and as their "My activities"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from activities.models import Level, Person, Responsibility
from tests.factories import make_activity


@pytest.fixture
def joanna(agreement):
    """A first name as the imported sheet wrote it, operative on two activities."""
    person = Person.objects.create(agreement=agreement, name="Joanna")
    for name in ("Trygghetsvandringar", "Nattvandring"):
        Responsibility.objects.create(activity=make_activity(agreement, name), person=person, level=Level.OPERATIVE)
    return person


def page(agreement):
    return reverse("activities:people", args=[agreement.pk])


def formset_data(rows, **overrides):
    data = {"people-TOTAL_FORMS": str(len(rows)), "people-INITIAL_FORMS": str(len(rows))}
    for n, (person, user) in enumerate(rows):
        data[f"people-{n}-id"] = str(person.pk)
        data[f"people-{n}-user"] = "" if user is None else str(user.pk)
    return data | overrides


def test_the_page_lists_each_person_with_their_activities_per_level(cast, login, agreement, joanna):
    html = login(cast["admin"]).get(page(agreement)).content.decode()
    assert "Vem är vem" in html and "Joanna" in html
    row = html[html.index('id="person-') :].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row.split('<td class="number">')[1:]] == ["0", "2", "0"]
    # Only the agreement's members are offered, by full name and login.
    assert "Official (official)" in html and "outsider" not in html


def test_linking_a_person_shows_the_full_name_on_the_plan_and_in_my_activities(cast, login, agreement, joanna):
    official = cast["official"]
    official.first_name, official.last_name = "Joanna", "Lind"
    official.save()
    response = login(cast["admin"]).post(page(agreement), formset_data([(joanna, official)]), follow=True)
    assert "Kopplingarna sparades." in response.content.decode()
    joanna.refresh_from_db()
    assert joanna.user == official
    assert joanna.history.first().history_user == cast["admin"]
    # Seen by someone else (the page's header names whoever is logged in).
    board = login(cast["strategic"]).get(reverse("activities:board", args=[agreement.pk])).content.decode()
    assert board.count("Joanna Lind") == 3 and ": Joanna<" not in board  # two cards and the person filter
    mine = login(official).get(reverse("activities:mine")).content.decode()
    assert "Trygghetsvandringar" in mine and "Nattvandring" in mine


def test_a_login_outside_the_agreement_is_refused_on_the_page_and_in_the_model(cast, login, agreement, joanna):
    response = login(cast["admin"]).post(page(agreement), formset_data([(joanna, cast["outsider"])]))
    assert response.status_code == 200 and "Inget sparades" in response.content.decode()
    joanna.refresh_from_db()
    assert joanna.user is None
    # The rule is the model's: the Django admin and the shell meet it too.
    joanna.user = cast["outsider"]
    with translation.override("sv"), pytest.raises(ValidationError, match="inte medlem"):
        joanna.full_clean()


def test_one_login_for_two_people_is_refused_and_nothing_saved(cast, login, agreement, joanna):
    other = Person.objects.create(agreement=agreement, name="Jo")
    response = login(cast["admin"]).post(
        page(agreement), formset_data([(other, cast["official"]), (joanna, cast["official"])])
    )
    html = response.content.decode()
    assert response.status_code == 200 and "en inloggning är en person" in html
    assert not Person.objects.filter(user=cast["official"]).exists()


def test_a_login_moves_from_one_person_to_another_in_one_save(cast, login, agreement, joanna):
    other = Person.objects.create(agreement=agreement, name="Jo", user=cast["official"])
    login(cast["admin"]).post(page(agreement), formset_data([(other, None), (joanna, cast["official"])]))
    assert Person.objects.get(user=cast["official"]) == joanna


@pytest.mark.parametrize("bad", [{"people-0-user": "99999999999999999999999"}, {"people-TOTAL_FORMS": "x"}])
def test_bad_input_gets_a_message_and_changes_nothing(cast, login, agreement, joanna, bad):
    response = login(cast["admin"]).post(page(agreement), formset_data([(joanna, cast["official"])], **bad))
    assert response.status_code == 200
    joanna.refresh_from_db()
    assert joanna.user is None


def test_only_administrators_open_it(cast, login, agreement, joanna):
    assert login(cast["official"]).get(page(agreement)).status_code == 403
    assert login(cast["outsider"]).get(page(agreement)).status_code == 404


def test_an_agreement_naming_no_one_says_where_people_come_from(cast, login, agreement):
    html = login(cast["admin"]).get(page(agreement)).content.decode()
    assert "Planen namnger ingen än" in html
