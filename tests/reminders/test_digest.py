"""The daily reminder digest: who gets what, at most once a day, and never after opting out."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import StatusChange
from agreements.models import Membership, Role
from reminders.digest import digests
from reminders.models import ReminderSetting, SentDigest
from tests.factories import make_activity, make_user

TODAY = datetime.date(2026, 12, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def official(cast):
    user = cast["official"]
    user.email = "official@example.org"
    user.save()
    return user


@pytest.fixture
def overdue(agreement, official):
    return make_activity(agreement, "Feriepraktik", handled_by=official, follow_up_on=datetime.date(2026, 11, 20))


def send(day=TODAY):
    call_command("send_reminders", date=day.isoformat(), verbosity=0, stdout=None)


def test_an_official_is_told_of_their_activity_whose_follow_up_date_passed(overdue, official):
    send()

    [message] = mail.outbox
    assert message.to == ["official@example.org"]
    assert message.subject == "Samverkan: 1 sak behöver din uppmärksamhet"
    assert "Uppföljningsdatum har passerat" in message.body
    assert "Feriepraktik (2026-11-20)" in message.body
    assert "http://127.0.0.1:8000" + reverse("activities:detail", args=[overdue.pk]) in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="http://127.0.0.1:8000{reverse("activities:detail", args=[overdue.pk])}"' in html


def test_the_digest_goes_out_once_a_day_however_often_the_command_runs(overdue, official):
    send()
    send()
    assert len(mail.outbox) == 1
    assert SentDigest.objects.get(user=official).day == TODAY

    send(TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_nothing_is_sent_to_someone_who_turned_reminders_off(overdue, official, login):
    response = login(official).post(reverse("reminders:settings"), {})  # the box unticked
    assert response.status_code == 302
    assert ReminderSetting.objects.get(user=official).wants_reminders is False
    assert ReminderSetting.history.filter(user=official).count() == 1

    send()
    assert mail.outbox == []


def test_a_follow_up_recorded_since_the_date_or_a_finished_activity_is_no_reminder(agreement, official):
    followed = make_activity(
        agreement, "Trygghetsvandring", handled_by=official, follow_up_on=datetime.date(2026, 11, 1)
    )
    StatusChange.objects.create(
        activity=followed,
        from_status=followed.status,
        to_status=followed.status,
        comment="Följt upp",
        changed_by=official,
    )
    make_activity(
        agreement, "Avslutad", handled_by=official, status_kind="finished", follow_up_on=datetime.date(2026, 11, 1)
    )
    make_activity(agreement, "Senare", handled_by=official, follow_up_on=TODAY)

    send()
    assert mail.outbox == []


def test_no_reminder_links_to_an_agreement_the_person_has_left(overdue, official, agreement):
    Membership.objects.filter(user=official, agreement=agreement).delete()
    send()
    assert mail.outbox == []


def test_the_digests_are_gathered_in_the_same_number_of_queries_for_more_people(agreement):
    def people(n, offset):
        users = []
        for i in range(n):
            user = make_user(f"u{offset + i}", role=Role.OFFICIAL, agreement=agreement)
            make_activity(agreement, f"Aktivitet {offset + i}", handled_by=user, follow_up_on=datetime.date(2026, 1, 1))
            users.append(user.pk)
        return users

    few, many = people(2, 0), people(12, 100)
    with CaptureQueriesContext(connection) as small:
        assert len(digests(few, TODAY)) == 2
    with CaptureQueriesContext(connection) as large:
        assert len(digests(many, TODAY)) == 12
    assert len(small) == len(large)


def test_a_real_smtp_server_receives_the_digest_with_links_the_recipient_may_open(
    smtp_server, overdue, official, login
):
    send()

    [received] = smtp_server.messages
    assert received["To"] == "official@example.org"
    assert received["Subject"] == "Samverkan: 1 sak behöver din uppmärksamhet"
    assert smtp_server.envelopes == [("samverkan@localhost", ["official@example.org"])]
    parts = {part.get_content_type(): part.get_content() for part in received.walk() if not part.is_multipart()}
    assert "Feriepraktik" in parts["text/plain"] and "Feriepraktik" in parts["text/html"]
    links = set(re.findall(r'href="([^"]+)"', parts["text/html"]))
    assert len(links) == 2  # the activity and the reminder settings
    # A mail program showing the plain part offers the same addresses.
    assert set(re.findall(r"https?://\S+", parts["text/plain"])) == links
    client = login(official)
    for link in links:
        assert client.get(urlsplit(link).path).status_code == 200, link


def test_the_settings_page_is_for_logged_in_users_only(client, login, official):
    assert client.get(reverse("reminders:settings")).status_code == 302
    page = login(official).get(reverse("reminders:settings"))
    assert "official@example.org" in page.content.decode()
    assert login(official).put(reverse("reminders:settings")).status_code == 405
