"""The official's daily work on the status board, in Chromium against the live server: a card dragged to another
column opens its status form with that status, Cancel and Escape put it back, focus and the live region after a
save or an error, one form open at a time, and the board on a phone (columns folded, compact cards)."""

import re

import pytest

from activities.models import Activity, Status, StatusChange
from agreements.models import Agreement

from .crawler import log_in
from .data import build_demo, make_role_users


@pytest.fixture
def demo(transactional_db):
    agreement = build_demo()
    return agreement, make_role_users(agreement)


@pytest.fixture
def new_page(browser, server):
    """`new_page(width=…, javascript=…)`: a page of its own, its errors in `page.errors`. Each is left only when
    nothing is in flight, so no request of this test is still reading when the database is emptied."""
    contexts = []

    def make(*, width=1280, height=900, javascript=True):
        context = browser.new_context(
            base_url=server, viewport={"width": width, "height": height}, locale="sv-SE", java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
        return page

    yield make
    for context in contexts:
        for page in context.pages:
            page.wait_for_load_state("networkidle")
        context.close()


def official_activities(agreement: Agreement) -> list[Activity]:
    """The two initiated activities browser-official handles (data.make_role_users)."""
    return list(
        Activity.objects.filter(
            agreement=agreement, responsibilities__person__user__username="browser-official", status__kind="initiated"
        ).order_by("pk")
    )


def status(agreement: Agreement, kind: str) -> Status:
    return Status.objects.get(agreement=agreement, kind=kind)


def open_board(page, agreement: Agreement, query: str = "") -> None:
    page.goto(f"/aktiviteter/overenskommelse/{agreement.pk}/statustavla/{query}")
    page.wait_for_function("() => window.htmx && window.Sortable")


def column(page, status_: Status):
    return page.locator(f'ul.cards[data-status="{status_.pk}"]')


def column_of(page, activity: Activity) -> str:
    return page.locator(f"#card-{activity.pk}").evaluate("card => card.closest('ul.cards').dataset.status")


def focused(page) -> str:
    return page.evaluate("document.activeElement.outerHTML.slice(0, 120)")


def wait_closed_by_user(page, activity: Activity) -> None:
    """Wait for a card the user closed (Cancel, Escape) to settle: its form gone and the focus back on its
    "Change status". cards.js moves the focus only after the card has told board-dnd.js it settled, so by then
    a dragged card is back in its column; the form alone goes a moment earlier, at the swap."""
    page.wait_for_function(
        """id => { const card = document.getElementById(id);
                   return card && !card.querySelector('form') && card.contains(document.activeElement)
                       && document.activeElement.classList.contains('card-action'); }""",
        arg=f"card-{activity.pk}",
    )


def drag(page, activity: Activity, to: Status) -> None:
    """Drag the card onto the column of `to`, and wait for its form to open and take the focus."""
    page.locator(f"#card-{activity.pk}").drag_to(column(page, to))
    page.wait_for_function("id => document.activeElement.closest(`#${id} form`)", arg=f"card-{activity.pk}")


def open_form(page, activity: Activity) -> None:
    page.locator(f"#card-{activity.pk}").get_by_role("link", name=re.compile("Ändra status")).press("Enter")
    page.wait_for_function("id => document.activeElement.closest(`#${id} form`)", arg=f"card-{activity.pk}")


def test_a_card_dragged_to_another_column_asks_for_the_comment_and_records_the_change(new_page, demo):
    agreement, _ = demo
    activity = official_activities(agreement)[0]
    initiated, ongoing = status(agreement, "initiated"), status(agreement, "ongoing")
    page = new_page()
    log_in(page, "browser-official")
    open_board(page, agreement)
    page.evaluate("window.__marker = 'no reload'")

    drag(page, activity, ongoing)

    card = page.locator(f"#card-{activity.pk}")
    assert column_of(page, activity) == str(ongoing.pk)
    assert card.get_by_label("Status").input_value() == str(ongoing.pk)
    assert "comment" in focused(page)  # the status is chosen: what is left is to say why
    assert not StatusChange.objects.filter(activity=activity).exists()  # nothing saved by the drop itself
    card.get_by_role("button", name="Spara status").click()  # without a comment
    comment = card.get_by_label("Kommentar")
    page.wait_for_function("() => document.activeElement.getAttribute('aria-invalid') === 'true'")
    assert f'name="activity-{activity.pk}-comment"' in focused(page)
    assert "Skriv en kommentar" in card.inner_text()
    assert not StatusChange.objects.filter(activity=activity).exists()

    comment.fill("Första träffen är hållen.")
    card.get_by_role("button", name="Spara status").click()

    page.locator(f"#card-{activity.pk} .card-saved").wait_for()
    assert page.evaluate("window.__marker") == "no reload"
    assert column_of(page, activity) == str(ongoing.pk)
    # Focus moves once htmx has settled the swapped card, a moment after the form is gone: waited for, not raced.
    page.wait_for_function("id => document.activeElement.id === id", arg=f"card-{activity.pk}-name")  # its heading
    page.wait_for_function("() => document.getElementById('announcer').textContent.includes('är nu Pågår')")
    assert page.locator("#announcer").inner_text() == f"Status för ”{activity.name}” är nu Pågår."
    assert page.locator('[role="status"]').count() == 1
    assert "Senaste kommentar: Första träffen är hållen." in card.inner_text()
    assert "Browser-official" in card.inner_text()
    change = StatusChange.objects.get(activity=activity)
    assert (change.from_status, change.to_status, change.comment, change.changed_by.username) == (
        initiated,
        ongoing,
        "Första träffen är hållen.",
        "browser-official",
    )
    activity.refresh_from_db()
    assert activity.status == ongoing
    assert activity.history.first().history_user.username == "browser-official"
    # The counters above the board follow.
    page.wait_for_function(
        """() => [...document.querySelectorAll('#board-counters li')].some(
            li => li.textContent.includes('Pågår') && li.querySelector('.count').textContent === '1')"""
    )
    page.goto(activity.get_absolute_url())
    main = page.locator("main").inner_text()
    assert "Första träffen är hållen." in main and "Pågår" in main
    assert not page.errors


def test_cancel_and_escape_put_a_dragged_card_back_and_save_nothing(new_page, demo):
    agreement, _ = demo
    activity = official_activities(agreement)[0]
    initiated, finished = status(agreement, "initiated"), status(agreement, "finished")
    page = new_page()
    log_in(page, "browser-official")
    open_board(page, agreement)
    before = page.locator(f'ul.cards[data-status="{initiated.pk}"] > li > article').evaluate_all(
        "cards => cards.map(card => card.id)"
    )

    drag(page, activity, finished)
    assert column_of(page, activity) == str(finished.pk)
    assert column(page, finished).locator("li.empty").is_hidden()  # the demo has no finished activity
    page.locator(f"#card-{activity.pk}").get_by_role("link", name=re.compile("Avbryt")).click()
    wait_closed_by_user(page, activity)
    assert column_of(page, activity) == str(initiated.pk)
    assert f"/aktiviteter/{activity.pk}/status/" in focused(page)

    drag(page, activity, finished)
    page.keyboard.press("Escape")
    wait_closed_by_user(page, activity)
    assert column_of(page, activity) == str(initiated.pk)
    assert f"/aktiviteter/{activity.pk}/status/" in focused(page)
    after = page.locator(f'ul.cards[data-status="{initiated.pk}"] > li > article').evaluate_all(
        "cards => cards.map(card => card.id)"
    )
    assert after == before  # back in its place
    assert column(page, finished).locator("li.empty").is_visible()  # empty again, and says so
    assert not StatusChange.objects.filter(activity=activity).exists()
    activity.refresh_from_db()
    assert activity.status == initiated and activity.version == 1
    assert not page.errors


def test_escape_closes_a_form_opened_from_the_keyboard_and_focus_returns_to_its_link(new_page, demo):
    agreement, _ = demo
    activity = official_activities(agreement)[0]
    page = new_page()
    log_in(page, "browser-official")
    open_board(page, agreement)
    open_form(page, activity)
    assert "<select" in focused(page) and f"activity-{activity.pk}-status" in focused(page)
    page.keyboard.press("Escape")
    wait_closed_by_user(page, activity)


def test_only_one_status_form_is_open_at_a_time(new_page, demo):
    agreement, _ = demo
    first, second = official_activities(agreement)
    page = new_page()
    log_in(page, "browser-official")
    open_board(page, agreement)
    open_form(page, first)
    open_form(page, second)
    page.locator(f"#card-{first.pk} form").wait_for(state="detached")
    assert page.locator("article.card form").count() == 1
    assert f"activity-{second.pk}-status" in focused(page)  # closing the first took no focus from the second


def test_a_card_the_user_may_not_change_does_not_move(new_page, demo):
    agreement, _ = demo
    ongoing = status(agreement, "ongoing")
    handled = {activity.pk for activity in official_activities(agreement)}
    other = Activity.objects.filter(agreement=agreement, status__kind="initiated").exclude(pk__in=handled).first()
    page = new_page()
    log_in(page, "browser-official")
    open_board(page, agreement)
    board_url = page.url
    assert page.locator(f"#card-{other.pk}").evaluate("card => !card.parentElement.matches('.movable')")
    # Grabbed by its status line (not a link, which the browser itself lets one drag).
    page.locator(f"#card-{other.pk} .card-status").drag_to(column(page, ongoing))
    page.wait_for_timeout(500)
    assert page.url == board_url
    assert column_of(page, other) == str(status(agreement, "initiated").pk)
    assert page.locator("article.card form").count() == 0


def test_on_a_phone_the_columns_start_folded_and_compact_cards_show_name_and_status(new_page, demo):
    agreement, _ = demo
    activity = official_activities(agreement)[0]
    initiated = status(agreement, "initiated")
    page = new_page(width=360, height=740)
    log_in(page, "browser-official")
    open_board(page, agreement, "?kompakt=1")
    full_height = page.evaluate("document.documentElement.scrollHeight")
    assert page.locator("details.board-column-cards[open]").count() == 0
    assert full_height < 2000
    page.locator(f'section:has(ul[data-status="{initiated.pk}"]) summary').click()
    card = page.locator(f"#card-{activity.pk}")
    assert card.is_visible()
    assert card.locator(".card-meta").first.is_hidden()
    assert card.locator(".card-title").is_visible() and card.locator(".status-label").is_visible()
    # Another order, and a filter change, keep the columns as the user left them.
    with page.expect_navigation():
        page.get_by_role("link", name="Efter namn").click()
    assert "sortering=namn" in page.url and "kompakt=1" in page.url
    page.wait_for_function("() => window.Sortable && document.querySelector('.board li.movable')")
    assert page.locator("details.board-column-cards[open]").count() == 1
    assert page.locator(f"#card-{activity.pk}").is_visible()
    page.get_by_label("Prioriterad").select_option("no")
    page.wait_for_url(re.compile(r"prioritised=no"))
    page.wait_for_function("() => document.querySelectorAll('details.board-column-cards[open]').length === 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Without JavaScript the columns are open (and fold by hand).
    no_js = new_page(width=360, height=740, javascript=False)
    log_in(no_js, "browser-official")
    no_js.goto(f"/aktiviteter/overenskommelse/{agreement.pk}/statustavla/?kompakt=1")
    assert no_js.locator("details.board-column-cards[open]").count() == 4
    no_js.locator(f'section:has(ul[data-status="{initiated.pk}"]) summary').click()
    assert no_js.locator(f"#card-{activity.pk}").is_hidden()
    assert not page.errors


def test_cancel_on_the_status_page_of_its_own_goes_back_to_the_activity(new_page, demo):
    agreement, _ = demo
    activity = official_activities(agreement)[0]
    page = new_page()
    log_in(page, "browser-official")
    page.goto(activity.get_absolute_url())
    page.get_by_role("link", name="Ändra status").click()
    page.get_by_label("Kommentar").fill("Utkast som inte ska sparas.")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Avbryt")).click()
    assert page.url.endswith(activity.get_absolute_url())
    assert not StatusChange.objects.filter(activity=activity).exists()
    assert not page.errors
