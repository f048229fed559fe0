"""The matrix as a grid on a tablet, by keyboard only: an official switches the matrix to the grid, scrolls
its region sideways to every goal area while the head row and the names stay in view, and filters it in place."""

import re

from .crawler import AXE, AXE_TAGS, RUN_AXE, Checked, check_open_page
from .test_journeys import demo, log_in_with_keyboard, new_page, screenshot, tab_to

__all__ = ["demo"]  # the fixture, shared with the other journeys

# The goal-area heads whose whole box shows inside the region, beside (not under) the sticky names.
VISIBLE_HEADS = """() => {
  const region = document.querySelector(".grid-scroll").getBoundingClientRect();
  const scroller = document.querySelector(".grid-scroll");
  const right = region.left + scroller.clientLeft + scroller.clientWidth;
  const bottom = region.top + scroller.clientTop + scroller.clientHeight;
  const names = document.querySelector(".plan-grid thead th.grid-name").getBoundingClientRect();
  return [...document.querySelectorAll(".plan-grid thead th.grid-area")]
    .map(head => head.getBoundingClientRect())
    .map((box, index) => box.left >= names.right - 1 && box.right <= right + 1 && box.top >= region.top - 1
      && box.bottom <= bottom + 1 ? index : -1)
    .filter(index => index >= 0);
}"""

# Status labels whose words are split over two lines, and those that stick out of their column or cell.
LABEL_PROBLEMS = """() => {
  const broken = [], overflowing = [];
  for (const label of document.querySelectorAll(".status-label")) {
    if (!label.getClientRects().length) continue;
    const text = [...label.childNodes].filter(node => node.nodeType === Node.TEXT_NODE);
    for (const node of text) {
      for (const word of node.data.matchAll(/[^\\s\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map(box => Math.round(box.top)));
        if (lines.size > 1) broken.push(`${label.textContent.trim()}: “${word[0]}” is broken`);
      }
    }
    const box = label.closest(".matrix-column, td, th");
    if (box && label.getBoundingClientRect().right > box.getBoundingClientRect().right + 1) {
      overflowing.push(`${label.textContent.trim()} sticks out of its box`);
    }
  }
  return {broken, overflowing};
}"""
NO_LABEL_PROBLEMS = {"broken": [], "overflowing": []}


def tab_into_the_grid(page) -> None:
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('grid-scroll')"):
            return
    raise AssertionError("no Tab stop is the grid's scroll region")


def press_until_scrolled(page, key: str, prop: str) -> bool:
    """Press `key` in the focused region; False once it no longer scrolls (its end)."""
    before = page.evaluate(f"document.querySelector('.grid-scroll').{prop}")
    page.keyboard.press(key)
    try:
        page.wait_for_function(
            f"before => document.querySelector('.grid-scroll').{prop} !== before", arg=before, timeout=1000
        )
    except Exception:  # Playwright's TimeoutError: nothing moved
        return False
    settle(page)
    return True


def settle(page) -> None:
    """Wait for smooth scrolling (the region's and the page's) to come to rest."""
    where = (
        "(() => { const r = document.querySelector('.grid-scroll'); return [r.scrollLeft, r.scrollTop, scrollY]; })()"
    )
    last = page.evaluate(where)
    for _ in range(50):
        page.wait_for_timeout(50)
        now = page.evaluate(where)
        if now == last:
            return
        last = now


def test_official_switches_to_the_grid_and_reaches_every_goal_area_by_keyboard_at_768_px(browser, server, demo):
    agreement, _ = demo
    areas = list(agreement.goal_areas.all())
    assert len(areas) == 8
    page = new_page(browser, server, width=768)
    page.context.add_init_script(path=str(AXE))
    log_in_with_keyboard(page, "browser-official")
    page.goto(f"/aktiviteter/overenskommelse/{agreement.pk}/matris/")
    assert page.evaluate("document.activeElement === document.body")
    assert page.locator(".view-switch [aria-current='true']").inner_text() == "Kolumner"
    # The columns are 9rem wide at 768 px: "Initierad/" | "delvis igång". However narrow a box, words stay whole.
    assert page.evaluate(LABEL_PROBLEMS) == NO_LABEL_PROBLEMS
    page.evaluate("document.querySelector('.matrix-column').style.width = '4rem'")
    assert page.evaluate(LABEL_PROBLEMS)["broken"] == []

    tab_to(page, "Rutnät")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/matris/?vy=rutnat")
    assert page.locator(".view-switch [aria-current='true']").inner_text() == "Rutnät"
    heads = page.locator(".plan-grid thead th.grid-area")
    assert heads.all_inner_texts() == [f"{area.code}. {area.title}" for area in areas]
    assert page.evaluate(LABEL_PROBLEMS) == NO_LABEL_PROBLEMS

    tab_into_the_grid(page)
    at_start = page.evaluate(VISIBLE_HEADS)
    assert 0 in at_start and len(at_start) < len(areas)  # the region is narrower than its table
    seen = set(at_start)
    while press_until_scrolled(page, "ArrowRight", "scrollLeft"):
        seen |= set(page.evaluate(VISIBLE_HEADS))
    assert seen == set(range(len(areas)))
    # The region scrolled, the page did not; the names stayed in view on the left.
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    assert page.evaluate("window.scrollX") == 0
    names = page.locator(".plan-grid tbody th").first.bounding_box()
    region = page.locator(".grid-scroll").bounding_box()
    assert abs(names["x"] - region["x"]) <= 2

    # Down the rows: the head row stays at the top of the region.
    assert press_until_scrolled(page, "PageDown", "scrollTop")
    below_region_top = """() => document.querySelector('.plan-grid thead th.grid-name').getBoundingClientRect().top
      - document.querySelector('.grid-scroll').getBoundingClientRect().top"""
    assert abs(page.evaluate(below_region_top)) <= 2
    page.set_viewport_size({"width": 768, "height": 1024})
    page.evaluate("""() => {
      document.querySelector('.grid-scroll').scrollTop = 0;
      window.scrollTo(0, document.querySelector('.view-switch').getBoundingClientRect().top + scrollY - 12);
    }""")
    screenshot(page, "plan-grid-768.png")  # scrolled to the last goal area, the names in view

    # Filtering keeps the grid and swaps it in place (htmx), the view switch taking the filter along.
    page.evaluate("window.__marker = 'no reload'")
    responsible = page.get_by_label("Ansvarig")
    responsible.focus()
    # The person is linked to the official's login, so the plan names them by the login's full name.
    responsible.select_option(label="Browser-official")
    page.wait_for_url(re.compile(r"person=\d+.*vy=rutnat"))
    page.locator(".plan-grid caption", has_text="2 aktiviteter").wait_for()
    assert page.evaluate("window.__marker") == "no reload"
    columns_link = page.locator(".view-switch a", has_text="Kolumner").get_attribute("href")
    assert re.search(r"\?person=\d+$", columns_link)

    assert page.evaluate(RUN_AXE, AXE_TAGS) == []  # the grid as htmx swapped it in
    page.reload()
    checked = Checked("official", page.url, "activities:matrix", "page")
    check_open_page(page, checked)
    assert (checked.axe, checked.reflow, checked.focus, checked.skip_link) == ([], {}, [], "")
