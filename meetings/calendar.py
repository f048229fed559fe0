"""Meetings as iCalendar (RFC 5545) for Outlook, Google and Apple calendars, built with the `icalendar` library.

What those programs need to get right:
- local times with a VTIMEZONE for Europe/Stockholm (its STANDARD and DAYLIGHT parts from the tz database, for
  the years the meetings span), never a bare "CET" that drops summer time;
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
from icalendar import Calendar, Event, Timezone, vText

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
        calendar.add_component(
            Timezone.from_tzid(
                TZID, first_date=datetime.date(first.year, 1, 1), last_date=datetime.date(last.year + 1, 1, 1)
            )
        )
    for meeting in meetings:
        calendar.add_component(event_for(meeting, page_url(meeting)))
    return calendar.to_ical()


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
