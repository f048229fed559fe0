"""The next agreement, set up in the portal: an administrator creates the successor with its predecessor's
structure and carries activities over into it, without opening the Django admin."""

import re
from urllib.parse import urlsplit

from agreements.models import Agreement

from .crawler import AXE, Checked, check_open_page, log_in
from .test_journeys import demo, new_page, screenshot

__all__ = ["demo"]  # the fixture, shared with the other journeys


def test_admin_sets_up_the_successor_and_carries_three_activities_over(browser, server, demo):
    agreement, _ = demo
    page = new_page(browser, server)
    page.context.add_init_script(path=str(AXE))
    log_in(page, "browser-admin")
    page.goto(agreement.get_absolute_url())
    page.get_by_role("link", name="Skapa nästa överenskommelse").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Nästa överenskommelse"
    assert page.get_by_label("Kopiera struktur från").input_value() == str(agreement.pk)
    for part in ("Målområden", "Statusar (ersätter standardstatusarna)", "Stadsdelar", "Tidsperspektiv"):
        assert page.get_by_label(part, exact=True).is_checked()
    checked = Checked("admin", page.url, "agreements:successor", "page")
    check_open_page(page, checked)
    assert (checked.axe, checked.reflow, checked.focus, checked.skip_link) == ([], {}, [], "")
    page.get_by_label("Gäller till").fill("2031-06-30")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "agreement-successor-form.png")
    page.get_by_role("button", name="Skapa utkastet").click()

    successor = Agreement.objects.get(predecessor=agreement)
    assert urlsplit(page.url).path == successor.get_absolute_url()
    copied = page.locator(".messages").inner_text()
    assert f"Kopierat från {agreement.label}:" in copied
    assert re.search(rf"{agreement.goal_areas.count()} målområden", copied)
    assert "/admin/" not in page.url

    page.get_by_role("link", name="För över aktiviteter från föregående överenskommelse").click()
    choices = page.locator("input[name=activities]")
    names = []
    for index in range(3):
        choice = choices.nth(index)
        label = page.locator(f"label[for='{choice.get_attribute('id')}']").inner_text()
        names.append(label.rsplit(" (", 1)[0])
        choice.check()
    page.get_by_role("button", name="För över").click()
    assert "3 aktiviteter fördes över" in page.locator(".messages").inner_text()

    page.goto(successor.get_absolute_url())
    page.get_by_role("link", name=re.compile("^Aktiviteter per ")).click()
    matrix = page.locator("main").inner_text()
    for name in names:
        assert name in matrix
    assert successor.activities.filter(parent=None).count() == 3
