"""The meeting pack: notice and agenda, the quarter's dashboard, the items' documents and the previous minutes in
one PDF/A with contents, bookmarks and page numbers, made by those who prepare the meeting."""

import datetime
import hashlib
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from meetings.models import STOCKHOLM, AgendaDocument, AgendaItem
from tests.factories import make_activity, make_meeting
from tests.meetings.helpers import meeting_world
from tests.pdf_checks import forget_kept_pdfs, pdf_text, reader_of

pytestmark = pytest.mark.django_db

DOCUMENT = b"Lagesbild for kvartalet\n" * 50


@pytest.fixture
def world(agreement, cast):
    world = meeting_world(agreement, cast)
    world.meeting.approve(cast["strategic"])  # 2024-03-14: the previous meeting's minutes
    make_activity(agreement, "Trygghetsvandring", status_kind="ongoing")
    make_activity(agreement, "Feriepraktik")
    world.next = make_meeting(
        world.body, starts_at=datetime.datetime(2024, 6, 13, 13, 0, tzinfo=STOCKHOLM), place="Rådhuset"
    )
    item = AgendaItem.objects.create(
        meeting=world.next,
        position=1,
        title="Uppföljning av kvartalet",
        decision_proposal="Rapporten läggs till handlingarna.",
    )
    world.document = AgendaDocument.objects.create(
        item=item, title="Lägesrapport", file=ContentFile(DOCUMENT, name="lagesrapport.txt")
    )
    return world


def test_the_convenor_downloads_one_pack_with_every_part(world, cast, login):
    response = login(cast["official"]).get(reverse("reports:meeting_pack", args=[world.next.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="motesunderlag-' in response["Content-Disposition"]
    text, reader = pdf_text(response.content), reader_of(response.content)
    assert "Mötesunderlag" in text and "Rådhuset" in text
    assert "Kallelse och dagordning" in text and "Uppföljning av kvartalet" in text
    assert "Rapporten läggs till handlingarna." in text
    # The dashboard of the last quarter that ended before the meeting day, with the goal area's counts.
    assert "Kvartalsrapport" in text and "2024" in text and "A. Inga utsatta områden" in text
    assert "Lägesrapport" in text and hashlib.sha256(DOCUMENT).hexdigest()[:32] in text.replace(" ", "")
    assert "Protokoll från föregående möte, 2024-03-14" in text and "Lägesbilden noterades." in text
    # Contents with page numbers, one bookmark per part, every page numbered.
    listed = re.search(r"Innehåll Kallelse och dagordning[ .]+(\d+) Kvartalsrapport[^.]*[ .]+(\d+)", text)
    assert listed and listed.groups() == ("2", "3")
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert any(title.startswith("Kallelse") for title in titles) and any("Protokoll" in t for t in titles)
    last = len(reader.pages)
    assert f"Sida {last} av {last}" in text


def test_the_same_meeting_gives_the_same_bytes(world, cast, login):
    client = login(cast["official"])
    url = reverse("reports:meeting_pack", args=[world.next.pk])
    first = client.get(url).content
    forget_kept_pdfs()  # render afresh
    assert client.get(url).content == first
    AgendaItem.objects.create(meeting=world.next, position=2, title="Övrigt")
    assert client.get(url).content != first


def test_only_those_who_prepare_the_meeting_make_the_pack(world, cast, login):
    url = reverse("reports:meeting_pack", args=[world.next.pk])
    assert login(cast["strategic"]).get(url).status_code == 403
    assert login(cast["outsider"]).get(url).status_code == 404
    assert login(cast["admin"]).get(url).status_code == 200
