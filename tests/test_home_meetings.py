"""The start page lists the planned meetings of the bodies the person sits in, soonest first."""

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.factories import make_body, make_meeting, make_member


def test_the_start_page_lists_my_next_meetings_only(cast, agreement, login):
    body = make_body(agreement)
    other_body = make_body(agreement, "Operativ grupp", kind="operative")
    make_member(body, cast["official"])
    soon = timezone.now() + datetime.timedelta(days=3)
    make_meeting(body, starts_at=soon, place="Stadshuset rum 3")
    make_meeting(body, starts_at=soon - datetime.timedelta(days=30), state=Meeting.State.HELD)
    make_meeting(other_body, starts_at=soon)
    html = login(cast["official"]).get(reverse("home")).content.decode()
    section = html[html.index('id="next-meetings-heading"') :].split("</section>")[0]
    assert "Stadshuset rum 3" in section and section.count("<li>") == 1
    nothing = login(cast["reader"]).get(reverse("home")).content.decode()
    assert "Inget möte är inplanerat i de organ du sitter i." in nothing
