"""Every upload (the plan import, an appendix file) refuses files that are too big or of the wrong kind with a
message, never a 500, saving nothing."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.appendix_models import MAX_FILE_BYTES
from agreements.models import Appendix
from tests.factories import make_agreement

from .test_hostile_input import database_fingerprint


def corrupt_xlsx() -> bytes:
    """A zip that starts like an .xlsx but holds no workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><script>alert(1)</script>")
    return buffer.getvalue()


BAD_UPLOADS = {
    "too large": ("plan.xlsx", b"PK\x03\x04" + b"0" * (3 * 1024 * 1024)),
    "wrong extension": ("plan.exe", b"MZ\x90\x00"),
    "not a zip": ("plan.xlsx", b"<html><script>alert(1)</script></html>"),
    "truncated zip": ("plan.xlsx", b"PK\x03\x04garbage"),
    "zip without a workbook": ("plan.xlsx", corrupt_xlsx()),
    "empty": ("plan.xlsx", b""),
}


def test_uploads_are_capped_before_any_view():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_import_refuses_bad_files_with_a_message_and_saves_nothing(cast, login, agreement, case):
    name, content = BAD_UPLOADS[case]
    client = login(cast["admin"])
    before = database_fingerprint()
    response = client.post(
        reverse("activities:import", kwargs={"agreement_pk": agreement.pk}),
        {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="errorlist' in page  # the reason, in Swedish, by the field
    assert "<script>alert(1)</script>" not in page
    assert database_fingerprint() == before
    assert not any("import" in key for key in client.session.keys())  # noqa: SIM118 (a session is not iterable)  # nothing held for a confirm


BAD_APPENDIX_FILES = {
    "too large": ("lagesbild.pdf", b"%PDF-1.4\n" + b"0" * MAX_FILE_BYTES),
    "wrong extension": ("lagesbild.exe", b"MZ\x90\x00"),
    "renamed": ("lagesbild.pdf", b"<html><script>alert(1)</script></html>"),
    "empty": ("lagesbild.pdf", b""),
}


def _appendix_targets(agreement) -> dict[str, tuple[str, dict]]:
    """Every portal form that takes an appendix file: a new appendix (a draft's, and one added after signing
    with its decision) and a new version of a signed one."""
    draft = make_agreement("Samverkansöverenskommelse Utkaststad")
    appendix = Appendix.add_to(agreement, title="Lägesbild", text="Läget.", decided_on=agreement.signing_date,
                               decided_by="Strategisk ledning")  # fmt: skip
    decision = {"decided_on": "2025-01-02", "decided_by": "Strategisk ledning 2025-01-02, § 3"}
    return {
        "new appendix of a draft": (reverse("agreements:appendices", args=[draft.pk]), {"title": "Kontaktlista"}),
        "new appendix after signing": (
            reverse("agreements:appendices", args=[agreement.pk]),
            {"title": "Kontaktlista"} | decision,
        ),
        "new version": (reverse("agreements:appendix_version", args=[agreement.pk, appendix.pk]), decision),
    }


@pytest.mark.parametrize("case", BAD_APPENDIX_FILES)
def test_appendix_uploads_refuse_bad_files_with_a_message_and_store_nothing(cast, login, agreement, case):
    name, content = BAD_APPENDIX_FILES[case]
    client = login(cast["admin"])
    for target, (url, fields) in _appendix_targets(agreement).items():
        before = database_fingerprint()
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        response = client.post(url, fields | {"file": upload})
        assert response.status_code == 200, target
        page = response.content.decode()
        assert 'class="errorlist' in page, target
        assert "<script>alert(1)</script>" not in page
        assert database_fingerprint() == before, target
        assert not default_storage.exists(f"agreements/appendices/{agreement.pk}/{name}"), target
