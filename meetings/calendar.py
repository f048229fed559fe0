"""Meetings as iCalendar (RFC 5545) for Outlook, Google and Apple calendars, built with the `icalendar` library.

What those programs need to get right:
- local times with a VTIMEZONE for Europe/Stockholm (its STANDARD and DAYLIGHT parts from the tz database, for
  the years the meetings span), never a bare "CET" that drops summer time. Each onset is given as RFC 5545 has
  it (the local time before the change) and, when a part has several, every one of them as an RDATE of its own,
  the first too: Thunderbird's ical.js takes the onsets from the RDATEs alone once there are any, and reads one
  value of each. icalendar's `Timezone.from_tzid` leaves the first out of them, so a feed spanning two summers
  put the first summer's meetings an hour off there;
- a UID generated once and stored with the meeting, so an update replaces the event instead of adding one;
- SEQUENCE and LAST-MODIFIED moved on every change to what a calendar shows (Meeting.save does that);
- METHOD:PUBLISH and how often to look again: REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL (Outlook);
- a cancelled meeting stays in the feed as STATUS:CANCELLED, so calendars take it away.

Nothing in the output comes from the clock: the same meetings give the same bytes (DTSTAMP is the last change).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

from .models import STOCKHOLM, Meeting

TZID = "Europe/Stockholm"
# Google looks every 8–24 hours whatever we say; Outlook and Apple follow this.
REFRESH = datetime.timedelta(hours=4)
PRODID = "-//Samverkan//Möten//SV"


def calendar_for(meetings: Iterable[Meeting], *, name: str, page_url: Callable[[Meeting], str]) -> bytes:
    meetings = list(meetings)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    if meetings:
        first = min(m.local_start.date() for m in meetings)
        last = max(m.local_end.date() for m in meetings)
        calendar.add_component(stockholm_timezone(first.year, last.year))
    for meeting in meetings:
        calendar.add_component(event_for(meeting, page_url(meeting)))
    return calendar.to_ical()


def stockholm_timezone(first_year: int, last_year: int) -> Timezone:
    """Europe/Stockholm from the start of `first_year` to the end of `last_year`, from the tz database."""
    start = datetime.datetime(first_year, 1, 1, tzinfo=STOCKHOLM).astimezone(datetime.UTC)
    end = datetime.datetime(last_year + 1, 1, 1, tzinfo=STOCKHOLM).astimezone(datetime.UTC)
    # (offset before, offset after, name, summer time) → the moments (UTC) it began. The offset in force at the
    # start is a part of its own that changes nothing, so every moment in the range falls in some part.
    offset = start.astimezone(STOCKHOLM).utcoffset()
    onsets = {(offset, *observance(start)): [start]}
    day = start
    while day < end:
        later = day + datetime.timedelta(days=1)
        if later.astimezone(STOCKHOLM).utcoffset() != offset:
            onset = first_moment_after(day, later, offset)
            onsets.setdefault((offset, *observance(onset)), []).append(onset)
            offset = onset.astimezone(STOCKHOLM).utcoffset()
        day = later
    zone = Timezone()
    zone.add("tzid", TZID)
    for (before, after, name, summer), moments in onsets.items():
        part = TimezoneDaylight() if summer else TimezoneStandard()
        local = [(moment + before).replace(tzinfo=None) for moment in moments]
        part.add("dtstart", local[0])
        if len(local) > 1:
            for onset in local:
                part.add("rdate", onset)
        part.add("tzname", name)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        zone.add_component(part)
    return zone


def observance(moment: datetime.datetime) -> tuple[datetime.timedelta, str, bool]:
    local = moment.astimezone(STOCKHOLM)
    return local.utcoffset(), local.tzname(), bool(local.dst())


def first_moment_after(before: datetime.datetime, after: datetime.datetime, offset: datetime.timedelta):
    """The first second after `before` (UTC, at `offset`) whose offset differs, `after` being such a second."""
    while after - before > datetime.timedelta(seconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(STOCKHOLM).utcoffset() == offset:
            before = middle
        else:
            after = middle
    return after.replace(microsecond=0)


def event_for(meeting: Meeting, url: str) -> Event:
    event = Event()
    event.add("uid", meeting.ical_uid)
    event.add("dtstamp", meeting.calendar_changed_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.calendar_changed_at.astimezone(datetime.UTC))
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstart", meeting.starts_at.astimezone(STOCKHOLM))
    event.add("dtend", meeting.ends_at.astimezone(STOCKHOLM))
    event.add("summary", _("Meeting: %(body)s") % {"body": meeting.body.name})
    if meeting.place or meeting.link:
        event.add("location", vText(meeting.place or meeting.link))
    lines = [_("The meeting's page: %(url)s") % {"url": url}]
    if meeting.link:
        lines.append(_("Join: %(link)s") % {"link": meeting.link})
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.state == Meeting.State.CANCELLED else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if meeting.state == Meeting.State.CANCELLED else "OPAQUE")
    return event
