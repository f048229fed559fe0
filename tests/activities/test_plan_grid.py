"""The matrix's grid view (`?vy=rutnat`): a row per activity, a column per goal area, its sub-activities' rows
under it; the filters apply to it and keep it, and the view switch keeps the filters."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from activities.models import Activity, District
from agreements.models import GoalArea, Role
from tests.activities.helpers import HTMX, queries_for
from tests.activities.plan_helpers import make_plan
from tests.factories import make_activity, make_agreement, make_statuses, make_user

GRID = {"vy": "rutnat"}
# What a row's cells say, screen-reader text included.
INITIATED, ONGOING = "◔ Initierad/delvis igång", "◑ Pågår"
AIMS_A, AIMS_B = "✓siktar mot målområde A", "✓siktar mot målområde B"
SUB_AIMS_B = "(✓)en delaktivitet siktar mot målområde B"


@pytest.fixture
def url(agreement):
    return reverse("activities:matrix", args=[agreement.pk])


@pytest.fixture
def areas(agreement):
    area_a = agreement.goal_areas.get(code="A")
    area_b = GoalArea.objects.create(agreement=agreement, code="B", title="Barn och unga ska lyckas")
    return area_a, area_b


class GridReader(HTMLParser):
    """The grid's table as a person reads it: the head row's cells, then each body row as (its class, the text of
    each cell, screen-reader text included)."""

    def __init__(self):
        super().__init__()
        self.head: list[str] = []
        self.rows: list[tuple[str, list[str]]] = []
        self.in_grid = self.in_head = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "plan-grid" in attrs.get("class", ""):
            self.in_grid = True
        elif not self.in_grid:
            return
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and not self.in_head:
            self.rows.append((attrs.get("class") or "", []))
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if not self.in_grid:
            return
        if tag == "table":
            self.in_grid = False
        elif tag == "thead":
            self.in_head = False
        elif tag in ("th", "td") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            (self.head if self.in_head else self.rows[-1][1]).append(text)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def grid_of(response) -> GridReader:
    reader = GridReader()
    reader.feed(response.content.decode())
    assert reader.head, "no grid on the page"
    return reader


def names(grid: GridReader) -> list[str]:
    return [cells[0] for _, cells in grid.rows]


def test_grid_has_a_row_per_activity_marked_in_the_columns_of_its_goal_areas(cast, agreement, areas, login, url):
    families = make_activity(agreement, "Familjer med barn i riskzon", status_kind="ongoing", is_prioritised=True)
    families.goal_areas.set(areas)
    make_activity(agreement, "Myndighetsnärvaro i stadsdelarna", position=1)  # A only
    only_b = make_activity(agreement, "Läxhjälp", position=2)
    only_b.goal_areas.set([areas[1]])

    grid = grid_of(login(cast["reader"]).get(url, GRID))

    # The agreement's word and each goal area's code and title head the columns.
    assert grid.head == ["Aktivitet", "Status", "A. Inga utsatta områden", "B. Barn och unga ska lyckas"]
    assert grid.rows == [
        ("", ["Familjer med barn i riskzon Prioriterad", ONGOING, AIMS_A, AIMS_B]),
        ("", ["Myndighetsnärvaro i stadsdelarna", INITIATED, AIMS_A, ""]),
        ("", ["Läxhjälp", INITIATED, "", AIMS_B]),
    ]


def test_grid_uses_the_agreements_own_word_for_its_goal_areas(db, login):
    focus = make_agreement("Fokusstad", goal_area_term="fokusområde", goal_area_term_plural="fokusområden")
    make_activity(focus, "Feriepraktik")
    reader = make_user("reader", role=Role.READER, agreement=focus)

    response = login(reader).get(reverse("activities:matrix", args=[focus.pk]), GRID)

    assert grid_of(response).rows[0][1][2] == "✓siktar mot fokusområde A"
    assert "1 aktivitet och dess fokusområden" in response.content.decode()


def test_sub_activities_rows_follow_their_activity_and_say_whose_they_are(cast, agreement, areas, login, url):
    parent = make_activity(agreement, "Minska antalet skjutningar", position=0)
    make_activity(agreement, "Kameraövervakning", parent=parent, status_kind="ongoing", position=0)
    patrols = make_activity(agreement, "Trygghetsvandringar", parent=parent, position=1)
    patrols.goal_areas.set([areas[1]])  # the sub-activity aims further than its activity
    make_activity(agreement, "Feriepraktik", position=1)

    grid = grid_of(login(cast["reader"]).get(url, GRID))

    sub_of = "Delaktivitet i Minska antalet skjutningar: "
    assert grid.rows == [
        ("", ["Minska antalet skjutningar", INITIATED, AIMS_A, SUB_AIMS_B]),
        ("grid-sub", [f"{sub_of}Kameraövervakning", ONGOING, AIMS_A, ""]),
        ("grid-sub", [f"{sub_of}Trygghetsvandringar", INITIATED, "", AIMS_B]),
        ("", ["Feriepraktik", INITIATED, AIMS_A, ""]),
    ]
    # Each activity's rows are a group of their own.
    html = login(cast["reader"]).get(url, GRID).content.decode()
    assert html.count('<tbody class="grid-activity">') == 2


def test_filters_apply_to_the_grid_and_keep_it(cast, agreement, areas, login, url):
    statuses = make_statuses(agreement)
    make_activity(agreement, "Feriepraktik", status_kind="ongoing")
    make_activity(agreement, "Boendeinflytande", position=1)
    client = login(cast["reader"])

    response = client.get(url, {"status": statuses["ongoing"].pk, **GRID})

    assert names(grid_of(response)) == ["Feriepraktik"]
    html = response.content.decode()
    filters = re.search(r'<form class="plan-filters".*?</form>', html, re.S).group()
    # Filtering again (with or without htmx, the same form) sends the view along; clearing the filters keeps it.
    assert '<input type="hidden" name="vy" value="rutnat">' in filters
    assert f'<a href="{url}?vy=rutnat">Rensa filter</a>' in filters
    # The view switch keeps the filters.
    ongoing = statuses["ongoing"].pk
    assert f'<a href="{url}?status={ongoing}">Kolumner</a>' in html
    assert f'<a href="{url}?status={ongoing}&amp;vy=rutnat" aria-current="true">Rutnät</a>' in html


def test_htmx_filtering_the_grid_gets_the_grid_fragment_with_its_view_switch(cast, agreement, areas, login, url):
    make_activity(agreement, "Feriepraktik", is_prioritised=True)
    make_activity(agreement, "Boendeinflytande", position=1)

    response = login(cast["reader"]).get(url, {"prioritised": "yes", **GRID}, **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="plan"') and "<html" not in html
    assert names(grid_of(response)) == ["Feriepraktik Prioriterad"]
    assert f'<a href="{url}?prioritised=yes">Kolumner</a>' in html  # the switch is swapped with the plan


def test_columns_are_the_default_view_and_link_to_the_grid(cast, agreement, areas, login, url):
    make_activity(agreement, "Feriepraktik")

    html = login(cast["reader"]).get(url).content.decode()

    assert 'class="plan-grid"' not in html and 'class="matrix-column"' in html
    assert f'<a href="{url}" aria-current="true">Kolumner</a>' in html
    assert f'<a href="{url}?vy=rutnat">Rutnät</a>' in html
    assert 'name="vy"' not in html  # nothing to keep: the columns need no parameter


@pytest.mark.parametrize("view", ["kalkylark", "", "9" * 30, "RUTNAT", "kolumner"])
def test_an_unknown_view_gets_the_columns_not_an_error(cast, agreement, areas, login, url, view):
    make_activity(agreement, "Feriepraktik")

    response = login(cast["reader"]).get(url, {"vy": view})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="plan-grid"' not in html and 'class="matrix-column"' in html
    assert 'name="vy"' not in html  # the bad value is not carried on
    assert [e.activity.name for e in response.context["columns"][0].entries] == ["Feriepraktik"]


def test_grid_query_count_does_not_grow_with_the_plan(cast, agreement, login, url, django_assert_num_queries):
    make_plan(agreement, 20, official=cast["official"])
    client = login(cast["official"])
    grid, filtered = f"{url}?vy=rutnat", f"{url}?prioritised=yes&vy=rutnat"
    small, small_filtered = queries_for(client, grid), queries_for(client, filtered)
    make_plan(agreement, 380, official=cast["official"])
    assert Activity.objects.count() >= 400
    with django_assert_num_queries(small):
        response = client.get(grid)
    assert len(grid_of(response).rows) == Activity.objects.count()  # every activity and sub-activity, a row each
    with django_assert_num_queries(small_filtered):
        client.get(filtered)
    query = {"prioritised": "yes", "district": District.objects.get().pk, **GRID}
    assert client.get(url, query).status_code == 200
    # The grid reads what the columns read, no more.
    assert small <= queries_for(client, url)
