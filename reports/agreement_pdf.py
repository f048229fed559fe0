"""The agreement as an archival PDF (PDF/A-2a: tagged, so also readable by a screen reader).

The same content must give the same bytes on every machine: the fonts come from `static/fonts/` (never the
system's), every date in the file comes from the agreement, and the footer carries a fingerprint of the
content so a printed copy can be matched to what is in the portal.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from activities.models import Activity
from activities.plan import plan_activities
from agreements.models import Agreement
from samverkan.fragments import Kept

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
PDF_VARIANT = "pdf/a-2a"


def content_data(agreement: Agreement, activity_plan: list[PlanRow] | None = None) -> dict:
    """Everything the PDF shows, as plain data (the fingerprint's input). Expects `Agreement.objects.for_document()`.

    `activity_plan` is `activity_plan_rows(agreement)` when the caller already has it (the render prints the same rows).
    """
    if activity_plan is None:
        activity_plan = activity_plan_rows(agreement)
    data = {
        "agreement": {
            field: _plain(getattr(agreement, field)) for field in Agreement.FROZEN_FIELDS if field not in SHAPE
        }
        | {"signed": agreement.is_frozen},
        "parties": [[ap.party.name, _plain(ap.joined_on)] for ap in agreement.agreement_parties.all()],
        "principles": [[p.name, p.sentence] for p in agreement.principles.all()],
        "time_horizons": [[h.name, h.focus, h.span, h.description] for h in agreement.time_horizons.all()],
        "signatories": [[s.name, s.title, s.organisation, _plain(s.signed_on)] for s in agreement.signatories.all()],
        "goal_areas": [[g.code, g.title, g.criteria_list] for g in agreement.goal_areas.all()],
        "amendments": [
            [a.kind, a.number, a.title, a.text, _plain(a.decided_on), a.decided_by] for a in agreement.amendments.all()
        ],
        "activity_plan": activity_plan_data(activity_plan),
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


@dataclass
class PlanRow:
    """One line of appendix 2 (templates/pdf/activity_plan_appendix.html). `people` is None for a sub-activity,
    whose responsible people the appendix does not show."""

    name: str
    is_prioritised: bool
    goal_areas: list[str]
    status: str
    people: list[str] | None
    sub_activities: list[PlanRow] = field(default_factory=list)


def activity_plan_rows(agreement: Agreement) -> list[PlanRow]:
    """The agreement's activities in plan order, each with its sub-activities, read as the plan pages read them
    (`activities.plan.plan_activities`: the same number of queries however long the plan)."""

    def row(activity, people: list[str] | None, sub_activities: list[PlanRow]) -> PlanRow:
        codes = [area.short_label for area in activity.goal_areas]
        return PlanRow(activity.name, activity.is_prioritised, codes, activity.status.name, people, sub_activities)

    plan = plan_activities(Activity.objects.for_matrix(agreement), with_sub_activities=True, with_people=True)
    return [row(a, a.people or [a.handled_by_text], [row(sub, None, []) for sub in a.sub_activities]) for a in plan]


def activity_plan_data(rows: list[PlanRow]) -> list:
    """The plan as the fingerprint hashes it (the shape is kept so printed copies still match the portal)."""

    def row(r: PlanRow) -> list:
        return [r.name, r.is_prioritised, r.goal_areas, r.status] + ([r.people] if r.people is not None else [])

    return [[row(r), [row(sub) for sub in r.sub_activities]] for r in rows]


def fingerprint(data: dict) -> str:
    """The first 12 hex digits of the SHA-256 of the content: short enough to read off a printed page."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def agreement_html(agreement: Agreement) -> str:
    """The document as WeasyPrint reads it."""
    activity_plan = activity_plan_rows(agreement)
    context = {
        "agreement": agreement,
        "fingerprint": fingerprint(content_data(agreement, activity_plan)),
        "fonts_url": FONTS_DIR.as_uri(),
        "activity_plan": activity_plan,
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
# kept under the HTML's hash: another download of an unchanged agreement skips WeasyPrint (seconds for a long
# plan), and any change, to the text, the plan or the templates, is a new key.
kept_pdfs = Kept(max_bytes=8 * 1024 * 1024)  # a 400-activity plan's PDF: about 130 kB


def render_agreement_pdf(agreement: Agreement) -> bytes:
    html = agreement_html(agreement)
    key = hashlib.sha256(html.encode()).hexdigest()
    pdf = kept_pdfs.get_many([key]).get(key)
    if pdf is None:
        pdf = write_pdf(html)
        kept_pdfs.set_many({key: pdf})
    return pdf


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
