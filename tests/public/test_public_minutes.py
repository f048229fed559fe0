"""Approved minutes a body chooses to publish: read by anyone on the public pages, without anyone's name."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from agreements.models import Agreement
from meetings.models import Meeting, record_decision
from tests.meetings.helpers import meeting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agreement, cast):
    Agreement.objects.filter(pk=agreement.pk).update(is_published=True)
    world = meeting_world(agreement, cast)
    world.decision = record_decision(
        world.body, item=world.item, text="Trygghetsvandringen genomförs i maj.", decided_on=world.meeting.date,
        by=cast["official"],
    )  # fmt: skip
    return world


def publish(client, meeting, public: bool = True):
    return client.post(reverse("meetings:minutes_public", args=[meeting.pk]), {"public": "1" if public else "0"})


def test_the_convenor_publishes_approved_minutes_and_anyone_reads_them_without_names(world, cast, login):
    world.meeting.approve(cast["strategic"])
    convenor = login(cast["official"])
    assert "Gör protokollet offentligt" in convenor.get(world.meeting.get_absolute_url()).content.decode()
    publish(convenor, world.meeting)
    assert Meeting.objects.get(pk=world.meeting.pk).minutes_public

    anyone = login(None)
    page = anyone.get(reverse("public:agreement", args=[world.body.agreement_id])).content.decode()
    url = reverse("public:minutes", args=[world.meeting.pk])
    assert f'href="{url}"' in page
    minutes = anyone.get(url).content.decode()
    assert "Protokoll för Arbetsgrupp trygghet" in minutes
    assert "Lägesbilden noterades." in minutes
    assert f"Beslut {world.decision.label}:" in minutes and "Trygghetsvandringen genomförs i maj." in minutes
    for user in (cast["official"], cast["strategic"]):
        for name in {user.username, user.get_full_name()} - {""}:
            assert name not in minutes


def test_minutes_not_approved_cannot_be_made_public(world, cast, login):
    response = publish(login(cast["official"]), world.meeting)
    assert response.status_code == 302
    assert not Meeting.objects.get(pk=world.meeting.pk).minutes_public
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=world.meeting.pk).update(minutes_public=True)
    assert login(None).get(reverse("public:minutes", args=[world.meeting.pk])).status_code == 404


def test_public_minutes_show_only_while_public_of_a_public_body_of_a_published_agreement(world, cast, login):
    world.meeting.approve(cast["strategic"])
    url = reverse("public:minutes", args=[world.meeting.pk])
    anyone = login(None)
    assert anyone.get(url).status_code == 404  # approved, not yet public
    publish(login(cast["official"]), world.meeting)
    assert anyone.get(url).status_code == 200
    type(world.body).objects.filter(pk=world.body.pk).update(is_public=False)
    assert anyone.get(url).status_code == 404
    type(world.body).objects.filter(pk=world.body.pk).update(is_public=True)
    Agreement.objects.filter(pk=world.body.agreement_id).update(is_published=False)
    assert anyone.get(url).status_code == 404
    Agreement.objects.filter(pk=world.body.agreement_id).update(is_published=True)
    publish(login(cast["official"]), world.meeting, public=False)
    assert anyone.get(url).status_code == 404


def test_only_editors_of_the_meeting_publish_its_minutes(world, cast, login):
    world.meeting.approve(cast["strategic"])
    assert publish(login(cast["operative"]), world.meeting).status_code == 403
    assert not Meeting.objects.get(pk=world.meeting.pk).minutes_public


def test_the_public_agreement_page_reads_minutes_in_as_many_queries_for_one_meeting_as_for_five(world, cast, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world.meeting.approve(cast["strategic"])
    world.meeting.set_minutes_public(True, by=cast["official"])
    url = reverse("public:agreement", args=[world.body.agreement_id])
    anyone = login(None)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert anyone.get(url).status_code == 200
        return len(captured)

    one = queries()
    for days in range(1, 5):
        later = datetime.timedelta(days=days)
        Meeting.objects.create(
            body=world.body, state=Meeting.State.HELD, starts_at=world.meeting.starts_at + later,
            ends_at=world.meeting.ends_at + later, approved_at=world.meeting.approved_at, minutes_public=True,
        )  # fmt: skip
    assert queries() == one
