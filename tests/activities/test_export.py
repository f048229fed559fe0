import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Status
from activities.transfer import sheet
from activities.transfer.export import export_workbook
from activities.transfer.importer import import_workbook, plan_import
from agreements.models import Role
from tests.factories import make_activity, make_agreement, make_statuses, make_user

from .sheets import add_goal_areas, real_plan, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    agreement = make_agreement()
    add_goal_areas(agreement)
    assert import_workbook(real_plan(), agreement).is_valid
    return agreement


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))[sheet.SHEET_TITLE]


def test_export_then_import_changes_nothing(imported):
    shootings = Activity.objects.get(name="Minska antalet skjutningar och sprängningar")
    shootings.is_prioritised = True
    shootings.save()
    ongoing = Status.objects.get(agreement=imported, kind=Status.Kind.ONGOING)
    Activity.objects.get(name="EST").set_status(ongoing, by=None, comment="Igång")
    history = Activity.history.count()
    plan = import_workbook(export_workbook(imported), imported)
    assert plan.is_valid, plan.errors
    assert [item.label for item in plan.activities if item.action != "unchanged"] == []
    assert plan.count("unchanged") == 27
    assert Activity.history.count() == history


def test_the_real_plan_exports_to_its_23_rows_with_the_same_headers(imported):
    worksheet = _sheet(export_workbook(imported))
    assert worksheet["J1"].value == "Tidsplan"
    assert [cell.value for cell in worksheet[2]] == [written for _key, written in sheet.COLUMNS] + [sheet.REF_HEADER]
    assert worksheet.column_dimensions["O"].hidden
    assert worksheet.max_row == 2 + 23
    names = [worksheet.cell(row=r, column=1).value for r in range(3, 26)]
    assert names.count("Minska antalet skjutningar och sprängningar") == 2
    assert names.count("Motverka våld i nära relation") == 2


def test_statuses_are_written_as_text_and_fill_and_priority_as_a_yellow_name():
    agreement = make_agreement()
    make_activity(agreement, "Pågående", status_kind="ongoing", is_prioritised=True)
    make_activity(agreement, "Avslutad", status_kind="finished", starts_on=datetime.date(2023, 3, 1))
    worksheet = _sheet(export_workbook(agreement))
    ongoing, finished = worksheet[3], worksheet[4]
    assert (ongoing[3].value, ongoing[3].fill.fgColor.rgb) == ("Pågår", "00CFECCF")
    assert sheet.colour_family(ongoing[0].fill.fgColor.rgb) == sheet.YELLOW
    assert (finished[3].value, sheet.colour_family(finished[3].fill.fgColor.rgb)) == ("Avslutad", sheet.RED)
    assert finished[0].fill.fill_type is None
    assert finished[9].value == datetime.datetime(2023, 3, 1)
    assert finished[9].number_format == "yyyy-mm-dd"


def test_the_fills_alone_bring_the_statuses_back():
    agreement = make_agreement()
    statuses = make_statuses(agreement)
    make_activity(agreement, "Klar", status_kind="finished")
    worksheet = _sheet(export_workbook(agreement))
    keys = [key for key, _written in sheet.COLUMNS]
    worksheet.cell(row=3, column=keys.index("status") + 1).value = None  # someone cleared the text
    out = io.BytesIO()
    worksheet.parent.save(out)
    [item] = plan_import(out.getvalue(), agreement).activities
    assert (item.action, item.status_name) == ("unchanged", statuses["finished"].name)


def test_text_that_looks_like_a_formula_is_exported_as_text():
    agreement = make_agreement()
    make_activity(agreement, '=HYPERLINK("http://example.com")', background="=1+1")
    worksheet = _sheet(export_workbook(agreement))
    assert worksheet["A3"].data_type == "s"
    assert worksheet["E3"].value == "=1+1"
    assert worksheet["E3"].data_type == "s"


def test_an_exported_sub_activity_keeps_its_goal_areas(imported):
    worksheet = _sheet(export_workbook(imported))
    subs = [worksheet.cell(row=r, column=3).value for r in range(3, 26)]
    assert "SSPF (A, B, H)" in subs


def test_the_export_page_gives_members_an_xlsx(imported, login):
    reader = make_user("reader", role=Role.READER, agreement=imported)
    response = login(reader).get(reverse("activities:export", kwargs={"agreement_pk": imported.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="aktivitetsplan-')
    assert _sheet(response.content).max_row == 25


def test_the_export_page_runs_the_same_number_of_queries_for_more_activities(login):

    agreement = make_agreement()
    admin = make_user("admin", admin=True)
    client = login(admin)
    url = reverse("activities:export", kwargs={"agreement_pk": agreement.pk})
    counts = []
    for size in (3, 30):
        while Activity.objects.filter(agreement=agreement).count() < size:
            parent = make_activity(agreement, f"A{Activity.objects.count()}")
            make_activity(agreement, f"S{Activity.objects.count()}", parent=parent)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_workbook_helper_round_trip_keeps_free_text_timing():
    agreement = make_agreement()
    add_goal_areas(agreement)
    data = workbook_bytes([{"name": "X", "goal_areas": "B", "follow_up": "varje terminsslut", "ends": "2024"}])
    assert import_workbook(data, agreement).is_valid
    again = plan_import(export_workbook(agreement), agreement)
    assert [item.action for item in again.activities] == ["unchanged"]
