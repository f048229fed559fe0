"""The next agreement, set up in the portal: an administrator creates the successor with its predecessor's
structure, carries activities over into it, and adds a party, a signatory and an appendix with its file, without
opening the Django admin."""

import re
from urllib.parse import urlsplit

from agreements.models import Agreement, Party

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


def test_admin_adds_a_party_and_a_signatory_to_the_successor_without_the_admin(browser, server, demo):
    agreement, _ = demo
    page = new_page(browser, server)
    page.context.add_init_script(path=str(AXE))
    log_in(page, "browser-admin")
    page.goto(agreement.get_absolute_url())
    page.get_by_role("link", name="Skapa nästa överenskommelse").click()
    page.get_by_label("Gäller till").fill("2031-06-30")
    page.get_by_role("button", name="Skapa utkastet").click()
    successor = Agreement.objects.get(predecessor=agreement)
    copied = [row.party.name for row in agreement.agreement_parties.all()]
    assert [row.party.name for row in successor.agreement_parties.all()] == copied

    page.locator(".actions").get_by_role("link", name="Parter", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Parter"
    page.get_by_label("Namn", exact=True).fill("Exempel: Fastighetsägarna Väster")
    page.get_by_label("Typ").select_option(label="Företag")
    page.get_by_label("Organisationsnummer").fill("802400-1231")  # a wrong check digit first
    page.get_by_label("Adress").fill("Box 12\n721 05 Västerås")
    page.get_by_label("Kortnamn").fill("föreningen")
    page.get_by_role("button", name="Lägg till parten").click()
    error = page.locator(".field-error", has=page.get_by_label("Organisationsnummer"))
    assert "kontrollsiffran" in error.inner_text()
    assert not Party.objects.filter(name="Exempel: Fastighetsägarna Väster").exists()
    page.get_by_label("Organisationsnummer").fill("8024001235")
    page.get_by_role("button", name="Lägg till parten").click()
    assert "Exempel: Fastighetsägarna Väster är nu part i överenskommelsen." in page.locator(".messages").inner_text()
    row = page.get_by_role("row", name=re.compile("^Exempel: Fastighetsägarna Väster"))
    assert "Org.nr 802400-1235" in row.inner_text() and "”föreningen”" in row.inner_text()
    row.get_by_role("button", name="Flytta upp").click()
    names = page.locator("table.parts tbody th").all_inner_texts()
    assert names[len(copied) - 1].startswith("Exempel: Fastighetsägarna Väster")
    checked = Checked("admin", page.url, "agreements:parties", "page")
    check_open_page(page, checked)
    assert (checked.axe, checked.reflow, checked.focus, checked.skip_link) == ([], {}, [], "")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "agreement-parties-page.png")

    page.get_by_role("navigation", name="Utkastet").get_by_role("link", name="Undertecknare").click()
    page.get_by_label(re.compile("^Namn")).fill("Exempel: Eva Ek")
    page.get_by_label("Titel eller befattning").fill("verksamhetschef")
    page.get_by_label("Undertecknar för").select_option(label="Exempel: Fastighetsägarna Väster (802400-1235)")
    page.get_by_role("button", name="Lägg till undertecknaren").click()
    assert "Exempel: Eva Ek sparades." in page.locator(".messages").inner_text()
    checked = Checked("admin", page.url, "agreements:signatories", "page")
    check_open_page(page, checked)
    assert (checked.axe, checked.reflow, checked.focus, checked.skip_link) == ([], {}, [], "")

    # The appendix the draft is signed with, its file uploaded here: a renamed file is refused first.
    page.get_by_role("navigation", name="Utkastet").get_by_role("link", name="Bilagor").click()
    assert "Överenskommelsen har inga bilagor." in page.locator("main").inner_text()
    page.get_by_label(re.compile("^Titel")).fill("Exempel: Kontaktlista")
    fake = {"name": "kontaktlista.pdf", "mimeType": "application/pdf", "buffer": b"<html>ingen pdf</html>"}
    page.get_by_label("Fil", exact=True).set_input_files(fake)
    page.get_by_role("button", name="Lägg till bilagan").click()
    assert "Filens innehåll är inte en PDF-fil." in page.locator(".field-error").inner_text()
    assert not successor.appendices.exists()
    page.get_by_label("Fil", exact=True).set_input_files(fake | {"buffer": b"%PDF-1.4\n% kontakter\n"})
    page.get_by_role("button", name="Lägg till bilagan").click()
    assert "Bilaga 1: Exempel: Kontaktlista lades till." in page.locator(".messages").inner_text()
    assert successor.appendices.get().versions.get().file_name == "kontaktlista.pdf"
    checked = Checked("admin", page.url, "agreements:appendices", "page")
    check_open_page(page, checked)
    assert (checked.axe, checked.reflow, checked.focus, checked.skip_link) == ([], {}, [], "")
    page.get_by_role("link", name="Tillbaka till överenskommelsen").click()
    appendices = page.locator("section", has=page.get_by_role("heading", name="Bilagor", exact=True)).inner_text()
    assert "Bilaga 1: Exempel: Kontaktlista" in appendices and "Ladda ner kontaktlista.pdf" in appendices
    signatures = page.locator("section", has=page.get_by_role("heading", name="Underskrifter")).inner_text()
    assert "Exempel: Eva Ek" in signatures and "Inte undertecknad" in signatures
    parties = page.locator("section", has=page.get_by_role("heading", name="Parter")).inner_text()
    assert "Exempel: Fastighetsägarna Väster, nedan kallad ”föreningen”" in parties
    assert "/admin/" not in page.url
    [eva] = successor.signatories.all()
    assert (eva.organisation, eva.party.name) == ("Exempel: Fastighetsägarna Väster",) * 2
