"""The agreement as an archival PDF (PDF/A-2a: tagged, so also readable by a screen reader).

The same content must give the same bytes on every machine: the fonts come from `static/fonts/` (never the
system's), every date in the file comes from the agreement, and the footer carries a fingerprint of the
content so a printed copy can be matched to what is in the portal.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from agreements.models import Agreement
from samverkan.fragments import Kept

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
PDF_VARIANT = "pdf/a-2a"


def content_data(agreement: Agreement) -> dict:
    """Everything the PDF shows, as plain data (the fingerprint's input). Expects `Agreement.objects.for_document()`.

    Only what was signed and what was recorded as changing it: the goal areas and the activity plan are the
    live plan, reported on their own (reports.plan_report), so a status change leaves the signed document as it is.
    """
    data = {
        "agreement": {
            field: _plain(getattr(agreement, field)) for field in Agreement.FROZEN_FIELDS if field not in SHAPE
        }
        | {"signed": agreement.is_frozen},
        "parties": [[ap.party.name, _plain(ap.joined_on)] for ap in agreement.agreement_parties.all()],
        "principles": [[p.name, p.sentence] for p in agreement.principles.all()],
        "time_horizons": [[h.name, h.focus, h.span, h.description] for h in agreement.time_horizons.all()],
        "signatories": [[s.name, s.title, s.organisation, _plain(s.signed_on)] for s in agreement.signatories.all()],
        "amendments": [
            [a.kind, a.number, a.title, a.text, _plain(a.decided_on), a.decided_by] for a in agreement.amendments.all()
        ],
        # Whether an appendix's file is public is not printed: publishing it changes nothing signed.
        "appendices": [
            [
                a.number,
                a.title,
                a.is_original,
                [
                    [v.number, _plain(v.decided_on), v.decided_by, v.text, v.file_name, v.file_sha256]
                    for v in a.versions.all()
                ],
            ]
            for a in agreement.appendices.all()
        ],
    }
    if shape := shape_data(agreement):
        data["shape"] = shape
    return data


# The agreement's shape (parties' details, validity terms, the word for its goal areas, signing): fields added
# after agreements were printed, hashed only where they differ from the default, so those keep their fingerprint.
SHAPE = ("review_interval_months", "valid_while_overarching", "goal_area_term", "goal_area_term_plural", "copies")


def shape_data(agreement: Agreement) -> dict:
    shape = {
        field: _plain(getattr(agreement, field))
        for field in SHAPE
        if getattr(agreement, field) != Agreement._meta.get_field(field).get_default()
    }
    parties = [
        [ap.short_name, ap.party.organisation_number, ap.party.address] for ap in agreement.agreement_parties.all()
    ]
    if any(any(party) for party in parties):
        shape["parties"] = parties
    if undated := [index for index, s in enumerate(agreement.signatories.all()) if s.signed_undated]:
        shape["undated_signatures"] = undated
    return shape


def fingerprint(data: dict) -> str:
    """The first 12 hex digits of the SHA-256 of the content: short enough to read off a printed page."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def agreement_html(agreement: Agreement) -> str:
    """The document as WeasyPrint reads it."""
    context = {
        "agreement": agreement,
        "fingerprint": fingerprint(content_data(agreement)),
        "fonts_url": FONTS_DIR.as_uri(),
    }
    # The document is Swedish whatever language the person downloading it uses.
    with translation.override("sv"):
        return render_to_string("pdf/agreement.html", context)


def write_pdf(html: str) -> bytes:
    fetcher = FontsOnlyFetcher(allowed_protocols={"file"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)


def write_kept_pdf(html: str, kept: Kept) -> bytes:
    """`write_pdf`, unless `kept` holds the render of the same HTML (same HTML, same bytes)."""
    key = hashlib.sha256(html.encode()).hexdigest()
    pdf = kept.get_many([key]).get(key)
    if pdf is None:
        pdf = write_pdf(html)
        kept.set_many({key: pdf})
    return pdf


# The same HTML always gives the same bytes (our fonts only, every date from the agreement), so a render is
# kept under the HTML's hash: another download of an unchanged agreement skips WeasyPrint, and any change, to
# the text, its appendices or the templates, is a new key.
kept_pdfs = Kept(max_bytes=4 * 1024 * 1024)


def render_agreement_pdf(agreement: Agreement) -> bytes:
    return write_kept_pdf(agreement_html(agreement), kept_pdfs)


def pdf_filename(agreement: Agreement) -> str:
    years = "-".join(str(d.year) for d in (agreement.valid_from, agreement.valid_until) if d)
    if agreement.is_open_ended:
        years += "-tillsvidare"
    return f"samverkansoverenskommelse-{years or agreement.pk}.pdf"


class FontsOnlyFetcher(URLFetcher):
    """Fetches our font files and nothing else; a missing font stops the render instead of falling back to the
    system's fonts (which would change how the PDF looks and hashes)."""

    def fetch(self, url: str, headers=None):
        if not url.startswith(FONTS_DIR.as_uri() + "/"):
            raise ValueError(f"refusing to fetch {url}")
        return super().fetch(url, headers)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
