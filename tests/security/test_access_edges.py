"""Edges of the access rules that the matrix's one world does not reach."""

from django.urls import reverse

from agreements.models import Membership
from tests.factories import make_activity


def test_a_former_member_still_named_on_an_activity_sees_nothing_of_it(cast, login, agreement):
    official = cast["official"]
    activity = make_activity(agreement, "Trygghetsvandring", handled_by=official)
    Membership.objects.filter(user=official, agreement=agreement).delete()
    client = login(official)
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 404
    assert client.get(reverse("activities:edit", args=[activity.pk])).status_code == 404
    assert client.post(reverse("activities:status", args=[activity.pk]), {}).status_code == 404
    assert "Trygghetsvandring" not in client.get(reverse("activities:mine")).content.decode()
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 404


def test_an_official_of_another_agreement_cannot_reach_an_activity_by_guessing_its_id(cast, login, agreement):
    activity = make_activity(agreement, "Feriepraktik", handled_by=cast["official"])
    client = login(cast["outsider"])
    for name in ["activities:detail", "activities:edit", "activities:status"]:
        assert client.get(reverse(name, args=[activity.pk])).status_code == 404, name
    assert client.get(reverse("activities:matrix", args=[agreement.pk])).status_code == 404


def test_a_deactivated_user_is_logged_out(cast, login):
    client = login(cast["reader"])
    cast["reader"].is_active = False
    cast["reader"].save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
