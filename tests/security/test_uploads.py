"""The plan import refuses files that are too big or not .xlsx with a message, never a 500, saving nothing."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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
