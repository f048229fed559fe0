"""A signed agreement's text is frozen: through the ORM, the app's form and the Django admin."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from agreements.forms import AgreementForm
from agreements.models import FrozenAgreementError, Principle, Signatory
from tests.admin_forms import FormFields as _FormFields


def test_orm_refuses_to_change_a_signed_agreements_text(agreement):
    agreement.title = "Ändrad titel"
    with pytest.raises(FrozenAgreementError):
        agreement.save()
    agreement.refresh_from_db()
    assert agreement.title == "Samverkansöverenskommelse Teststad"


def test_orm_allows_what_is_not_part_of_the_text(agreement):
    agreement.is_published = True
    agreement.terminated_on = datetime.date(2025, 1, 1)
    agreement.save()
    agreement.refresh_from_db()
    assert agreement.is_published


def test_orm_refuses_to_change_add_or_delete_a_principle_of_a_signed_agreement(agreement):
    principle = agreement.principles.get()
    principle.sentence = "något annat"
    with pytest.raises(FrozenAgreementError):
        principle.save()
    with pytest.raises(FrozenAgreementError):
        Principle.objects.create(agreement=agreement, name="Ny", sentence="ny")
    with pytest.raises(FrozenAgreementError):
        principle.delete()
    assert list(agreement.principles.values_list("sentence", flat=True)) == ["vi håller i."]


def test_orm_refuses_to_rename_a_signatory_after_signing(agreement):
    signatory = agreement.signatories.get()
    signatory.name = "Någon annan"
    with pytest.raises(FrozenAgreementError):
        signatory.save()
    with pytest.raises(FrozenAgreementError):
        Signatory.objects.create(agreement=agreement, name="Sen", title="x", organisation="y")


def test_form_refuses_a_change_to_a_signed_agreements_text(agreement):
    data = {field: getattr(agreement, field) or "" for field in AgreementForm.Meta.fields}
    data |= {"title": "Ändrad titel", "predecessor": "", "overarching": ""}
    form = AgreementForm(data, instance=agreement)
    assert not form.is_valid()
    assert "låst" in str(form.non_field_errors()) or "frozen" in str(form.non_field_errors())
    agreement.refresh_from_db()
    assert agreement.title == "Samverkansöverenskommelse Teststad"


def test_form_accepts_changes_to_a_draft(db):
    from tests.factories import make_agreement

    draft = make_agreement()
    form = AgreementForm({"title": "Ny"}, instance=draft)
    assert form.is_valid(), form.errors
    form.save()
    draft.refresh_from_db()
    assert draft.title == "Ny"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password="x")


def test_admin_shows_a_signed_agreements_text_read_only(superuser, login, agreement):
    page = login(superuser).get(reverse("admin:agreements_agreement_change", args=[agreement.pk])).content
    fields = _FormFields()
    fields.feed(page.decode())
    assert "title" not in fields.data
    assert "purpose" not in fields.data
    assert not any(re.fullmatch(r"principles-\d+-sentence", name) for name in fields.data)
    assert "Samverkansöverenskommelse Teststad" in page.decode()


def test_admin_post_cannot_alter_a_signed_agreements_text(superuser, login, agreement):
    client = login(superuser)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    fields = _FormFields()
    fields.feed(client.get(url).content.decode())
    forged = fields.data | {
        "title": "Smygändrad",
        "purpose": "Smygändrat syfte",
        "principles-0-name": "Smygändrad princip",
        "principles-0-sentence": "smyg",
        "is_published": "on",
    }
    response = client.post(url, forged)
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement.refresh_from_db()
    assert agreement.title == "Samverkansöverenskommelse Teststad"
    assert agreement.purpose == "Att skapa en trygg kommun."
    assert list(agreement.principles.values_list("name", "sentence")) == [("Långsiktigt", "vi håller i.")]
    assert agreement.is_published  # what is not part of the text still changes


def test_admin_edits_a_drafts_text(superuser, login):
    from tests.factories import make_agreement

    draft = make_agreement()
    client = login(superuser)
    url = reverse("admin:agreements_agreement_change", args=[draft.pk])
    fields = _FormFields()
    fields.feed(client.get(url).content.decode())
    assert client.post(url, fields.data | {"title": "Ändrat utkast"}).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Ändrat utkast"
