"""The Västerås bodies in the demo, loaded from the sources, and bodies carried into a successor agreement."""

import datetime

import pytest
from django.core.management import call_command

from agreements.models import Agreement
from meetings.models import Body, BodyKind, BodyMember
from meetings.structure import copy_bodies
from tests.factories import make_activity, make_agreement, make_body, make_member, make_user

MODELS = [Body, BodyKind, BodyMember]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    return Agreement.objects.get(valid_from=datetime.date(2023, 6, 7))


def counts():
    return {m.__name__: (m.objects.count(), m.history.count()) for m in MODELS} | {
        "carried": Body.activities.through.objects.count()
    }


def test_loading_the_demo_twice_changes_no_body(demo):
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before


def test_the_strategic_leadership_as_the_agreement_names_it(demo):
    strategic = Body.objects.get(agreement=demo, short_code="SL")
    assert strategic.kind.kind == BodyKind.Kind.STRATEGIC
    assert strategic.meetings_per_year == 4
    assert str(strategic.cadence_text) == "4 gånger per år"
    assert "beslutar om delmål och insatser" in strategic.mandate
    members = list(strategic.members.select_related("party"))
    assert len(members) == 9
    convenors = [m.name for m in members if m.is_convenor]
    assert convenors == ["Lars Jansson", "Per-Inge Hellman"]
    mimer = next(m for m in members if m.party and m.party.name == "Bostads AB Mimer")
    assert (mimer.name, mimer.member_from) == ("Mikael Källqvist", datetime.date(2023, 1, 1))
    region = next(m for m in members if m.party and m.party.name == "Region Västmanland")
    # The source names the function, not the person: no name is made up.
    assert (region.name, region.member_from) == ("", datetime.date(2023, 8, 1))
    assert not region.is_member_on(datetime.date(2023, 7, 31))
    assert region.is_member_on(datetime.date(2023, 8, 1))


def test_operative_leadership_and_working_groups_report_upwards(demo):
    operative = Body.objects.get(agreement=demo, short_code="OL")
    assert operative.reports_to.short_code == "SL"
    assert operative.meets_as_needed and operative.meetings_per_year is None
    assert str(operative.cadence_text) == "vid behov"
    groups = Body.objects.filter(agreement=demo, kind__kind=BodyKind.Kind.WORKING_GROUP)
    assert {g.name for g in groups} == {
        "SSPF-styrgrupp",
        "PUG Våldsprevention",
        "EST-arbetsgrupp",
        "PUG ToB",
        "Citysamverkan",
    }
    assert all(g.reports_to_id == operative.pk for g in groups)
    assert all(g.activities.exists() for g in groups)
    assert Body.objects.filter(agreement=demo, name="Trygghetsrådet").exists()


def test_copy_bodies_into_a_successor(agreement, db):
    admin = make_user("admin")
    strategic = make_body(agreement, "Strategisk ledning", meetings_per_year=4, mandate="Beslutar.")
    operative = make_body(agreement, "Operativ ledning", kind="operative", reports_to=strategic)
    group = make_body(agreement, "EST-arbetsgrupp", kind="working_group", reports_to=operative)
    make_member(strategic, function="LpoC", name="Lars")
    make_member(strategic, function="gammal", member_until=datetime.date(2022, 12, 31))
    activity = make_activity(agreement, "Trygga stråk")
    group.activities.add(activity)
    successor = make_agreement("Efterföljare", valid_from=datetime.date(2027, 6, 2), valid_until=None)
    carried = make_activity(successor, "Trygga stråk", carried_over_from=activity)

    assert copy_bodies(agreement, successor, by=admin) == 3
    assert copy_bodies(agreement, successor, by=admin) == 0
    copies = {b.name: b for b in Body.objects.filter(agreement=successor)}
    assert copies["Operativ ledning"].reports_to == copies["Strategisk ledning"]
    assert copies["EST-arbetsgrupp"].reports_to == copies["Operativ ledning"]
    assert copies["Strategisk ledning"].kind.agreement == successor
    assert [m.name for m in copies["Strategisk ledning"].members.all()] == ["Lars"]
    assert list(copies["EST-arbetsgrupp"].activities.all()) == [carried]
    assert copies["Strategisk ledning"].history.first().history_user == admin
    # The source keeps its own bodies.
    assert strategic.members.count() == 2


def test_bodies_are_offered_when_a_new_agreement_copies_the_structure():
    from agreements.structure import copiers

    assert [c.copy for c in copiers() if c.key == "bodies"] == [copy_bodies]
