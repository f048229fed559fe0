"""A small world for the meeting pages: a body whose convenor is the official, a held meeting whose adjuster is the
strategic member, one agenda item with minutes and the official present."""

from types import SimpleNamespace

from meetings.models import AgendaItem, Attendance, Meeting
from tests.factories import make_body, make_meeting, make_member


def meeting_world(agreement, cast) -> SimpleNamespace:
    body = make_body(agreement, "Arbetsgrupp trygghet", kind="working_group", meetings_per_year=4)
    seat = make_member(body, cast["official"], function="samordnare", is_convenor=True)
    make_member(body, cast["strategic"], function="ledamot")
    meeting = make_meeting(body, adjusters=[cast["strategic"]], state=Meeting.State.HELD, place="Stadshuset")
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Lägesbild", minutes="Lägesbilden noterades.")
    attendance = Attendance.objects.create(meeting=meeting, member=seat, status=Attendance.Status.PRESENT)
    return SimpleNamespace(body=body, meeting=meeting, item=item, seat=seat, attendance=attendance)
