"""The plan pages keep each rendered card, matrix entry and public row (samverkan/fragments.py) under what it
shows. Whatever changes must show on the next request: a kept fragment is never stale."""

import pytest
from django.urls import reverse

from activities.models import Person
from tests.factories import make_activity, make_agreement, make_statuses

PAGES = {
    "board": lambda agreement: reverse("activities:board", args=[agreement.pk]),
    "matrix": lambda agreement: reverse("activities:matrix", args=[agreement.pk]),
    "public": lambda agreement: reverse("public:agreement", args=[agreement.pk]),
}


@pytest.fixture
def plan(cast):
    agreement = make_agreement("Publicerad överenskommelse", is_published=True)
    parent = make_activity(agreement, "Trygghetsvandring", handled_by=cast["admin"], public_description="Förr.")
    sub = make_activity(agreement, "Vandring i Bäckby", parent=parent, status_kind="ongoing")
    return agreement, parent, sub


def rename_status(agreement, parent, sub):
    status = parent.status
    status.name = "Nyss omdöpt status"
    status.save()
    return "Nyss omdöpt status"


def change_symbol(agreement, parent, sub):
    status = parent.status
    status.symbol = "✱"
    status.save()
    return "✱"


def rename_activity(agreement, parent, sub):
    parent.name = "Trygghetsvandring med föräldrar"
    parent.save()
    return "Trygghetsvandring med föräldrar"


def rename_sub_activity(agreement, parent, sub):
    sub.name = "Vandring i Råby"
    sub.save()
    return "Vandring i Råby"


def move_to_other_status(agreement, parent, sub):
    finished = make_statuses(agreement)["finished"]
    parent.set_status(finished, by=None, comment="Klar.")
    # The filter form lists every status: look for the activity marked with it.
    return {
        "board": f'<article class="card status-finished" id="card-{parent.pk}"',
        "matrix": '<li class="matrix-entry status-finished">',
        "public": f"{finished.symbol} {finished.name}",
    }


def recode_goal_area(agreement, parent, sub):
    area = parent.goal_areas.get()
    area.code = "ZQ"
    area.save()
    return ": ZQ</p>"


def rename_person(agreement, parent, sub):
    person = Person.objects.get(agreement=agreement)
    person.name = "Ny Handläggare"
    person.save()
    return "Ny Handläggare"


def prioritise(agreement, parent, sub):
    parent.is_prioritised = True
    parent.save()
    # The filter form says "Prioriterad" too: look for the mark itself.
    return {"matrix": '<span class="prioritised">Prioriterad</span>', "public": "· Prioriteras</p>"}


def describe(agreement, parent, sub):
    parent.public_description = "Nu med kvällspass."
    parent.save()
    return "Nu med kvällspass."


CHANGES = {
    "board": [rename_status, change_symbol, rename_activity, move_to_other_status, recode_goal_area, rename_person],
    "matrix": [rename_status, change_symbol, rename_activity, move_to_other_status, prioritise],
    "public": [rename_status, rename_activity, rename_sub_activity, move_to_other_status, prioritise, describe],
}
CASES = [(page, change) for page, changes in CHANGES.items() for change in changes]


@pytest.mark.parametrize(("page", "change"), CASES, ids=[f"{p}-{c.__name__}" for p, c in CASES])
def test_a_change_shows_on_the_next_request(cast, login, plan, page, change):
    agreement = plan[0]
    client = login(None if page == "public" else cast["admin"])
    url = PAGES[page](agreement)
    before = client.get(url).content.decode()

    shown = change(*plan)
    shown = shown[page] if isinstance(shown, dict) else shown

    after = client.get(url).content.decode()
    assert shown not in before
    assert shown in after
