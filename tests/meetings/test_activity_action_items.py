"""Action items raised on an activity, outside any meeting: added by those who edit the activity, followed up
by one of the agreement's bodies, shown on the activity page and on the owner's start page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem
from tests.factories import make_activity, make_user
from tests.meetings.helpers import meeting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agreement, cast):
    world = meeting_world(agreement, cast)
    world.activity = make_activity(agreement, "Trygghetsvandring", handled_by=cast["official"])
    return world


def add_url(world):
    return reverse("meetings:action_item_for_activity", args=[world.activity.pk])


def list_url(world):
    return reverse("meetings:activity_action_items", args=[world.activity.pk])


def test_the_handler_raises_an_action_item_that_the_owner_sees_on_the_start_page(world, cast, login):
    handler = login(cast["official"])
    due = timezone.localdate() + datetime.timedelta(days=7)
    response = handler.post(
        add_url(world),
        {"body": world.body.pk, "what": "Boka lokal för vandringen", "owner": cast["strategic"].pk, "due_on": due},
    )
    assert response.status_code == 302 and response["Location"] == world.activity.get_absolute_url()
    action = ActionItem.objects.get()
    assert (action.activity, action.body, action.owner, action.item) == (
        world.activity,
        world.body,
        cast["strategic"],
        None,
    )
    assert action.history.get().history_user == cast["official"]
    panel = handler.get(list_url(world), headers={"HX-Request": "true"}).content.decode()
    assert "Boka lokal för vandringen" in panel and "<html" not in panel
    assert "Boka lokal för vandringen" in login(cast["strategic"]).get(reverse("home")).content.decode()


def test_bad_input_is_refused_in_swedish_and_nothing_is_saved(world, cast, login):
    stranger = make_user("annan")
    response = login(cast["official"]).post(
        add_url(world), {"body": world.body.pk, "what": "", "owner": stranger.pk, "due_on": "i morgon"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in page and "Fyll i ett giltigt datum." in page
    assert "Välj ett giltigt alternativ." in page  # an owner from outside the agreement
    assert not ActionItem.objects.exists()


def test_readers_see_the_items_but_neither_add_nor_mark_them_done(world, cast, login):
    ActionItem.objects.create(
        activity=world.activity, body=world.body, what="Ring skolan", owner=cast["official"],
        due_on=timezone.localdate(),
    )  # fmt: skip
    reader = login(cast["reader"])
    page = reader.get(list_url(world)).content.decode()
    assert "Ring skolan" in page
    assert add_url(world) not in page and "Markera som klar" not in page
    assert reader.post(add_url(world), {}).status_code == 403
    owner_page = login(cast["official"]).get(list_url(world)).content.decode()
    assert add_url(world) in owner_page and "Markera som klar" in owner_page
