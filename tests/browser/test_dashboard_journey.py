"""Journey 2 of DOMAIN.md: the strategic group reads the quarterly dashboard on a tablet and prints it."""

import io
from pathlib import Path

from pypdf import PdfReader

from tests.reports.history import at, change, new_activity

from .test_journeys import demo, log_in_with_keyboard, new_page, screenshot, tab_to

__all__ = ["demo"]  # the fixture, shared with the other journeys


def a_year_of_history(agreement) -> None:
    """Two activities recorded in 2024 with status changes, one recorded after the quarter it took effect in."""
    first = new_activity(agreement, "Trygghetsvandring i Bäckby", recorded=at("2024-04-02"), goal_areas=("A",))
    second = new_activity(agreement, "Läxhjälp i Råby", recorded=at("2024-04-03"), goal_areas=("A", "B"))
    change(first, "ongoing", effective="2024-05-06", recorded=at("2024-05-06"), comment="Första vandringen.")
    change(second, "ongoing", effective="2024-09-27", recorded=at("2024-10-01"), comment="Startade i fredags.")


def test_strategic_leader_reads_a_past_quarter_on_a_tablet_compares_and_downloads_the_pdf(browser, server, demo):
    agreement, _ = demo
    a_year_of_history(agreement)
    page = new_page(browser, server, width=768)
    log_in_with_keyboard(page, "ledning", "samverkan")
    tab_to(page, "Kvartalsrapport")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/kvartal/" in page.url

    # Pick 2024 Q3 with the keyboard: the quarter list, then "Visa".
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "quarter":
            break
    page.keyboard.type("2024 kvartal 3")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/kvartal/2024/3/")
    main = page.locator("main").inner_text()
    assert "Kvartalsrapport 2024 kvartal 3" in main
    assert "Läget vid slutet av kvartalets sista dag, 2024-09-30" in main
    # Läxhjälp went ongoing on 27 September, recorded on 1 October: it counts in Q3 and shows both days.
    assert "gällde från 2024-09-27, registrerad 2024-10-01" in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    screenshot(page, "dashboard-768.png")

    # Compare with the previous quarter: the comparison says what moved, and its own page is a Tab away.
    compared = page.locator("section", has=page.locator("#compared")).inner_text()
    assert "Jämfört med 2024 kvartal 2" in compared
    assert "Läxhjälp i Råby" in compared
    tab_to(page, "← Föregående kvartal (2024 kvartal 2)")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Kvartalsrapport 2024 kvartal 2" in page.locator("h1").inner_text()
    page.go_back()

    tab_to(page, "Ladda ner PDF – 2024 kvartal 3")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    pdf = Path(download_info.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Kvartalsrapport 2024 kvartal 3" in text
    for area in agreement.goal_areas.all():
        assert f"{area.code}. " in text
    assert "Alla aktiviteter 0 2 0 0 2" in text
