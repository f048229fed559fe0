"""The decision register, one decision's page, its extract PDF, and action items on the start page."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from meetings.models import ActionItem, Decision, DecisionCounter, record_decision
from tests.factories import make_activity, make_body

from .helpers import meeting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agreement, cast):
    return meeting_world(agreement, cast)


def decide(world, text, on=datetime.date(2024, 3, 14), **fields):
    return record_decision(world.body, item=world.item, text=text, decided_on=on, by=world.seat.user, **fields)


def register_url(agreement, **query):
    url = reverse("meetings:register", args=[agreement.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_register_filters_by_body_year_goal_area_activity_and_execution_and_searches(world, agreement, cast, login):
    activity = make_activity(agreement, "Feriepraktik")
    area = agreement.goal_areas.get()
    first = decide(world, "Medel till feriepraktik.", allocates_resources=True, resources="200 000 kr")
    first.activities.set([activity])
    first.goal_areas.set([area])
    later = decide(world, "Lägesbilden fastställs.", on=datetime.date(2025, 2, 1))
    later.set_execution(Decision.Execution.DONE, by=cast["official"])
    other = make_body(agreement, "Strategisk ledning", short_code="SL")
    per_capsulam = record_decision(
        other, taken_by="Ordföranden", text="Per capsulam.", decided_on=datetime.date(2024, 5, 1), by=cast["official"]
    )
    client = login(cast["strategic"])

    def shown(**query):
        page = client.get(register_url(agreement, **query)).content.decode()
        return {d.label for d in (first, later, per_capsulam) if f">{d.label}<" in page}

    assert shown() == {first.label, later.label, per_capsulam.label}
    assert shown(body=other.pk) == {per_capsulam.label}
    assert shown(year=2025) == {later.label}
    assert shown(goal_area=area.pk) == {first.label}
    assert shown(activity=activity.pk) == {first.label}
    assert shown(execution="done") == {later.label}
    assert shown(q="feriepraktik") == {first.label}
    assert "Ingen beslut" not in client.get(register_url(agreement, q="finns inte")).content.decode()


def test_the_register_and_its_export_name_what_each_decision_concerns_once_in_the_plans_order(
    world, agreement, cast, login
):
    first_area = agreement.goal_areas.get()
    second_area = agreement.goal_areas.create(order=first_area.order + 1, code="", title="Trygg skolväg")
    later = make_activity(agreement, "Nattvandring")
    earlier = make_activity(agreement, "Feriepraktik")
    earlier.position, later.position = 1, 2
    earlier.save(), later.save()
    both = decide(world, "Medel till två aktiviteter.")
    both.goal_areas.set([second_area, first_area])
    both.activities.set([later, earlier])
    decide(world, "Ett beslut utan koppling.")
    client = login(cast["strategic"])

    concerns = f"{first_area.code}, Trygg skolväg; Feriepraktik, Nattvandring"
    assert f"<td>{concerns}</td>" in client.get(register_url(agreement)).content.decode()
    filtered = client.get(register_url(agreement, goal_area=second_area.pk)).content.decode()
    assert "1 beslut" in filtered and filtered.count(f">{both.label}<") == 1
    response = client.get(reverse("meetings:register_export", args=[agreement.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[both.label][4:6] == ("Feriepraktik, Nattvandring", f"{first_area.code}, Trygg skolväg")
    assert len(rows) == 3


def test_the_register_shows_only_decisions_of_bodies_whose_meetings_one_sees(world, agreement, cast, login):
    decide(world, "Arbetsgruppens beslut.")
    assert login(cast["reader"]).get(register_url(agreement)).content.decode().count("Arbetsgruppens beslut") == 0
    assert "Arbetsgruppens beslut" in login(cast["official"]).get(register_url(agreement)).content.decode()
    assert login(cast["outsider"]).get(register_url(agreement)).status_code == 404


def test_the_register_reads_a_thousand_decisions_in_as_many_queries_as_two(world, agreement, cast, login):
    client = login(cast["strategic"])
    for n in range(2):
        decide(world, f"Beslut {n}")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(register_url(agreement)).status_code == 200
        return len(captured)

    few = queries()
    counter = DecisionCounter.objects.get(body=world.body, year=2024)
    Decision.objects.bulk_create(
        Decision(
            body=world.body,
            year=2024,
            number=counter.last + n + 1,
            item=world.item,
            decided_on=datetime.date(2024, 3, 14),
            text=f"Massbeslut {n}",
        )
        for n in range(1000)
    )
    page = client.get(register_url(agreement)).content.decode()
    assert "1002 beslut" in page
    assert 'rel="next"' in page
    assert queries() == few


def test_the_register_exports_what_it_shows_as_a_spreadsheet(world, agreement, cast, login):
    decide(world, '=HYPERLINK("http://example.org") ska vara text')
    decide(world, "Vanligt beslut\x0b med radbrytning")
    response = login(cast["strategic"]).get(reverse("meetings:register_export", args=[agreement.pk]) + "?q=beslut")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Nummer"
    assert [row[3] for row in rows[1:]] == ["Vanligt beslut med radbrytning"]
    response = login(cast["strategic"]).get(reverse("meetings:register_export", args=[agreement.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    formula_cells = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formula_cells == []


def test_the_decision_extract_pdf_names_the_decision_meeting_body_and_approval(world, cast, login):
    decision = decide(world, "Arbetsgruppen fastställer lägesbilden.")
    world.meeting.approve(cast["strategic"])
    response = login(cast["official"]).get(reverse("reports:decision_extract", args=[decision.pk]))
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Protokollsutdrag" in text
    assert decision.label in text and "Arbetsgruppen fastställer lägesbilden." in text
    assert world.body.name in text and "Stadshuset" in text
    assert "justerades" in text and "Strategic" in text
    again = login(cast["official"]).get(reverse("reports:decision_extract", args=[decision.pk]))
    assert again.content == response.content
    assert login(cast["reader"]).get(reverse("reports:decision_extract", args=[decision.pk])).status_code == 404


def test_recording_a_decision_through_the_page_numbers_it(world, cast, login):
    response = login(cast["official"]).post(
        reverse("meetings:decision_create", args=[world.item.pk]),
        {"decided_on": "2024-03-14", "text": "Vi beslutar att gå vidare."},
    )
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()
    assert decision.number == 1 and decision.history.get().history_user == cast["official"]
    assert login(cast["strategic"]).post(
        reverse("meetings:decision_create", args=[world.item.pk]), {"decided_on": "2024-03-14", "text": "X"}
    ).status_code in (403, 404)
    assert Decision.objects.count() == 1


def test_recording_a_decision_with_bad_input_saves_nothing_and_says_why(world, cast, login):
    response = login(cast["official"]).post(
        reverse("meetings:decision_create", args=[world.item.pk]), {"decided_on": "2999-01-01", "text": ""}
    )
    assert response.status_code == 200
    assert not Decision.objects.exists()
    assert DecisionCounter.objects.filter(last__gt=0).count() == 0


def test_an_official_sees_their_overdue_action_item_on_the_start_page_and_marks_it_done(world, cast, login):
    action = ActionItem.objects.create(
        item=world.item, body=world.body, what="Boka lokal", owner=cast["official"], due_on=datetime.date(2024, 1, 1)
    )
    client = login(cast["official"])
    page = client.get(reverse("home")).content.decode()
    assert "Boka lokal" in page and "försenad" in page

    response = client.post(reverse("meetings:action_item_done", args=[action.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    action.refresh_from_db()
    assert action.done_by == cast["official"]
    done_at = action.done_at
    client.post(reverse("meetings:action_item_done", args=[action.pk]))
    action.refresh_from_db()
    assert action.done_at == done_at
    assert "Du har inga öppna åtgärdspunkter" in client.get(reverse("home")).content.decode()
    assert login(cast["reader"]).post(reverse("meetings:action_item_done", args=[action.pk])).status_code == 404


def test_the_start_page_reads_action_items_in_a_fixed_number_of_queries(world, cast, login):
    client = login(cast["official"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("home"))
        return len(captured)

    ActionItem.objects.create(
        item=world.item, body=world.body, what="En", owner=cast["official"], due_on=datetime.date(2024, 1, 1)
    )
    few = queries()
    for n in range(30):
        ActionItem.objects.create(
            item=world.item,
            body=world.body,
            what=f"Punkt {n}",
            owner=cast["official"],
            due_on=datetime.date(2030, 1, 1),
        )
    assert queries() == few


def test_the_registers_activity_filter_offers_the_plans_activities_and_keeps_the_choice(world, agreement, cast, login):
    activity = make_activity(agreement, "Trygg skolväg <Råby>")
    url = reverse("meetings:register", args=[agreement.pk])
    html = login(cast["strategic"]).get(url, {"activity": activity.pk}).content.decode()
    select = html[html.index('<select name="activity"') :].split("</select>")[0]
    assert 'id="id_activity"' in select
    assert f'<option value="{activity.pk}" selected>Trygg skolväg &lt;Råby&gt;</option>' in select
    assert '<option value="">Alla</option>' in select
