"""Every page and htmx fragment, as every role: WCAG 2.1 AA by axe-core, valid HTML by the Nu Html Checker,
nothing loaded from another host, no console error, no reachable URL pattern left out of the crawl; and
keyboard use and reflow: the skip link comes first and moves focus to the content, focus always shows,
nothing scrolls sideways at 320 px or at 200 % zoom (WCAG 2.4.1, 2.4.7, 1.4.10)."""

import re
from urllib.parse import urlsplit

import pytest

from .crawler import run_vnu, url_name, url_patterns
from .data import ROLES

# Patterns no link reaches in the demo data, each with the reason. Keep it short: a page missing here and
# from the crawl fails the coverage test.
NOT_LINKED = {
    "activities:carry_over": "linked only from an agreement that has a successor; the demo's newest has none",
    "agreements:review": "linked only from a signed agreement valid until further notice with a review cycle; the "
    "demo's run to an end date (tests/agreements/test_appendices_page.py opens, sends and refuses it)",
    "reports:pick": "the menu's link to it redirects to the user's own dashboard (crawled); it shows a page only "
    "for a bad choice in the quarter picker or a user without agreements (tests/reports/test_dashboard.py)",
}
# Pages some role is shown a link to but gets 404 from, each with the reason and who fixes it.
KNOWN_DEAD_LINKS: dict[str, str] = {}  # url name -> why a 404 link is tolerated (none now)


def test_crawl_reports_what_it_checked(crawl_results, capsys):
    with capsys.disabled():  # in the CI log too, not only with -s
        for role in ROLES:
            crawled = crawl_results[role]
            print(
                f"\ncrawl {role:>10}: {crawled.count('page')} pages, {crawled.count('fragment')} fragments, "
                f"{crawled.count('post')} hx-post fragments, {crawled.count('download')} downloads",
                end="",
            )
    assert all(crawl_results[role].count("page") for role in ROLES)


def test_crawl_sends_the_htmx_forms_and_saves_nothing(crawl_results):
    """The status form inside a board card is sent as htmx sends it (with a form error, and based on a stale
    version), so the fragments a user sees then are checked like every other; and not one row changes."""
    posted = {item.variant for role in ROLES for item in crawl_results[role].checked if item.kind == "post"}
    assert posted == {"form error", "stale version"}
    changed = {role: crawl_results[role].changed_tables for role in ROLES if crawl_results[role].changed_tables}
    assert not changed, f"the crawl changed the portal's data: {changed}"


@pytest.mark.parametrize("role", ROLES)
def test_axe_finds_no_wcag_21_aa_violation(crawl_results, role):
    problems = []
    for checked in crawl_results[role].checked:
        for violation in checked.axe:
            problems.append(
                f"{checked.kind} {checked.url}\n  {violation['id']} ({violation['impact']}): {violation['help']}"
            )
            problems.extend(f"    {node}" for node in violation["nodes"])
    assert not problems, "axe-core found:\n" + "\n".join(problems)


def test_html_is_valid_on_every_page_and_fragment(crawl_results, tmp_path, capsys):
    checked = [item for role in ROLES for item in crawl_results[role].checked]
    errors = run_vnu(checked, tmp_path)
    with capsys.disabled():
        print(f"\nNu Html Checker: {sum(1 for item in checked if item.html)} documents, {len(errors)} errors")
    assert not errors, "Nu Html Checker errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("role", ROLES)
def test_every_link_shown_leads_to_a_page_the_role_may_open(crawl_results, role):
    broken = [
        f"{url}: {what}"
        for url, what in crawl_results[role].broken
        if not (what == "answered 404" and url_name(urlsplit(url).path) in KNOWN_DEAD_LINKS)
    ]
    assert not broken


@pytest.mark.parametrize("role", ROLES)
def test_browser_talks_only_to_the_portal_and_logs_no_error(crawl_results, role):
    assert not crawl_results[role].foreign_requests
    assert not crawl_results[role].console_errors


def test_crawl_reaches_every_url_pattern(crawl_results):
    visited = {item.url_name for role in ROLES for item in crawl_results[role].checked}
    for name in sorted(visited & NOT_LINKED.keys()):
        print(f"NOT_LINKED in {__file__} lists {name}, which the crawl now reaches: remove the line.")
    missing = {name: route for name, route in url_patterns().items() if name not in visited and name not in NOT_LINKED}
    assert not missing, (
        "No link in the crawl reaches these pages, so nothing checks them. Link them from a page, "
        f"or add them to NOT_LINKED with the reason: {missing}"
    )


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_crawl_checks_the_matrix_in_each_of_its_views_and_their_htmx_fragments(crawl_results, role):
    """The matrix's grid (`?vy=rutnat`) shares the columns' URL name; the crawl counts each view on its own."""
    matrices = [item for item in crawl_results[role].checked if item.url_name == "activities:matrix"]
    shown = {(item.kind, "vy=rutnat" in item.url) for item in matrices}
    assert shown == {("page", False), ("page", True), ("fragment", False), ("fragment", True)}


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_at_320_px_or_200_percent_zoom(crawl_results, role):
    overflowing = [
        f"{checked.url} at {width} px is {scroll_width} px wide"
        for checked in crawl_results[role].checked
        for width, scroll_width in checked.reflow.items()
    ]
    assert not overflowing


@pytest.mark.parametrize("role", ROLES)
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(crawl_results, role):
    pages = [checked for checked in crawl_results[role].checked if checked.kind == "page"]
    assert pages
    assert not [f"{checked.url}: {checked.skip_link}" for checked in pages if checked.skip_link]


@pytest.mark.parametrize("role", ROLES)
def test_every_focused_control_shows_an_outline(crawl_results, role):
    invisible = [f"{checked.url}: {element}" for checked in crawl_results[role].checked for element in checked.focus]
    assert not invisible


HTMX_SCRIPT = re.compile(r'<script[^>]+src="[^"]*/htmx[-.\w]*\.js"')
USES_HTMX = re.compile(r"\shx-(?:get|post|put|patch|delete|boost)=")


def test_htmx_is_loaded_on_the_pages_that_use_it_and_no_others(crawl_results):
    """A page with an hx-get or hx-post loads htmx. A page that never has one, for any role in any state (the
    public pages, the login, most forms), does not: it is spared the download. (A page whose controls depend
    on the role, say the meeting page, may load it for a reader who sees none.)"""
    pages = [checked for role in ROLES for checked in crawl_results[role].checked if checked.kind == "page"]
    using = {checked.url_name for checked in pages if USES_HTMX.search(checked.html)}
    wrong = sorted(
        {
            f"{checked.url_name}: uses htmx but does not load it"
            if checked.url_name in using and USES_HTMX.search(checked.html)
            else f"{checked.url_name}: loads htmx, which it never uses"
            for checked in pages
            if bool(HTMX_SCRIPT.search(checked.html)) != bool(USES_HTMX.search(checked.html))
            and (USES_HTMX.search(checked.html) or checked.url_name not in using)
        }
    )
    assert not wrong, wrong
