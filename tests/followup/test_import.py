import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import District
from followup.models import IndicatorValue
from followup.periods import Cadence, Period
from followup.value_import import import_values, plan_values
from tests.factories import make_activity

from .helpers import make_indicator


def workbook(*rows, header=("Period", "Stadsdel", "Värde", "Slutligt")) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Antal UVAS per stadsdel"])  # a title row above the header, as people write them
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


@pytest.fixture
def indicator(agreement, cast):
    for name in ("Bäckby", "Råby"):
        District.objects.create(agreement=agreement, name=name)
    return make_indicator(
        make_activity(agreement, handled_by=cast["official"]), by_district=True, owner=cast["official"]
    )


def test_the_preview_says_what_each_row_would_do_and_saves_nothing(indicator, cast):
    backby = District.objects.get(name="Bäckby")
    indicator.record_value(
        period=Period(datetime.date(2023, 1, 1), Cadence.YEARLY), value=Decimal(41), by=None, district=backby
    )
    plan = plan_values(
        workbook(("2023", "Bäckby", 38, "ja"), ("2024", "råby", "12,5", ""), ("2024", "", 50, "nej")), indicator
    )
    assert plan.is_valid, plan.errors
    assert [(row.number, str(row.period), row.action) for row in plan.rows] == [
        (3, "2023", "change"),
        (4, "2024", "create"),
        (5, "2024", "create"),
    ]
    assert plan.rows[1].value == Decimal("12.5") and plan.rows[0].is_final
    assert IndicatorValue.objects.count() == 1


def test_bad_rows_are_refused_with_their_row_numbers_and_nothing_is_saved(indicator):
    data = workbook(
        ("2024", "Bäckby", 3, ""),
        ("2024 K3", "Bäckby", 3, ""),
        ("2023", "Atlantis", 3, ""),
        ("2023", "Råby", "många", ""),
        ("2023", "Råby", 4, "kanske"),
        ("2024", "Bäckby", 5, ""),
    )
    plan = import_values(data, indicator, by=None)
    assert not plan.is_valid
    assert [error.split(":")[0] for error in plan.errors] == ["Rad 4", "Rad 5", "Rad 6", "Rad 7", "Rad 8"]
    assert "okänd stadsdel ”Atlantis”" in " ".join(plan.errors)
    assert "samma period, stadsdel och kön som rad 3" in plan.errors[-1]
    assert not IndicatorValue.objects.exists()


def test_a_file_without_the_columns_is_refused(indicator):
    plan = plan_values(workbook(("2024", 3), header=("År", "Antal")), indicator)
    assert plan.errors == ["Hittade ingen rubrikrad med kolumnerna ”Period” och ”Värde”."]


def test_not_an_excel_file_is_refused(indicator):
    assert plan_values(b"PK\x03\x04 not really", indicator).errors == ["Filen kunde inte läsas som en Excel-arbetsbok."]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(indicator, cast):
    data = workbook(("2023", "Bäckby", 38, "ja"))
    import_values(data, indicator, by=cast["official"])
    value = IndicatorValue.objects.get()
    plan = import_values(data, indicator, by=cast["official"])
    assert [row.action for row in plan.rows] == ["unchanged"]
    assert value.history.count() == 1


def test_the_owner_previews_then_confirms_in_the_browser(login, cast, indicator):
    client = login(cast["official"])
    upload = SimpleUploadedFile("uvas.xlsx", workbook(("2023", "Bäckby", 38, "ja"), ("2023", "Råby", 12, "")))
    preview = client.post(reverse("followup:import_values", args=[indicator.pk]), {"file": upload})
    html = preview.content.decode()
    assert preview.status_code == 200 and "2 nya, 0 ändrade, 0 oförändrade." in html
    assert not IndicatorValue.objects.exists()
    digest = preview.context["confirm_form"].initial["digest"]
    confirmed = client.post(reverse("followup:import_confirm", args=[indicator.pk]), {"digest": digest})
    assert confirmed.status_code == 302
    assert sorted(
        IndicatorValue.objects.values_list("district__name", "value", "is_final", "entered_by__username")
    ) == [
        ("Bäckby", Decimal(38), True, "official"),
        ("Råby", Decimal(12), False, "official"),
    ]


def test_a_bad_file_in_the_browser_shows_the_rows_and_offers_no_confirm(login, cast, indicator):
    upload = SimpleUploadedFile("uvas.xlsx", workbook(("20xx", "Bäckby", 1, "")))
    response = login(cast["official"]).post(reverse("followup:import_values", args=[indicator.pk]), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "Rad 3" in html and "import_confirm" not in html
    assert reverse("followup:import_confirm", args=[indicator.pk]) not in html
