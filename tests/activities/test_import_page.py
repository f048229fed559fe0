import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, ImportChangeSet, Status, StatusChange
from activities.transfer.export import export_workbook
from tests.factories import make_activity, make_statuses

from .sheets import add_goal_areas, real_plan, workbook_bytes

pytestmark = pytest.mark.django_db


def _upload(data: bytes, name: str = "plan.xlsx") -> dict:
    return {"file": SimpleUploadedFile(name, data)}


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


@pytest.fixture
def urls(agreement):
    add_goal_areas(agreement)
    return {
        "import": reverse("activities:import", kwargs={"agreement_pk": agreement.pk}),
        "confirm": reverse("activities:import_confirm", kwargs={"agreement_pk": agreement.pk}),
    }


def _preview(client, urls, data: bytes) -> str:
    response = client.post(urls["import"], _upload(data))
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_sees_a_preview_and_nothing_is_saved_until_confirmed(cast, login, urls, agreement):
    client = login(cast["admin"])
    page = _preview(client, urls, real_plan())
    assert "Filen innehåller 17 aktiviteter och 10 delaktiviteter: 27 nya, 0 ändrade, 0 oförändrade." in page
    assert "Familjer med barn i riskzon, sårbara familjer ›</span> SSPF" in page
    assert not Activity.objects.exists()

    response = client.post(urls["confirm"], {"token": _token(page)})
    assert response.status_code == 302
    assert Activity.objects.filter(agreement=agreement).count() == 27
    assert Activity.history.filter(history_type="+", history_user=cast["admin"]).count() == 27
    page = client.get(response.url).content.decode()
    assert "Planen importerades: 27 nya, 0 ändrade, 0 oförändrade." in page


def test_a_second_upload_of_the_same_file_previews_no_changes(cast, login, urls, agreement):
    client = login(cast["admin"])
    client.post(urls["confirm"], {"token": _token(_preview(client, urls, real_plan()))})
    assert "27 oförändrade" in _preview(client, urls, real_plan())


def test_the_preview_shows_each_changed_field_before_and_after(cast, login, urls, agreement):
    make_activity(agreement, "Feriepraktik", method="Sommarjobb", starts_text="2023")
    data = workbook_bytes([{"name": "Feriepraktik", "goal_areas": "A", "method": "Sommarjobb och mentor"}])
    page = _preview(login(cast["admin"]), urls, data)
    assert "<strong>genomförande/särskilda instruktioner</strong>" in page
    assert "<del>Sommarjobb</del>" in page and "<ins>Sommarjobb och mentor</ins>" in page
    assert "<del>2023</del>" in page  # the file's empty "påbörjas" empties it, and says so
    assert "ändrad i portalen" not in page  # nobody changed it since it was created: no conflict


def test_an_older_copy_of_the_plan_shows_the_officials_status_change_as_a_conflict_and_keeps_it(
    cast, login, urls, agreement
):
    statuses = make_statuses(agreement)
    activity = make_activity(agreement, "Trygghetsvandringar")
    old_copy = export_workbook(agreement)
    activity.set_status(statuses["ongoing"], by=cast["official"], comment="Igång")
    client = login(cast["admin"])

    page = _preview(client, urls, old_copy)
    assert "1 värde är i konflikt" in page
    assert "ändrad i portalen efter filens version" in page
    assert "<del>Pågår</del>" in page and "<ins>Initierad/delvis igång</ins>" in page
    response = client.post(urls["confirm"], {"token": _token(page)})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == statuses["ongoing"]
    assert "1 värde i konflikt behölls som det är i portalen." in client.get(response.url).content.decode()


def test_the_admin_can_take_the_files_value_for_a_conflict_through_a_status_change(cast, login, urls, agreement):
    statuses = make_statuses(agreement)
    activity = make_activity(agreement, "Trygghetsvandringar")
    old_copy = export_workbook(agreement)
    activity.set_status(statuses["ongoing"], by=cast["official"], comment="Igång")
    client = login(cast["admin"])
    page = _preview(client, urls, old_copy)
    key = re.search(r'name="take" value="([^"]+)"', page).group(1)

    assert client.post(urls["confirm"], {"token": _token(page), "take": [key]}).status_code == 302
    activity.refresh_from_db()
    assert activity.status == statuses["initiated"]
    change = activity.status_changes.first()
    assert (change.from_status, change.to_status, change.changed_by) == (
        statuses["ongoing"],
        statuses["initiated"],
        cast["admin"],
    )


def test_a_confirm_after_the_plan_changed_imports_nothing_and_shows_a_fresh_preview(cast, login, urls, agreement):
    statuses = make_statuses(agreement)
    activity = make_activity(agreement, "Trygghetsvandringar")
    client = login(cast["admin"])
    page = _preview(client, urls, export_workbook(agreement))
    assert "0 nya, 0 ändrade, 1 oförändrad" in page
    activity.set_status(statuses["ongoing"], by=cast["official"], comment="Igång")  # saved meanwhile

    response = client.post(urls["confirm"], {"token": _token(page)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Planen ändrades i portalen efter din förhandsgranskning, så inget importerades." in page
    assert "0 nya, 1 ändrad, 0 oförändrade" in page and "<del>Pågår</del>" in page
    activity.refresh_from_db()
    assert activity.status == statuses["ongoing"]
    assert StatusChange.objects.filter(activity=activity).count() == 1


def test_the_confirm_applies_the_previewed_change_set_not_the_file_as_it_would_read_now(cast, login, urls, agreement):
    client = login(cast["admin"])
    page = _preview(client, urls, workbook_bytes([{"name": "Ny", "goal_areas": "A"}]))
    make_activity(agreement, "Ny")  # someone adds it between preview and confirm
    response = client.post(urls["confirm"], {"token": _token(page)})
    assert response.status_code == 200
    assert "inget importerades" in response.content.decode()
    assert Activity.objects.filter(agreement=agreement, name="Ny").count() == 1


def test_confirming_the_same_preview_twice_applies_it_once(cast, login, urls, agreement):
    client = login(cast["admin"])
    token = _token(_preview(client, urls, real_plan()))
    assert client.post(urls["confirm"], {"token": token}).status_code == 302
    response = client.post(urls["confirm"], {"token": token})
    assert response.status_code == 302
    assert "Importen är redan genomförd" in client.get(response.url).content.decode()
    assert Activity.objects.filter(agreement=agreement).count() == 27
    assert Status.objects.filter(agreement=agreement).count() == 4


def test_only_the_admin_who_previewed_can_confirm(cast, login, urls, agreement, django_user_model):
    token = _token(_preview(login(cast["admin"]), urls, real_plan()))
    other = django_user_model.objects.create_superuser("other-admin", "other@example.com", "x")
    response = login(other).post(urls["confirm"], {"token": token})
    assert response.status_code == 302
    assert not Activity.objects.exists()


def test_a_file_with_errors_shows_every_problem_and_cannot_be_confirmed(cast, login, urls):
    client = login(cast["admin"])
    data = workbook_bytes([{"name": "A", "goal_areas": "Q"}, {"name": "B", "goal_areas": "A", "starts": 45000}])
    page = client.post(urls["import"], _upload(data)).content.decode()
    assert "Filen har 2 problem. Inget har sparats" in page
    assert "Rad 3: okänt målområde ”Q”" in page
    assert "Rad 4: kolumnen ”påbörjas” innehåller talet 45000" in page
    assert urls["confirm"] not in page
    assert not ImportChangeSet.objects.exists()


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
    response = client.post(urls["confirm"], {"token": "0" * 43})
    assert response.status_code == 302
    assert "Den förhandsgranskade filen" in client.get(response.url).content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("operative", 403), ("official", 403), ("outsider", 404)])
def test_only_admins_may_import(cast, login, urls, role, status):
    client = login(cast[role])
    assert client.get(urls["import"]).status_code == status
    assert client.post(urls["import"], _upload(real_plan())).status_code == status
    assert client.post(urls["confirm"], {"token": "0" * 43}).status_code == status
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
