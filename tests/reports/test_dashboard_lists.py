"""The dashboard lists the first of each list of changes and links to the whole list, page by page; the PDF
lists more of each and says the portal has them all."""

import re

import pytest
from django.urls import reverse

from activities.models import StatusChange
from reports import dashboard
from reports.models import QuarterReport
from reports.quarters import Quarter
from tests.factories import make_statuses
from tests.pdf_checks import pdf_text

from .history import build_2024

Q2, Q3 = Quarter(2024, 2), Quarter(2024, 3)


@pytest.fixture
def plan(agreement, cast):
    return build_2024(agreement, by=cast["official"])


@pytest.fixture
def one_a_page(monkeypatch):
    """The dashboard lists one line of each list; the whole lists show one line a page."""
    monkeypatch.setattr(dashboard, "PAGE_LIMIT", 1)
    monkeypatch.setattr("reports.views.PER_PAGE", 1)


def quarter_url(agreement, quarter):
    return reverse("reports:quarter", args=[agreement.pk, quarter.year, quarter.number])


def list_url(agreement, quarter, kind):
    return reverse("reports:quarter_list", args=[agreement.pk, quarter.year, quarter.number, kind])


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def names(html: str) -> list[str]:
    """The activities a list's lines name (each line links to its activity)."""
    return re.findall(r'<a href="/aktiviteter/\d+/">([^<]+)</a>', html)


def test_the_dashboard_lists_the_first_changes_and_links_to_them_all(agreement, plan, cast, login, one_a_page):
    client = login(cast["strategic"])

    changes = section(client.get(quarter_url(agreement, Q2)).content.decode(), "changes")

    # Two status changes in Q2 (Läxhjälp recorded late, then Feriepraktik): the first is listed, the count says two.
    assert "Statusändringar (2)" in changes
    assert "Läxhjälp" in changes and "Feriepraktik" not in changes
    assert f'href="{list_url(agreement, Q2, "statusandringar")}">Visa alla 2' in changes
    # One new activity: listed in full, no link.
    assert "MBU" in changes and list_url(agreement, Q2, "nya") not in changes


def test_the_whole_list_shows_every_change_page_by_page(agreement, plan, cast, login, one_a_page):
    client = login(cast["reader"])
    url = list_url(agreement, Q2, "statusandringar")

    first = client.get(url).content.decode()
    second = client.get(url + "?sida=2").content.decode()

    assert names(first) == ["Läxhjälp"] and "Kom igång före påsk." in first
    assert names(second) == ["Feriepraktik"] and "Första gruppen." in second
    assert "Sida 1 av 2" in first and 'href="?sida=2" rel="next"' in first
    assert "2–2 av 2" in second
    # A page past the end shows the last one, not an error.
    assert names(client.get(url + "?sida=9").content.decode()) == ["Feriepraktik"]


def test_what_moved_is_listed_under_each_goal_area_and_one_area_can_be_chosen(agreement, plan, cast, login):
    client = login(cast["reader"])
    url = list_url(agreement, Q3, "flyttade")

    every = client.get(url).content.decode()
    only_b = client.get(url + "?omrade=2").content.decode()

    # Q3 against Q2: in A, Feriepraktik finished and Trygghetsvandring went ongoing; Trygghetsvandring aims at B too.
    assert names(every.split("<h2")[1]) == ["Feriepraktik", "Trygghetsvandring"]
    assert names(every.split("<h2")[2]) == ["Trygghetsvandring"]
    assert "B. Minskad brottslighet" in only_b.split("<h2")[1] and names(only_b) == ["Trygghetsvandring"]


def test_a_goal_area_the_quarter_does_not_have_is_refused_with_a_message_and_every_area_listed(
    agreement, plan, cast, login
):
    response = login(cast["reader"]).get(list_url(agreement, Q3, "flyttade") + "?omrade=9")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett giltigt alternativ" in html
    assert names(html) == ["Feriepraktik", "Trygghetsvandring", "Trygghetsvandring"]


def test_the_dashboard_links_each_goal_areas_moved_activities(agreement, plan, cast, login, one_a_page):
    moved = section(login(cast["reader"]).get(quarter_url(agreement, Q3)).content.decode(), "compared")

    assert f'href="{list_url(agreement, Q3, "flyttade")}?omrade=1">Visa alla 2' in moved


def test_an_empty_list_says_so(agreement, plan, cast, login):
    html = login(cast["reader"]).get(list_url(agreement, Q2, "utgar")).content.decode()

    assert "Inga aktiviteter utgick under den här tiden." in html
    assert names(html) == []


def test_an_unknown_list_is_not_found_and_another_agreements_lists_are_not_shown(
    agreement, other_agreement, plan, cast, login
):
    assert login(cast["reader"]).get(list_url(agreement, Q2, "allt")).status_code == 404
    assert login(cast["outsider"]).get(list_url(agreement, Q2, "statusandringar")).status_code == 404


def test_an_approved_reports_lists_are_the_approved_ones_and_what_came_after_has_its_own(
    agreement, plan, cast, login, one_a_page
):
    QuarterReport.approve(agreement, Q3, by=cast["strategic"], decision="Strategisk ledning 2024-10-15, § 12")
    statuses = make_statuses(agreement)
    for activity, comment in [(plan["mbu"], "Startade redan i september."), (plan["laxhjalp"], "Klar i augusti.")]:
        StatusChange.objects.create(
            activity=activity,
            from_status=activity.status,
            to_status=statuses["finished"],
            comment=comment,
            changed_by=cast["official"],
            effective_on="2024-09-15",
        )
    client = login(cast["reader"])

    after = section(client.get(quarter_url(agreement, Q3)).content.decode(), "recorded-after")
    approved = client.get(list_url(agreement, Q3, "statusandringar")).content.decode()
    late = client.get(list_url(agreement, Q3, "efter-godkannandet")).content.decode()
    late_second = client.get(list_url(agreement, Q3, "efter-godkannandet") + "?sida=2").content.decode()

    assert f'href="{list_url(agreement, Q3, "efter-godkannandet")}">Visa alla 2' in after
    assert "MBU" not in approved and "Läxhjälp" not in approved  # the approved list, as approved
    assert {*names(late), *names(late_second)} == {"MBU", "Läxhjälp"}


def test_the_pdf_says_the_portal_has_the_rest(agreement, plan, cast, login, monkeypatch):
    monkeypatch.setattr(dashboard, "PRINT_LIMIT", 1)
    url = reverse("reports:quarter_pdf", args=[agreement.pk, Q2.year, Q2.number])

    text = pdf_text(login(cast["strategic"]).get(url).content)

    assert "De första 1 av 2 listas här; portalen listar alla." in text
    assert "Läxhjälp" in text and "Första gruppen." not in text
