"""The iCalendar output, parsed back with `icalendar`, and the secret feed addresses."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.models import STOCKHOLM, CalendarFeed, Meeting
from tests.factories import make_body, make_meeting, make_member

from .helpers import meeting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agreement, cast):
    return meeting_world(agreement, cast)


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def feed_url(feed: CalendarFeed) -> str:
    return reverse("meetings:feed", args=[feed.token])


def test_single_event_download(cast, login, world):
    response = login(cast["official"]).get(reverse("meetings:meeting_ics", args=[world.meeting.pk]))
    assert "attachment" in response["Content-Disposition"]
    calendar = parse(response)
    assert calendar["METHOD"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == world.meeting.ical_uid
    assert event["SUMMARY"] == "Möte: Arbetsgrupp trygghet"
    assert event["LOCATION"] == "Stadshuset"
    assert f"http://testserver/moten/{world.meeting.pk}/" in event["DESCRIPTION"]
    assert event["STATUS"] == "CONFIRMED"


def test_times_are_local_with_a_stockholm_timezone_across_summer_time(cast, login, world):
    # Summer time began on 31 March 2024: the same 10:00 in Stockholm is 09:00 UTC before and 08:00 UTC after.
    before = make_meeting(world.body, starts_at=datetime.datetime(2024, 3, 28, 10, tzinfo=STOCKHOLM))
    after = make_meeting(world.body, starts_at=datetime.datetime(2024, 4, 4, 10, tzinfo=STOCKHOLM))
    make_member(world.body, cast["operative"])
    feed = CalendarFeed.objects.create(user=cast["operative"])
    raw = login(None).get(feed_url(feed))
    assert b"TZID=CET" not in raw.content
    calendar = parse(raw)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert "X-PUBLISHED-TTL" in calendar
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Stockholm"
    assert zone.walk("STANDARD") and zone.walk("DAYLIGHT")
    found = events(calendar)
    for meeting, utc_hour in [(before, 9), (after, 8)]:
        start = found[meeting.ical_uid].decoded("DTSTART")
        assert found[meeting.ical_uid]["DTSTART"].params["TZID"] == "Europe/Stockholm"
        assert (start.hour, start.astimezone(datetime.UTC).hour) == (10, utc_hour)


def test_uid_is_stable_and_sequence_moves_on_every_change(cast, login, world):
    # iCalendar times have whole seconds: move the last change an hour back so the next one is visibly later.
    Meeting.objects.filter(pk=world.meeting.pk).update(calendar_changed_at=timezone.now() - datetime.timedelta(hours=1))
    world.meeting.refresh_from_db()
    client = login(cast["official"])
    url = reverse("meetings:meeting_ics", args=[world.meeting.pk])
    first = events(parse(client.get(url)))[world.meeting.ical_uid]
    assert parse(client.get(url)).to_ical() == parse(client.get(url)).to_ical()
    world.meeting.starts_at += datetime.timedelta(hours=1)
    world.meeting.ends_at += datetime.timedelta(hours=1)
    world.meeting.save()
    second = events(parse(client.get(url)))[world.meeting.ical_uid]
    assert second["SEQUENCE"] == first["SEQUENCE"] + 1
    assert second.decoded("LAST-MODIFIED") > first.decoded("LAST-MODIFIED")


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(cast, login, world):
    planned = make_meeting(world.body, starts_at=datetime.datetime(2025, 2, 1, 10, tzinfo=STOCKHOLM))
    planned.cancel()
    feed = CalendarFeed.objects.create(user=cast["official"], body=world.body)
    found = events(parse(login(None).get(feed_url(feed))))
    assert found[planned.ical_uid]["STATUS"] == "CANCELLED"
    assert found[planned.ical_uid]["SEQUENCE"] == 1


def test_wrong_or_revoked_token_is_not_found(cast, login, world):
    feed = CalendarFeed.objects.create(user=cast["official"])
    client = login(None)
    assert client.get(feed_url(feed)).status_code == 200
    assert client.get(reverse("meetings:feed", args=[feed.token[:-1] + "x"])).status_code == 404
    login(cast["official"]).post(reverse("meetings:feed_revoke", args=[feed.pk]))
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert client.get(feed_url(feed)).status_code == 404


def test_someone_else_cannot_revoke_my_feed(cast, login, world):
    feed = CalendarFeed.objects.create(user=cast["official"])
    assert login(cast["admin"]).post(reverse("meetings:feed_revoke", args=[feed.pk])).status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_a_persons_feed_shows_only_the_bodies_they_sit_in(agreement, cast, login, world):
    other_body = make_body(agreement, "Strategisk ledning")
    hidden = make_meeting(other_body)
    feed = CalendarFeed.objects.create(user=cast["official"])
    found = events(parse(login(None).get(feed_url(feed))))
    assert world.meeting.ical_uid in found
    assert hidden.ical_uid not in found
    # Leaving the body takes its meetings out of the feed.
    world.seat.member_until = datetime.date(2020, 1, 1)
    world.seat.member_from = None
    world.seat.save()
    assert not events(parse(login(None).get(feed_url(feed))))


def test_a_body_feed_of_someone_who_lost_access_is_not_found(cast, login, world):
    feed = CalendarFeed.objects.create(user=cast["official"], body=world.body)
    assert login(None).get(feed_url(feed)).status_code == 200
    cast["official"].memberships.all().delete()
    assert login(None).get(feed_url(feed)).status_code == 404


def test_making_a_feed(cast, login, world):
    client = login(cast["official"])
    response = client.post(reverse("meetings:feeds"), {"body": world.body.pk})
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(user=cast["official"])
    assert feed.body == world.body and len(feed.token) >= 40
    assert feed.token in client.get(reverse("meetings:feeds")).content.decode()


def test_meetings_in_the_feed_are_those_of_the_body_only(agreement, cast, login, world):
    other = make_meeting(make_body(agreement, "Annat organ"))
    feed = CalendarFeed.objects.create(user=cast["strategic"], body=world.body)
    found = events(parse(login(None).get(feed_url(feed))))
    assert set(found) == {world.meeting.ical_uid}
    assert other.state == Meeting.State.PLANNED
