"""The plan pages keep each rendered card, matrix entry and public row (samverkan/fragments.py) under a key
derived from all the fragment can read. Whatever changes must show on the next request, in the fragment itself
(the filter bar above the plan lists statuses and people too): a kept fragment is never stale, never another
user's, never in another language, and no query string makes new ones."""

import re

import pytest
from django.template.autoreload import reset_loaders
from django.urls import reverse

from activities.models import Person
from samverkan import fragments
from samverkan.settings import BASE_DIR
from tests.factories import make_activity, make_agreement, make_statuses

PAGES = {
    "board": lambda agreement: reverse("activities:board", args=[agreement.pk]),
    "matrix": lambda agreement: reverse("activities:matrix", args=[agreement.pk]),
    "grid": lambda agreement: reverse("activities:matrix", args=[agreement.pk]) + "?vy=rutnat",
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
        "grid": '<span class="status-label status-finished">',
        "public": f"{finished.symbol} {finished.name}",
    }


def comment_on_status(agreement, parent, sub):
    # The same status with a new word on it: the card shows the latest comment.
    parent.set_status(parent.status, by=None, comment="Lokalen är bokad till hösten.")
    return "Lokalen är bokad till hösten."


def finish_sub_activity(agreement, parent, sub):
    finished = make_statuses(agreement)["finished"]
    sub.set_status(finished, by=None, comment="Klar.")
    # The parent's entry counts its sub-activities by status; in the grid the sub-activity's own row shows it.
    return {"matrix": "1 av 1 avslutad", "grid": '<span class="status-label status-finished">'}


def recode_goal_area(agreement, parent, sub):
    area = parent.goal_areas.get()
    area.code = "ZQ"
    area.save()
    return {"board": ": ZQ</p>", "grid": "siktar mot målområde ZQ</span>"}


def rename_person(agreement, parent, sub):
    # A person linked to a login is shown by the login's full name; renaming that shows on the cards.
    person = Person.objects.select_related("user").get(agreement=agreement)
    person.user.first_name, person.user.last_name = "Ny", "Handläggare"
    person.user.save()
    return "Ny Handläggare"


def rename_unlinked_person(agreement, parent, sub):
    person = Person.objects.get(agreement=agreement)
    person.user = None
    person.name = "Ny Handläggare"
    person.save()
    return "Ny Handläggare"


def prioritise(agreement, parent, sub):
    parent.is_prioritised = True
    parent.save()
    # The filter form says "Prioriterad" too: look for the mark itself.
    return {
        "matrix": '<span class="prioritised">Prioriterad</span>',
        "grid": '<span class="prioritised">Prioriterad</span>',
        "public": "· Prioriteras</p>",
    }


def describe(agreement, parent, sub):
    parent.public_description = "Nu med kvällspass."
    parent.save()
    return "Nu med kvällspass."


CHANGES = {
    "board": [
        rename_status,
        change_symbol,
        rename_activity,
        move_to_other_status,
        recode_goal_area,
        rename_person,
        rename_unlinked_person,
        comment_on_status,
    ],
    "matrix": [rename_status, change_symbol, rename_activity, move_to_other_status, prioritise, finish_sub_activity],
    "grid": [
        rename_status,
        change_symbol,
        rename_activity,
        rename_sub_activity,
        move_to_other_status,
        prioritise,
        finish_sub_activity,
        recode_goal_area,
    ],
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
    assert shown not in shown_of(page, before, plan[1])
    assert shown in shown_of(page, after, plan[1])


def shown_of(page: str, html: str, activity) -> str:
    """What the page shows of `activity` in its own fragments: its card, its matrix entries, its rows of the grid,
    its public row and article (with its sub-activities). Empty when it has none, so a missing fragment fails too."""
    url = reverse("activities:detail", args=[activity.pk])
    patterns = {
        "board": [rf'<article class="card[^"]*" id="card-{activity.pk}".*?</article>'],
        "matrix": [rf'<li class="matrix-entry[^"]*">\s*<a href="{url}">.*?</li>'],
        "grid": [rf'<tbody class="grid-activity">\s*<tr>\s*<th scope="row"><a href="{url}">.*?</tbody>'],
        "public": [
            rf'<tr>\s*<th scope="row"><a href="#activity-{activity.pk}">.*?</tr>',
            rf'<article class="public-activity" id="activity-{activity.pk}">.*?</article>',
        ],
    }
    found = [match for pattern in patterns[page] for match in re.findall(pattern, html, flags=re.DOTALL)]
    assert found, f"no fragment of {activity} on the {page} page"
    return "\n".join(found)


def card_of(html: str, activity) -> str:
    return shown_of("board", html, activity)


def test_a_card_shows_the_new_name_of_whoever_wrote_its_comment_on_the_next_request(cast, login, plan):
    agreement, parent, _ = plan
    writer = cast["operative"]
    parent.set_status(parent.status, by=writer, comment="Igång.")
    client = login(cast["admin"])
    before = card_of(client.get(PAGES["board"](agreement)).content.decode(), parent)
    writer.first_name, writer.last_name = "Maria", "Lind"
    writer.save()
    after = card_of(client.get(PAGES["board"](agreement)).content.decode(), parent)
    assert "Operative, <time" in before
    assert "Maria Lind, <time" in after


def test_a_card_kept_for_a_user_who_may_change_it_is_not_shown_to_one_who_may_not(cast, login, agreement):
    activity = make_activity(agreement, "Feriepraktik")
    url = reverse("activities:board", args=[agreement.pk])
    status_url = reverse("activities:status", args=[activity.pk])
    operative = card_of(login(cast["operative"]).get(url).content.decode(), activity)
    reader = card_of(login(cast["reader"]).get(url).content.decode(), activity)
    operative_again = card_of(login(cast["operative"]).get(url).content.decode(), activity)
    assert status_url in operative
    assert status_url not in reader
    assert status_url in operative_again


def test_a_card_kept_in_one_language_is_not_served_in_another(cast, login, agreement):
    activity = make_activity(agreement, "Feriepraktik")
    url = reverse("activities:board", args=[agreement.pk])
    client = login(cast["operative"])
    swedish = card_of(client.get(url).content.decode(), activity)
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = card_of(client.get(url).content.decode(), activity)
    assert "Ändra status" in swedish
    assert "Change status" in english
    assert "Ändra status" not in english


def test_an_edited_card_partial_shows_on_the_next_request(cast, login, agreement, settings, tmp_path):
    """The board keeps each card's list item (`card-item`), which includes the `card` partial: an edit of the
    partial alone, under runserver (which resets the loaders when a template changes), shows at once."""
    activity = make_activity(agreement, "Feriepraktik")
    url = reverse("activities:board", args=[agreement.pk])
    # A copy of the board's template in a folder searched first, edited there as a developer would.
    source = (BASE_DIR / "templates/activities/board.html").read_text()
    (tmp_path / "activities").mkdir()
    (tmp_path / "activities/board.html").write_text(source)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    client = login(cast["operative"])
    before = card_of(client.get(url).content.decode(), activity)

    card_partial = source[source.index("{% partialdef card %}") :]
    edited = card_partial.replace('{% translate "Change status" %}', "Målområden (nytt ord)")
    assert edited != card_partial
    (tmp_path / "activities/board.html").write_text(source.replace(card_partial, edited))
    reset_loaders()

    after = card_of(client.get(url).content.decode(), activity)
    assert "Målområden (nytt ord)" not in before
    assert "Målområden (nytt ord)" in after


def test_query_strings_make_no_new_kept_fragments_and_links_carry_only_valid_filters(cast, login, agreement):
    activity = make_activity(agreement, "Feriepraktik")
    ongoing = make_statuses(agreement)["ongoing"]
    activity.set_status(ongoing, by=None, comment="Igång.")
    url = reverse("activities:board", args=[agreement.pk])
    client = login(cast["operative"])
    client.get(url)
    kept = len(fragments.kept.fragments)
    for n in range(5):
        html = client.get(f"{url}?skräp={n}&utm_source=x{n}").content.decode()
    assert len(fragments.kept.fragments) == kept
    assert "skr%C3%A4p" not in card_of(html, activity) and "utm_source" not in card_of(html, activity)

    client.get(f"{url}?status={ongoing.pk}")
    kept = len(fragments.kept.fragments)
    # The same filter spelled otherwise, or filters that are not valid (the page shows all then): nothing new.
    for query in [
        f"status=0{ongoing.pk}",
        f"status={ongoing.pk}&x=1",
        "status=999999",
        "status=abc",
        "prioritised=kanske",
    ]:
        client.get(f"{url}?{query}")
    assert len(fragments.kept.fragments) == kept

    filtered = card_of(client.get(f"{url}?status=0{ongoing.pk}&skräp=1").content.decode(), activity)
    assert f"?next={url}%3Fstatus%3D{ongoing.pk}" in filtered
    assert "skr" not in filtered
