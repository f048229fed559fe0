from django.urls import reverse

from activities.models import Activity
from tests.activities.helpers import queries_for
from tests.activities.plan_helpers import make_plan
from tests.factories import make_activity, make_user

URL = "/aktiviteter/mina/"


def test_my_activities_lists_what_i_handle_with_the_status_control(cast, agreement, login):
    mine = make_activity(agreement, "Feriepraktik", handled_by=cast["official"])
    make_activity(agreement, "Boendeinflytande", handled_by=cast["operative"])

    response = login(cast["official"]).get(reverse("activities:mine"))

    assert reverse("activities:mine") == URL
    assert [card.activity.pk for card in response.context["cards"]] == [mine.pk]
    html = response.content.decode()
    assert "Mina aktiviteter" in html and "Feriepraktik" in html and "Boendeinflytande" not in html
    assert f'hx-get="{reverse("activities:status", args=[mine.pk])}"' in html


def test_activities_of_an_agreement_i_no_longer_belong_to_are_not_listed(cast, agreement, other_agreement, login):
    make_activity(other_agreement, "Annanstads aktivitet", handled_by=cast["official"])
    response = login(cast["official"]).get(URL)
    assert response.context["cards"] == []
    assert "Du står inte som ansvarig för någon aktivitet." in response.content.decode()


def test_start_page_and_menu_link_to_my_activities(cast, login):
    html = login(cast["official"]).get(reverse("home")).content.decode()
    assert html.count(f'href="{URL}"') >= 2


def test_post_is_405_and_anonymous_must_log_in(cast, login):
    assert login(cast["official"]).post(URL).status_code == 405
    assert login(None).get(URL).status_code == 302


def test_my_activities_query_count_does_not_grow(cast, agreement, login, django_assert_num_queries):
    make_plan(agreement, 20, official=cast["official"])
    client = login(cast["official"])
    small = queries_for(client, URL)
    make_plan(agreement, 380, official=cast["official"])
    assert Activity.objects.handled_by(cast["official"]).count() > 100
    with django_assert_num_queries(small):
        client.get(URL)


def test_with_nothing_of_their_own_each_role_is_pointed_to_what_is_theirs(cast, agreement, login):
    strategic = login(cast["strategic"]).get(URL).content.decode()
    assert "kvartalsrapporten" in strategic and reverse("reports:dashboard", args=[agreement.pk]) in strategic
    assert "dina nästa möten finns på" in strategic
    official = login(cast["official"]).get(URL).content.decode()
    assert reverse("activities:board", args=[agreement.pk]) in official and "ber du administratören" in official
    admin = login(cast["admin"]).get(URL).content.decode()
    assert reverse("activities:people", args=[agreement.pk]) in admin
    assert "Du hör inte till någon överenskommelse än" in login(make_user("nobody")).get(URL).content.decode()
