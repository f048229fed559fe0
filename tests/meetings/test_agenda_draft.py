"""The next meeting prepared: the draft agenda says what happened since the previous meeting and where each entry
came from; questions raised from below land on it, and their answers travel back to where they were raised."""

import datetime
import re

import pytest
from django.urls import reverse

from activities.models import StatusChange
from meetings.models import STOCKHOLM, ActionItem, AgendaItem, Meeting, RaisedQuestion, raise_question, record_decision
from tests.factories import make_activity, make_body, make_meeting, make_member

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 1)


@pytest.fixture
def bodies(agreement, cast):
    operative = make_body(agreement, "Operativ ledning", kind="operative", short_code="OL")
    group = make_body(agreement, "Arbetsgrupp trygghet", kind="working_group", short_code="AT", reports_to=operative)
    make_member(operative, cast["official"], function="kommunpolis", is_secretary=True)
    make_member(group, cast["official"], function="samordnare", is_convenor=True)
    held = make_meeting(
        operative, state=Meeting.State.HELD, starts_at=datetime.datetime(2024, 3, 14, 13, tzinfo=STOCKHOLM)
    )
    upcoming = make_meeting(operative, starts_at=datetime.datetime(2024, 6, 10, 13, tzinfo=STOCKHOLM))
    return operative, group, held, upcoming


def keys_and_sources(entries):
    return {(entry.source, entry.title) for entry in entries}


def test_the_draft_lists_what_happened_since_the_previous_meeting_with_its_origin(agreement, cast, bodies):
    from meetings.agenda_draft import agenda_draft

    operative, group, held, upcoming = bodies
    changed = make_activity(agreement, "Feriepraktik")
    quiet = make_activity(agreement, "Trygghetsvandring")
    ongoing = changed.agreement.statuses.get(kind="ongoing")
    # A change before the previous meeting is old news; one after it is on the draft.
    changed.set_status(ongoing, by=cast["official"], comment="Startade i maj")
    StatusChange.objects.create(
        activity=quiet, from_status=quiet.status, to_status=ongoing, comment="Gammalt", changed_by=cast["official"],
        changed_at=datetime.datetime(2024, 1, 10, tzinfo=STOCKHOLM),
    )  # fmt: skip
    make_activity(agreement, "Mer resurser", resource_reinforcement=True)
    ActionItem.objects.create(
        item=AgendaItem.objects.create(meeting=held, title="Lokal"), body=operative, what="Boka lokal",
        owner=cast["official"], due_on=datetime.date(2024, 5, 1),
    )  # fmt: skip
    late = record_decision(
        operative, taken_by="Ordföranden", text="Rapportera läget", decided_on=datetime.date(2024, 2, 1),
        by=cast["official"], execution_due_on=datetime.date(2024, 4, 1),
    )  # fmt: skip
    group_item = AgendaItem.objects.create(meeting=make_meeting(group), title="Otrygg plats")
    raise_question(group_item, question="Behöver vi belysning vid torget?", by=cast["official"])

    entries = agenda_draft(upcoming, TODAY)
    found = keys_and_sources(entries)
    assert ("Status ändrad sedan förra mötet", "Feriepraktik") in found
    assert not any(title == "Trygghetsvandring" for _source, title in found if _source.startswith("Status"))
    assert ("Öppen åtgärdspunkt", "Boka lokal") in found
    assert ("Begäran om resurser", "Mer resurser") in found
    assert ("Beslut vars verkställighet är försenad", late.label) in found
    assert ("Lyft från Arbetsgrupp trygghet", "Behöver vi belysning vid torget?") in found


def test_adopting_an_entry_puts_it_on_the_agenda_once(agreement, cast, bodies, login):
    operative, group, held, upcoming = bodies
    group_item = AgendaItem.objects.create(meeting=make_meeting(group), title="Otrygg plats")
    question = raise_question(group_item, question="Belysning vid torget?", by=cast["official"])
    client = login(cast["official"])

    page = client.get(reverse("meetings:draft", args=[upcoming.pk])).content.decode()
    assert "Belysning vid torget?" in page and "Lyft från Arbetsgrupp trygghet" in page
    for _ in range(2):  # a double click
        response = client.post(reverse("meetings:draft_adopt", args=[upcoming.pk]), {"key": f"question:{question.pk}"})
        assert response.status_code == 302
    assert list(upcoming.items.values_list("title", flat=True)) == ["Belysning vid torget?"]
    assert "På dagordningen" in client.get(reverse("meetings:draft", args=[upcoming.pk])).content.decode()


def test_each_put_on_the_agenda_button_is_described_by_its_entrys_reason(agreement, cast, bodies, login):
    operative, group, held, upcoming = bodies
    group_item = AgendaItem.objects.create(meeting=make_meeting(group), title="Otrygg plats")
    question = raise_question(group_item, question="Belysning vid torget?", by=cast["official"])
    page = login(cast["official"]).get(reverse("meetings:draft", args=[upcoming.pk])).content.decode()
    key = f"question:{question.pk}"
    assert f'<p id="why-{key}">Lyft av Official</p>' in page
    assert f'<button type="submit" aria-describedby="why-{key}">Ta med på dagordningen' in page


def test_a_raised_question_is_answered_from_the_draft_it_landed_on(agreement, cast, bodies, login):
    operative, group, held, upcoming = bodies
    group_item = AgendaItem.objects.create(meeting=make_meeting(group), title="Otrygg plats")
    question = raise_question(group_item, question="Belysning vid torget?", by=cast["official"])
    client = login(cast["official"])

    page = client.get(reverse("meetings:draft", args=[upcoming.pk])).content.decode()
    answer = reverse("meetings:answer", args=[question.pk])
    assert f'<a href="{answer}">Svara<span class="visually-hidden">: Belysning vid torget?</span></a>' in page
    body_page = client.get(operative.get_absolute_url()).content.decode()
    assert f'<a href="{answer}">Svara<span class="visually-hidden">' in body_page


def test_an_answer_travels_back_to_the_item_the_question_was_raised_from(agreement, cast, bodies, login):
    operative, group, held, upcoming = bodies
    group_meeting = make_meeting(group)
    group_item = AgendaItem.objects.create(meeting=group_meeting, title="Otrygg plats")
    client = login(cast["official"])
    response = client.post(reverse("meetings:raise_from_item", args=[group_item.pk]), {"question": "Belysning?"})
    assert response.status_code == 302
    question = RaisedQuestion.objects.get()
    assert question.to_body == operative and question.raised_by == cast["official"]

    decision = record_decision(
        operative, taken_by="Ordföranden", text="Belysning beställs.", decided_on=datetime.date(2024, 6, 1),
        by=cast["official"],
    )  # fmt: skip
    response = client.post(reverse("meetings:answer", args=[question.pk]), {"answer": "Ja", "decision": decision.pk})
    assert response.status_code == 302
    page = client.get(group_meeting.get_absolute_url()).content.decode()
    assert "Belysning?" in page and decision.label in page and "Ja" in page


def test_a_body_at_the_top_has_nowhere_to_raise_to(agreement, cast, bodies, login):
    operative, group, held, upcoming = bodies
    item = AgendaItem.objects.create(meeting=upcoming, title="Toppen")
    response = login(cast["official"]).post(reverse("meetings:raise_from_item", args=[item.pk]), {"question": "Vart?"})
    assert response.status_code == 200
    assert "rapporterar inte till något annat organ" in response.content.decode()
    assert not RaisedQuestion.objects.exists()


def test_an_answer_travels_back_to_the_activity_and_the_action_item_it_was_raised_from(agreement, cast, bodies, login):
    operative, group, held, upcoming = bodies
    activity = make_activity(agreement, "Trygghetsvandring")
    action = ActionItem.objects.create(
        activity=activity, body=group, what="Kartlägg belysningen", owner=cast["official"], due_on=TODAY
    )
    from_activity = raise_question(activity, question="Fler vandringar?", by=cast["official"], to_body=operative)
    from_action = raise_question(action, question="Vem betalar lamporna?", by=cast["official"])
    from_activity.give_answer(by=cast["official"], text="Ja, en i månaden.")
    client = login(cast["official"])

    slot = client.get(reverse("meetings:activity_action_items", args=[activity.pk])).content.decode()
    assert "Fler vandringar?" in slot and "Ja, en i månaden." in slot
    assert "Vem betalar lamporna?" in slot and "inte besvarad än" in slot  # under its action item

    from_action.give_answer(by=cast["official"], text="Fastighetsbolaget.")
    start = client.get(reverse("home")).content.decode()
    assert "Vem betalar lamporna?" in start and "Fastighetsbolaget." in start


def test_the_start_page_reads_raised_questions_in_one_query_however_many_action_items(agreement, cast, bodies, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    operative, group, held, upcoming = bodies
    client = login(cast["official"])
    counts = []
    for n in (1, 4):
        for i in range(n):
            action = ActionItem.objects.create(
                item=AgendaItem.objects.create(meeting=make_meeting(group), title=f"Punkt {n}-{i}"),
                body=group, what=f"Gör {n}-{i}", owner=cast["official"], due_on=TODAY,
            )  # fmt: skip
            raise_question(action, question=f"Fråga {n}-{i}?", by=cast["official"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.fixture
def busy_draft(agreement, cast, bodies, monkeypatch):
    """Five activities changed status since the previous meeting; the draft shows two of a kind, a page three."""
    monkeypatch.setattr("meetings.agenda_draft.PAGE_LIMIT", 2)
    monkeypatch.setattr("meetings.draft_views.PER_PAGE", 3)
    for number in range(1, 6):
        activity = make_activity(agreement, f"Insats {number}")
        activity.set_status(activity.agreement.statuses.get(kind="ongoing"), by=cast["official"], comment="Startad")
    return bodies[3]


def test_a_busy_draft_shows_the_first_of_a_kind_and_links_to_all_of_them(cast, busy_draft, login):
    client = login(cast["official"])
    page = client.get(reverse("meetings:draft", args=[busy_draft.pk])).content.decode()
    assert page.count('<li class="draft-entry') == 2
    whole = reverse("meetings:draft_kind", args=[busy_draft.pk, "statusandringar"])
    assert f'<a href="{whole}">Visa alla 5<span class="visually-hidden"> – Status ändrad sedan förra mötet' in page

    first = client.get(whole).content.decode()
    second = client.get(whole, {"sida": 2}).content.decode()
    assert "1–3 av 5" in first and "4–5 av 5" in second
    titles = re.findall(r'<h2 class="draft-title">([^<]*)</h2>', first + second)
    assert sorted(titles) == [f"Insats {number}" for number in range(1, 6)]


def test_an_entry_put_on_the_agenda_from_a_later_page_brings_the_secretary_back_there(cast, busy_draft, login):
    client = login(cast["official"])
    whole = reverse("meetings:draft_kind", args=[busy_draft.pk, "statusandringar"])
    key = re.search(r'name="key" value="([^"]*)"', client.get(whole, {"sida": 2}).content.decode()).group(1)

    response = client.post(
        reverse("meetings:draft_adopt", args=[busy_draft.pk]), {"key": key, "kind": "statusandringar", "sida": 2}
    )
    assert response.url == f"{whole}?sida=2"
    assert busy_draft.items.count() == 1
    assert "✓ På dagordningen" in client.get(response.url).content.decode()


def test_a_kind_the_draft_does_not_have_is_not_found(cast, busy_draft, login):
    response = login(cast["official"]).get(reverse("meetings:draft_kind", args=[busy_draft.pk, "allt"]))
    assert response.status_code == 404


def test_putting_nothing_on_the_agenda_says_so_and_adds_nothing(cast, busy_draft, login):
    client = login(cast["official"])
    response = client.post(
        reverse("meetings:draft_adopt", args=[busy_draft.pk]), {"key": "", "kind": "statusandringar"}, follow=True
    )
    assert "Välj en post i förslaget att ta med på dagordningen." in response.content.decode()
    assert busy_draft.items.count() == 0


def test_a_bad_page_to_return_to_does_not_lose_the_entry(cast, busy_draft, login):
    client = login(cast["official"])
    key = re.search(
        r'name="key" value="([^"]*)"', client.get(reverse("meetings:draft", args=[busy_draft.pk])).content.decode()
    ).group(1)
    response = client.post(
        reverse("meetings:draft_adopt", args=[busy_draft.pk]), {"key": key, "kind": "statusandringar", "sida": "noll"}
    )
    assert response.url == reverse("meetings:draft", args=[busy_draft.pk])
    assert busy_draft.items.count() == 1
