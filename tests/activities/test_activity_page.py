import datetime

from django.urls import reverse

from activities.models import Activity, District
from agreements.models import GoalArea
from tests.activities.helpers import queries_for
from tests.activities.plan_helpers import make_plan
from tests.factories import make_activity, make_statuses


def test_activity_page_shows_every_column_sub_activities_and_status_entries(cast, agreement, login):
    statuses = make_statuses(agreement)
    activity = make_activity(
        agreement,
        "Ökad inskrivningsgrad förskolan",
        handled_by=cast["official"],
        background="Nästintill 5-6% av barnen",
        objectives="1. Öka andelen barn",
        method="Klarlägg ansvar",
        follow_up_measures="Andel inskrivna barn ökar",
        working_group="Placeringsenheten",
        starts_on=datetime.date(2023, 7, 1),
        follow_up_text="varje terminsslut",
        ends_on=datetime.date(2023, 12, 31),
        resource_reinforcement=True,
        handled_by_text="Åsa/Björn/Ann-Margret Bäcklin",
        open_questions="BEHÖVER VI OMVÄRLDSSPANA?",
    )
    make_activity(agreement, "SSPF", parent=activity, status_kind="ongoing")
    activity.set_status(statuses["ongoing"], by=cast["official"], comment="Uppsökande team är på plats.")

    response = login(cast["reader"]).get(activity.get_absolute_url())

    html = response.content.decode()
    for text in [
        "Nästintill 5-6% av barnen",
        "1. Öka andelen barn",
        "Klarlägg ansvar",
        "Andel inskrivna barn ökar",
        "Placeringsenheten",
        "2023-07-01",
        "varje terminsslut",
        "2023-12-31",
        "Åsa/Björn/Ann-Margret Bäcklin",
        "BEHÖVER VI OMVÄRLDSSPANA?",
        "Resursförstärkning begärd",
        "SSPF",
        "Uppsökande team är på plats.",
    ]:
        assert text in html, text
    assert "Ändra status" not in html  # a reader gets no edit controls


def test_history_says_in_swedish_who_changed_which_field_from_what_to_what(cast, agreement, login):
    activity = make_activity(agreement, "Feriepraktik", handled_by=cast["official"])
    area_b = GoalArea.objects.create(agreement=agreement, code="B", title="Barn och unga ska lyckas")
    district = District.objects.create(agreement=agreement, name="Råby")
    client = login(cast["official"])
    form = client.get(reverse("activities:edit", args=[activity.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, [])}
    data |= {"name": "Feriepraktik för unga", "goal_areas": [agreement.goal_areas.get(code="A").pk, area_b.pk]}
    data |= {"districts": [district.pk], "version": activity.version}
    assert client.post(reverse("activities:edit", args=[activity.pk]), data).status_code == 302

    html = client.get(activity.get_absolute_url()).content.decode()

    assert "Ändringshistorik" in html
    assert "<strong>Namn</strong>: <del>Feriepraktik</del> → <ins>Feriepraktik för unga</ins>" in html
    assert "<strong>Målområden</strong>: <del>A</del> → <ins>A, B</ins>" in html
    assert "<strong>Stadsdelar</strong>: <del>—</del> → <ins>Råby</ins>" in html
    assert "Official" in html  # who


def test_outsider_gets_404_and_post_is_405(cast, agreement, login):
    activity = make_activity(agreement)
    assert login(cast["outsider"]).get(activity.get_absolute_url()).status_code == 404
    assert login(cast["reader"]).post(activity.get_absolute_url()).status_code == 405


def test_activity_page_query_count_does_not_grow(cast, agreement, login, django_assert_num_queries):
    activities = make_plan(agreement, 20, official=cast["official"])
    parent = next(a for a in activities if a.sub_activities.exists())
    client = login(cast["official"])
    small = queries_for(client, parent.get_absolute_url())
    make_plan(agreement, 380, official=cast["official"])
    statuses = make_statuses(agreement)
    for i in range(10):  # a longer history and more sub-activities must not cost more queries either
        make_activity(agreement, f"Del {i}", parent=parent)
        parent.refresh_from_db()
        parent.set_status(statuses["ongoing" if i % 2 else "finished"], by=cast["official"], comment=f"Steg {i}")
    assert Activity.objects.count() >= 400
    with django_assert_num_queries(small):
        client.get(parent.get_absolute_url())
