"""The Django admin shows approved minutes but offers no way to change them: no field, no delete, no revert."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from meetings.models import AgendaItem, Meeting
from tests.factories import make_body, make_meeting, make_member, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return User.objects.create_superuser("root", password="x-long-password-1")


@pytest.fixture
def approved(agreement):
    adjuster = make_user("justerare")
    body = make_body(agreement)
    make_member(body, adjuster)
    meeting = make_meeting(body, adjusters=[adjuster], state=Meeting.State.HELD, place="Stadshuset")
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Lägesbild", minutes="Noterades.")
    item.minutes = "Noterades, andra versionen."
    item.save()
    meeting.approve(adjuster)
    meeting.refresh_from_db()
    return meeting


@pytest.mark.parametrize(
    "model",
    ["bodykind", "body", "meeting", "agendaitem", "agendadocument", "recusal", "correction", "calendarfeed"],
)
def test_the_admin_lists_every_model(agreement, login, root, model):
    assert login(root).get(reverse(f"admin:meetings_{model}_changelist")).status_code == 200


def test_approved_meeting_is_read_only_in_the_admin(approved, login, root):
    client = login(root)
    page = client.get(reverse("admin:meetings_meeting_change", args=[approved.pk])).content.decode()
    assert 'name="place"' not in page
    assert "Stadshuset" in page
    item = approved.items.get()
    page = client.get(reverse("admin:meetings_agendaitem_change", args=[item.pk])).content.decode()
    assert 'name="minutes"' not in page
    assert client.post(reverse("admin:meetings_meeting_delete", args=[approved.pk]), {"post": "yes"}).status_code == 403
    assert Meeting.objects.filter(pk=approved.pk).exists()


def test_history_revert_of_approved_minutes_is_refused_in_the_admin(approved, login, root):
    client = login(root)
    item = approved.items.get()
    first = item.history.earliest()
    url = reverse("admin:meetings_agendaitem_simple_history", args=[item.pk, first.history_id])
    response = client.post(url, {"title": item.title, "minutes": "Noterades.", "position": 1, "meeting": approved.pk})
    assert response.status_code == 403
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Noterades, andra versionen."


def test_a_draft_meeting_is_edited_in_the_admin(agreement, login, root):
    meeting = make_meeting(make_body(agreement), place="Rum 1")
    page = login(root).get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert 'name="place"' in page
