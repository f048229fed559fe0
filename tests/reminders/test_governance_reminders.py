"""The digest also tells of action items due, minutes waiting for one's approval and tomorrow's meetings."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from meetings.models import STOCKHOLM, ActionItem, Attendance
from tests.factories import make_body, make_meeting, make_member
from tests.meetings.helpers import meeting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agreement, cast):
    for user in cast.values():
        user.email = f"{user.username}@example.org"
        user.save()
    return meeting_world(agreement, cast)


def digest_for(username, day):
    call_command("send_reminders", date=day.isoformat(), verbosity=0)
    return next((m for m in mail.outbox if m.to == [f"{username}@example.org"]), None)


def test_an_action_item_due_within_three_days_or_overdue_is_in_the_owners_digest(world, cast):
    ActionItem.objects.create(
        item=world.item, body=world.body, what="Boka lokal", owner=cast["official"], due_on=datetime.date(2024, 4, 4)
    )
    ActionItem.objects.create(
        item=world.item, body=world.body, what="Senare", owner=cast["official"], due_on=datetime.date(2024, 4, 30)
    )
    message = digest_for("official", datetime.date(2024, 4, 1))
    assert "Åtgärdspunkter som snart ska vara klara" in message.body and "Boka lokal" in message.body
    assert "Senare" not in message.body
    mail.outbox.clear()
    message = digest_for("official", datetime.date(2024, 4, 10))
    assert "Försenade åtgärdspunkter" in message.body


def test_minutes_waiting_for_an_adjusters_approval_are_in_their_digest_until_approved(world, cast):
    message = digest_for("strategic", datetime.date(2024, 3, 20))
    assert "Protokoll som väntar på din justering" in message.body and str(world.meeting) in message.body
    world.meeting.approve(cast["strategic"])
    mail.outbox.clear()
    assert digest_for("strategic", datetime.date(2024, 3, 21)) is None


def test_tomorrows_meeting_is_in_the_digest_of_those_invited(world, agreement, cast):
    body = make_body(agreement, "Operativ ledning", kind="operative")
    seat = make_member(body, cast["operative"], function="kommunpolis")
    meeting = make_meeting(body, starts_at=datetime.datetime(2024, 5, 8, 9, tzinfo=STOCKHOLM))
    Attendance.objects.create(meeting=meeting, member=seat)
    message = digest_for("operative", datetime.date(2024, 5, 7))
    assert "Möten i morgon" in message.body and meeting.get_absolute_url() in message.body
    mail.outbox.clear()
    assert digest_for("operative", datetime.date(2024, 5, 8)) is None
