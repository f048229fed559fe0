"""The appendices page (Bilagor) and the review page (Revidering): an administrator keeps an agreement's appendices
and records its reviews in the portal, not the Django admin. What the pages save and show, what they refuse and
say, and that nothing is saved (no appendix, no file) when they refuse."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Appendix, AppendixVersion
from reports.agreement_pdf import render_agreement_pdf
from tests.factories import make_agreement
from tests.pdf_checks import pdf_text

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n% kontaktlistan\n"
SIGNED_ON = datetime.date(2025, 3, 4)


def url(name: str, agreement: Agreement, appendix: Appendix | None = None) -> str:
    return reverse(f"agreements:{name}", args=[agreement.pk] + ([appendix.pk] if appendix is not None else []))


@pytest.fixture
def admin(cast, login):
    return login(cast["admin"])


@pytest.fixture
def draft(db):
    return make_agreement("Samverkansöverenskommelse Nystad")


def sign(agreement: Agreement) -> Agreement:
    agreement.register_signature(agreement.signatories.get(), on=SIGNED_ON)
    agreement.refresh_from_db()
    return agreement


def upload(name="kontaktlista.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files() -> list[str]:
    folder = "agreements/appendices"
    if not default_storage.exists(folder):
        return []
    return [
        f"{sub}/{name}"
        for sub in default_storage.listdir(folder)[0]
        for name in default_storage.listdir(f"{folder}/{sub}")[1]
    ]


# --- a draft ---------------------------------------------------------------------------------------------------


def test_an_admin_adds_appendices_to_a_draft_with_a_text_and_a_file_and_the_page_and_pdf_list_them(admin, draft):
    page = admin.get(url("appendices", draft)).content.decode()
    assert "<h1>Bilagor</h1>" in page and "Överenskommelsen har inga bilagor." in page

    response = admin.post(url("appendices", draft), {"title": "Gemensam lägesbild", "text": "Otrygghet i centrum."})
    assert response.status_code == 302 and response.url == url("appendices", draft)
    response = admin.post(url("appendices", draft), {"title": "Kontaktlista", "file": upload(), "is_public": "on"})
    assert response.status_code == 302

    picture, contacts = draft.appendices.order_by("number")
    assert (picture.number, picture.title, picture.is_original, picture.is_public) == (
        1,
        "Gemensam lägesbild",
        True,
        False,
    )
    assert (contacts.number, contacts.is_public) == (2, True)
    version = contacts.versions.get()
    assert version.file.read() == PDF_BYTES and version.signed_with_agreement and len(version.file_sha256) == 64

    page = admin.get(url("appendices", draft)).content.decode()
    assert "Bilaga 2: Kontaktlista lades till." in page
    assert "Bilaga 1: Gemensam lägesbild" in page and "Otrygghet i centrum." in page
    assert "Ladda ner kontaktlista.pdf" in page and "Undertecknas med överenskommelsen." in page
    # Only an appendix with a file is offered publicly or not: the text-only one has no such button.
    assert page.count("Sluta visa filen öppet<span") == 1 and "Visa filen på den öppna sidan<span" not in page

    detail = admin.get(draft.get_absolute_url()).content.decode()
    assert "Bilaga 2: Kontaktlista" in detail and f'href="{url("appendices", draft)}"' in detail
    text = pdf_text(render_agreement_pdf(Agreement.objects.for_document().get(pk=draft.pk)))
    assert "Gemensam lägesbild" in text and "Kontaktlista" in text


def test_a_number_the_text_gives_is_kept_and_one_taken_is_refused_with_nothing_saved(admin, draft):
    assert (
        admin.post(url("appendices", draft), {"number": "3", "title": "Handlingsplan", "text": "Plan."}).status_code
        == 302
    )
    assert draft.appendices.get().number == 3

    response = admin.post(url("appendices", draft), {"number": "3", "title": "Kontaktlista", "file": upload()})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Inget lades till" in page and "Bilaga 3: Handlingsplan har redan det numret" in page
    assert list(draft.appendices.values_list("title", flat=True)) == ["Handlingsplan"]
    assert stored_files() == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "Tom bilaga"}, "Ge bilagan en text, en fil eller båda."),
        ({"title": "Fel sort", "file": upload("bilaga.exe", b"MZ\x90\x00")}, "En bilagefil måste vara"),
        (
            {"title": "Omdöpt", "file": upload("bilaga.pdf", b"PK\x03\x04 inte en pdf")},
            "Filens innehåll är inte en PDF-fil.",
        ),
        ({"title": "", "text": "Text utan titel."}, "Detta fält måste fyllas i."),
    ],
    ids=["empty", "file-type", "renamed-file", "no-title"],
)
def test_a_refused_appendix_says_why_and_leaves_no_appendix_and_no_file(admin, draft, fields, message):
    response = admin.post(url("appendices", draft), fields)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Appendix.objects.filter(agreement=draft).exists()
    assert stored_files() == []


def test_a_drafts_appendix_is_removed_after_confirmation_and_a_signed_ones_never(admin, draft):
    appendix = Appendix.add_to(draft, title="Kommunikationsplan", text="Internt och externt.")
    confirm = admin.get(url("appendix_remove", draft, appendix)).content.decode()
    assert "Ta bort Bilaga 1: Kommunikationsplan?" in confirm
    assert Appendix.objects.filter(pk=appendix.pk).exists()  # asking removes nothing

    assert admin.post(url("appendix_remove", draft, appendix)).status_code == 302
    assert not Appendix.objects.filter(pk=appendix.pk).exists()

    kept = Appendix.add_to(draft, title="Lägesbild", text="Läget.")
    sign(draft)
    response = admin.post(url("appendix_remove", draft, kept))
    assert response.status_code == 409
    assert "Överenskommelsen är undertecknad: dess bilagor står kvar" in response.content.decode()
    assert Appendix.objects.filter(pk=kept.pk).exists()


def test_a_draft_appendix_is_not_versioned_before_signing(admin, draft):
    appendix = Appendix.add_to(draft, title="Lägesbild", text="Läget.")
    data = {"decided_on": "2025-01-02", "decided_by": "Styrgruppen", "text": "Nytt läge."}

    response = admin.post(url("appendix_version", draft, appendix), data)

    assert response.status_code == 409 and "Ta bort bilagan och lägg till den igen" in response.content.decode()
    assert appendix.versions.count() == 1


# --- after signing ---------------------------------------------------------------------------------------------


def test_after_signing_a_revised_appendix_gets_a_new_version_and_the_signed_one_stays(admin, draft):
    appendix = Appendix.add_to(draft, title="Gemensam lägesbild", text="Lägesbild 2025.")
    sign(draft)
    signed_pdf = render_agreement_pdf(Agreement.objects.for_document().get(pk=draft.pk))
    assert "För in en ny version" in admin.get(url("appendices", draft)).content.decode()

    refused = admin.post(url("appendix_version", draft, appendix), {"text": "Lägesbild 2026."})
    assert refused.status_code == 200 and "Detta fält måste fyllas i." in refused.content.decode()
    assert appendix.versions.count() == 1

    data = {"decided_on": "2026-02-10", "decided_by": "Strategisk ledning 2026-02-10, § 4", "text": "Lägesbild 2026."}
    response = admin.post(url("appendix_version", draft, appendix), data | {"file": upload("lagesbild-2026.pdf")})

    assert response.status_code == 302
    first, second = appendix.versions.order_by("number")
    assert (first.text, first.signed_with_agreement) == ("Lägesbild 2025.", True)
    assert (second.number, second.decided_by, second.signed_with_agreement) == (2, data["decided_by"], False)
    page = admin.get(url("appendices", draft)).content.decode()
    assert "Beslutad 2026-02-10 av Strategisk ledning 2026-02-10, § 4." in page and "gällande" in page
    assert "Lägesbild 2025." in page  # the signed version stays on the page
    text = pdf_text(render_agreement_pdf(Agreement.objects.for_document().get(pk=draft.pk)))
    assert "Lägesbild 2025." in text and "Strategisk ledning 2026-02-10, § 4" in text
    assert "Strategisk ledning 2026-02-10" not in pdf_text(signed_pdf)


def test_an_appendix_added_after_signing_needs_its_decision_and_is_not_passed_off_as_signed(admin, draft):
    sign(draft)
    page = admin.get(url("appendices", draft)).content.decode()
    assert 'name="decided_on"' in page and 'name="decided_by"' in page

    refused = admin.post(url("appendices", draft), {"title": "Kommunikationsplan", "text": "Plan."})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert page.count("Detta fält måste fyllas i.") == 2 and "Inget lades till" in page
    assert not draft.appendices.exists()

    data = {"title": "Kommunikationsplan", "text": "Plan.", "decided_on": "2025-09-01", "decided_by": "Styrgruppen § 3"}
    assert admin.post(url("appendices", draft), data).status_code == 302
    added = draft.appendices.get()
    assert not added.is_original and not added.versions.get().signed_with_agreement


def test_whether_a_file_is_public_changes_after_signing_too_and_the_public_page_follows(admin, client, draft):
    appendix = Appendix.add_to(draft, title="Kontaktlista", file=ContentFile(PDF_BYTES, name="kontakter.pdf"))
    sign(draft)
    Agreement.objects.filter(pk=draft.pk).update(is_published=True)

    assert admin.post(url("appendix_public", draft, appendix), {"is_public": "true"}).status_code == 302
    appendix.refresh_from_db()
    assert appendix.is_public
    assert "kontakter.pdf" in client.get(reverse("public:agreement", args=[draft.pk])).content.decode()

    assert admin.post(url("appendix_public", draft, appendix), {"is_public": "false"}).status_code == 302
    appendix.refresh_from_db()
    assert not appendix.is_public
    assert "kontakter.pdf" not in client.get(reverse("public:agreement", args=[draft.pk])).content.decode()


def test_the_rules_hold_in_the_model_so_in_the_admin_and_the_shell(draft):
    with pytest.raises(ValidationError, match="Ge bilagan en text"):
        Appendix.add_to(draft, title="Tom")  # neither text nor file
    assert not draft.appendices.exists()
    sign(draft)
    with pytest.raises(ValidationError) as error:
        Appendix.add_to(draft, title="Utan beslut", text="Text.")
    assert set(error.value.message_dict) == {"decided_on", "decided_by"}
    assert not AppendixVersion.objects.filter(agreement=draft).exists()


def test_other_users_are_refused_the_appendices_pages(cast, login, draft):
    appendix = Appendix.add_to(draft, title="Lägesbild", text="Läget.")
    for role in ("official", "strategic", "reader"):
        client = login(cast[role])
        assert client.get(url("appendices", draft)).status_code in (403, 404)
        assert client.post(url("appendices", draft), {"title": "Intrång", "text": "x"}).status_code in (403, 404)
        assert client.post(url("appendix_remove", draft, appendix)).status_code in (403, 404)
    assert list(draft.appendices.values_list("title", flat=True)) == ["Lägesbild"]


# --- reviews ---------------------------------------------------------------------------------------------------


@pytest.fixture
def open_ended(db):
    agreement = make_agreement(
        "Lokal överenskommelse Nystad",
        valid_from=datetime.date(2024, 1, 1),
        valid_until=None,
        review_interval_months=12,
    )
    return sign(agreement)


def test_an_admin_records_a_review_and_the_next_one_falls_due_a_cycle_later(admin, open_ended):
    today = timezone.localdate()
    page = admin.get(open_ended.get_absolute_url()).content.decode()
    assert "Revideringen är sen:" in page and f'href="{url("review", open_ended)}"' in page

    response = admin.post(url("review", open_ended), {"reviewed_on": "2025-11-20"})

    assert response.status_code == 302
    open_ended.refresh_from_db()
    assert open_ended.last_reviewed_on == datetime.date(2025, 11, 20)
    assert open_ended.next_review_on == datetime.date(2026, 11, 20)
    page = admin.get(open_ended.get_absolute_url()).content.decode()
    assert "Revideringen fördes in. Nästa ska göras senast 2026-11-20." in page
    assert "Senast reviderad 2025-11-20." in page
    assert open_ended.history.filter(last_reviewed_on=datetime.date(2025, 11, 20)).exists()
    assert f'value="{today:%Y-%m-%d}"' in admin.get(url("review", open_ended)).content.decode()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2099-01-01", "En revidering kan inte dateras i framtiden."),
        ("2023-12-31", "En revidering kan inte dateras före överenskommelsens start."),
        ("", "Detta fält måste fyllas i."),
        ("inte ett datum", "Fyll i ett giltigt datum."),
    ],
    ids=["future", "before-start", "empty", "garbage"],
)
def test_a_review_dated_wrongly_is_refused_and_changes_nothing(admin, open_ended, day, message):
    response = admin.post(url("review", open_ended), {"reviewed_on": day})

    assert response.status_code == 200 and message in response.content.decode()
    open_ended.refresh_from_db()
    assert open_ended.last_reviewed_on is None


def test_a_review_is_not_dated_before_the_last_and_the_same_one_twice_is_one(admin, open_ended):
    assert admin.post(url("review", open_ended), {"reviewed_on": "2025-06-01"}).status_code == 302
    assert admin.post(url("review", open_ended), {"reviewed_on": "2025-06-01"}).status_code == 302
    assert open_ended.history.filter(last_reviewed_on=datetime.date(2025, 6, 1)).count() == 1

    response = admin.post(url("review", open_ended), {"reviewed_on": "2025-05-01"})
    assert response.status_code == 200 and "före den senaste (2025-06-01)" in response.content.decode()


def test_an_agreement_without_a_review_cycle_or_a_draft_offers_no_review(admin, draft):
    page = admin.get(url("review", draft)).content.decode()
    assert 'name="reviewed_on"' not in page and "Bara en undertecknad överenskommelse" in page
    assert admin.post(url("review", draft), {"reviewed_on": "2025-01-01"}).status_code == 409
    draft.refresh_from_db()
    assert draft.last_reviewed_on is None
    assert f'href="{url("review", draft)}"' not in admin.get(draft.get_absolute_url()).content.decode()
