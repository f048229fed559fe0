"""Every PDF the portal makes, downloaded as its users download it, holds the portal's promises for all of them:
PDF/A-2a (identified in the XMP metadata), tagged with a structure tree, in Swedish (`/Lang sv`), and the same
bytes for the same content, rendered afresh rather than read back from a kept render.

Each document has real content: a signed agreement with a year of recorded plan history, a meeting with
approved minutes and a decision taken at it, and the body's next meeting with its agenda and a document."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from meetings.models import STOCKHOLM, AgendaDocument, AgendaItem, record_decision
from tests.factories import make_meeting
from tests.meetings.helpers import meeting_world
from tests.pdf_checks import archival_problems, counting_renders, forget_kept_pdfs, pdf_text

from .history import build_2024

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agreement, cast):
    build_2024(agreement, by=cast["official"])
    world = meeting_world(agreement, cast)
    world.decision = record_decision(
        world.body,
        item=world.item,
        text="Arbetsgruppen fastställer lägesbilden.",
        decided_on=datetime.date(2024, 3, 14),
        by=cast["official"],
    )
    world.meeting.approve(cast["strategic"])
    world.next = make_meeting(
        world.body, starts_at=datetime.datetime(2024, 10, 10, 13, tzinfo=STOCKHOLM), place="Rådhuset"
    )
    item = AgendaItem.objects.create(
        meeting=world.next,
        position=1,
        title="Uppföljning av kvartalet",
        decision_proposal="Rapporten läggs till handlingarna.",
    )
    AgendaDocument.objects.create(
        item=item, title="Lägesrapport", file=ContentFile(b"Lagesbild\n" * 20, name="lagesrapport.txt")
    )
    return world


# name → (who downloads it, its address, words it must contain)
PDFS = {
    "agreement": (
        "reader",
        lambda w, a: reverse("reports:agreement_pdf", args=[a.pk]),
        ["Samverkansöverenskommelse Teststad", "Anna Andersson"],
    ),
    "plan_report": (
        "reader",
        lambda w, a: reverse("reports:plan_report", args=[a.pk]) + "?per=2024-06-30",
        ["Aktivitetsplan – läge per 2024-06-30", "Feriepraktik"],
    ),
    "minutes": (
        "official",
        lambda w, a: reverse("reports:minutes_pdf", args=[w.meeting.pk]),
        ["Protokoll", "Lägesbilden noterades."],
    ),
    "agenda": (
        "official",
        lambda w, a: reverse("reports:agenda_pdf", args=[w.next.pk]),
        ["Kallelse", "Uppföljning av kvartalet", "Rapporten läggs till handlingarna."],
    ),
    "decision_extract": (
        "official",
        lambda w, a: reverse("reports:decision_extract", args=[w.decision.pk]),
        ["Protokollsutdrag", "Arbetsgruppen fastställer lägesbilden."],
    ),
    "dashboard": (
        "strategic",
        lambda w, a: reverse("reports:quarter_pdf", args=[a.pk, 2024, 3]),
        ["Kvartalsrapport", "Inga utsatta områden"],
    ),
    "meeting_pack": (
        "official",
        lambda w, a: reverse("reports:meeting_pack", args=[w.next.pk]),
        ["Mötesunderlag", "Lägesrapport", "Protokoll från föregående möte, 2024-03-14"],
    ),
}


@pytest.fixture(params=list(PDFS))
def download(request, world, agreement, cast, login):
    role, address, words = PDFS[request.param]
    client, url = login(cast[role]), address(world, agreement)

    def get() -> bytes:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        return response.content

    return SimpleNamespace(get=get, words=words, name=request.param)


def test_every_pdf_has_its_content_and_is_pdfa_tagged_and_swedish(download):
    pdf = download.get()
    text = pdf_text(pdf)
    assert [word for word in download.words if word not in text] == []
    assert archival_problems(pdf) == []


def test_every_pdf_renders_the_same_bytes_afresh(download, monkeypatch):
    first = download.get()
    forget_kept_pdfs()
    with counting_renders(monkeypatch) as renders:
        second = download.get()
    assert renders.count >= 1, "the second download was not rendered again"
    assert second == first
