"""The parties and signatories of a new agreement, entered in the portal (Parter, Undertecknare) rather than the
Django admin: what the pages save, what they refuse and say, and that the rules behind them hold in the models
(so in the admin and the shell too)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.freezing import install_guards
from agreements.models import Agreement, AgreementParty, Party, Signatory
from tests.admin_forms import form_data
from tests.factories import make_agreement
from tests.pdf_checks import pdf_text

pytestmark = pytest.mark.django_db


def url(name: str, agreement: Agreement, row=None) -> str:
    return reverse(f"agreements:{name}", args=[agreement.pk] + ([row.pk] if row is not None else []))


@pytest.fixture
def admin(cast, login):
    return login(cast["admin"])


@pytest.fixture
def new_agreement(cast, admin):
    """A new draft made on the create page: no parties, no signatories."""
    data = {"title": "Samverkansöverenskommelse Nystad", "valid_from": "2027-06-02", "valid_until": "2031-06-01"}
    response = admin.post(reverse("agreements:create"), data | {"once_token": "b" * 32})
    assert response.status_code == 302
    return Agreement.objects.get(title="Samverkansöverenskommelse Nystad")


@pytest.fixture
def draft(db):
    """A draft with one party (Teststad kommun) and one signatory (Anna Andersson, who signs for no party)."""
    return make_agreement("Samverkansöverenskommelse Teststad 2027–2031")


NEW_MUNICIPALITY = {
    "name": "Nystads kommun",
    "kind": "municipality",
    "organisation_number": "2120002080",  # typed without its hyphen
    "address": "Stadshuset\n111 11 Nystad",
    "short_name": "kommunen",
}


def add_party(client, agreement, **fields):
    return client.post(url("parties", agreement), fields)


def test_admin_adds_two_parties_and_two_signatories_and_the_page_and_pdf_show_them(cast, admin, new_agreement):
    police = Party.objects.create(name="Polismyndigheten", kind=Party.Kind.POLICE, organisation_number="202100-0076")
    page = admin.get(url("parties", new_agreement)).content.decode()
    assert "<h1>Parter</h1>" in page and "Inga parter registrerade." in page
    assert f'<option value="{police.pk}">Polismyndigheten (202100-0076)</option>' in page

    # A new organisation, and one registered already (a party to another agreement).
    assert add_party(admin, new_agreement, **NEW_MUNICIPALITY).url == url("parties", new_agreement)
    assert add_party(admin, new_agreement, party=police.pk, short_name="Polisen").status_code == 302
    municipality = Party.objects.get(name="Nystads kommun")
    assert (municipality.organisation_number, municipality.kind) == ("212000-2080", "municipality")
    rows = list(new_agreement.agreement_parties.all())
    assert [(row.party, row.short_name, row.order) for row in rows] == [
        (municipality, "kommunen", 1),
        (police, "Polisen", 2),
    ]
    page = admin.get(url("parties", new_agreement)).content.decode()
    assert "Polismyndigheten är nu part i överenskommelsen." in page
    assert "Org.nr 212000-2080" in page and "”Polisen”" in page

    signatories = url("signatories", new_agreement)
    first = {"name": "Sara Svensson", "title": "kommunstyrelsens ordförande", "party": municipality.pk}
    assert admin.post(signatories, first).url == signatories
    later = {"name": "Bo Berg", "title": "lokalpolisområdeschef", "party": police.pk, "organisation": "Polisen Nystad"}
    assert admin.post(signatories, later).url == signatories
    sara, bo = new_agreement.signatories.all()
    # Both listed, Sara Svensson's signature is registered with its date on her page.
    assert (
        admin.post(url("signatory_edit", new_agreement, sara), first | {"signed_on": "2024-05-02"}).status_code == 302
    )
    sara.refresh_from_db()
    new_agreement.refresh_from_db()
    assert not new_agreement.is_frozen
    assert (sara.organisation, sara.signed_on, sara.order) == ("Nystads kommun", datetime.date(2024, 5, 2), 1)
    assert (bo.organisation, bo.has_signed, bo.order) == ("Polisen Nystad", False, 2)

    page = admin.get(new_agreement.get_absolute_url()).content.decode()
    for shown in (
        "Nystads kommun</span>, nedan kallad ”kommunen”",
        "Org.nr 212000-2080 · Stadshuset<br>111 11 Nystad",
        "Polismyndigheten</span>, nedan kallad ”Polisen”",
        "✓ Undertecknad 2024-05-02",
        "○ Inte undertecknad",
    ):
        assert shown in page, shown
    text = pdf_text(admin.get(reverse("reports:agreement_pdf", args=[new_agreement.pk])).content)
    assert "Nystads kommun, nedan kallad ”kommunen”" in text and "Org.nr 212000-2080" in text
    assert "Sara Svensson kommunstyrelsens ordförande Nystads kommun Undertecknad 2024-05-02" in text
    assert "Bo Berg lokalpolisområdeschef Polisen Nystad Inte undertecknad" in text

    # Bo Berg's copy carries no date: ticked so, the last signature freezes the agreement.
    response = admin.post(url("signatory_edit", new_agreement, bo), later | {"signed_undated": "on"})
    assert response.url == new_agreement.get_absolute_url()
    new_agreement.refresh_from_db()
    assert new_agreement.is_frozen
    text = pdf_text(admin.get(reverse("reports:agreement_pdf", args=[new_agreement.pk])).content)
    assert "Bo Berg lokalpolisområdeschef Polisen Nystad Undertecknad, datum ej angivet" in text

    # Every change has its history row, naming who made it.
    for row in (municipality, *rows, sara, bo):
        assert {h.history_user for h in row.history.all()} == {cast["admin"]}, row


def test_a_successor_copies_its_predecessors_parties_and_its_page_leads_to_both_pages(cast, admin, agreement):
    data = {
        "title": "Nästa",
        "valid_from": "2027-06-02",
        "predecessor": agreement.pk,
        "copy_from": agreement.pk,
        "copy_parts": ["parties"],
        "once_token": "c" * 32,
    }
    response = admin.post(reverse("agreements:successor", args=[agreement.pk]), data)
    successor = Agreement.objects.get(predecessor=agreement)
    page = admin.get(response.url).content.decode()
    assert "Kopierat från Samverkansöverenskommelse Teststad 2023–2027: 1 part." in page
    assert [row.party.name for row in successor.agreement_parties.all()] == ["Teststad kommun"]
    assert not successor.signatories.exists()
    assert f'href="{url("parties", successor)}"' in page and f'href="{url("signatories", successor)}"' in page


@pytest.mark.parametrize("role", ["strategic", "operative", "official", "reader"])
def test_members_who_are_not_admins_see_no_links_and_are_refused(cast, login, draft, role):
    draft.memberships.create(user=cast[role], role=role)
    client = login(cast[role])
    assert url("parties", draft) not in client.get(draft.get_absolute_url()).content.decode()
    party, signatory = draft.agreement_parties.get(), draft.signatories.get()
    for name, row in [("parties", None), ("party_edit", party), ("party_remove", party), ("signatories", None),
                      ("signatory_edit", signatory), ("signatory_remove", signatory)]:  # fmt: skip
        assert client.get(url(name, draft, row)).status_code == 403, name
    for name, row in [("parties", None), ("party_move", party), ("party_remove", party),
                      ("signatories", None), ("signatory_remove", signatory)]:  # fmt: skip
        assert client.post(url(name, draft, row), {"name": "X", "direction": "1"}).status_code == 403, name
    assert draft.agreement_parties.count() == 1 and draft.signatories.count() == 1


def test_an_official_of_another_agreement_does_not_find_the_pages(cast, login, draft):
    client = login(cast["outsider"])
    assert client.get(url("parties", draft)).status_code == 404
    assert client.post(url("party_remove", draft, draft.agreement_parties.get())).status_code == 404
    assert draft.agreement_parties.count() == 1


def test_a_row_of_another_agreement_is_not_found(admin, draft, agreement):
    assert admin.get(url("party_edit", draft, agreement.agreement_parties.get())).status_code == 404
    assert admin.post(url("signatory_remove", draft, agreement.signatories.get())).status_code == 404


def test_moving_is_a_post(admin, draft):
    assert admin.get(url("party_move", draft, draft.agreement_parties.get())).status_code == 405


def test_a_signed_agreements_pages_refuse_changes_with_a_message_and_change_nothing(admin, agreement):
    party, signatory = agreement.agreement_parties.get(), agreement.signatories.get()
    frozen = "Överenskommelsen är undertecknad: dess parter och undertecknare är låsta tillsammans med texten."
    for name, row in [("parties", None), ("party_edit", party), ("signatories", None), ("signatory_edit", signatory)]:
        page = admin.get(url(name, agreement, row)).content.decode()
        assert frozen in page and 'role="alert"' in page, name
        assert "<button" not in page.split('<main id="main"')[1].split("</main>")[0], name
        assert url("amend", agreement) in page
    assert url("parties", agreement) not in admin.get(agreement.get_absolute_url()).content.decode()

    before = (Party.objects.count(), list(AgreementParty.objects.values()), list(Signatory.objects.values()))
    posts = [
        ("parties", None, NEW_MUNICIPALITY),
        ("party_edit", party, {"short_name": "kommunen"}),
        ("party_move", party, {"direction": "1"}),
        ("party_remove", party, {}),
        ("signatories", None, {"name": "Ny", "title": "chef", "party": party.party_id}),
        ("signatory_edit", signatory, {"name": "Ändrad", "title": "chef"}),
        ("signatory_move", signatory, {"direction": "-1"}),
        ("signatory_remove", signatory, {}),
    ]
    for name, row, data in posts:
        response = admin.post(url(name, agreement, row), data)
        assert response.status_code == 409, name
        assert frozen in response.content.decode(), name
    assert (Party.objects.count(), list(AgreementParty.objects.values()), list(Signatory.objects.values())) == before


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (
            "212000-2081",
            "212000-2081 är inte ett organisationsnummer: den sista siffran (kontrollsiffran) stämmer inte.",
        ),
        ("21200-2080", "Skriv organisationsnumret som sex siffror, bindestreck och fyra siffror: NNNNNN-NNNN"),
        ("212000-20800", "Skriv organisationsnumret som sex siffror, bindestreck och fyra siffror"),
        ("abcdef-ghij", "Skriv organisationsnumret som sex siffror, bindestreck och fyra siffror"),
    ],
)
def test_a_bad_organisation_number_is_explained_and_nothing_is_saved(admin, new_agreement, number, message):
    response = add_party(admin, new_agreement, **NEW_MUNICIPALITY | {"organisation_number": number})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "Inget lades till" in page
    assert 'value="Nystads kommun"' in page  # what was typed is kept
    assert not Party.objects.filter(name="Nystads kommun").exists()
    assert not new_agreement.agreement_parties.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Välj organisationen, eller fyll i den nya organisationens namn nedan."),
        ({"name": "teststad KOMMUN"}, "”Teststad kommun” finns redan registrerad: välj den i listan ovan."),
        ({"short_name": "Kommunen", "name": "Annan kommun"}, "Teststad kommun kallas redan ”kommunen” i texten."),
    ],
)
def test_a_party_the_rules_refuse_is_explained_and_nothing_is_saved(admin, draft, fields, message):
    draft.agreement_parties.update(short_name="kommunen")
    Party.objects.create(name="Region Teststad")  # registered, so the page offers to choose it
    before = (Party.objects.count(), list(AgreementParty.objects.values()))
    response = add_party(admin, draft, **{"name": "Ny part"} | fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Party.objects.count(), list(AgreementParty.objects.values())) == before


def test_choosing_a_registered_organisation_and_typing_a_new_one_is_refused(admin, draft):
    other = Party.objects.create(name="Region Teststad", kind=Party.Kind.REGION)
    response = add_party(admin, draft, party=other.pk, name="Region Nystad")
    assert "Välj en registrerad organisation eller fyll i en ny, inte båda." in response.content.decode()
    assert draft.agreement_parties.count() == 1 and not Party.objects.filter(name="Region Nystad").exists()


def test_removing_a_party_someone_signs_for_is_refused_with_the_reason(admin, draft):
    row = draft.agreement_parties.get()
    draft.signatories.update(party=row.party)
    page = admin.get(url("party_remove", draft, row)).content.decode()
    reason = "Anna Andersson undertecknar för Teststad kommun: ta först bort undertecknaren"
    assert reason in page and "<button" not in page.split('<main id="main"')[1].split("</main>")[0]
    response = admin.post(url("party_remove", draft, row))
    assert response.status_code == 409 and reason in response.content.decode()
    assert draft.agreement_parties.get() == row

    with pytest.raises(ValidationError, match="undertecknar för"):
        row.delete()  # the shell's way keeps the rule too
    assert AgreementParty.objects.filter(pk=row.pk).exists()


def test_removing_a_party_after_confirming_it(cast, admin, draft):
    row = draft.agreement_parties.get()
    page = admin.get(url("party_remove", draft, row)).content.decode()
    assert "<h1>Ta bort Teststad kommun som part?</h1>" in page and "Ta bort</button>" in page
    assert AgreementParty.objects.filter(pk=row.pk).exists()  # asking removes nothing
    response = admin.post(url("party_remove", draft, row))
    assert response.url == url("parties", draft)
    assert not draft.agreement_parties.exists()
    assert Party.objects.filter(name="Teststad kommun").exists()  # the organisation stays registered
    assert AgreementParty.history.filter(id=row.pk, history_type="-").get().history_user == cast["admin"]


def test_moving_a_party_down_renumbers_them_in_order(cast, admin, draft):
    first = draft.agreement_parties.get()
    second = draft.agreement_parties.create(party=Party.objects.create(name="Polisen Teststad"), order=7)
    assert admin.post(url("party_move", draft, first), {"direction": "1"}).url == url("parties", draft)
    assert [(row.party.name, row.order) for row in draft.agreement_parties.all()] == [
        ("Polisen Teststad", 1),
        ("Teststad kommun", 2),
    ]
    assert second.history.first().history_user == cast["admin"]
    admin.post(url("party_move", draft, second), {"direction": "-1"})  # first already: nothing moves
    assert [row.party.name for row in draft.agreement_parties.all()] == ["Polisen Teststad", "Teststad kommun"]


def test_an_organisation_of_this_draft_alone_is_edited_on_its_page(admin, new_agreement):
    add_party(admin, new_agreement, **NEW_MUNICIPALITY)
    row = new_agreement.agreement_parties.get()
    page = admin.get(url("party_edit", new_agreement, row)).content.decode()
    assert 'name="organisation-organisation_number"' in page
    data = {
        "short_name": "staden",
        "organisation-name": "Nystads stad",
        "organisation-kind": "municipality",
        "organisation-organisation_number": "212000 2080",
        "organisation-address": "Rådhuset",
    }
    assert admin.post(url("party_edit", new_agreement, row), data).status_code == 302
    row.refresh_from_db()
    assert (row.short_name, row.party.name, row.party.organisation_number) == ("staden", "Nystads stad", "212000-2080")

    response = admin.post(url("party_edit", new_agreement, row), data | {"organisation-organisation_number": "1"})
    assert "Skriv organisationsnumret som sex siffror" in response.content.decode()
    row.party.refresh_from_db()
    assert row.party.organisation_number == "212000-2080"


def test_an_organisation_other_agreements_name_is_not_changed_from_one_draft(admin, draft):
    row = draft.agreement_parties.get()  # Teststad kommun, a party to the signed agreements too
    page = admin.get(url("party_edit", draft, row)).content.decode()
    assert "organisation-name" not in page and "part även i andra överenskommelser" in page
    admin.post(url("party_edit", draft, row), {"short_name": "kommunen", "organisation-name": "Ändrat namn"})
    assert Party.objects.filter(name="Teststad kommun").exists()
    row.refresh_from_db()
    assert row.short_name == "kommunen"


def test_a_signatory_signs_for_one_of_the_agreements_parties(admin, draft):
    stranger = Party.objects.create(name="Annan part")
    response = admin.post(url("signatories", draft), {"name": "Cecilia", "title": "chef", "party": stranger.pk})
    assert response.status_code == 200 and "Välj ett giltigt alternativ." in response.content.decode()
    signatory = Signatory(agreement=draft, name="Cecilia", title="chef", organisation="x", party=stranger)
    with pytest.raises(ValidationError, match="Annan part är inte part i den här överenskommelsen"):
        signatory.full_clean()
    assert draft.signatories.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"signed_on": "2999-01-01"}, "En underskrift kan inte dateras i framtiden."),
        (
            {"signed_on": "2024-01-01", "signed_undated": "on"},
            "En underskrift har ett datum eller markeras som odaterad",
        ),
        ({"name": ""}, "Detta fält måste fyllas i."),
    ],
)
def test_a_signatory_the_rules_refuse_is_explained_and_nothing_is_saved(admin, draft, fields, message):
    party = draft.agreement_parties.get().party
    data = {"name": "Cecilia Ek", "title": "direktör", "party": party.pk} | fields
    response = admin.post(url("signatory_edit", draft, draft.signatories.get()), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert "<h1>Anna Andersson</h1>" in response.content.decode()  # named as stored, not as typed
    assert list(draft.signatories.values_list("name", flat=True)) == ["Anna Andersson"]
    assert not draft.signatories.get().has_signed


def test_a_signatory_is_added_unsigned_so_the_first_does_not_freeze_the_agreement(admin, new_agreement):
    add_party(admin, new_agreement, **NEW_MUNICIPALITY)
    party = new_agreement.agreement_parties.get().party
    page = admin.get(url("signatories", new_agreement)).content.decode()
    assert 'name="signed_on"' not in page
    data = {"name": "Cecilia Ek", "title": "direktör", "party": party.pk, "signed_on": "2024-01-01"}
    assert admin.post(url("signatories", new_agreement), data).status_code == 302
    assert not new_agreement.signatories.get().has_signed
    new_agreement.refresh_from_db()
    assert not new_agreement.is_frozen


def test_the_last_unsigned_signatory_is_not_removed_while_everyone_else_has_signed(admin, draft):
    bo = Signatory.objects.create(agreement=draft, order=2, name="Bo Berg", title="chef", organisation="Polisen")
    draft.register_signature(bo, on=datetime.date(2024, 5, 2))
    anna = draft.signatories.get(name="Anna Andersson")
    response = admin.post(url("signatory_remove", draft, anna))
    assert response.status_code == 409
    assert "Alla andra har skrivit under: utan Anna Andersson" in response.content.decode()
    assert draft.signatories.count() == 2
    # A signed one may go (the agreement is not signed until the last has signed).
    assert admin.post(url("signatory_remove", draft, bo)).url == url("signatories", draft)
    assert list(draft.signatories.values_list("name", flat=True)) == ["Anna Andersson"]


def test_a_registered_signature_is_shown_not_changed(admin, draft):
    bo = Signatory.objects.create(agreement=draft, order=2, name="Bo Berg", title="chef", organisation="Polisen")
    draft.register_signature(bo, on=datetime.date(2024, 5, 2))
    page = admin.get(url("signatory_edit", draft, bo)).content.decode()
    assert "✓ Undertecknad 2024-05-02. En registrerad underskrift ändras inte." in page
    party = draft.agreement_parties.get().party
    data = {"name": "Bo Berg", "title": "polischef", "party": party.pk, "signed_on": "2024-01-01"}
    assert admin.post(url("signatory_edit", draft, bo), data).status_code == 302
    bo.refresh_from_db()
    assert (bo.title, bo.signed_on, bo.party) == ("polischef", datetime.date(2024, 5, 2), party)


# --- the rules in the models: the admin and the shell keep them too ----------------------------------------------


def test_an_organisation_number_is_stored_as_printed_and_checked_in_the_model_and_the_database():
    party = Party(name="Teststad kommun", organisation_number="212000 2080")
    party.full_clean()
    assert party.organisation_number == "212000-2080"
    with pytest.raises(ValidationError, match="kontrollsiffran"):
        Party(name="Fel", organisation_number="2120002081").full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Party.objects.create(name="Utan bindestreck", organisation_number="2120002080")
    Party.objects.create(name="Utan nummer")  # none is allowed


def test_two_parties_of_an_agreement_have_different_short_names_in_the_database(draft):
    draft.agreement_parties.update(short_name="kommunen")
    other = Party.objects.create(name="Annan")
    with transaction.atomic(), pytest.raises(IntegrityError):
        AgreementParty.objects.create(agreement=draft, party=other, short_name="Kommunen")
    AgreementParty.objects.create(agreement=draft, party=other)  # without a short name


def test_the_admin_says_why_a_party_someone_signs_for_is_not_deleted(cast, login, draft):
    row = draft.agreement_parties.get()
    draft.signatories.update(party=row.party)
    cast["admin"].is_staff = cast["admin"].is_superuser = True
    cast["admin"].save()
    client = login(cast["admin"])
    change = reverse("admin:agreements_agreement_change", args=[draft.pk])
    response = client.post(change, form_data(client, change) | {"agreement_parties-0-DELETE": "on"})
    assert response.status_code == 200
    assert "Anna Andersson undertecknar för Teststad kommun" in response.content.decode()
    assert draft.agreement_parties.filter(pk=row.pk).exists()


def test_the_admin_adds_a_party_and_its_signatory_in_one_save(cast, login, draft):
    cast["admin"].is_staff = cast["admin"].is_superuser = True
    cast["admin"].save()
    client = login(cast["admin"])
    police = Party.objects.create(name="Polisen Teststad")
    change = reverse("admin:agreements_agreement_change", args=[draft.pk])
    data = form_data(client, change) | {
        "agreement_parties-TOTAL_FORMS": "2",
        "agreement_parties-1-party": str(police.pk),
        "agreement_parties-1-order": "2",
        "signatories-TOTAL_FORMS": "2",
        "signatories-1-name": "Bo Berg",
        "signatories-1-title": "chef",
        "signatories-1-organisation": "Polisen",
        "signatories-1-party": str(police.pk),
        "signatories-1-order": "2",
    }
    stranger = Party.objects.create(name="Annan part")
    refused = client.post(change, data | {"agreement_parties-1-party": str(stranger.pk)})
    assert "Polisen Teststad är inte part i den här överenskommelsen" in refused.content.decode()
    assert client.post(change, data).status_code == 302
    assert draft.signatories.get(name="Bo Berg").party == police


# --- read paths ----------------------------------------------------------------------------------------------------


def _queries(client, page) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(page).status_code == 200
    return len(context.captured_queries)


def test_the_pages_read_in_the_same_number_of_queries_for_two_or_eight_rows(admin, draft):
    longer = make_agreement("Längre utkast")
    Party.objects.create(name="Region Teststad")  # offered to both to choose
    for i in range(7):
        party = Party.objects.create(name=f"Part {i}", organisation_number="212000-2080", address="Gatan 1")
        longer.agreement_parties.create(party=party, order=10 + i)
        Signatory.objects.create(
            agreement=longer, order=10 + i, name=f"Namn {i}", title="t", organisation="o", party=party
        )
    Signatory.objects.create(agreement=draft, order=2, name="Bo", title="t", organisation="o")
    for name in ("parties", "signatories"):
        assert _queries(admin, url(name, draft)) == _queries(admin, url(name, longer)), name


def chain_executor() -> MigrationExecutor:
    """An executor that sees the migrations one by one: the test database was made from the squash that replaces
    them (which recorded each of them as applied), and a step within the chain is not a node of the squashed graph."""
    executor = MigrationExecutor(connection)
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    return executor


@pytest.mark.postgresql_in_ci  # a minute or more of migrating the old chain back and forth: once, on PostgreSQL
def test_the_migration_stores_organisation_numbers_with_their_hyphen_and_stops_at_what_it_cannot_mend(
    transactional_db,
):
    """Rows stored before the database held the rules: a number without its hyphen is mended, a number that is not
    one stops the migration with what to correct, rather than being guessed at."""
    before, after = [("agreements", "0007_verbose_names")], [("agreements", "0008_party_rules")]
    executor = chain_executor()
    executor.migrate(before)
    try:
        Old = executor.loader.project_state(before).apps.get_model("agreements", "Party")
        mended = Old.objects.create(name="Utan bindestreck", organisation_number="2120002080")
        wrong = Old.objects.create(name="Inget nummer", organisation_number="okänt")
        executor = chain_executor()
        with pytest.raises(RuntimeError, match=r"party \d+ \(Inget nummer\): organisation number 'okänt'"):
            executor.migrate(after)
        Old.objects.filter(pk=wrong.pk).update(organisation_number="")
    finally:
        executor = chain_executor()
        executor.migrate(executor.loader.graph.leaf_nodes())
        install_guards()  # as every migrate does: a rebuilt table has lost its triggers
    assert Party.objects.get(pk=mended.pk).organisation_number == "212000-2080"
