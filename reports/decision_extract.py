"""An extract of one decision from the minutes (*protokollsutdrag*) as PDF/A: the decision with its meeting,
body and the approval of the minutes, or, per capsulam, who took it and when."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from meetings.decision_models import Decision

from .agreement_pdf import FONTS_DIR, fingerprint, write_pdf


def extract_data(decision: Decision) -> dict:
    """What the extract says, as plain data: the fingerprint's input."""
    meeting = decision.item.meeting if decision.item else None
    return {
        "label": decision.label,
        "body": decision.body.name,
        "agreement": decision.body.agreement.title,
        "decided_on": decision.decided_on.isoformat(),
        "text": decision.text,
        "taken_by": decision.taken_by,
        "meeting": str(meeting) if meeting else None,
        "item": decision.item.title if decision.item else None,
        "approved_at": meeting.approved_at.isoformat() if meeting and meeting.approved_at else None,
        "adjusters": [
            [row.user.get_full_name() or row.user.username, approved.isoformat() if approved else None]
            for row, approved in adjuster_rows(decision)
        ],
    }


def adjuster_rows(decision: Decision) -> list:
    if decision.item is None:
        return []
    meeting = decision.item.meeting
    approved = {a.user_id: a.approved_at for a in meeting.approvals.filter(item=None, correction=None)}
    return [(row, approved.get(row.user_id)) for row in meeting.adjuster_rows.select_related("user").order_by("pk")]


def extract_html(decision: Decision) -> str:
    context = {
        "decision": decision,
        "meeting": decision.item.meeting if decision.item else None,
        "adjusters": adjuster_rows(decision),
        "fingerprint": fingerprint(extract_data(decision)),
        "fonts_url": FONTS_DIR.as_uri(),
    }
    with translation.override("sv"):
        return render_to_string("pdf/decision_extract.html", context)


def render_decision_extract(decision: Decision) -> bytes:
    return write_pdf(extract_html(decision))
