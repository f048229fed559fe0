import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from agreements.models import Role
from tests.factories import make_agreement, make_user


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_login_page_is_swedish(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()


def test_member_sees_own_agreement_not_others(cast, login, agreement, other_agreement):
    client = login(cast["official"])
    page = client.get(reverse("agreements:list")).content.decode()
    assert agreement.title in page
    assert other_agreement.title not in page
    assert client.get(reverse("agreements:detail", args=[other_agreement.pk])).status_code == 404


def test_agreement_page_shows_its_text(cast, login, agreement):
    page = login(cast["reader"]).get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    for text in ["Att skapa en trygg kommun.", "Långsiktigt", "Anna Andersson", "2023-06-07"]:
        assert text in page


def test_predecessor_is_named_but_not_linked_for_a_member_who_cannot_open_it(cast, login, agreement, other_agreement):
    agreement_with_history = make_agreement("Samverkansöverenskommelse Teststad 2027", predecessor=agreement)
    make_user("newcomer", role=Role.READER, agreement=agreement_with_history)
    newcomer_page = login(User.objects.get(username="newcomer")).get(
        reverse("agreements:detail", args=[agreement_with_history.pk])
    )
    admin_page = login(cast["admin"]).get(reverse("agreements:detail", args=[agreement_with_history.pk]))

    predecessor_link = f'href="{agreement.get_absolute_url()}"'
    assert agreement.title in newcomer_page.content.decode()
    assert predecessor_link not in newcomer_page.content.decode()
    assert predecessor_link in admin_page.content.decode()


@pytest.mark.django_db
def test_an_english_browser_gets_swedish_until_english_is_chosen(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in page.content.decode()
    assert "Logga in" in page.content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="en">' in page.content.decode()
    assert "Log in to Samverkan" in page.content.decode()
