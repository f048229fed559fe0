"""The quarterly dashboard as a PDF/A for the meeting and the archive, in the agreement PDF's style.

Same content, same bytes: the figures come from the dashboard's data (an approved snapshot or the live data,
which only moves when something is recorded or the day changes), every date in the file from that data.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from agreements.models import Agreement
from samverkan.fragments import Kept

from .agreement_pdf import FONTS_DIR, fingerprint, write_kept_pdf
from .quarters import Quarter

kept_pdfs = Kept(max_bytes=4 * 1024 * 1024)  # a dashboard PDF: about 90 kB at 60 activities


def dashboard_html(context: dict) -> str:
    """`context` is the page's, made for print (views.dashboard_context). The footer's fingerprint is the
    approved report's, or that of the live data."""
    report = context["report"]
    print_fingerprint = report.short_fingerprint if report is not None else fingerprint({"data": context["data"]})
    pdf_context = context | {"fingerprint": print_fingerprint, "fonts_url": FONTS_DIR.as_uri()}
    # The document is Swedish whatever language the person downloading it uses.
    with translation.override("sv"):
        return render_to_string("pdf/dashboard.html", pdf_context)


def render_dashboard_pdf(context: dict) -> bytes:
    html = dashboard_html(context)
    return write_kept_pdf(html, kept_pdfs)


def dashboard_pdf_filename(agreement: Agreement, quarter: Quarter) -> str:
    return f"kvartalsrapport-{quarter.year}-kvartal-{quarter.number}-{agreement.pk}.pdf"
