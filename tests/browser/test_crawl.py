"""Every page and htmx fragment, as every role: WCAG 2.1 AA by axe-core, valid HTML by the Nu Html Checker,
nothing loaded from another host, no console error, and no reachable URL pattern left out of the crawl."""

import pytest

from .crawler import run_vnu, url_patterns
from .data import ROLES

# Patterns no link reaches in the demo data, each with the reason. Keep it short: a page missing here and
# from the crawl fails the coverage test.
NOT_LINKED = {
    "login": "reached by the redirect every anonymous request gets, counted only when the crawl lands there",
}


def test_crawl_reports_what_it_checked(crawl_results):
    for role in ROLES:
        crawled = crawl_results[role]
        print(
            f"crawl {role:>10}: {crawled.count('page')} pages, {crawled.count('fragment')} fragments, "
            f"{crawled.count('download')} downloads"
        )
    assert all(crawl_results[role].count("page") for role in ROLES)


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


def test_html_is_valid_on_every_page_and_fragment(crawl_results, tmp_path):
    checked = [item for role in ROLES for item in crawl_results[role].checked]
    errors = run_vnu(checked, tmp_path)
    print(f"Nu Html Checker: {sum(1 for item in checked if item.html)} documents, {len(errors)} errors")
    assert not errors, "Nu Html Checker errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("role", ROLES)
def test_every_link_shown_leads_to_a_page_the_role_may_open(crawl_results, role):
    assert not crawl_results[role].broken


@pytest.mark.parametrize("role", ROLES)
def test_browser_talks_only_to_the_portal_and_logs_no_error(crawl_results, role):
    assert not crawl_results[role].foreign_requests
    assert not crawl_results[role].console_errors


def test_crawl_reaches_every_url_pattern(crawl_results):
    visited = {item.url_name for role in ROLES for item in crawl_results[role].checked}
    missing = {name: route for name, route in url_patterns().items() if name not in visited and name not in NOT_LINKED}
    assert not missing, (
        "No link in the crawl reaches these pages, so nothing checks them. Link them from a page, "
        f"or add them to NOT_LINKED with the reason: {missing}"
    )
