import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from agreements.access import is_admin, role_in
from agreements.models import Agreement, AgreementParty, GoalArea, Membership, Principle, Role, Signatory, TimeHorizon

TRACKED = [Agreement, AgreementParty, Principle, TimeHorizon, GoalArea, Signatory, Membership]


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in TRACKED}
    counts |= {f"history of {model.__name__}": model.history.count() for model in TRACKED}
    counts["users"] = User.objects.count()
    return counts


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    return Agreement.objects.get(valid_from=datetime.date(2023, 6, 7))


def test_loading_twice_changes_nothing(demo):
    before = _counts()
    call_command("load_demo", verbosity=0)
    assert _counts() == before


def test_if_empty_leaves_an_existing_database_alone(db):
    Agreement.objects.create(title="Annan överenskommelse")
    call_command("load_demo", "--if-empty", verbosity=0)
    assert list(Agreement.objects.values_list("title", flat=True)) == ["Annan överenskommelse"]


def test_the_2023_agreement_is_signed_published_and_in_force(demo):
    assert demo.is_frozen
    assert demo.is_published
    assert demo.status_on(datetime.date(2024, 9, 1)) == Agreement.Status.IN_FORCE
    assert demo.extension_assumed
    assert demo.valid_until == datetime.date(2027, 6, 1)
    assert (demo.signing_place, demo.signing_date) == ("Västerås", datetime.date(2023, 6, 7))
    assert "västra stadsdelar" in demo.geographic_focus


def test_the_2023_agreement_has_the_documents_parts(demo):
    assert [ap.party.name for ap in demo.agreement_parties.all()] == [
        "Västerås stad",
        "Lokalpolisområde Västerås",
        "Bostads AB Mimer",
        "Region Västmanland",
    ]
    assert [p.name for p in demo.principles.all()] == [
        "Långsiktigt och uthålligt",
        "Involverande",
        "Öppenhet och transparens",
        "Modigt och nytänkande",
        "Fokuserat och prioriterat",
    ]
    assert [(h.name, h.focus, h.span) for h in demo.time_horizons.all()] == [
        ("Att vinna slaget", "Symptomen", "1–3 år"),
        ("Att vinna kriget", "Orsakerna", "2–10 år"),
        ("Att bygga freden", "Orsakernas orsaker", "5–20 år"),
    ]
    assert [g.code for g in demo.goal_areas.all()] == list("ABCDEFGH")
    assert demo.goal_areas.get(code="G").criteria_list == [
        "inget drogmissbruk",
        "inga skjutningar",
        "inga öppna drogscener/droghandel",
    ]
    signatories = list(demo.signatories.all())
    assert len(signatories) == 8
    assert {s.signed_on for s in signatories} == {datetime.date(2023, 6, 7)}
    assert signatories[-1].name == "Lars Jansson"


def test_the_predecessor_expired_and_could_be_terminated(demo):
    predecessor = demo.predecessor
    assert predecessor.valid_until == datetime.date(2023, 3, 1)
    assert predecessor.terminable_by_either_party
    assert predecessor.status_on(datetime.date(2024, 1, 1)) == Agreement.Status.EXPIRED
    assert [s.name for s in predecessor.signatories.all()] == ["Anders Teljebäck", "Linda Hedmark"]


def test_demo_accounts_have_their_roles(demo):
    admin, ledning, handlaggare = (User.objects.get(username=u) for u in ["admin", "ledning", "handlaggare"])
    assert admin.check_password("samverkan")
    assert is_admin(admin) and admin.is_staff
    assert role_in(ledning, demo) == Role.STRATEGIC
    assert role_in(handlaggare, demo) == Role.OFFICIAL
    assert not is_admin(handlaggare)
