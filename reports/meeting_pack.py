"""A meeting's pack (*mötesunderlag*): one PDF/A to send out before the meeting and to keep.

It holds, in order, with a table of contents, bookmarks (its headings) and numbered pages: the notice and agenda
with the proposed decisions; the quarterly dashboard of the last quarter that ended before the meeting day (the
quarter a quarterly meeting reviews); each item's documents, listed with size and SHA-256 so the files sent
with the pack can be checked against it; and the body's previous approved minutes. The parts are the same
templates as their own PDFs (templates/pdf/parts/). Same content, same bytes: the footer's fingerprint covers
the agenda, the dashboard's figures, the documents and the previous minutes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from meetings.minutes import meeting_for_minutes
from meetings.models import Meeting, minutes_fingerprint
from samverkan.fragments import Kept

from .agreement_pdf import FONTS_DIR, fingerprint, write_kept_pdf
from .quarters import Quarter

kept_pdfs = Kept(max_bytes=8 * 1024 * 1024)


@dataclass(frozen=True)
class DocumentRow:
    item: str
    title: str
    name: str
    size: int
    sha256: str


def pack_quarter(meeting: Meeting) -> Quarter:
    """The quarter the pack's dashboard shows: the last one that ended before the meeting day."""
    return Quarter.of(meeting.date).previous


def previous_minutes(meeting: Meeting) -> Meeting | None:
    """The body's last approved minutes before this meeting, read as the minutes PDF reads them."""
    earlier = (
        Meeting.objects.filter(body=meeting.body, approved_at__isnull=False, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .values_list("pk", flat=True)
        .first()
    )
    return meeting_for_minutes(earlier) if earlier else None


def document_rows(meeting: Meeting) -> list[DocumentRow]:
    """Each item's documents, read through the storage API for their fingerprints."""
    rows = []
    for item in meeting.agenda:
        for document in item.documents.all():
            digest = hashlib.sha256()
            with document.file.open("rb") as file:
                for chunk in file.chunks():
                    digest.update(chunk)
            name = document.file.name.rsplit("/", 1)[-1]
            rows.append(DocumentRow(item.title, document.title, name, document.file.size, digest.hexdigest()))
    return rows


def pack_html(meeting: Meeting, dashboard: dict) -> str:
    """`meeting` as `meeting_for_minutes` reads it; `dashboard` the quarter's context made for print."""
    previous = previous_minutes(meeting)
    documents = document_rows(meeting)
    report = dashboard["report"]
    content = {
        "agenda": minutes_fingerprint(meeting),
        "dashboard": report.fingerprint if report is not None else fingerprint({"data": dashboard["data"]}),
        "documents": [row.sha256 for row in documents],
        "previous": previous.fingerprint if previous is not None else None,
    }
    context = dashboard | {
        "meeting": meeting,
        "body": meeting.body,
        "previous": previous,
        "documents": documents,
        "fingerprint": fingerprint(content),
        "fonts_url": FONTS_DIR.as_uri(),
    }
    with translation.override("sv"):
        return render_to_string("pdf/meeting_pack.html", context)


def render_pack_pdf(meeting: Meeting, dashboard: dict) -> bytes:
    html = pack_html(meeting, dashboard)
    return write_kept_pdf(html, kept_pdfs)
