import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity
from activities.transfer.views import PENDING_IMPORT
from tests.factories import make_activity

from .sheets import add_goal_areas, real_plan, workbook_bytes

pytestmark = pytest.mark.django_db


def _upload(data: bytes, name: str = "plan.xlsx") -> dict:
    return {"file": SimpleUploadedFile(name, data)}


@pytest.fixture
def urls(agreement):
    add_goal_areas(agreement)
    return {
        "import": reverse("activities:import", kwargs={"agreement_pk": agreement.pk}),
        "confirm": reverse("activities:import_confirm", kwargs={"agreement_pk": agreement.pk}),
    }


def test_the_admin_sees_a_preview_and_nothing_is_saved_until_confirmed(cast, login, urls, agreement):
    client = login(cast["admin"])
    response = client.post(urls["import"], _upload(real_plan()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Filen innehåller 17 aktiviteter och 10 delaktiviteter: 27 nya, 0 ändrade, 0 oförändrade." in page
    assert "Familjer med barn i riskzon, sårbara familjer ›</span> SSPF" in page
    assert not Activity.objects.exists()
    digest = client.session[PENDING_IMPORT]["digest"]

    response = client.post(urls["confirm"], {"digest": digest})
    assert response.status_code == 302
    assert Activity.objects.filter(agreement=agreement).count() == 27
    assert Activity.history.filter(history_type="+", history_user=cast["admin"]).count() == 27
    assert PENDING_IMPORT not in client.session
    page = client.get(response.url).content.decode()
    assert "Planen importerades: 27 nya, 0 ändrade, 0 oförändrade." in page


def test_a_second_upload_of_the_same_file_previews_no_changes(cast, login, urls, agreement):
    client = login(cast["admin"])
    client.post(urls["import"], _upload(real_plan()))
    client.post(urls["confirm"], {"digest": client.session[PENDING_IMPORT]["digest"]})
    page = client.post(urls["import"], _upload(real_plan())).content.decode()
    assert "27 oförändrade" in page


def test_a_file_with_errors_shows_every_problem_and_cannot_be_confirmed(cast, login, urls):
    client = login(cast["admin"])
    data = workbook_bytes([{"name": "A", "goal_areas": "Q"}, {"name": "B", "goal_areas": "A", "starts": 45000}])
    page = client.post(urls["import"], _upload(data)).content.decode()
    assert "Filen har 2 problem. Inget har sparats" in page
    assert "Rad 3: okänt målområde ”Q”" in page
    assert "Rad 4: kolumnen ”påbörjas” innehåller talet 45000" in page
    assert urls["confirm"] not in page
    assert PENDING_IMPORT not in client.session


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7", "plan.xlsx", "Filen är inte en Excel-fil (.xlsx)."),
        (b"PK\x03\x04", "plan.csv", "Välj en Excel-fil som slutar på .xlsx."),
        (b"PK\x03\x04" + b"x" * (2 * 1024 * 1024), "plan.xlsx", "Filen är större än 2 MB."),
        (b"PK\x03\x04broken zip", "plan.xlsx", "Filen kunde inte läsas som en Excel-fil (.xlsx)."),
    ],
)
def test_files_that_are_not_a_plan_get_a_clear_message(cast, login, urls, data, name, message):
    response = login(cast["admin"]).post(urls["import"], _upload(data, name))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_confirming_without_a_preview_saves_nothing(cast, login, urls):
    client = login(cast["admin"])
    response = client.post(urls["confirm"], {"digest": "0" * 64})
    assert response.status_code == 302
    assert "Den förhandsgranskade filen" in client.get(response.url).content.decode()
    assert not Activity.objects.exists()


def test_the_import_is_planned_again_when_confirmed(cast, login, urls, agreement):
    client = login(cast["admin"])
    client.post(urls["import"], _upload(workbook_bytes([{"name": "Ny", "goal_areas": "A"}])))
    make_activity(agreement, "Ny")  # someone adds it between preview and confirm
    client.post(urls["confirm"], {"digest": client.session[PENDING_IMPORT]["digest"]})
    assert Activity.objects.filter(agreement=agreement, name="Ny").count() == 1


@pytest.mark.parametrize(("role", "status"), [("operative", 403), ("official", 403), ("outsider", 404)])
def test_only_admins_may_import(cast, login, urls, role, status):
    client = login(cast[role])
    assert client.get(urls["import"]).status_code == status
    assert client.post(urls["import"], _upload(real_plan())).status_code == status
    assert client.post(urls["confirm"], {"digest": "0" * 64}).status_code == status
    assert not Activity.objects.exists()


def test_the_import_page_refuses_other_methods(cast, login, urls):
    client = login(cast["admin"])
    assert client.put(urls["import"]).status_code == 405
    assert client.get(urls["confirm"]).status_code == 405


def test_the_agreement_page_links_the_plan_in_and_out(cast, login, agreement, urls):
    detail = reverse("agreements:detail", args=[agreement.pk])
    export = reverse("activities:export", kwargs={"agreement_pk": agreement.pk})
    admin_page = login(cast["admin"]).get(detail).content.decode()
    assert export in admin_page and urls["import"] in admin_page
    reader_page = login(cast["reader"]).get(detail).content.decode()
    assert export in reader_page and urls["import"] not in reader_page
