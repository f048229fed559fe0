"""Quarter close: the strategic body approves a quarter's report; it is frozen, and what is recorded later
about that quarter is shown beside the approved figures, not inside them."""

import json

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from activities.models import StatusChange
from reports.models import QuarterReport
from reports.quarters import Quarter
from tests.factories import make_statuses

from .history import build_2024
from .test_dashboard import EXPECTED, figures

Q3 = Quarter(2024, 3)


@pytest.fixture
def plan(agreement, cast):
    return build_2024(agreement, by=cast["official"])


def approve_url(agreement, quarter=Q3):
    return reverse("reports:approve", args=[agreement.pk, quarter.year, quarter.number])


def quarter_url(agreement, quarter=Q3):
    return reverse("reports:quarter", args=[agreement.pk, quarter.year, quarter.number])


@pytest.fixture
def report(agreement, plan, cast):
    return QuarterReport.approve(agreement, Q3, by=cast["strategic"], decision="Strategisk ledning 2024-10-15, § 12")


def test_a_strategic_member_approves_the_quarters_report(agreement, plan, cast, login):
    response = login(cast["strategic"]).post(approve_url(agreement), {"decision": "2024-10-15, § 12"})

    assert response.status_code == 302 and response["Location"] == quarter_url(agreement)
    report = QuarterReport.objects.get()
    assert (report.quarter, report.approved_by, report.decision) == (Q3, cast["strategic"], "2024-10-15, § 12")
    assert figures(report.snapshot) == EXPECTED[Q3]
    assert report.is_intact and len(report.fingerprint) == 64


def test_an_approval_without_the_decision_saves_nothing(agreement, plan, cast, login):
    response = login(cast["strategic"]).post(approve_url(agreement), {"decision": ""})

    assert response.status_code == 200 and "Detta fält måste fyllas i." in response.content.decode()
    assert not QuarterReport.objects.exists()


@pytest.mark.parametrize("role", ["reader", "official", "operative"])
def test_only_the_strategic_group_approves(agreement, plan, cast, login, role):
    response = login(cast[role]).post(approve_url(agreement), {"decision": "x"})

    assert response.status_code == 403 and not QuarterReport.objects.exists()


def test_a_running_quarter_cannot_be_approved(agreement, plan, cast, login):
    response = login(cast["strategic"]).post(approve_url(agreement, Quarter.current()), {"decision": "x"})

    assert response.status_code == 200 and not QuarterReport.objects.exists()
    with pytest.raises(ValidationError):
        QuarterReport.approve(agreement, Quarter.current(), by=cast["strategic"], decision="x")


def test_a_quarter_is_approved_once(agreement, report, cast, login):
    response = login(cast["admin"]).post(approve_url(agreement), {"decision": "igen"})

    assert response.status_code == 200
    assert QuarterReport.objects.count() == 1
    with pytest.raises(ValidationError):
        QuarterReport.approve(agreement, Q3, by=cast["admin"], decision="igen")


def test_the_approved_report_cannot_be_changed_or_deleted_on_any_path(report):
    report.decision = "ändrat"
    with pytest.raises(ValidationError):
        report.save()
    with pytest.raises(ValidationError):
        report.delete()
    with pytest.raises(ValidationError):
        QuarterReport.objects.filter(pk=report.pk).update(decision="ändrat")
    with pytest.raises(ValidationError):
        QuarterReport.objects.all().delete()
    report.refresh_from_db()
    assert report.decision == "Strategisk ledning 2024-10-15, § 12" and report.is_intact


def test_the_admin_shows_the_report_read_only(report, cast):
    model_admin = site._registry[QuarterReport]
    request = RequestFactory().get("/")
    request.user = cast["admin"]
    assert not model_admin.has_change_permission(request, report)
    assert not model_admin.has_delete_permission(request, report)
    assert not model_admin.has_add_permission(request)


def test_later_views_show_the_approved_figures_and_the_later_recorded_change_beside_them(
    agreement, plan, report, cast, login
):
    statuses = make_statuses(agreement)
    # After approval, someone records that MBU had in fact started in mid-September.
    StatusChange.objects.create(
        activity=plan["mbu"],
        from_status=statuses["initiated"],
        to_status=statuses["ongoing"],
        comment="Startade redan i september.",
        changed_by=cast["official"],
        effective_on="2024-09-15",
    )

    response = login(cast["reader"]).get(quarter_url(agreement))

    assert figures(response.context["data"]) == EXPECTED[Q3]  # the approved figures, unchanged
    assert [line.entry["name"] for line in response.context["late"]] == ["MBU"]
    html = response.content.decode()
    after = html.split('id="recorded-after"')[1].split("</section>")[0]
    assert "Startade redan i september." in after
    assert "Godkänd rapport" in html and report.short_fingerprint in html


def test_the_database_refuses_an_update_below_the_orm(report):
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE reports_quarterreport SET decision = 'x'")
    report.refresh_from_db()
    assert report.decision == "Strategisk ledning 2024-10-15, § 12"


def test_a_report_altered_with_the_guards_off_says_so(agreement, report, cast, login):
    from django.db import connection

    from agreements.freezing import guards_removed

    with guards_removed(), connection.cursor() as cursor:
        cursor.execute("UPDATE reports_quarterreport SET snapshot = %s", [json.dumps(report.snapshot | {"x": 1})])
    report.refresh_from_db()

    assert not report.is_intact
    html = login(cast["reader"]).get(quarter_url(agreement)).content.decode()
    assert "stämmer inte längre med sitt fingeravtryck" in html
