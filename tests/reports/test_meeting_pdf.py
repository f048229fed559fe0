"""The minutes and agenda PDFs: what they show, "Ej justerat" on every page until approved, same bytes."""

import datetime

import pytest
from django.urls import reverse

from meetings.minutes import meeting_for_minutes
from meetings.models import ActionItem, AgendaItem, Attendance, Recusal, record_decision
from reports.meeting_pdf import agenda_pdf, minutes_pdf
from tests.meetings.helpers import meeting_world
from tests.pdf_checks import forget_kept_pdfs, page_texts, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agreement, cast):
    world = meeting_world(agreement, cast)
    # Enough items for a second page, so "every page" means something.
    for position in range(2, 14):
        AgendaItem.objects.create(
            meeting=world.meeting, position=position, title=f"Punkt {position}", minutes="Diskuterades. " * 40
        )
    absent = Attendance.objects.create(meeting=world.meeting, name="Frånvarande Person", status="absent")
    Recusal.objects.create(item=world.item, attendance=world.attendance, reason="Styrelseledamot")
    assert absent
    return world


def test_unapproved_minutes_say_so_on_every_page(world):
    texts = page_texts(minutes_pdf(meeting_for_minutes(world.meeting.pk)))
    assert len(texts) >= 2
    assert all("EJ JUSTERAT" in text for text in texts)
    whole = " ".join(texts)
    assert "Protokoll" in whole and "Arbetsgrupp trygghet" in whole and "Stadshuset" in whole
    assert "Frånvarande Person" in whole
    assert "deltog inte i punkten" in whole and "Styrelseledamot" in whole
    assert "Justering av protokollet" in whole


def test_approved_minutes_with_a_correction(world, cast):
    world.meeting.approve(cast["strategic"])
    world.meeting.refresh_from_db()
    correction = world.meeting.add_correction(
        item=world.item, before="noterades", after="godkändes", reason="Skrivfel", by=cast["official"]
    )
    correction.approve(cast["strategic"])
    pdf = minutes_pdf(meeting_for_minutes(world.meeting.pk))
    whole = pdf_text(pdf)
    assert "EJ JUSTERAT" not in whole
    assert "Rättelse 1" in whole and "Skrivfel" in whole
    assert f"Fingeravtryck {world.meeting.fingerprint[:12]}" in whole
    # The same minutes give the same bytes, also rendered afresh.
    forget_kept_pdfs()
    assert minutes_pdf(meeting_for_minutes(world.meeting.pk)) == pdf


def test_minutes_carry_the_decisions_and_action_items_of_each_item(world, cast):
    decision = record_decision(
        world.body, item=world.item, text="Lägesbilden läggs till handlingarna.", decided_on=world.meeting.date,
        by=cast["official"],
    )  # fmt: skip
    ActionItem.objects.create(
        item=world.item, body=world.body, what="Boka lokal", owner=cast["official"], due_on=datetime.date(2024, 4, 1)
    )
    whole = " ".join(page_texts(minutes_pdf(meeting_for_minutes(world.meeting.pk))))
    assert f"Beslut {decision.label}: Lägesbilden läggs till handlingarna." in whole
    assert "Åtgärdspunkt: Boka lokal – Official, klar senast 2024-04-01" in whole


def test_agenda_pdf_is_the_notice_of_meeting(world):
    world.item.decision_proposal = "Att godkänna lägesbilden."
    world.item.save()
    whole = pdf_text(agenda_pdf(meeting_for_minutes(world.meeting.pk)))
    assert "Kallelse" in whole and "Dagordning" in whole and "Att godkänna lägesbilden." in whole
    assert "EJ JUSTERAT" not in whole


def test_pdf_views_check_access(world, cast, login):
    url = reverse("reports:minutes_pdf", args=[world.meeting.pk])
    response = login(cast["official"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "protokoll-at-2024-03-14.pdf" in response["Content-Disposition"]
    assert login(cast["reader"]).get(url).status_code == 404
    assert login(cast["outsider"]).get(reverse("reports:agenda_pdf", args=[world.meeting.pk])).status_code == 404
