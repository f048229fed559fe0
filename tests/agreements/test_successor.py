"""Setting up the next agreement from the portal: the successor page, copying another agreement's structure
(agreements.structure and the copiers each app registers), and carrying activities over into it."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.defaults import ensure_statuses
from activities.models import Activity, District, Status
from activities.structure import copy_statuses
from agreements import structure
from agreements.models import Agreement, AgreementParty, GoalArea, Party, Principle, TimeHorizon
from meetings.models import Body
from tests.factories import make_activity, make_agreement, make_body, make_member

pytestmark = pytest.mark.django_db

EVERYTHING_BUT_SIGNATORIES = [
    "parties",
    "principles",
    "time_horizons",
    "goal_areas",
    "statuses",
    "districts",
    "bodies",
]
# name, kind, colour, symbol: the old agreement's own wording, not the portal's defaults.
OLD_STATUSES = [
    ("Planerad", "initiated", "#ffeeaa", "◔"),
    ("Pågår", "ongoing", "#00aa00", "◑"),
    ("Klar", "finished", "#aa0000", "●"),
]


@pytest.fixture
def agreement(db):
    """The agreement that ends (the cast's members belong to it), with a structure of every kind, signed."""
    old = make_agreement()  # party Teststad kommun, principle Långsiktigt, goal area A, one signatory
    police = Party.objects.create(name="Lokalpolisområde Teststad", kind=Party.Kind.POLICE)
    old.agreement_parties.create(party=police, short_name="Polisen", order=2, joined_on=datetime.date(2024, 1, 1))
    Principle.objects.create(agreement=old, order=2, name="Kunskapsbaserat", sentence="vi utgår från kunskap.")
    for order, (name, span) in enumerate([("Att vinna slaget", "1–3 år"), ("Att vinna kriget", "2–10 år")]):
        TimeHorizon.objects.create(agreement=old, order=order, name=name, span=span, focus="orsaker")
    old.register_signature(old.signatories.get(), on=datetime.date(2023, 6, 7))
    GoalArea.objects.create(agreement=old, order=2, code="B", title="Minskad brottslighet", criteria="trygghet")
    GoalArea.objects.create(agreement=old, order=3, title="Trygg stadskärna")
    for order, (name, kind, colour, symbol) in enumerate(OLD_STATUSES):
        Status.objects.create(
            agreement=old, name=name, kind=kind, colour=colour, symbol=symbol, order=order, is_default=order == 0
        )
    for name in ("Bäckby", "Råby"):
        District.objects.create(agreement=old, name=name)
    strategic = make_body(old, "Strategisk ledning")
    make_member(strategic, function="ordförande")
    make_body(old, "Operativ ledning", kind="operative", reports_to=strategic)
    old.refresh_from_db()
    return old


@pytest.fixture
def activities(agreement):
    horizon = agreement.time_horizons.get(name="Att vinna kriget")
    made = []
    for position, (name, code) in enumerate([("Feriepraktik", "A"), ("Trygghetsvandring", "B"), ("EST", "A")]):
        activity = Activity.objects.create(
            agreement=agreement,
            name=name,
            position=position,
            status=agreement.statuses.get(name="Pågår"),
            time_horizon=horizon,
        )
        activity.goal_areas.set(agreement.goal_areas.filter(code=code))
        activity.districts.set(agreement.districts.filter(name="Råby"))
        made.append(activity)
    return made


def _post(agreement, parts=EVERYTHING_BUT_SIGNATORIES, **fields):
    return {
        "title": "Samverkansöverenskommelse Teststad",
        "valid_from": "2027-06-02",
        "valid_until": "2031-06-01",
        "predecessor": agreement.pk,
        "copy_from": agreement.pk,
        "copy_parts": parts,
        "once_token": "a" * 32,
    } | fields


def _successor(agreement):
    return Agreement.objects.get(predecessor=agreement)


def test_the_successor_page_starts_from_the_predecessors_text_with_everything_but_signatories_ticked(
    cast, login, agreement
):
    page = login(cast["admin"]).get(reverse("agreements:successor", args=[agreement.pk])).content.decode()
    assert "<h1>Nästa överenskommelse</h1>" in page
    assert 'value="2027-06-02"' in page  # the day after the predecessor ends
    assert "Att skapa en trygg kommun." in page  # its purpose, to change
    assert f'<option value="{agreement.pk}" selected>Samverkansöverenskommelse Teststad 2023–2027</option>' in page
    ticked = re.findall(r'<input type="checkbox" name="copy_parts" value="(\w+)"[^>]*\bchecked', page)
    assert ticked == EVERYTHING_BUT_SIGNATORIES
    assert 'value="signatories"' in page
    for label in ("Målområden", "Statusar (ersätter standardstatusarna)", "Stadsdelar", "Tidsperspektiv", "Organ"):
        assert label in page


def test_admin_creates_the_successor_with_the_predecessors_structure(cast, login, agreement):
    client = login(cast["admin"])
    response = client.post(reverse("agreements:successor", args=[agreement.pk]), _post(agreement))
    successor = _successor(agreement)
    assert response.status_code == 302 and response.url == successor.get_absolute_url()

    assert [(p.party.name, p.short_name, p.joined_on) for p in successor.agreement_parties.all()] == [
        ("Teststad kommun", "", None),
        ("Lokalpolisområde Teststad", "Polisen", None),  # a party from the start of the new one
    ]
    assert list(successor.principles.values_list("name", flat=True)) == ["Långsiktigt", "Kunskapsbaserat"]
    assert list(successor.time_horizons.values_list("name", "span")) == [
        ("Att vinna slaget", "1–3 år"),
        ("Att vinna kriget", "2–10 år"),
    ]
    assert list(successor.goal_areas.values_list("code", "title", "criteria")) == [
        ("A", "Inga utsatta områden", "god socioekonomi"),
        ("B", "Minskad brottslighet", "trygghet"),
        ("", "Trygg stadskärna", ""),
    ]
    # The old agreement's statuses, not the defaults every new agreement starts with.
    assert [(s.name, s.kind, s.colour, s.symbol, s.is_default) for s in successor.statuses.order_by("order")] == [
        (*row, order == 0) for order, row in enumerate(OLD_STATUSES)
    ]
    assert list(successor.districts.values_list("name", flat=True)) == ["Bäckby", "Råby"]
    bodies = Body.objects.filter(agreement=successor).order_by("name")
    assert [(b.name, b.reports_to and b.reports_to.name) for b in bodies] == [
        ("Operativ ledning", "Strategisk ledning"),
        ("Strategisk ledning", None),
    ]
    assert not successor.signatories.exists()
    assert successor.goal_areas.get(code="B").history.get().history_user == cast["admin"]

    page = client.get(response.url).content.decode()
    assert (
        "Kopierat från Samverkansöverenskommelse Teststad 2023–2027: 2 parter, 2 principer, 2 tidsperspektiv, "
        "3 målområden, 3 statusar, 2 stadsdelar, 2 organ." in page
    )
    assert "Följer på" in page and "nedan kallad ”Polisen”" in page
    assert "B. Minskad brottslighet" in page and "Att vinna kriget" in page


def test_signatories_are_copied_unsigned_when_ticked(cast, login, agreement):
    login(cast["admin"]).post(reverse("agreements:successor", args=[agreement.pk]), _post(agreement, ["signatories"]))
    successor = _successor(agreement)
    [signatory] = successor.signatories.all()
    assert (signatory.name, signatory.has_signed) == ("Anna Andersson", False)
    assert not successor.is_frozen


def test_the_create_page_copies_from_any_agreement(cast, login, agreement, other_agreement):
    data = _post(other_agreement, ["goal_areas", "districts"], predecessor="", title="Lokal överenskommelse")
    District.objects.create(agreement=other_agreement, name="Annanstads centrum")
    response = login(cast["admin"]).post(reverse("agreements:create"), data)
    created = Agreement.objects.get(title="Lokal överenskommelse")
    assert response.url == created.get_absolute_url()
    assert created.predecessor is None
    assert list(created.districts.values_list("name", flat=True)) == ["Annanstads centrum"]
    assert list(created.goal_areas.values_list("code", flat=True)) == ["A"]
    # Statuses were not chosen: the new agreement has the defaults.
    assert created.statuses.count() == 4


def test_copying_twice_copies_nothing_twice(cast, agreement):
    target = make_agreement("Nästa", valid_from=datetime.date(2027, 6, 2), valid_until=None, predecessor=agreement)
    ensure_statuses(target)
    everything = [copier.key for copier in structure.copiers()]
    first = structure.copy_structure(agreement, target, everything, by=cast["admin"])
    counts = {name: getattr(target, name).count() for name in ("agreement_parties", "goal_areas", "statuses")}
    second = structure.copy_structure(agreement, target, everything, by=cast["admin"])

    assert first["goal_areas"] == 2  # the factory gave the target an A of its own, which is kept
    # Statuses count what the target now has of the source's; the others what they added.
    assert second == dict.fromkeys(everything, 0) | {"statuses": 3}
    assert counts == {name: getattr(target, name).count() for name in counts}
    assert Body.objects.filter(agreement=target).count() == 2
    assert target.districts.count() == 2 and target.time_horizons.count() == 2


def test_copying_statuses_replaces_the_unused_defaults_and_keeps_one_in_use(agreement, cast):
    target = make_agreement("Nästa", valid_from=datetime.date(2027, 6, 2), valid_until=None)
    defaults = {status.name: status for status in ensure_statuses(target)}
    in_use = make_activity(target, "Redan påbörjad", status_kind="dropped")  # uses "Utgår"

    assert copy_statuses(agreement, target, by=cast["admin"]) == 3
    names = list(target.statuses.order_by("order", "name").values_list("name", flat=True))
    assert names == ["Planerad", "Pågår", "Klar", "Utgår"]
    assert target.statuses.get(is_default=True).name == "Planerad"
    pagar = target.statuses.get(name="Pågår")
    assert (pagar.pk, pagar.colour) == (defaults["Pågår"].pk, "#00aa00")  # the same row, recoloured
    assert pagar.history.first().history_user == cast["admin"]
    in_use.refresh_from_db()
    assert in_use.status.name == "Utgår"
    assert copy_statuses(agreement, target, by=cast["admin"]) == 3
    assert target.statuses.count() == 4


@pytest.mark.parametrize("role", ["strategic", "operative", "official", "reader"])
def test_members_who_are_not_admins_may_not_set_up_the_next_agreement(cast, login, agreement, role):
    client = login(cast[role])
    url = reverse("agreements:successor", args=[agreement.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _post(agreement)).status_code == 403
    assert client.post(reverse("agreements:create"), _post(agreement)).status_code == 403
    assert not Agreement.objects.filter(predecessor=agreement).exists()
    assert Agreement.objects.count() == 2


def test_the_next_agreement_of_one_the_user_cannot_see_is_not_found(cast, login, agreement, other_agreement):
    url = reverse("agreements:successor", args=[other_agreement.pk])
    assert login(cast["official"]).get(url).status_code == 404
    assert login(cast["official"]).post(url, _post(other_agreement)).status_code == 404
    assert login(None).get(url).status_code == 302  # to the login page
    assert Agreement.objects.count() == 2


def test_the_successor_page_refuses_other_methods(cast, login, agreement):
    assert login(cast["admin"]).put(reverse("agreements:successor", args=[agreement.pk])).status_code == 405


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"copy_from": ""}, "Välj överenskommelsen att kopiera från, eller bocka ur allt som skulle kopieras."),
        ({"copy_parts": []}, "Kryssa i vad som ska kopieras, eller välj att inte kopiera något."),
        ({"copy_parts": ["goal_areas", "activities"]}, "”activities” går inte att kopiera."),
        ({"copy_from": "999999"}, "Välj ett giltigt alternativ."),
        ({"valid_until": "2020-01-01"}, "Slutdatum får inte vara före startdatum."),
    ],
)
def test_bad_input_saves_nothing_and_says_why(cast, login, agreement, fields, message):
    response = login(cast["admin"]).post(
        reverse("agreements:successor", args=[agreement.pk]), _post(agreement, **fields)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Agreement.objects.count() == 2
    assert GoalArea.objects.count() == 3 + 1  # the old agreement's and the other agreement's


def test_a_part_that_cannot_be_copied_leaves_nothing_behind(cast, login, agreement, monkeypatch):
    def refuse(source, target, by):
        raise ValidationError("Målområde X finns redan.")

    monkeypatch.setitem(structure._copiers, "zz", structure.Copier("zz", "Trasig", refuse, order=99))
    data = _post(agreement, [*EVERYTHING_BUT_SIGNATORIES, "zz"])
    response = login(cast["admin"]).post(reverse("agreements:successor", args=[agreement.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ingenting sparades: en del gick inte att kopiera." in page and "Målområde X finns redan." in page
    assert not Agreement.objects.filter(predecessor=agreement).exists()
    assert AgreementParty.objects.count() == 3  # two of the old agreement's, one of the other's
    assert GoalArea.objects.count() == 4
    # The form can be sent again once the problem is gone: its token was not used up.
    monkeypatch.delitem(structure._copiers, "zz")
    response = login(cast["admin"]).post(reverse("agreements:successor", args=[agreement.pk]), _post(agreement))
    assert response.status_code == 302 and _successor(agreement).goal_areas.count() == 3


def test_a_second_submit_of_the_same_form_goes_to_the_agreement_the_first_made(cast, login, agreement):
    client = login(cast["admin"])
    url = reverse("agreements:successor", args=[agreement.pk])
    first = client.post(url, _post(agreement))
    second = client.post(url, _post(agreement), follow=True)
    successor = _successor(agreement)
    assert second.redirect_chain[-1][0] == first.url == successor.get_absolute_url()
    assert "Formuläret var redan skickat" in second.content.decode()
    assert successor.goal_areas.count() == 3 and Agreement.objects.count() == 3


def test_an_agreement_with_a_successor_offers_no_second_one(cast, login, agreement):
    client = login(cast["admin"])
    page = client.get(agreement.get_absolute_url()).content.decode()
    url = reverse("agreements:successor", args=[agreement.pk])
    assert f'href="{url}"' in page and "Skapa nästa överenskommelse" in page
    client.post(url, _post(agreement))
    successor = _successor(agreement)
    assert f'href="{url}"' not in client.get(agreement.get_absolute_url()).content.decode()
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == successor.get_absolute_url()
    assert "har redan en efterföljare" in response.content.decode()
    # Nor does the create page offer it as a predecessor again.
    create = client.get(reverse("agreements:create")).content.decode()
    predecessor_select = create.split('name="predecessor"')[1].split("</select>")[0]
    assert f'value="{agreement.pk}"' not in predecessor_select


def test_the_action_is_only_for_admins(cast, login, agreement):
    page = login(cast["operative"]).get(agreement.get_absolute_url()).content.decode()
    assert "Skapa nästa överenskommelse" not in page


def test_activities_carry_over_into_the_successor_and_show_in_its_matrix(cast, login, agreement, activities):
    client = login(cast["admin"])
    client.post(reverse("agreements:successor", args=[agreement.pk]), _post(agreement))
    successor = _successor(agreement)
    page = client.get(successor.get_absolute_url()).content.decode()
    carry_over_url = reverse("activities:carry_over", kwargs={"agreement_pk": agreement.pk})
    assert f'href="{carry_over_url}"' in page  # "För över aktiviteter från föregående överenskommelse"

    response = client.post(carry_over_url, {"activities": [a.pk for a in activities]}, follow=True)
    assert "3 aktiviteter fördes över" in response.content.decode()
    copies = Activity.objects.filter(agreement=successor).order_by("position")
    assert [(a.name, a.status.name, a.time_horizon.name) for a in copies] == [
        (name, "Pågår", "Att vinna kriget") for name in ("Feriepraktik", "Trygghetsvandring", "EST")
    ]
    assert {a.status.agreement_id for a in copies} == {successor.pk}
    assert [list(a.goal_areas.values_list("agreement", "code")) for a in copies] == [
        [(successor.pk, "A")],
        [(successor.pk, "B")],
        [(successor.pk, "A")],
    ]
    matrix = client.get(reverse("activities:matrix", args=[successor.pk])).content.decode()
    for activity in copies:
        assert activity.get_absolute_url() in matrix
