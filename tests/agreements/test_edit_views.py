"""The admin's pages for a draft: edit its text, register signatures, record revisions and appendices."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import Agreement, Signatory
from tests.factories import make_agreement


@pytest.fixture
def draft(db):
    return make_agreement("Samverkansöverenskommelse Teststad 2027–2031")


def test_admin_edits_a_draft_and_history_names_them(cast, login, draft):
    data = {"title": "Ny titel", "purpose": "Nytt syfte", "valid_from": "2027-06-02", "valid_until": ""}
    response = login(cast["admin"]).post(reverse("agreements:edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.purpose, draft.valid_until) == ("Ny titel", "Nytt syfte", None)
    assert draft.history.first().history_user == cast["admin"]


def test_edit_form_shows_swedish_errors_and_saves_nothing(cast, login, draft):
    data = {"title": "", "valid_from": "2027-06-02", "valid_until": "2020-01-01"}
    response = login(cast["admin"]).post(reverse("agreements:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Detta fält måste fyllas i." in page
    assert "Slutdatum får inte vara före startdatum." in page
    draft.refresh_from_db()
    assert draft.title == "Samverkansöverenskommelse Teststad 2027–2031"


def test_signed_agreement_cannot_be_edited_and_the_page_offers_a_revision(cast, login, agreement):
    client = login(cast["admin"])
    page = client.get(reverse("agreements:edit", args=[agreement.pk])).content.decode()
    assert "texten är låst" in page or "text är låst" in page
    assert reverse("agreements:amend", args=[agreement.pk]) in page
    assert '<form method="post" novalidate>' not in page
    response = client.post(reverse("agreements:edit", args=[agreement.pk]), {"title": "Ändrad"})
    assert response.status_code == 409
    agreement.refresh_from_db()
    assert agreement.title == "Samverkansöverenskommelse Teststad"


@pytest.mark.parametrize("name", ["edit", "sign", "amend"])
def test_admin_pages_hide_other_agreements_from_outsiders(cast, login, agreement, name):
    assert login(cast["outsider"]).get(reverse(f"agreements:{name}", args=[agreement.pk])).status_code == 404


@pytest.mark.parametrize("name", ["edit", "sign", "amend"])
@pytest.mark.parametrize("role", ["strategic", "operative", "official", "reader"])
def test_members_who_are_not_admins_may_not_change_an_agreement(cast, login, agreement, name, role):
    client = login(cast[role])
    assert client.get(reverse(f"agreements:{name}", args=[agreement.pk])).status_code == 403
    assert client.post(reverse(f"agreements:{name}", args=[agreement.pk]), {}).status_code == 403


@pytest.mark.parametrize("name", ["edit", "sign", "amend"])
def test_admin_pages_refuse_other_methods(cast, login, agreement, name):
    assert login(cast["admin"]).put(reverse(f"agreements:{name}", args=[agreement.pk])).status_code == 405


def test_admin_creates_a_draft(cast, login):
    response = login(cast["admin"]).post(reverse("agreements:create"), {"title": "Nytt utkast"})
    created = Agreement.objects.get(title="Nytt utkast")
    assert response.url == created.get_absolute_url()
    assert not created.is_frozen
    assert created.history.first().history_user == cast["admin"]


def test_only_admins_create_agreements(cast, login):
    assert login(cast["strategic"]).get(reverse("agreements:create")).status_code == 403


def test_registering_the_last_signature_freezes_the_draft(cast, login, draft):
    second = Signatory.objects.create(agreement=draft, order=2, name="Bo Berg", title="chef", organisation="Polisen")
    client = login(cast["admin"])
    first = draft.signatories.get(order=1)
    client.post(reverse("agreements:sign", args=[draft.pk]), {"signatory": first.pk, "signed_on": "2026-05-30"})
    draft.refresh_from_db()
    assert not draft.is_frozen
    response = client.post(
        reverse("agreements:sign", args=[draft.pk]), {"signatory": second.pk, "signed_on": "2026-05-31"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    second.refresh_from_db()
    assert draft.is_frozen
    assert second.signed_on == datetime.date(2026, 5, 31)
    assert second.history.first().history_user == cast["admin"]
    assert draft.history.first().history_user == cast["admin"]


def test_a_signature_cannot_be_dated_in_the_future_or_given_twice(cast, login, agreement, draft):
    client = login(cast["admin"])
    signatory = draft.signatories.get()
    response = client.post(
        reverse("agreements:sign", args=[draft.pk]), {"signatory": signatory.pk, "signed_on": "2999-01-01"}
    )
    assert "En underskrift kan inte dateras i framtiden." in response.content.decode()
    already = agreement.signatories.get()
    response = client.post(
        reverse("agreements:sign", args=[agreement.pk]), {"signatory": already.pk, "signed_on": "2024-01-01"}
    )
    assert response.status_code == 200
    already.refresh_from_db()
    assert already.signed_on == datetime.date(2023, 6, 7)


def test_admin_records_numbered_revisions_on_a_signed_agreement(cast, login, agreement):
    client = login(cast["admin"])
    data = {
        "kind": "revision",
        "title": "Region Västmanland ansluter",
        "text": "Region Västmanland blir part.",
        "decided_on": "2023-08-15",
        "decided_by": "Strategisk ledning, beslut 2023:4",
    }
    assert client.post(reverse("agreements:amend", args=[agreement.pk]), data).status_code == 302
    assert client.post(reverse("agreements:amend", args=[agreement.pk]), data | {"title": "Andra"}).status_code == 302
    amendments = list(agreement.amendments.values_list("kind", "number", "title"))
    assert amendments == [("revision", 1, "Region Västmanland ansluter"), ("revision", 2, "Andra")]
    assert agreement.amendments.first().history.first().history_user == cast["admin"]
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Revidering 1: Region Västmanland ansluter" in page
    assert "Beslutad 2023-08-15 av Strategisk ledning, beslut 2023:4." in page


def test_amendment_without_a_decision_is_refused(cast, login, agreement):
    data = {"kind": "appendix", "title": "Bilaga", "text": "x", "decided_on": "inte ett datum", "decided_by": ""}
    response = login(cast["admin"]).post(reverse("agreements:amend", args=[agreement.pk]), data)
    assert response.status_code == 200
    assert "Fyll i ett giltigt datum." in response.content.decode()
    assert not agreement.amendments.exists()


def test_agreement_page_offers_admins_their_actions_and_members_only_the_pdf(cast, login, agreement, draft):
    url = agreement.get_absolute_url()
    admin_page = login(cast["admin"]).get(url).content.decode()
    assert reverse("agreements:amend", args=[agreement.pk]) in admin_page
    assert reverse("agreements:edit", args=[agreement.pk]) not in admin_page
    assert (
        reverse("agreements:edit", args=[draft.pk])
        in login(cast["admin"]).get(draft.get_absolute_url()).content.decode()
    )
    reader_page = login(cast["reader"]).get(url).content.decode()
    assert reverse("reports:agreement_pdf", args=[agreement.pk]) in reader_page
    assert reverse("agreements:amend", args=[agreement.pk]) not in reader_page


def test_recording_the_same_amendment_twice_keeps_one(cast, login, agreement):
    client = login(cast["admin"])
    data = {
        "kind": "revision",
        "title": "Region Västmanland ansluter",
        "text": "Region Västmanland blir part.",
        "decided_on": "2023-08-15",
        "decided_by": "Strategisk ledning, beslut 2023:4",
    }
    url = reverse("agreements:amend", args=[agreement.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert list(agreement.amendments.values_list("number", "title")) == [(1, "Region Västmanland ansluter")]


def test_double_submitting_the_new_agreement_form_creates_one_draft(cast, login):
    client = login(cast["admin"])
    form = client.get(reverse("agreements:create")).context["form"]
    data = {"title": "Nytt utkast", "once_token": form["once_token"].value()}
    first = client.post(reverse("agreements:create"), data)
    again = client.post(reverse("agreements:create"), data)
    created = Agreement.objects.get(title="Nytt utkast")
    assert first.url == again.url == created.get_absolute_url()
    # Another form shown is another draft, even with the same title.
    other = client.get(reverse("agreements:create")).context["form"]["once_token"].value()
    assert other != data["once_token"]
    client.post(reverse("agreements:create"), data | {"once_token": other})
    assert Agreement.objects.filter(title="Nytt utkast").count() == 2
