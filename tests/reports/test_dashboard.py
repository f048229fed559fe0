"""The quarterly dashboard: each quarter shows the state at its end, rebuilt from what was recorded."""

import pytest
from django.urls import reverse

from reports.dashboard import dashboard_data
from reports.quarters import Quarter
from tests.activities.helpers import queries_for

from .history import at, build_2024, change, new_activity


def figures(data: dict) -> dict:
    """{goal area code or "all": {status kind: count}} without the zeros."""
    kinds = [status["kind"] for status in data["statuses"]]

    def of(counts):
        return {kind: n for kind, n in zip(kinds, counts["by_status"], strict=True) if n}

    return {area["code"]: of(area["now"]) for area in data["goal_areas"]} | {"all": of(data["all"]["now"])}


@pytest.fixture
def plan(agreement, cast):
    return build_2024(agreement, by=cast["official"])


EXPECTED = {
    # Läxhjälp started 28 March, recorded 3 April: it counts as ongoing at the end of Q1.
    Quarter(2024, 1): {
        "A": {"initiated": 2},
        "B": {"initiated": 1, "ongoing": 1},
        "all": {"initiated": 2, "ongoing": 1},
    },
    Quarter(2024, 2): {
        "A": {"initiated": 1, "ongoing": 1},
        "B": {"initiated": 2, "ongoing": 1},
        "all": {"initiated": 2, "ongoing": 2},
    },
    # Trygghetsvandring went ongoing on Friday 27 September, recorded on 2 October: ongoing at the end of Q3.
    Quarter(2024, 3): {
        "A": {"ongoing": 1, "finished": 1},
        "B": {"initiated": 1, "ongoing": 2},
        "all": {"initiated": 1, "ongoing": 2, "finished": 1},
    },
    Quarter(2024, 4): {
        "A": {"initiated": 1, "ongoing": 1, "finished": 1},
        "B": {"ongoing": 2, "dropped": 1},
        "all": {"initiated": 1, "ongoing": 2, "finished": 1, "dropped": 1},
    },
}


@pytest.mark.parametrize("quarter", list(EXPECTED), ids=lambda q: q.slug)
def test_each_quarter_shows_the_state_at_its_end(agreement, plan, quarter):
    assert figures(dashboard_data(agreement, quarter)) == EXPECTED[quarter]


def test_a_quarter_before_anything_was_recorded_is_empty(agreement, plan):
    assert figures(dashboard_data(agreement, Quarter(2023, 4))) == {"A": {}, "B": {}, "all": {}}


def test_the_quarter_ends_at_the_end_of_its_last_day_in_stockholm(agreement, plan):
    # 23:30 on 30 September in Stockholm is still Q3 (21:30 UTC); 00:10 on 1 October is not.
    new_activity(agreement, "Sent på kvällen", recorded=at("2024-09-30", "23:30"))
    new_activity(agreement, "Efter midnatt", recorded=at("2024-10-01", "00:10"))

    data = dashboard_data(agreement, Quarter(2024, 3))

    assert data["all"]["now"]["total"] == 5


def test_changes_since_the_previous_quarter_with_who_when_and_comment(agreement, plan):
    changes = dashboard_data(agreement, Quarter(2024, 2))["changes"]

    assert changes["since"] == "2024-03-31"
    assert [
        (c["name"], c["effective_on"], c["recorded_on"], c["who"], c["comment"]) for c in changes["status_changes"]
    ] == [
        # Took effect in Q1 but recorded in Q2: the group hears of it now.
        ("Läxhjälp", "2024-03-28", "2024-04-03", "Official", "Kom igång före påsk."),
        ("Feriepraktik", "2024-04-15", "2024-04-15", "Official", "Första gruppen."),
    ]
    assert [entry["name"] for entry in changes["new"]] == ["MBU"]
    assert changes["dropped"] == []


def test_dropped_activities_are_listed_with_the_reason_given(agreement, plan):
    changes = dashboard_data(agreement, Quarter(2024, 4))["changes"]

    assert [(c["name"], c["comment"]) for c in changes["dropped"]] == [("MBU", "Ingen finansiering.")]
    assert [entry["name"] for entry in changes["new"]] == ["Nattvandring"]


def test_compared_with_the_previous_quarter_what_moved_per_goal_area(agreement, plan):
    data = dashboard_data(agreement, Quarter(2024, 3))
    kinds = [status["kind"] for status in data["statuses"]]
    area_a = data["goal_areas"][0]

    def moves(quarter):
        area_a = dashboard_data(agreement, quarter)["goal_areas"][0]
        return [(m["name"], None if m["from"] is None else kinds[m["from"]], kinds[m["to"]]) for m in area_a["moved"]]

    assert moves(Quarter(2024, 3)) == [
        ("Feriepraktik", "ongoing", "finished"),
        ("Trygghetsvandring", "initiated", "ongoing"),
    ]
    assert moves(Quarter(2024, 4)) == [("Nattvandring", None, "initiated")]  # new in the quarter
    assert area_a["before"]["by_status"][kinds.index("initiated")] == 1


def test_prioritised_activities_and_requests_for_resources_as_at_the_quarters_end(agreement, plan):
    q2, q4 = dashboard_data(agreement, Quarter(2024, 2)), dashboard_data(agreement, Quarter(2024, 4))

    assert [e["name"] for e in q2["prioritised"]] == ["Trygghetsvandring"]
    assert [e["name"] for e in q2["resources"]] == ["MBU"]
    # MBU was dropped in Q4: a dropped activity's request is no longer open.
    assert q4["resources"] == []


def test_sub_activities_are_not_counted_on_their_own_but_aim_their_parent_at_their_goal_areas(agreement, plan):
    new_activity(agreement, "Del av Feriepraktik", recorded=at("2024-07-01"), goal_areas=("B",), parent=plan["ferie"])

    data = dashboard_data(agreement, Quarter(2024, 3))

    assert figures(data)["all"] == EXPECTED[Quarter(2024, 3)]["all"]
    assert figures(data)["B"] == {"initiated": 1, "ongoing": 2, "finished": 1}


def test_the_page_shows_chart_table_and_changes_for_a_past_quarter(agreement, plan, cast, login):
    response = login(cast["strategic"]).get(reverse("reports:quarter", args=[agreement.pk, 2024, 3]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="chart"' in html and 'role="img"' in html and "<pattern" in html
    assert "Målområden: antal aktiviteter per status" in html
    assert "Vandrade i fredags." in html
    assert "gällde från 2024-09-27, registrerad 2024-10-02 av Official" in html
    assert "2024 kvartal 2" in html  # the link to the previous quarter and the comparison


def test_the_current_quarter_is_the_default(agreement, plan, cast, login):
    response = login(cast["reader"]).get(reverse("reports:dashboard", args=[agreement.pk]))

    assert response.status_code == 200
    assert response.context["quarter"] == Quarter.current()
    assert figures(response.context["data"])["all"] == EXPECTED[Quarter(2024, 4)]["all"]


def test_the_picker_sends_to_the_chosen_agreement_and_quarter(agreement, plan, cast, login):
    response = login(cast["reader"]).get(reverse("reports:pick"), {"agreement": agreement.pk, "quarter": "2024-3"})

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:quarter", args=[agreement.pk, 2024, 3])


def test_the_picker_refuses_a_quarter_it_does_not_offer_with_a_message(agreement, cast, login):
    response = login(cast["reader"]).get(reverse("reports:pick"), {"agreement": agreement.pk, "quarter": "2099-1"})

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_the_menu_link_opens_the_strategic_members_agreement(agreement, other_agreement, cast, login):
    response = login(cast["strategic"]).get(reverse("reports:pick"))

    assert response["Location"] == reverse("reports:dashboard", args=[agreement.pk])


def test_no_access_to_another_agreements_dashboard(agreement, cast, login):
    assert login(cast["outsider"]).get(reverse("reports:dashboard", args=[agreement.pk])).status_code == 404


def test_a_future_quarter_or_a_nonsense_year_is_not_found(agreement, cast, login):
    client = login(cast["strategic"])
    future = Quarter.current().next
    assert client.get(reverse("reports:quarter", args=[agreement.pk, future.year, future.number])).status_code == 404
    assert client.get(reverse("reports:quarter", args=[agreement.pk, 1, 1])).status_code == 404
    assert client.get(f"/rapporter/overenskommelse/{agreement.pk}/kvartal/2024/5/").status_code == 404


def test_the_dashboard_takes_only_get(agreement, cast, login):
    assert login(cast["strategic"]).post(reverse("reports:dashboard", args=[agreement.pk])).status_code == 405


def grow(agreement, size: int) -> None:
    """`size` more activities, each with three status changes recorded over 2024."""
    for n in range(size):
        activity = new_activity(agreement, f"Extra {n}", recorded=at("2024-01-02"), goal_areas=("A", "B"))
        change(activity, "ongoing", effective="2024-02-01", recorded=at("2024-02-02"))
        change(activity, "finished", effective="2024-05-01", recorded=at("2024-05-01"))
        change(activity, "ongoing", effective="2024-08-01", recorded=at("2024-08-09"))


@pytest.mark.parametrize("path", ["current", "past"])
def test_the_number_of_queries_does_not_grow_with_activities_or_history(agreement, plan, cast, login, path):
    client = login(cast["strategic"])
    url = (
        reverse("reports:dashboard", args=[agreement.pk])
        if path == "current"
        else reverse("reports:quarter", args=[agreement.pk, 2024, 3])
    )
    grow(agreement, 2)
    small = queries_for(client, url)
    grow(agreement, 25)
    assert queries_for(client, url) == small


def test_late_follow_ups_on_the_quarters_last_day(agreement, plan, cast, login):
    import datetime

    late = new_activity(agreement, "Uppföljning i augusti", recorded=at("2024-07-01"))
    late.follow_up_on = datetime.date(2024, 8, 31)
    late.save()

    q3 = dashboard_data(agreement, Quarter(2024, 3))["late_followups"]
    q2 = dashboard_data(agreement, Quarter(2024, 2))["late_followups"]

    assert [(row["what"], row["due_on"]) for row in q3] == [("Uppföljning i augusti", "2024-08-31")]
    assert q2 == []  # not yet due at the end of June
    html = login(cast["strategic"]).get(reverse("reports:quarter", args=[agreement.pk, 2024, 3])).content.decode()
    assert "Sena uppföljningar (1)" in html and "Uppföljning i augusti" in html
