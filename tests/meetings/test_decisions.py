"""Decisions: numbered per body and year when taken, never renumbered, frozen with the minutes; execution kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings.models import AgendaItem, Decision, FrozenMinutesError, record_decision
from tests.factories import make_body

from .helpers import meeting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agreement, cast):
    return meeting_world(agreement, cast)


def test_decisions_are_numbered_per_body_and_year_in_the_order_they_are_taken(world, agreement, cast):
    other = make_body(agreement, "Strategisk ledning", kind="strategic", short_code="SL")
    by = cast["official"]
    first = record_decision(
        world.body, item=world.item, text="Vi beslutar A.", decided_on=datetime.date(2024, 3, 1), by=by
    )
    second = record_decision(
        world.body, item=world.item, text="Vi beslutar B.", decided_on=datetime.date(2024, 5, 1), by=by
    )
    elsewhere = record_decision(
        other, taken_by="Ordföranden", text="Per capsulam.", decided_on=datetime.date(2024, 6, 1), by=by
    )
    next_year = record_decision(
        world.body, item=world.item, text="Nytt år.", decided_on=datetime.date(2025, 1, 9), by=by
    )

    assert [d.number for d in (first, second, elsewhere, next_year)] == [1, 2, 1, 1]
    assert elsewhere.label == "SL 2024:1"
    assert next_year.label == f"{world.body.short_code} 2025:1"


def test_the_agenda_position_is_not_the_number_and_a_withdrawn_item_leaves_no_gap(world, cast):
    withdrawn = AgendaItem.objects.create(meeting=world.meeting, position=2, title="Dras tillbaka")
    later = AgendaItem.objects.create(meeting=world.meeting, position=3, title="Beslutas")
    withdrawn.delete()
    decision = record_decision(
        world.body, item=later, text="Beslut.", decided_on=datetime.date(2024, 3, 1), by=cast["official"]
    )
    assert decision.number == 1


def test_a_decision_is_never_renumbered(world, cast):
    decision = record_decision(
        world.body, item=world.item, text="A.", decided_on=datetime.date(2024, 3, 1), by=cast["official"]
    )
    decision.number = 7
    with pytest.raises(ValidationError):
        decision.save()
    decision.refresh_from_db()
    assert decision.number == 1


def test_a_decision_per_capsulam_says_who_took_it(world, cast):
    with pytest.raises(ValidationError):
        record_decision(world.body, text="Utan mote.", decided_on=datetime.date(2024, 3, 1), by=cast["official"])
    assert not Decision.objects.exists()


def test_a_decision_cannot_be_dated_in_the_future(world, cast):
    with pytest.raises(ValidationError):
        record_decision(
            world.body, item=world.item, text="A.", decided_on=datetime.date(2999, 1, 1), by=cast["official"]
        )
    assert not Decision.objects.exists()


def test_approved_minutes_freeze_the_decision_but_not_its_execution(world, cast):
    decision = record_decision(
        world.body, item=world.item, text="Vi beslutar.", decided_on=datetime.date(2024, 3, 1), by=cast["official"]
    )
    world.meeting.approve(cast["strategic"])

    decision.text = "Ändrat i efterhand."
    with pytest.raises(FrozenMinutesError):
        decision.save()
    with pytest.raises(FrozenMinutesError):
        decision.delete()
    with pytest.raises(FrozenMinutesError):
        record_decision(
            world.body, item=world.item, text="Nytt.", decided_on=datetime.date(2024, 3, 1), by=cast["official"]
        )

    decision.refresh_from_db()
    decision.set_execution(Decision.Execution.IN_PROGRESS, by=cast["official"], comment="Upphandling pågår")
    decision.set_execution(Decision.Execution.DONE, by=cast["strategic"], comment="Klart")
    decision.refresh_from_db()
    assert decision.text == "Vi beslutar."
    assert decision.execution == Decision.Execution.DONE
    steps = [(h.execution, h.execution_comment, h.history_user) for h in decision.history.order_by("history_date")]
    assert steps == [
        ("not_started", "", cast["official"]),
        ("in_progress", "Upphandling pågår", cast["official"]),
        ("done", "Klart", cast["strategic"]),
    ]


def test_the_admin_shows_decisions_but_adds_none_and_keeps_number_and_text_read_only(world, cast, login):
    from django.contrib.auth.models import User
    from django.urls import reverse

    decision = record_decision(
        world.body, item=world.item, text="Vi beslutar.", decided_on=datetime.date(2024, 3, 1), by=cast["official"]
    )
    root = User.objects.create_superuser("root", password="x-long-password-1")
    client = login(root)
    assert client.get(reverse("admin:meetings_decision_changelist")).status_code == 200
    assert client.get(reverse("admin:meetings_decision_add")).status_code == 403
    page = client.get(reverse("admin:meetings_decision_change", args=[decision.pk])).content.decode()
    assert 'name="text"' not in page and 'name="number"' not in page
    assert client.get(reverse("admin:meetings_actionitem_changelist")).status_code == 200
    assert client.get(reverse("admin:meetings_raisedquestion_changelist")).status_code == 200
