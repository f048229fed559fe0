"""Keyboard use and reflow on every crawled page: the skip link comes first and moves focus to the content,
focus always shows, and nothing scrolls sideways at 320 px or at 200 % zoom (WCAG 2.4.1, 2.4.7, 1.4.10)."""

import pytest

from .data import ROLES


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
