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


def board_url(agreement):
    return reverse("activities:board", args=[agreement.pk])


def status_url(activity):
    return reverse("activities:status", args=[activity.pk])


def change(activity, status, comment="", version=None):
    prefix = f"activity-{activity.pk}"
    return {
        f"{prefix}-status": status.pk,
        f"{prefix}-comment": comment,
        f"{prefix}-version": activity.version if version is None else version,
    }


def test_board_has_a_column_per_status_in_order_with_a_card_per_activity(cast, agreement, statuses, login):
    make_activity(agreement, "Feriepraktik", status_kind="ongoing")
    make_activity(agreement, "MBU", status_kind="initiated")
    make_activity(agreement, "Boendeinflytande", status_kind="ongoing")

    response = login(cast["reader"]).get(board_url(agreement))

    columns = response.context["columns"]
    assert [c.status.name for c in columns] == ["Initierad/delvis igång", "Pågår", "Avslutad", "Utgår"]
    assert [[card.activity.name for card in c.cards] for c in columns] == [
        ["MBU"],
        ["Feriepraktik", "Boendeinflytande"],
        [],
        [],
    ]
    html = response.content.decode()
    assert '<strong class="count">2</strong>' in html
    # In the page as sent: each card in its column's list, and the empty columns say so.
    ongoing = html.split('id="column-', 2)[2].split("</section>")[0]
    assert re.findall(r"<li>\s*<article[^>]*>\s*<h3[^>]*><a[^>]*>([^<]+)</a>", ongoing) == [
        "Feriepraktik",
        "Boendeinflytande",
    ]
    assert html.count('<li class="empty">Inga aktiviteter</li>') == 2


def test_only_cards_the_user_may_edit_carry_the_status_control(cast, agreement, activity, login):
    make_activity(agreement, "Boendeinflytande")
    cards = {
        card.activity.name: card
        for column in login(cast["official"]).get(board_url(agreement)).context["columns"]
        for card in column.cards
    }
    assert cards["Feriepraktik"].editable
    assert not cards["Boendeinflytande"].editable
    reader_page = login(cast["reader"]).get(board_url(agreement))
    assert not any(card.editable for column in reader_page.context["columns"] for card in column.cards)
    assert "Ändra status" not in reader_page.content.decode()


def test_htmx_status_change_returns_the_card_records_history_and_triggers_the_counters(cast, activity, statuses, login):
    history_before = activity.history.count()

    response = login(cast["official"]).post(
        status_url(activity), change(activity, statuses["ongoing"], "Första gruppen är igång."), **HTMX
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article class="card status-ongoing" id="card-{activity.pk}"')
    assert "<html" not in html
    assert response["HX-Trigger"] == "status-changed"
    activity.refresh_from_db()
    assert activity.status == statuses["ongoing"] and activity.version == 2
    entry = StatusChange.objects.get(activity=activity)
    assert (entry.from_status, entry.to_status, entry.comment, entry.changed_by) == (
        statuses["initiated"],
        statuses["ongoing"],
        "Första gruppen är igång.",
        cast["official"],
    )
    assert activity.history.count() == history_before + 1
    assert activity.history.first().history_user == cast["official"]


def test_counters_listen_for_the_event_and_come_back_alone(cast, agreement, activity, statuses, login):
    client = login(cast["official"])
    page = client.get(board_url(agreement)).content.decode()
    assert 'hx-trigger="status-changed from:body"' in page
    client.post(status_url(activity), change(activity, statuses["ongoing"], "Igång."), **HTMX)

    response = client.get(board_url(agreement), HTTP_HX_TRIGGER="board-counters", **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<ul id="board-counters"')
    assert "card-" not in html
    counters = re.findall(r'<strong class="count">(\d+)</strong> <span class="status-label status-(\w+)"', html)
    counts = {kind: count for count, kind in counters}
    assert counts["ongoing"] == "1" and counts["initiated"] == "0"


def test_comment_is_required_when_the_status_changes_and_nothing_is_saved(cast, activity, statuses, login):
    response = login(cast["official"]).post(status_url(activity), change(activity, statuses["ongoing"]), **HTMX)

    assert response.status_code == 200
    assert "Skriv en kommentar: berätta varför statusen ändras." in response.content.decode()
    assert "HX-Trigger" not in response
    activity.refresh_from_db()
    assert activity.status == statuses["initiated"] and activity.version == 1
    assert not StatusChange.objects.exists()


def test_without_javascript_the_form_posts_and_redirects_back(cast, agreement, activity, statuses, login):
    client = login(cast["official"])
    back = board_url(agreement) + "?prioritised=no"

    response = client.post(f"{status_url(activity)}?next={back}", change(activity, statuses["ongoing"], "Igång."))

    assert response.status_code == 302 and response["Location"] == back
    activity.refresh_from_db()
    assert activity.status == statuses["ongoing"]
    assert "är nu Pågår" in client.get(back).content.decode()


def test_redirect_never_leaves_the_site(cast, activity, statuses, login):
    response = login(cast["official"]).post(
        f"{status_url(activity)}?next=https://evil.example/", change(activity, statuses["ongoing"], "Igång.")
    )
    assert response["Location"] == activity.get_absolute_url()


def test_without_javascript_errors_come_back_on_the_status_page(cast, activity, statuses, login):
    response = login(cast["official"]).post(status_url(activity), change(activity, statuses["ongoing"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "Skriv en kommentar" in html


def test_stale_status_change_is_refused_showing_what_the_other_person_did(cast, activity, statuses, login):
    seen_version = activity.version
    activity.set_status(statuses["finished"], by=cast["operative"], comment="Klart.")

    response = login(cast["official"]).post(
        status_url(activity), change(activity, statuses["ongoing"], "Mitt utkast.", version=seen_version), **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan sparade aktiviteten" in html
    assert "Operative" in html  # who
    assert "<del>Initierad/delvis igång</del> → <ins>Avslutad</ins>" in html  # what they changed
    assert "Mitt utkast." in html  # nothing lost
    assert f'value="{seen_version + 1}"' in html  # a second save is a deliberate one on the new version
    activity.refresh_from_db()
    assert activity.status == statuses["finished"]
    assert StatusChange.objects.count() == 1


def test_a_stale_comment_on_an_untouched_status_does_not_undo_the_status_saved_since(cast, activity, statuses, login):
    seen_version = activity.version
    activity.set_status(statuses["finished"], by=cast["operative"], comment="Klart.")
    client = login(cast["official"])

    refused = client.post(
        status_url(activity), change(activity, statuses["initiated"], "Väntar på lokal.", version=seen_version)
    )
    assert refused.status_code == 200
    form = refused.context["card"].form
    # As a browser sends the form back: a field shown empty (the day it took effect, not posted) as "".
    again = {form.add_prefix(name): form[name].value() or "" for name in form.fields}
    assert client.post(status_url(activity), again).status_code == 302

    activity.refresh_from_db()
    assert activity.status == statuses["finished"]
    assert StatusChange.objects.first().comment == "Väntar på lokal."


def test_double_submitting_a_status_change_records_it_once(cast, activity, statuses, login):
    client = login(cast["official"])
    data = change(activity, statuses["ongoing"], "Startat.")
    assert client.post(status_url(activity), data).status_code == 302
    again = client.post(status_url(activity), data)
    assert again.status_code == 302
    activity.refresh_from_db()
    assert activity.status == statuses["ongoing"] and activity.version == 2
    assert StatusChange.objects.count() == 1


def test_comment_without_a_status_change_is_kept_as_a_status_entry(cast, activity, statuses, login):
    login(cast["official"]).post(status_url(activity), change(activity, statuses["initiated"], "Väntar på lokal."))
    entry = StatusChange.objects.get()
    assert entry.from_status == entry.to_status == statuses["initiated"]


@pytest.mark.parametrize("role", ["reader", "strategic"])
def test_read_only_roles_get_403(cast, activity, statuses, login, role):
    client = login(cast[role])
    assert client.get(status_url(activity)).status_code == 403
    assert client.post(status_url(activity), change(activity, statuses["ongoing"], "x"), **HTMX).status_code == 403
    activity.refresh_from_db()
    assert activity.status == statuses["initiated"]


def test_official_cannot_change_an_activity_they_do_not_handle(cast, agreement, statuses, login):
    other = make_activity(agreement, "Boendeinflytande")
    assert login(cast["official"]).post(status_url(other), change(other, statuses["ongoing"], "x")).status_code == 403


def test_outsider_gets_404(cast, agreement, activity, statuses, login):
    client = login(cast["outsider"])
    assert client.get(board_url(agreement)).status_code == 404
    assert client.post(status_url(activity), change(activity, statuses["ongoing"], "x")).status_code == 404


def test_wrong_methods_get_405(cast, agreement, activity, login):
    client = login(cast["official"])
    assert client.post(board_url(agreement)).status_code == 405
    assert client.delete(status_url(activity)).status_code == 405


def test_status_page_shows_the_form(cast, activity, login):
    response = login(cast["official"]).get(status_url(activity))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and 'method="post"' in html and "autofocus" in html


def test_card_link_loads_the_form_into_the_card_with_htmx(cast, agreement, activity, login):
    client = login(cast["official"])
    board = client.get(board_url(agreement)).content.decode()
    assert f'hx-get="{status_url(activity)}" hx-target="#card-{activity.pk}"' in board
    assert "hx-post=" not in board  # no status forms until one is asked for

    response = client.get(status_url(activity), HTTP_HX_CURRENT_URL="http://testserver" + board_url(agreement), **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith(f'<article class="card status-initiated" id="card-{activity.pk}"')
    assert f'hx-post="{status_url(activity)}"' in html
    assert f'action="{status_url(activity)}?next={board_url(agreement)}"' in html  # PRG back to the board


def test_board_query_count_does_not_grow_with_the_plan(cast, agreement, login, django_assert_num_queries):
    make_plan(agreement, 20, official=cast["official"])
    client = login(cast["official"])
    small = queries_for(client, board_url(agreement))
    make_plan(agreement, 380, official=cast["official"])
    assert Activity.objects.count() >= 400
    with django_assert_num_queries(small):
        client.get(board_url(agreement))
