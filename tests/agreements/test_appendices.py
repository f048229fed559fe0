"""Appendices (bilagor): numbered as the agreement numbers them, revised as new versions of the same number,
frozen with the signed agreement whatever writes, listed in the signed PDF, their files served only to readers."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from agreements.appendix_models import MAX_FILE_BYTES
from agreements.models import Agreement, Appendix, AppendixVersion, FrozenAgreementError
from reports.agreement_pdf import render_agreement_pdf
from tests.admin_forms import form_data
from tests.factories import make_agreement
from tests.pdf_checks import pdf_text

PDF_BYTES = b"%PDF-1.4\n% en liten bilaga\n"
SIGNED_ON = datetime.date(2023, 6, 7)


def draft_with_appendices() -> Agreement:
    draft = make_agreement()
    picture = Appendix.objects.create(agreement=draft, number=1, title="Gemensam lägesbild")
    picture.record_version(decided_on=None, decided_by="", text="Lägesbilden 2023: otrygghet i Bäckby.")
    contacts = Appendix.objects.create(agreement=draft, number=2, title="Kontaktlista")
    contacts.record_version(decided_on=None, decided_by="", file=ContentFile(PDF_BYTES, name="kontakter.pdf"))
    Appendix.objects.create(agreement=draft, number=3, title="Kommunikationsplan").record_version(
        decided_on=None, decided_by="", text="Vi kommunicerar internt och externt."
    )
    return draft


@pytest.fixture
def signed(db) -> Agreement:
    draft = draft_with_appendices()
    draft.register_signature(draft.signatories.get(), on=SIGNED_ON)
    return draft


def document(agreement) -> Agreement:
    return Agreement.objects.for_document().get(pk=agreement.pk)


# --- versions --------------------------------------------------------------------------------------------------


def test_appendices_signed_with_the_agreement_are_original_and_their_versions_signed_with_it(signed):
    picture = signed.appendices.get(number=1)
    assert picture.is_original
    assert list(picture.versions.values_list("number", "signed_with_agreement")) == [(1, True)]


def test_a_revised_appendix_is_a_new_version_of_the_same_number_and_keeps_the_earlier(signed):
    picture = signed.appendices.get(number=1)

    revised = picture.record_version(
        decided_on=datetime.date(2024, 12, 10),
        decided_by="Strategisk ledning 2024-12-10, § 7",
        text="Lägesbilden 2024: otryggheten har minskat.",
    )

    assert revised.number == 2 and not revised.signed_with_agreement and revised.agreement_id == signed.pk
    assert signed.appendices.count() == 3  # no new number
    texts = list(picture.versions.order_by("number").values_list("text", flat=True))
    assert texts == ["Lägesbilden 2023: otrygghet i Bäckby.", "Lägesbilden 2024: otryggheten har minskat."]


def test_a_version_after_signing_needs_its_date_and_decision(signed):
    picture = signed.appendices.get(number=1)
    with pytest.raises(ValidationError) as error:
        picture.record_version(decided_on=None, decided_by="", text="Utan beslut.")
    assert set(error.value.message_dict) == {"decided_on", "decided_by"}
    assert picture.versions.count() == 1


def test_an_appendix_added_after_signing_is_not_passed_off_as_signed_with_it(signed):
    later = Appendix.objects.create(agreement=signed, number=4, title="Uppföljningsplan", is_original=True)
    assert not later.is_original


def test_an_uploaded_file_is_fingerprinted(signed):
    version = signed.appendices.get(number=2).versions.get()
    assert version.file_sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert version.file_size == len(PDF_BYTES)
    assert version.file_name == "kontakter.pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bilaga.exe", b"MZ\x90\x00", "En bilagefil måste vara en av"),
        ("bilaga.pdf", b"<html>inte en pdf</html>", "Filens innehåll är inte en PDF-fil."),
        ("bilaga.pdf", b"%PDF-" + b"x" * MAX_FILE_BYTES, "en bilagefil får vara högst 5,0"),
    ],
)
def test_a_file_of_the_wrong_type_or_too_large_is_refused_in_swedish(db, name, content, message):
    draft = make_agreement()
    appendix = Appendix.objects.create(agreement=draft, number=1, title="Handlingsplan")
    with pytest.raises(ValidationError) as error:
        appendix.record_version(decided_on=None, decided_by="", file=SimpleUploadedFile(name, content))
    assert message in " ".join(error.value.messages)
    assert not appendix.versions.exists()


# --- frozen by every path --------------------------------------------------------------------------------------


def test_a_model_save_cannot_change_a_signed_agreements_original_appendix(signed):
    appendix = signed.appendices.get(number=1)
    appendix.title = "Smygändrad lägesbild"
    with pytest.raises(FrozenAgreementError):
        appendix.save()
    version = appendix.versions.get()
    version.text = "Smygändrad text."
    with pytest.raises(FrozenAgreementError):
        version.save()
    with pytest.raises(FrozenAgreementError):
        version.delete()
    with pytest.raises(FrozenAgreementError):
        Appendix.objects.get(pk=appendix.pk).delete()


def test_a_queryset_update_cannot_change_a_signed_agreements_original_appendix(signed):
    with pytest.raises(FrozenAgreementError):
        Appendix.objects.filter(agreement=signed).update(title="Smygändrad")
    with pytest.raises(FrozenAgreementError):
        AppendixVersion.objects.filter(agreement=signed).update(text="Smygändrad")
    with pytest.raises(FrozenAgreementError):
        AppendixVersion.objects.filter(agreement=signed).delete()
    assert set(signed.appendices.values_list("title", flat=True)) == {
        "Gemensam lägesbild",
        "Kontaktlista",
        "Kommunikationsplan",
    }


def test_whether_an_appendix_file_is_public_may_still_change(signed):
    appendix = signed.appendices.get(number=2)
    appendix.is_public = True
    appendix.save()
    assert Appendix.objects.get(pk=appendix.pk).is_public


def raw_update(sql: str, *params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_raw_sql_that_changes_a_signed_agreements_appendix(signed):
    version = AppendixVersion.objects.filter(agreement=signed).first()
    with pytest.raises(IntegrityError):
        raw_update("UPDATE agreements_appendix SET title = %s WHERE agreement_id = %s", "Smyg", signed.pk)
    with pytest.raises(IntegrityError):
        raw_update("UPDATE agreements_appendixversion SET text = %s WHERE id = %s", "Smyg", version.pk)
    raw_update("UPDATE agreements_appendix SET is_public = %s WHERE agreement_id = %s", True, signed.pk)


@pytest.fixture
def admin_client(db, login):
    return login(User.objects.create_superuser("root", password="x-long-password-1"))


def test_the_admin_cannot_change_a_signed_agreements_original_appendix(admin_client, signed):
    url = reverse("admin:agreements_agreement_change", args=[signed.pk])
    shown = form_data(admin_client, url)
    assert "appendices-0-title" not in shown and "appendices-0-DELETE" not in shown
    admin_client.post(url, shown | {"appendices-0-title": "Smygändrad", "appendices-0-DELETE": "on"})

    appendix = signed.appendices.get(number=1)
    appendix_url = reverse("admin:agreements_appendix_change", args=[appendix.pk])
    shown = form_data(admin_client, appendix_url)
    assert "title" not in shown and "versions-0-text" not in shown
    admin_client.post(
        appendix_url, shown | {"title": "Smygändrad", "versions-0-text": "Smyg", "versions-0-DELETE": "on"}
    )
    delete_url = reverse("admin:agreements_appendix_delete", args=[appendix.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403

    appendix.refresh_from_db()
    assert appendix.title == "Gemensam lägesbild"
    assert list(appendix.versions.values_list("text", flat=True)) == ["Lägesbilden 2023: otrygghet i Bäckby."]


def test_the_admin_records_a_new_version_of_a_signed_agreements_appendix(admin_client, signed):
    appendix = signed.appendices.get(number=1)
    url = reverse("admin:agreements_appendix_change", args=[appendix.pk])
    prefix = next(
        key.removesuffix("-TOTAL_FORMS")
        for key in form_data(admin_client, url)
        if key.endswith("-TOTAL_FORMS") and key != "versions-TOTAL_FORMS"
    )
    data = form_data(admin_client, url) | {
        f"{prefix}-0-decided_on": "2024-12-10",
        f"{prefix}-0-decided_by": "Strategisk ledning 2024-12-10, § 7",
        f"{prefix}-0-text": "Lägesbilden 2024.",
    }
    assert admin_client.post(url, data).status_code == 302
    assert list(appendix.versions.values_list("number", "text")) == [
        (1, "Lägesbilden 2023: otrygghet i Bäckby."),
        (2, "Lägesbilden 2024."),
    ]


def test_the_admin_edits_a_drafts_appendices_inline(admin_client, db):
    draft = make_agreement()
    url = reverse("admin:agreements_agreement_change", args=[draft.pk])
    data = form_data(admin_client, url) | {
        "appendices-TOTAL_FORMS": "1",
        "appendices-0-number": "1",
        "appendices-0-title": "Handlingsplan",
    }
    assert admin_client.post(url, data).status_code == 302
    assert draft.appendices.get().title == "Handlingsplan"


# --- the signed PDF --------------------------------------------------------------------------------------------


def test_the_pdf_lists_the_appendices_in_its_body_and_prints_each_after_the_signatures(signed):
    signed.appendices.get(number=1).record_version(
        decided_on=datetime.date(2024, 12, 10), decided_by="Strategisk ledning, § 7", text="Lägesbilden 2024."
    )
    text = pdf_text(render_agreement_pdf(document(signed)))

    listed = text.index("Bilagor Bilaga 1: Gemensam lägesbild Bilaga 2: Kontaktlista Bilaga 3: Kommunikationsplan")
    signatures = text.index("Underskrifter")
    assert listed < signatures
    after = text[signatures:]
    assert after.index("Bilaga 1: Gemensam lägesbild") < after.index("Bilaga 2: Kontaktlista")
    assert "Undertecknad med överenskommelsen." in after
    assert "Lägesbilden 2023: otrygghet i Bäckby." in after
    assert "Version 2 Beslutad 2024-12-10 av Strategisk ledning, § 7. Lägesbilden 2024." in after
    assert "kontakter.pdf" in after and hashlib.sha256(PDF_BYTES).hexdigest() in after.replace(" ", "")
    # Goal areas and the plan are reported apart, so no other "Bilaga 1" or "Bilaga 2" is printed.
    assert text.count("Bilaga 1:") == 2 and text.count("Bilaga 2:") == 2
    assert "målområden" not in text.lower() and "aktivitetsplan" not in text.lower()


def test_publishing_an_appendix_file_leaves_the_signed_pdf_as_it_was(signed):
    before = render_agreement_pdf(document(signed))
    appendix = signed.appendices.get(number=2)
    appendix.is_public = True
    appendix.save()
    assert render_agreement_pdf(document(signed)) == before


# --- pages and downloads ---------------------------------------------------------------------------------------


@pytest.fixture
def with_members(signed, cast):
    """`signed` with the cast's roles (the cast belongs to the `agreement` fixture) copied in."""
    for membership in cast["reader"].memberships.all():
        signed.memberships.create(user=membership.user, role=membership.role)
    return signed


def file_version(agreement) -> AppendixVersion:
    return AppendixVersion.objects.get(agreement=agreement, appendix__number=2)


def test_the_agreement_page_lists_appendices_versions_and_download_links(with_members, cast, login):
    page = login(cast["reader"]).get(reverse("agreements:detail", args=[with_members.pk])).content.decode()
    assert "Bilaga 1: Gemensam lägesbild" in page and "Bilaga 3: Kommunikationsplan" in page
    assert "Version 1" in page
    assert reverse("agreements:appendix_file", args=[file_version(with_members).pk]) in page


def test_a_reader_downloads_an_appendix_file(with_members, cast, login):
    response = login(cast["reader"]).get(reverse("agreements:appendix_file", args=[file_version(with_members).pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert 'filename="kontakter.pdf"' in response["Content-Disposition"]


def test_an_appendix_file_is_refused_to_a_user_who_may_not_read_the_agreement(with_members, cast, login):
    url = reverse("agreements:appendix_file", args=[file_version(with_members).pk])
    assert login(cast["outsider"]).get(url).status_code == 404
    assert login(None).get(url).status_code == 302  # to the login page


def test_the_public_page_shows_titles_and_only_files_marked_public(with_members, login):
    with_members.is_published = True
    with_members.save()
    public = login(None)
    version = file_version(with_members)
    public_url = reverse("public:appendix_file", args=[version.pk])
    page = public.get(reverse("public:agreement", args=[with_members.pk])).content.decode()
    assert "Bilaga 2: Kontaktlista" in page and public_url not in page
    assert public.get(public_url).status_code == 404

    appendix = version.appendix
    appendix.is_public = True
    appendix.save()
    page = public.get(reverse("public:agreement", args=[with_members.pk])).content.decode()
    assert public_url in page
    response = public.get(public_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert reverse("agreements:appendix_file", args=[version.pk]) not in page


def test_a_public_file_of_an_unpublished_agreement_is_not_served(with_members, login):
    version = file_version(with_members)
    Appendix.objects.filter(pk=version.appendix_id).update(is_public=True)
    assert login(None).get(reverse("public:appendix_file", args=[version.pk])).status_code == 404


def test_a_drafts_appendices_are_to_be_signed_not_signed(db):
    text = pdf_text(render_agreement_pdf(document(draft_with_appendices())))
    assert "Undertecknas med överenskommelsen." in text and "Undertecknad med överenskommelsen." not in text


def test_the_admin_edits_a_drafts_appendix_versions_and_offers_no_new_version_form(admin_client, db):
    draft = draft_with_appendices()
    appendix = draft.appendices.get(number=1)
    url = reverse("admin:agreements_appendix_change", args=[appendix.pk])
    shown = form_data(admin_client, url)
    assert "versions-0-text" in shown
    assert [key for key in shown if key.endswith("-TOTAL_FORMS")] == ["versions-TOTAL_FORMS"]
    assert admin_client.post(url, shown | {"title": "Lägesbild", "versions-0-text": "Ny text."}).status_code == 302
    appendix.refresh_from_db()
    assert appendix.title == "Lägesbild"
    assert list(appendix.versions.values_list("text", flat=True)) == ["Ny text."]
