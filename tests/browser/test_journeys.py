"""The journeys of DOMAIN.md as a person does them, in Chromium against the live server."""

import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from activities.models import Activity, Status, StatusChange
from agreements.models import Agreement

from .crawler import log_in
from .data import PASSWORD, build_demo, make_role_users

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot(page, name: str) -> None:
    """Refresh the committed journey screenshots only when asked (`SAVE_SCREENSHOTS=1 make test`), so a test
    run leaves the work tree as it found it."""
    if os.environ.get("SAVE_SCREENSHOTS"):
        page.screenshot(path=SCREENSHOTS / name)


@pytest.fixture
def demo(transactional_db):
    agreement = build_demo()
    return agreement, make_role_users(agreement)


def new_page(browser, server, *, width=1280, javascript=True):
    context = browser.new_context(
        base_url=server, viewport={"width": width, "height": 900}, locale="sv-SE", java_script_enabled=javascript
    )
    return context.new_page()


def official_activity(agreement: Agreement) -> Activity:
    return Activity.objects.filter(
        agreement=agreement, responsibilities__person__user__username="browser-official", status__kind="initiated"
    ).first()


def status_value(agreement: Agreement, kind: str) -> str:
    return str(Status.objects.get(agreement=agreement, kind=kind).pk)


def log_in_with_keyboard(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/logga-in/")
    for _ in range(20):
        if page.evaluate("document.activeElement.name") == "username":
            break
        page.keyboard.press("Tab")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/logga-in/" not in page.url


def tab_to(page, text: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"no Tab stop reads {text!r}")


def test_official_changes_a_status_in_place_using_the_keyboard(browser, server, demo):
    agreement, _ = demo
    activity = official_activity(agreement)
    page = new_page(browser, server)
    log_in_with_keyboard(page, "browser-official")
    tab_to(page, "Mina aktiviteter")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.evaluate("window.__marker = 'no reload'")
    counters = page.locator(".status-counts")
    counts_before = counters.inner_text()
    card = page.locator(f"#card-{activity.pk}")
    card.get_by_role("link", name=re.compile("Ändra status")).press("Enter")
    card.get_by_label("Status").select_option(status_value(agreement, "ongoing"))
    card.get_by_label("Kommentar").fill("Arbetet har kommit igång.")
    card.get_by_role("button", name="Spara status").press("Enter")
    page.locator(f"#card-{activity.pk}.status-ongoing").wait_for()
    assert page.evaluate("window.__marker") == "no reload"
    page.wait_for_function("([el, before]) => el.innerText !== before", arg=[counters.element_handle(), counts_before])
    screenshot(page, "journey-status-change-1280.png")
    page.set_viewport_size({"width": 768, "height": 1024})
    screenshot(page, "journey-status-change-768.png")

    change = StatusChange.objects.get(activity=activity)
    assert (change.from_status.kind, change.to_status.kind, change.changed_by.username) == (
        "initiated",
        "ongoing",
        "browser-official",
    )
    page.goto(activity.get_absolute_url())
    history = page.locator("main").inner_text()
    assert "Initierad" in history and "Pågår" in history and "Browser-official" in history
    assert change.changed_at.astimezone().strftime("%Y-%m-%d") in history
    page.goto(f"/aktiviteter/overenskommelse/{agreement.pk}/matris/")
    row = page.locator(f"a[href='{activity.get_absolute_url()}']").first.locator(
        "xpath=ancestor::*[self::li or self::tr][1]"
    )
    assert "Pågår" in row.inner_text()


def test_official_changes_a_status_without_javascript(browser, server, demo):
    agreement, _ = demo
    activity = official_activity(agreement)
    page = new_page(browser, server, javascript=False)
    log_in(page, "browser-official")
    page.get_by_role("link", name="Mina aktiviteter").first.click()
    page.locator(f"#card-{activity.pk}").get_by_role("link", name=re.compile("Ändra status")).click()
    page.get_by_label("Status").select_option(status_value(agreement, "ongoing"))
    page.get_by_label("Kommentar").fill("Igång, utan JavaScript.")
    page.get_by_role("button", name="Spara status").click()
    assert "Pågår" in page.locator("main").inner_text()
    activity.refresh_from_db()
    assert activity.status.kind == Status.Kind.ONGOING


def test_admin_downloads_the_signed_agreement_as_pdf_a_with_every_signatory(browser, server, demo):
    agreement, _ = demo
    page = new_page(browser, server)
    log_in(page, "browser-admin")
    page.goto(agreement.get_absolute_url())
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner PDF").click()
    pdf = Path(download_info.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp
    text = " ".join(page_.extract_text() for page_ in reader.pages)
    names = list(agreement.signatories.values_list("name", flat=True))
    assert len(names) == 8
    assert [name for name in names if name not in text] == []


def test_second_of_two_browsers_editing_one_activity_is_refused_and_shown_the_change(browser, server, demo):
    agreement, _ = demo
    activity = official_activity(agreement)
    first, second = new_page(browser, server), new_page(browser, server)
    log_in(first, "browser-operative")
    log_in(second, "browser-official")
    for page in (first, second):
        page.goto(f"/aktiviteter/{activity.pk}/status/")
    first.get_by_label("Status").select_option(status_value(agreement, "ongoing"))
    first.get_by_label("Kommentar").fill("Först.")
    first.get_by_role("button", name="Spara status").click()
    second.get_by_label("Status").select_option(status_value(agreement, "finished"))
    second.get_by_label("Kommentar").fill("Andra.")
    second.get_by_role("button", name="Spara status").click()
    warning = second.locator(".stale-warning")
    warning.wait_for()
    assert "Pågår" in warning.inner_text()
    assert second.get_by_label("Kommentar").input_value() == "Andra."
    screenshot(second, "journey-stale-edit-1280.png")
    second.set_viewport_size({"width": 768, "height": 1024})
    screenshot(second, "journey-stale-edit-768.png")
    activity.refresh_from_db()
    assert activity.status.kind == Status.Kind.ONGOING
    assert list(StatusChange.objects.filter(activity=activity).values_list("comment", flat=True)) == ["Först."]


def _older_copy_with_a_change(agreement: Agreement) -> tuple[bytes, Activity, Activity]:
    """The first four rows of the plan as exported now, with one text changed in the file; returns the file, the
    activity of its first row and the one whose text the file changes."""
    import openpyxl

    from activities.transfer import sheet
    from activities.transfer.export import KEYS, export_workbook

    workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(agreement)))
    worksheet = workbook[sheet.SHEET_TITLE]
    worksheet.delete_rows(7, worksheet.max_row)

    def own(row: int) -> Activity:
        return Activity.objects.get(pk=worksheet.cell(row=row, column=len(KEYS)).value.split()[-1].split(":")[0])

    method = worksheet.cell(row=4, column=KEYS.index("method") + 1)
    method.value = "Uppsökande verksamhet med tolk, två gånger per termin."
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), own(3), own(4)


def test_admin_imports_an_older_copy_and_keeps_the_officials_status_change(browser, server, demo):
    agreement, _ = demo
    data, conflicting, changed = _older_copy_with_a_change(agreement)
    official = get_user_model().objects.get(username="browser-official")
    conflicting.set_status(Status.objects.get(agreement=agreement, kind="ongoing"), by=official, comment="Igång.")
    page = new_page(browser, server)
    log_in(page, "browser-admin")
    page.goto(f"/aktiviteter/overenskommelse/{agreement.pk}/importera/")
    page.get_by_label("Aktivitetsplan (.xlsx)").set_input_files(
        {"name": "aktivitetsplan-i-våras.xlsx", "mimeType": "application/octet-stream", "buffer": data}
    )
    page.get_by_role("button", name="Visa vad importen skulle göra").click()
    preview = page.locator(".import-preview")
    preview.wait_for()
    text = preview.inner_text()
    assert "1 värde är i konflikt" in text
    assert "ändrad i portalen efter filens version" in text
    assert "Uppsökande verksamhet med tolk, två gånger per termin." in text
    assert page.get_by_label("Använd filens värde").count() == 1
    screenshot(page.locator("main"), "import-preview.png")
    page.get_by_role("button", name="Importera", exact=True).click()
    assert "1 värde i konflikt behölls som det är i portalen." in page.locator(".messages, main").first.inner_text()
    conflicting.refresh_from_db()
    changed.refresh_from_db()
    assert conflicting.status.kind == "ongoing"
    assert changed.method == "Uppsökande verksamhet med tolk, två gånger per termin."
