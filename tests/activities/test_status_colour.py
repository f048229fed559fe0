"""A status's colour goes into the plan pages' CSS and the Excel export's fills: only "#rrggbb" is stored."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from activities.models import Status
from activities.transfer import sheet
from tests.factories import make_statuses

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("colour", ["red", "#fff", "#gggggg", "fff2b3", "#fff2b3;x", "#fff2b3\n"])
def test_a_status_colour_that_is_not_six_hex_digits_is_refused_in_swedish(agreement, colour):
    status = Status(agreement=agreement, name="Pausad", kind=Status.Kind.ONGOING, colour=colour)
    with pytest.raises(ValidationError) as refused:
        status.full_clean()
    assert "Skriv färgen som # och sex hexadecimala siffror, t.ex. #fff2b3." in refused.value.message_dict["colour"]


def test_the_database_refuses_a_bad_status_colour_whatever_saves_it(agreement):
    with pytest.raises(IntegrityError), transaction.atomic():
        Status.objects.create(agreement=agreement, name="Pausad", kind=Status.Kind.ONGOING, colour="red")


def test_the_admin_shows_the_colour_message_and_saves_nothing(agreement, login):
    status = make_statuses(agreement)["ongoing"]
    client = login(User.objects.create_superuser("root", password="x-long-password-1"))
    url = reverse("admin:activities_status_change", args=[status.pk])
    data = {
        "agreement": agreement.pk,
        "name": status.name,
        "kind": status.kind,
        "order": status.order,
        "colour": "#zzzzzz",
        "symbol": status.symbol,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Skriv färgen som # och sex hexadecimala siffror" in response.content.decode()
    status.refresh_from_db()
    assert status.colour == "#cfeccf"


def test_the_export_writes_no_fill_rather_than_failing_on_a_colour_it_cannot_use():
    assert sheet.hex_fill("#fff2b3") == "FFF2B3"
    assert [sheet.hex_fill(colour) for colour in ("red", "#fff", "", None)] == [None] * 4
