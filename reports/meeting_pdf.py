"""A meeting's minutes (*protokoll*) and its agenda (*kallelse*) as archival PDFs, in the agreement PDF's style.

They compose meetings' own data, but live here because the PDF machinery (fonts, PDF/A, kept renders) is the
reports app's. Minutes not yet approved carry "Ej justerat" across every page. As with the agreement, nothing
comes from the clock: the same minutes give the same bytes, and the footer's fingerprint is the one stored when
the minutes were approved (for minutes still open, that of their content as it is now).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from meetings.models import Meeting, minutes_fingerprint
from samverkan.fragments import Kept

from .agreement_pdf import FONTS_DIR, write_kept_pdf

kept_pdfs = Kept(max_bytes=4 * 1024 * 1024)  # minutes PDFs are tens of kB


def meeting_html(meeting: Meeting, template: str) -> str:
    """`meeting` as `meetings.minutes.meeting_for_minutes` reads it."""
    fingerprint = meeting.fingerprint if meeting.is_approved else minutes_fingerprint(meeting)
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "fingerprint": fingerprint[:12],
        "fonts_url": FONTS_DIR.as_uri(),
    }
    with translation.override("sv"):
        return render_to_string(template, context)


def render_meeting_pdf(meeting: Meeting, template: str) -> bytes:
    html = meeting_html(meeting, template)
    return write_kept_pdf(html, kept_pdfs)


def minutes_pdf(meeting: Meeting) -> bytes:
    return render_meeting_pdf(meeting, "pdf/minutes.html")


def agenda_pdf(meeting: Meeting) -> bytes:
    return render_meeting_pdf(meeting, "pdf/agenda.html")


def pdf_filename(meeting: Meeting, kind: str) -> str:
    code = meeting.body.short_code.lower() or "mote"
    return f"{kind}-{code}-{meeting.date:%Y-%m-%d}.pdf"
