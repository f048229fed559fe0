"""The agreement PDF: the signed text, archival (PDF/A-2a, tagged, Swedish) and the same bytes every time."""

import datetime
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from agreements.demo import vasteras
from agreements.models import Agreement
from reports.agreement_pdf import agreement_html, content_data, fingerprint, render_agreement_pdf, write_pdf
from tests.factories import make_agreement
from tests.pdf_checks import archival_problems, pdf_text, reader_of


@pytest.fixture
def vasteras_agreement(db):
    call_command("load_demo", verbosity=0)
    return Agreement.objects.for_document().get(signing_date=datetime.date(2023, 6, 7))


@pytest.fixture
def vasteras_pdf(vasteras_agreement) -> bytes:
    return render_agreement_pdf(vasteras_agreement)


def test_pdf_has_every_signatory_and_principle(vasteras_pdf):
    text = pdf_text(vasteras_pdf)
    for signatory in vasteras.SIGNATORIES_2023:
        assert signatory["name"] in text
    for name, sentence in vasteras.PRINCIPLES_2023:
        assert name in text
        assert sentence.split()[-1] in text
    for heading in [
        "Giltighetstid",
        "Syfte",
        "Mål",
        "Strategi",
        "Ledningsstruktur",
        "Arbetsmodell",
        "Västerås 2023-06-07",
    ]:
        assert heading in text
    assert "UTKAST" not in text


def test_pdf_pages_are_numbered_and_carry_the_fingerprint(vasteras_agreement, vasteras_pdf):
    reader = reader_of(vasteras_pdf)
    pages = len(reader.pages)
    assert f"Sida 1 av {pages}" in reader.pages[0].extract_text()
    assert f"Sida {pages} av {pages}" in reader.pages[-1].extract_text()
    assert f"Fingeravtryck {fingerprint(content_data(vasteras_agreement))}" in reader.pages[0].extract_text()


def test_pdf_is_pdfa_2a_tagged_swedish_with_metadata(vasteras_pdf):
    assert archival_problems(vasteras_pdf) == []
    info = reader_of(vasteras_pdf).metadata
    assert info.title == vasteras.AGREEMENT_2023["title"]
    assert "Bostads AB Mimer" in info.author
    assert info.subject == "Samverkansöverenskommelse 2023-06-07–2027-06-01"


def test_pdf_embeds_only_the_projects_fonts(vasteras_pdf):
    reader = reader_of(vasteras_pdf)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+", 1)[1])
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
    assert fonts <= {"Samverkan-Serif", "Samverkan-Serif-Bold", "Samverkan-Serif-Italic"}


def test_same_content_renders_the_same_bytes(vasteras_agreement, vasteras_pdf):
    # A fresh render, not the one kept from the fixture's.
    again = write_pdf(agreement_html(Agreement.objects.for_document().get(pk=vasteras_agreement.pk)))
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(vasteras_pdf).hexdigest()


def test_a_kept_render_is_never_served_for_changed_content(db):
    draft = make_agreement(purpose="Feriepraktik för alla.")
    assert "Feriepraktik" in pdf_text(render_agreement_pdf(Agreement.objects.for_document().get(pk=draft.pk)))
    draft.purpose = "Sommarjobb för unga."
    draft.save()
    text = pdf_text(render_agreement_pdf(Agreement.objects.for_document().get(pk=draft.pk)))
    assert "Sommarjobb för unga" in text and "Feriepraktik" not in text


@pytest.mark.own_database  # each process migrates an in-memory SQLite database of its own
def test_separate_processes_render_the_same_bytes(vasteras_pdf):
    script = Path(__file__).with_name("render_demo_pdf.py")
    digests = [
        subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout.strip()
        for _ in range(2)
    ]
    assert digests == [hashlib.sha256(vasteras_pdf).hexdigest()] * 2


def test_a_change_of_content_changes_the_fingerprint(db):
    draft = make_agreement()
    before = fingerprint(content_data(Agreement.objects.for_document().get(pk=draft.pk)))
    draft.purpose = "Ett annat syfte."
    draft.save()
    assert fingerprint(content_data(Agreement.objects.for_document().get(pk=draft.pk))) != before


def test_draft_pdf_is_watermarked(db):
    draft = Agreement.objects.for_document().get(pk=make_agreement().pk)
    assert "UTKAST" in pdf_text(render_agreement_pdf(draft))


def test_member_downloads_the_pdf(cast, login, agreement):
    response = login(cast["reader"]).get(reverse("reports:agreement_pdf", args=[agreement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="samverkansoverenskommelse-2023-2027.pdf"'
    assert response.content.startswith(b"%PDF-1.7")


def test_outsider_gets_404_for_the_pdf(cast, login, agreement):
    assert login(cast["outsider"]).get(reverse("reports:agreement_pdf", args=[agreement.pk])).status_code == 404


def test_pdf_view_refuses_post(cast, login, agreement):
    assert login(cast["admin"]).post(reverse("reports:agreement_pdf", args=[agreement.pk])).status_code == 405


def test_the_activity_plan_is_no_part_of_the_fingerprint(cast, agreement):
    from tests.factories import make_activity, make_statuses

    activity = make_activity(agreement, "Feriepraktik")
    before = fingerprint(content_data(Agreement.objects.for_document().get(pk=agreement.pk)))
    activity.set_status(make_statuses(agreement)["ongoing"], by=cast["official"], comment="Igång.")
    assert fingerprint(content_data(Agreement.objects.for_document().get(pk=agreement.pk))) == before
