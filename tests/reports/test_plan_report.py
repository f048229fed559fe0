"""The activity plan's own dated report, apart from the signed agreement: a status change changes the report and
leaves the agreement's PDF byte for byte as it was."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Level, Person, Responsibility
from agreements.models import Agreement
from reports.agreement_pdf import render_agreement_pdf
from reports.plan_report import render_plan_report
from tests.factories import make_activity, make_agreement, make_statuses, make_user
from tests.pdf_checks import archival_problems, forget_kept_pdfs, pdf_text, reader_of

from .history import build_2024


def report_url(agreement, per: str | None = None) -> str:
    url = reverse("reports:plan_report", args=[agreement.pk])
    return f"{url}?per={per}" if per else url


def document(agreement) -> Agreement:
    return Agreement.objects.for_document().get(pk=agreement.pk)


def test_a_status_change_leaves_the_agreement_pdf_byte_identical_and_changes_the_plan_report(cast, agreement):
    activity = make_activity(agreement, "Feriepraktik", handled_by=cast["official"])
    today = timezone.localdate()
    signed_before = render_agreement_pdf(document(agreement))
    report_before = render_plan_report(document(agreement), today)

    activity.set_status(make_statuses(agreement)["ongoing"], by=cast["official"], comment="Första gruppen.")
    forget_kept_pdfs()  # render afresh, not the kept copies

    assert render_agreement_pdf(document(agreement)) == signed_before
    report_after = render_plan_report(document(agreement), today)
    assert report_after != report_before
    assert "Initierad/delvis igång" in pdf_text(report_before) and "Pågår" in pdf_text(report_after)


def test_the_agreement_pdf_no_longer_prints_the_plan_or_the_goal_areas(cast, agreement):
    make_activity(agreement, "Feriepraktik", handled_by=cast["official"])
    text = pdf_text(render_agreement_pdf(document(agreement)))
    assert "Feriepraktik" not in text and "aktivitetsplan" not in text.lower()
    assert "Bilaga 1: målområden" not in text


def test_the_report_is_dated_pdfa_with_the_plan_sub_activities_under_their_activity(cast, login, agreement):
    parent = make_activity(agreement, "Minska antalet skjutningar", handled_by=cast["official"], status_kind="ongoing")
    make_activity(agreement, "Kameraövervakning", parent=parent, status_kind="finished")
    make_activity(agreement, "Feriepraktik")

    response = login(cast["reader"]).get(report_url(agreement))

    today = timezone.localdate().isoformat()
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="aktivitetsplan-{agreement.pk}-lage-{today}.pdf"'
    assert archival_problems(response.content) == []
    assert reader_of(response.content).metadata.title == f"Aktivitetsplan – läge per {today}"
    text = pdf_text(response.content)
    assert f"Aktivitetsplan – läge per {today}" in text
    assert "Fingeravtryck" in text
    plan = text[text.index("Aktivitet Målområden Status Ansvarig") :]
    assert plan.index("Minska antalet skjutningar") < plan.index("– Kameraövervakning") < plan.index("Feriepraktik")
    assert "Pågår" in plan and "Avslutad" in plan and "Initierad/delvis igång" in plan
    assert "Official" in plan  # the responsible person


def test_a_chosen_day_shows_the_plan_as_it_stood_then(cast, login, agreement):
    build_2024(agreement, by=cast["official"])
    client = login(cast["reader"])

    midsummer = pdf_text(client.get(report_url(agreement, "2024-06-30")).content)
    new_year = pdf_text(client.get(report_url(agreement, "2024-01-07")).content)

    assert "Aktivitetsplan – läge per 2024-06-30" in midsummer
    assert "Feriepraktik A Pågår" in midsummer and "MBU" in midsummer
    assert "Läxhjälp" in new_year and "Feriepraktik" not in new_year and "MBU" not in new_year


def test_two_days_are_two_documents_and_the_same_day_the_same_bytes(cast, login, agreement):
    build_2024(agreement, by=cast["official"])
    client = login(cast["reader"])
    first = client.get(report_url(agreement, "2024-06-30")).content
    forget_kept_pdfs()
    assert client.get(report_url(agreement, "2024-06-30")).content == first
    assert client.get(report_url(agreement, "2024-09-30")).content != first


@pytest.mark.parametrize("per", ["i morgon", "2024-02-30"])
def test_a_mistyped_day_is_asked_for_again_in_swedish(cast, login, agreement, per):
    response = login(cast["reader"]).get(report_url(agreement, per))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Fyll i ett giltigt datum." in response.content.decode()


def test_a_day_to_come_is_asked_for_again(cast, login, agreement):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = login(cast["reader"]).get(report_url(agreement, tomorrow))
    assert response.status_code == 200
    assert "Planen kan inte redovisas för en dag som inte har kommit än." in response.content.decode()


def test_the_agreement_page_offers_an_earlier_day(cast, login, agreement):
    page = login(cast["reader"]).get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert f'action="{report_url(agreement)}"' in page and 'name="per"' in page


def test_outsider_gets_404_for_the_plan_report(cast, login, agreement):
    assert login(cast["outsider"]).get(report_url(agreement)).status_code == 404


def test_the_plan_report_refuses_post(cast, login, agreement):
    assert login(cast["admin"]).post(report_url(agreement)).status_code == 405


def test_the_agreement_page_and_the_plan_pages_link_the_report(cast, login, agreement):
    client = login(cast["reader"])
    for page in ["agreements:detail", "activities:board", "activities:matrix"]:
        assert report_url(agreement) in client.get(reverse(page, args=[agreement.pk])).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _lengthen_plan(agreement, official, n: int) -> None:
    for i in range(n):
        activity = make_activity(agreement, f"Aktivitet {i}", handled_by=official, is_prioritised=i % 2 == 0)
        sub = make_activity(agreement, f"Delaktivitet {i}", parent=activity, status_kind="ongoing")
        person = Person.objects.create(agreement=agreement, name=f"Ansvarig {i}")
        Responsibility.objects.create(activity=sub, person=person, level=Level.OPERATIVE)


@pytest.mark.parametrize("per", [None, "2024-06-30"])
def test_plan_report_queries_do_not_grow_with_the_plan(db, login, per):
    short, long = make_agreement("Kort"), make_agreement("Lång")
    admin = make_user("admin", admin=True)
    make_activity(short, "Den enda aktiviteten", handled_by=admin)
    _lengthen_plan(long, admin, 6)
    client = login(admin)
    assert _queries(client, report_url(short, per)) == _queries(client, report_url(long, per))
