"""The official's daily work on the status board: the order of the cards, compact cards and folding columns for a
phone, the latest status comment on each card, and the status form in place (a status chosen by dropping the card
on a column, Cancel, focus on the field in error)."""

import datetime
import re

import pytest
from django.urls import reverse

from activities.models import Activity, StatusChange
from tests.activities.helpers import HTMX, queries_for
from tests.activities.plan_helpers import make_plan
from tests.factories import make_activity, make_statuses


@pytest.fixture
def statuses(agreement):
    return make_statuses(agreement)


@pytest.fixture
def activity(agreement, cast, statuses):
    return make_activity(agreement, "Feriepraktik", handled_by=cast["official"])


def board_url(agreement, query=""):
    return reverse("activities:board", args=[agreement.pk]) + query


def status_url(activity, query=""):
    return reverse("activities:status", args=[activity.pk]) + query


def column_names(response, kind="initiated") -> list[str]:
    """The names of the cards in the column of `kind`, in the order the page shows them."""
    html = response.content.decode()
    column = re.search(rf'<section class="board-column status-{kind}".*?</section>', html, re.DOTALL).group(0)
    return re.findall(r'<h3 class="card-title"[^>]*><a[^>]*>([^<]+)</a>', column)


@pytest.fixture
def named(agreement, statuses):
    """Four initiated activities in this plan order: the second prioritised, follow-ups on some."""
    return [
        make_activity(agreement, "Örebromodellen", position=1, follow_up_text="varje terminsslut"),
        make_activity(agreement, "Zonindelning", position=2, is_prioritised=True),
        make_activity(agreement, "Ängsgården", position=3, follow_up_on=datetime.date(2025, 3, 1)),
        make_activity(agreement, "Ålands modell", position=4, follow_up_on=datetime.date(2024, 9, 30)),
        make_activity(agreement, "Aktivitetsstöd", position=5),
    ]


def test_cards_come_prioritised_first_then_in_plan_order(cast, login, agreement, named):
    response = login(cast["reader"]).get(board_url(agreement))
    assert column_names(response) == ["Zonindelning", "Örebromodellen", "Ängsgården", "Ålands modell", "Aktivitetsstöd"]


def test_cards_sorted_by_name_in_swedish_order(cast, login, agreement, named):
    response = login(cast["reader"]).get(board_url(agreement, "?sortering=namn"))
    assert column_names(response) == ["Aktivitetsstöd", "Zonindelning", "Ålands modell", "Ängsgården", "Örebromodellen"]


def test_cards_sorted_by_follow_up_date_soonest_first_the_undated_after(cast, login, agreement, named):
    response = login(cast["reader"]).get(board_url(agreement, "?sortering=uppfoljning"))
    assert column_names(response) == ["Ålands modell", "Ängsgården", "Örebromodellen", "Zonindelning", "Aktivitetsstöd"]
    html = response.content.decode()
    assert '<time datetime="2024-09-30">2024-09-30</time>' in html  # the date it is sorted by shows on the card
    assert "Uppföljning: varje terminsslut" in html


@pytest.mark.parametrize(
    "query",
    [
        "?sortering=ingen",
        "?sortering=",
        "?sortering=namn&sortering=",
        "?sortering=%00",
        "?kompakt=ja&sortering=x",
        "?sortering=namn&sortering=x",
        "?sortering=prioriterade&kompakt=0",
    ],
)
def test_a_bad_sort_or_compact_value_shows_the_default_board(cast, login, agreement, named, query):
    response = login(cast["reader"]).get(board_url(agreement, query))
    assert response.status_code == 200
    assert column_names(response)[0] == "Zonindelning"
    assert 'class="board"' in response.content.decode()


def test_the_order_and_the_cards_are_links_that_keep_the_filters(cast, login, agreement, activity):
    path = board_url(agreement)
    response = login(cast["official"]).get(path + "?kompakt=1&prioritised=no&sortering=namn")
    html = response.content.decode()
    # Each order and kind of card is a link (as the matrix's views), the one shown marked, the filters kept.
    assert f'<a href="{path}?prioritised=no&amp;kompakt=1">Prioriterade först</a>' in html
    assert (
        f'<a href="{path}?prioritised=no&amp;sortering=namn&amp;kompakt=1" aria-current="true">Efter namn</a>' in html
    )
    assert f'<a href="{path}?prioritised=no&amp;sortering=namn">Med detaljer</a>' in html
    assert 'aria-current="true">Kompakta</a>' in html
    # Filtering keeps them (hidden fields), and so does clearing the filters.
    assert '<input type="hidden" name="sortering" value="namn">' in html
    assert '<input type="hidden" name="kompakt" value="1">' in html
    assert f'<a href="{path}?sortering=namn&amp;kompakt=1">Rensa filter</a>' in html
    # The status form's plain post returns to the board as it was seen (validated values only).
    assert f"?next={path}%3Fprioritised%3Dno%26sortering%3Dnamn%26kompakt%3D1" in html
    assert response.context["filter_form"].filters() == {"prioritised": False}


def test_the_default_board_spells_no_settings(cast, login, agreement, activity):
    path = board_url(agreement)
    html = login(cast["official"]).get(path + "?sortering=prioriterade&kompakt=0").content.decode()
    assert f'<a href="{path}" aria-current="true">Prioriterade först</a>' in html
    assert 'type="hidden"' not in html.split('class="plan-filters"')[1].split("</form>")[0]
    assert f"?next={path}" + '"' in html


def test_sorting_is_not_filtering(cast, login, agreement, activity):
    response = login(cast["reader"]).get(board_url(agreement, "?sortering=namn"))
    assert "Visar aktiviteterna som matchar filtret." not in response.content.decode()


def test_compact_board_marks_itself_and_every_column_folds(cast, login, agreement, activity, statuses):
    client = login(cast["official"])
    full = client.get(board_url(agreement)).content.decode()
    compact = client.get(board_url(agreement, "?kompakt=1")).content.decode()
    assert '<div class="board">' in full and '<div class="board board-compact">' in compact
    # A column per status, each a <details> open as sent (without JavaScript every card shows), headed by its name.
    columns = re.findall(r'<details class="board-column-cards" open>\s*<summary><h2 id="column-(\d+)">', full)
    assert columns == [str(status.pk) for status in statuses.values()]


def test_only_cards_the_user_may_change_can_be_dragged(cast, login, agreement, activity):
    other = make_activity(agreement, "Boendeinflytande")
    html = login(cast["official"]).get(board_url(agreement)).content.decode()
    assert re.search(rf'<li class="movable">\s*<article[^>]* id="card-{activity.pk}"', html)
    assert re.search(rf'<li>\s*<article[^>]* id="card-{other.pk}"', html)
    assert 'class="movable"' not in login(cast["reader"]).get(board_url(agreement)).content.decode()


def test_only_the_board_loads_drag_and_drop_and_no_page_has_inline_script(cast, login, agreement, activity):
    client = login(cast["official"])
    board = client.get(board_url(agreement)).content.decode()
    mine = client.get(reverse("activities:mine")).content.decode()
    matrix = client.get(reverse("activities:matrix", args=[agreement.pk])).content.decode()
    for script in ("js/cards.js", "vendor/sortable/Sortable.min.js", "js/board-dnd.js"):
        assert re.search(rf'<script src="/static/{re.escape(script)}" defer></script>', board)
    assert "js/cards.js" in mine and "board-dnd.js" not in mine and "Sortable" not in mine
    assert "cards.js" not in matrix and "board-dnd.js" not in matrix
    for html in (board, mine):
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # every script is a file
        assert html.count('role="status"') == 1  # the page's one live region, none per card
        assert '<div id="announcer" class="visually-hidden" role="status"></div>' in html


# The latest status comment on the card.


def test_the_card_shows_the_latest_comment_with_who_and_when(cast, login, agreement, activity, statuses):
    activity.set_status(statuses["ongoing"], by=cast["operative"], comment="Första gruppen är igång.")
    official = cast["official"]
    official.first_name, official.last_name = "Åsa", "Andersson"
    official.save()
    activity.set_status(statuses["ongoing"], by=official, comment="Tjugo anmälda till sommaren.")
    activity.set_status(statuses["finished"], by=official, comment="")  # no comment: the last one written stays

    html = card_of(login(cast["reader"]).get(board_url(agreement)), activity)

    assert "Senaste kommentar:</span> Tjugo anmälda till sommaren." in html
    today = datetime.date.today().isoformat()
    assert re.search(rf'Åsa Andersson, <time datetime="{today}T[^"]+">{today}</time>', html)
    assert "Första gruppen" not in html


def test_the_comment_names_the_username_when_the_user_has_no_name(cast, login, agreement, activity, statuses):
    operative = cast["operative"]
    operative.first_name = ""
    operative.save()
    activity.set_status(statuses["ongoing"], by=operative, comment="Igång.")
    html = card_of(login(cast["reader"]).get(board_url(agreement)), activity)
    assert re.search(r'<p class="card-comment-by">operative, <time', html)


def test_a_comment_whose_writer_is_gone_shows_when_only(cast, login, agreement, activity, statuses):
    activity.set_status(statuses["ongoing"], by=None, comment="Från importen.")
    html = card_of(login(cast["reader"]).get(board_url(agreement)), activity)
    assert re.search(r'<p class="card-comment-by"><time datetime=', html)


def test_a_long_comment_is_cut_on_the_card(cast, login, agreement, activity, statuses):
    activity.set_status(statuses["ongoing"], by=cast["official"], comment="ord " * 1000)
    html = card_of(login(cast["reader"]).get(board_url(agreement)), activity)
    shown = re.search(r"Senaste kommentar:</span> ([^<]*)</p>", html).group(1)
    assert len(shown) == 200 and shown.endswith("…")


def test_my_activities_show_the_latest_comment_too(cast, login, activity, statuses):
    activity.set_status(statuses["ongoing"], by=cast["official"], comment="Lokalen är bokad.")
    html = login(cast["official"]).get(reverse("activities:mine")).content.decode()
    assert "Lokalen är bokad." in html


def test_the_saved_card_shows_the_new_comment_and_says_so_for_the_live_region(cast, login, activity, statuses):
    prefix = f"activity-{activity.pk}"
    response = login(cast["official"]).post(
        status_url(activity),
        {f"{prefix}-status": statuses["ongoing"].pk, f"{prefix}-comment": "Nu kör vi.", f"{prefix}-version": 1},
        **HTMX,
    )
    html = response.content.decode()
    assert "Senaste kommentar:</span> Nu kör vi." in html and "Official, <time" in html
    assert 'data-announce="Status för ”Feriepraktik” är nu Pågår."' in html
    assert 'role="status"' not in html  # the page's live region says it, not each card
    assert f'data-status="{statuses["ongoing"].pk}"' in html  # board-dnd.js moves the card to that column


def with_comments(activities, user, status):
    for activity in activities:
        for sub in [activity, *activity.sub_activities.all()]:
            sub.set_status(status, by=user, comment=f"Läget för {sub.name}.")


def test_board_and_my_activities_read_comments_in_a_constant_number_of_queries(
    cast, agreement, login, django_assert_num_queries
):
    ongoing = make_statuses(agreement)["ongoing"]
    with_comments(make_plan(agreement, 12, official=cast["official"]), cast["operative"], ongoing)
    client = login(cast["official"])
    small = {url: queries_for(client, url) for url in (board_url(agreement), reverse("activities:mine"))}
    with_comments(make_plan(agreement, 120, official=cast["official"]), cast["official"], ongoing)
    assert StatusChange.objects.exclude(comment="").count() >= 130
    for url, count in small.items():
        with django_assert_num_queries(count):
            html = client.get(url).content.decode()
        assert html.count("Senaste kommentar:") >= 60


# The status form in place.


def test_the_status_form_opens_with_the_status_of_the_column_the_card_was_dropped_on(cast, login, activity, statuses):
    ongoing = statuses["ongoing"]
    response = login(cast["official"]).get(status_url(activity, f"?status={ongoing.pk}"), **HTMX)
    form = response.context["card"].form
    assert form["status"].value() == ongoing.pk
    html = response.content.decode()
    assert re.search(rf'<option value="{ongoing.pk}" selected>', html)
    # What is left to write is why: the comment has the focus, not the status.
    assert re.search(r"<textarea[^>]*autofocus[^>]*>", html)
    assert not re.search(r"<select[^>]*autofocus", html)
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("value", ["other", "999999999999999999999999", "abc", "", "-1"])
def test_a_status_not_of_the_activitys_agreement_is_not_preselected(
    cast, login, activity, statuses, other_agreement, value
):
    if value == "other":
        value = str(make_statuses(other_agreement)["ongoing"].pk)
    response = login(cast["official"]).get(status_url(activity, f"?status={value}"), **HTMX)
    assert response.status_code == 200
    assert response.context["card"].form["status"].value() == statuses["initiated"].pk
    assert re.search(r"<select[^>]*autofocus", response.content.decode())


def test_cancel_returns_the_closed_card_and_saves_nothing(cast, login, agreement, activity):
    client = login(cast["official"])
    opened = client.get(status_url(activity), HTTP_HX_CURRENT_URL="http://testserver" + board_url(agreement), **HTMX)
    html = opened.content.decode()
    # Without JavaScript Cancel goes back to the board; with htmx it closes the card in place.
    assert re.search(
        rf'<a class="card-cancel" href="{board_url(agreement)}" hx-get="{status_url(activity)}\?closed=1" '
        rf'hx-target="#card-{activity.pk}" hx-swap="outerHTML">Avbryt',
        html,
    )

    response = client.get(status_url(activity, "?closed=1"), **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith(f'<article class="card status-initiated" id="card-{activity.pk}"')
    assert "<form" not in html and "Ändra status" in html
    assert "card-saved" not in html and "HX-Trigger" not in response
    activity.refresh_from_db()
    assert activity.version == 1 and not StatusChange.objects.exists()


def test_cancel_on_the_status_page_without_javascript_leads_back(cast, login, agreement, activity):
    client = login(cast["official"])
    back = board_url(agreement, "?sortering=namn")
    page = client.get(status_url(activity, f"?next={back}")).content.decode()
    # A link that leaves the page, with JavaScript too: the page has no place to close the card in.
    assert f'<a class="card-cancel" href="{back}">Avbryt' in page
    assert client.get(status_url(activity, f"?closed=1&next={back}"))["Location"] == back


def test_cancel_needs_the_right_to_change_the_activity(cast, login, activity):
    assert login(cast["reader"]).get(status_url(activity, "?closed=1"), **HTMX).status_code == 403


def test_after_a_form_error_the_field_in_error_has_the_focus(cast, login, activity, statuses):
    prefix = f"activity-{activity.pk}"
    response = login(cast["official"]).post(
        status_url(activity),
        {f"{prefix}-status": statuses["ongoing"].pk, f"{prefix}-comment": "", f"{prefix}-version": 1},
        **HTMX,
    )
    html = response.content.decode()
    comment = re.search(r"<textarea[^>]*>", html).group(0)
    assert "autofocus" in comment and 'aria-invalid="true"' in comment
    assert f'aria-describedby="id_{prefix}-comment_helptext id_{prefix}-comment_error"' in comment
    assert f'<ul class="errorlist" id="id_{prefix}-comment_error">' in html
    assert not re.search(r"<select[^>]*autofocus", html)


def test_a_date_in_error_gets_the_focus(cast, login, activity, statuses):
    prefix = f"activity-{activity.pk}"
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = login(cast["official"]).post(
        status_url(activity),
        {
            f"{prefix}-status": statuses["ongoing"].pk,
            f"{prefix}-comment": "Igång.",
            f"{prefix}-effective_on": tomorrow,
            f"{prefix}-version": 1,
        },
    )
    html = response.content.decode()
    date = re.search(r'<input type="date"[^>]*>', html).group(0)
    assert "autofocus" in date and 'aria-invalid="true"' in date
    assert not re.search(r"<select[^>]*autofocus", html)
    assert Activity.objects.get(pk=activity.pk).version == 1


def card_of(response, activity) -> str:
    html = response.content.decode()
    return re.search(rf'<article class="card[^"]*" id="card-{activity.pk}".*?</article>', html, re.DOTALL).group(0)
