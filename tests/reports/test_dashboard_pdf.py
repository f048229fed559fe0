"""The dashboard as PDF/A: every goal area's counts in the text, the same bytes for the same content."""

import re

import pytest
from django.urls import reverse

from reports.models import QuarterReport
from reports.quarters import Quarter
from tests.pdf_checks import archival_problems, forget_kept_pdfs, pdf_lines, pdf_text

from .history import build_2024


@pytest.fixture
def plan(agreement, cast):
    return build_2024(agreement, by=cast["official"])


Q3 = Quarter(2024, 3)


def pdf_url(agreement, quarter=Q3):
    return reverse("reports:quarter_pdf", args=[agreement.pk, quarter.year, quarter.number])


def test_the_pdf_is_pdf_a_with_each_goal_areas_counts(agreement, plan, cast, login):
    response = login(cast["strategic"]).get(pdf_url(agreement))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="kvartalsrapport-2024-kvartal-3-' in response["Content-Disposition"]
    assert archival_problems(response.content) == []
    lines = pdf_lines(response.content)
    # Goal area, then initiated, ongoing, finished, dropped and the total.
    assert "A. Inga utsatta områden 0 1 1 0 2" in lines
    assert "B. Minskad brottslighet 1 2 0 0 3" in lines
    assert "Alla aktiviteter 1 2 1 0 4" in lines
    assert "Vandrade i fredags." in pdf_text(response.content)


def test_the_same_content_gives_the_same_bytes(agreement, plan, cast, login):
    client = login(cast["strategic"])
    first = client.get(pdf_url(agreement)).content
    forget_kept_pdfs()  # render afresh, not from the kept copy
    assert client.get(pdf_url(agreement)).content == first


def test_an_approved_quarters_pdf_carries_the_reports_fingerprint(agreement, plan, cast, login):
    report = QuarterReport.approve(agreement, Quarter(2024, 3), by=cast["strategic"], decision="§ 12")

    text = pdf_text(login(cast["reader"]).get(pdf_url(agreement)).content)

    assert report.short_fingerprint in text and "Godkänd rapport" in text


def test_no_pdf_of_another_agreement(agreement, plan, cast, login):
    assert login(cast["outsider"]).get(pdf_url(agreement)).status_code == 404


def test_the_pdf_lists_the_first_of_a_long_list_and_says_so(agreement, plan, cast, login, monkeypatch):
    from reports import dashboard

    monkeypatch.setattr(dashboard, "PRINT_LIMIT", 1)
    client = login(cast["strategic"])
    text = pdf_text(client.get(pdf_url(agreement)).content)
    listed = re.search(r"Statusändringar \((\d+)\)", text)
    assert listed and int(listed.group(1)) > 1
    assert f"De första 1 av {listed.group(1)} listas här; portalen listar alla." in text
    page = client.get(reverse("reports:quarter", args=[agreement.pk, Q3.year, Q3.number])).content.decode()
    assert "De första 1 av" not in page  # the page links to the whole lists instead (test_dashboard_lists.py)
