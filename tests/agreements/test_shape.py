"""Every agreement's shape as data (issue 17): a second agreement shaped unlike Västerås shows what it is.

The agreement built here is open-ended with a yearly review, local under an overarching agreement that is
still a draft (valid only while that one is), calls its unlettered goal areas *fokusområden*, names its
parties by short name with organisation number and address, lists two appendices (one a file, public), and
was signed by two signatories, one of whom wrote no date, in two identical copies. Its page, its PDF and its
public page must each say all of that.
"""

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from activities.models import Status
from agreements.models import (
    Agreement,
    AgreementParty,
    Appendix,
    FrozenAgreementError,
    GoalArea,
    Party,
    Signatory,
)
from reports.agreement_pdf import content_data, fingerprint, render_agreement_pdf
from reports.plan_report import render_plan_report
from tests.factories import make_agreement, make_user
from tests.pdf_checks import pdf_text

START = datetime.date(2024, 1, 1)
LAST_REVIEW = datetime.date(2025, 1, 15)


def _page_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def overarching(db):
    """The city-wide agreement, still a draft."""
    return Agreement.objects.create(title="Övergripande samverkansöverenskommelse Teststad", valid_from=START)


@pytest.fixture
def local(db, overarching):
    agreement = Agreement.objects.create(
        title="Lokal samverkansöverenskommelse Norrby",
        valid_from=START,
        valid_until=None,
        review_interval_months=12,
        last_reviewed_on=LAST_REVIEW,
        overarching=overarching,
        valid_while_overarching=True,
        goal_area_term="fokusområde",
        goal_area_term_plural="fokusområden",
        purpose="Att göra Norrby tryggare.",
        signing_place="Teststad",
        signing_date=START,
        copies=2,
        is_published=True,
    )
    municipality = Party.objects.create(
        name="Teststads kommun",
        kind=Party.Kind.MUNICIPALITY,
        organisation_number="212000-9999",
        address="Stadshuset\n999 99 Teststad",
    )
    police = Party.objects.create(
        name="Lokalpolisområde Teststad", kind=Party.Kind.POLICE, organisation_number="202100-9999"
    )
    AgreementParty.objects.create(agreement=agreement, party=municipality, short_name="kommunen", order=1)
    AgreementParty.objects.create(agreement=agreement, party=police, short_name="Polisen", order=2)
    GoalArea.objects.create(agreement=agreement, order=1, title="Trygg skolväg", criteria="färre incidenter")
    GoalArea.objects.create(agreement=agreement, order=2, title="Levande centrum")
    dated = Signatory.objects.create(
        agreement=agreement, order=1, name="Karin Kommunstyrelse", title="ordförande", organisation="Teststad"
    )
    undated = Signatory.objects.create(
        agreement=agreement, order=2, name="Per Polischef", title="lokalpolisområdeschef", organisation="Polisen"
    )
    # Signed with two appendices, as the portal's appendices page adds them: a text, and a file offered publicly.
    Appendix.add_to(agreement, title="Lokal lägesbild Norrby", text="Otrygghet kring stationen kvällstid.")
    Appendix.add_to(agreement, title="Kontaktlista", is_public=True, file=ContentFile(CONTACTS, name="kontakter.pdf"))
    agreement.register_signature(dated, on=START)
    assert not Agreement.objects.get(pk=agreement.pk).is_frozen
    agreement.register_signature(undated, on=None)
    return Agreement.objects.for_document().get(pk=agreement.pk)


CONTACTS = b"%PDF-1.4\n% kontaktlista Norrby\n"
# The public page names the appendices; their text is the signed document's (the page and the PDF).
APPENDICES = ["Bilaga 1: Lokal lägesbild Norrby", "Bilaga 2: Kontaktlista"]
APPENDIX_TEXT = "Otrygghet kring stationen kvällstid."
SIGNATURES = ["Karin Kommunstyrelse", "Undertecknad 2024-01-01", "Per Polischef", "Undertecknad, datum ej angivet"]


def _says_its_shape(text: str, *, focus_areas: bool = True) -> None:
    for expected in [
        "från 2024-01-01, tillsvidare",
        "Den revideras en gång per år.",
        "Den gäller endast så länge den övergripande överenskommelsen "
        "Övergripande samverkansöverenskommelse Teststad från 2024, tillsvidare gäller.",
        "Teststads kommun",
        "nedan kallad ”kommunen”",
        "nedan kallad ”Polisen”",
        "Org.nr 212000-9999",
        "Stadshuset",
        "999 99 Teststad",
        "Org.nr 202100-9999",
        *SIGNATURES,
        *APPENDICES,
    ]:
        assert expected in text, expected
    if focus_areas:
        _names_its_focus_areas(text)
    assert "målområde" not in text.lower()


def _names_its_focus_areas(text: str) -> None:
    for expected in ["Trygg skolväg", "Levande centrum"]:
        assert expected in text, expected
    assert "fokusområden" in text.lower()
    # Unlettered: no code in front of the title, and the default word nowhere.
    assert ". Trygg skolväg" not in text
    assert "målområde" not in text.lower()


def test_a_local_open_ended_agreement_with_focus_areas_shows_its_shape_on_its_page(local, login, db):
    admin = make_user("admin", admin=True)
    page = _page_text(login(admin).get(reverse("agreements:detail", args=[local.pk])).content.decode())
    _says_its_shape(page)
    assert "Bilaga: fokusområden" in page and APPENDIX_TEXT in page
    assert "Aktiviteter per fokusområde" in page
    assert "Denna överenskommelse har upprättats i 2 likalydande exemplar." in page
    # The next review was due a year after the last; that has passed, so it is late.
    assert "Revideringen är sen: nästa revidering skulle ha gjorts senast 2026-01-15." in page
    assert "Senast reviderad 2025-01-15." in page
    # The overarching agreement is a draft: the local one is not "Gällande", and the page warns.
    assert local.status == Agreement.Status.SIGNED
    assert "Varning: den övergripande överenskommelsen" in page
    assert "är inte gällande (Utkast)" in page
    assert ">Gällande<" not in page


def test_its_pdf_says_all_of_it(local):
    text = pdf_text(render_agreement_pdf(local))
    # The focus areas are the live plan's, in the plan report, not in the signed document.
    _says_its_shape(text, focus_areas=False)
    _names_its_focus_areas(pdf_text(render_plan_report(local, timezone.localdate())))
    assert "Denna överenskommelse har upprättats i 2 likalydande exemplar." in text
    # The appendix file signed with it, named by its fingerprint.
    assert APPENDIX_TEXT in text
    assert "Fil: kontakter.pdf" in text and hashlib.sha256(CONTACTS).hexdigest() in text.replace("\n", "")
    # The PDF is the signed text: where the review stands today is not in it, nor is the warning.
    assert "Revideringen är sen" not in text and "Varning" not in text


def test_its_public_page_says_all_of_it(local, client):
    page = _page_text(client.get(reverse("public:agreement", args=[local.pk])).content.decode())
    # The signed agreement's signature block is published as signed; no other person is named.
    _says_its_shape(page)
    assert "Denna överenskommelse har upprättats i 2 likalydande exemplar." in page
    assert "Revideringen är sen" in page and "Varning: den övergripande överenskommelsen" in page
    assert "Ladda ner kontakter.pdf" in page  # the file marked public, offered
    assert "Lokal överenskommelse under Övergripande samverkansöverenskommelse Teststad från 2024, tillsvidare" in page


def test_an_agreement_whose_overarching_one_is_in_force_shows_no_warning(local, overarching, login, db):
    with transaction.atomic():
        signatory = Signatory.objects.create(agreement=overarching, name="Karin K", title="ordf.", organisation="T")
        overarching.register_signature(signatory, on=START)
    local = Agreement.objects.for_document().get(pk=local.pk)
    assert local.status == Agreement.Status.IN_FORCE
    page = login(make_user("admin", admin=True)).get(reverse("agreements:detail", args=[local.pk])).content.decode()
    assert "Varning: den övergripande" not in page


def test_the_next_review_is_one_cycle_after_the_last_and_not_late_before_it(local):
    assert local.next_review_on == datetime.date(2026, 1, 15)
    assert not local.review_is_late_on(datetime.date(2026, 1, 15))
    assert local.review_is_late_on(datetime.date(2026, 1, 16))
    local.last_reviewed_on = None
    assert local.next_review_on == datetime.date(2025, 1, 1)  # a year after the start, before the first review


def test_a_review_is_recorded_after_signing_but_the_signed_terms_stay_frozen(local):
    local.last_reviewed_on = datetime.date(2026, 1, 10)
    local.save()
    local.refresh_from_db()
    assert local.next_review_on == datetime.date(2027, 1, 10)
    for field, value in [
        ("goal_area_term", "målområde"),
        ("review_interval_months", 6),
        ("copies", 3),
        ("valid_while_overarching", False),
    ]:
        changed = Agreement.objects.get(pk=local.pk)
        setattr(changed, field, value)
        with pytest.raises(FrozenAgreementError):
            changed.save()
        with pytest.raises(FrozenAgreementError):
            Agreement.objects.filter(pk=local.pk).update(**{field: value})
    short_name = local.agreement_parties.first()
    short_name.short_name = "staden"
    with pytest.raises(FrozenAgreementError):
        short_name.save()


def test_the_database_refuses_a_change_to_a_signed_agreements_word_for_its_goal_areas(local):
    with pytest.raises(Exception, match="frozen"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE agreements_agreement SET goal_area_term = 'område' WHERE id = %s", [local.pk])
    with pytest.raises(Exception, match="frozen"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE agreements_signatory SET signed_undated = false WHERE agreement_id = %s", [local.pk])


def test_the_fingerprint_covers_the_shape(local):
    before = fingerprint(content_data(local))
    with transaction.atomic():
        # Below the freeze, as a repair would: the point is what the fingerprint reads.
        from agreements.freezing import guards_removed

        with guards_removed():
            connection.cursor().execute("UPDATE agreements_agreement SET copies = 3 WHERE id = %s", [local.pk])
    assert fingerprint(content_data(Agreement.objects.for_document().get(pk=local.pk))) != before


@pytest.mark.django_db
def test_inconsistent_validity_is_refused_with_swedish_messages():
    overarching = make_agreement("Övergripande")
    bad = Agreement(title="Fel", valid_from=START, valid_until=datetime.date(2027, 1, 1), review_interval_months=12)
    with pytest.raises(ValidationError) as caught:
        bad.clean()
    assert "Bara en överenskommelse som gäller tillsvidare har revideringsintervall" in str(caught.value)
    bad = Agreement(title="Fel", valid_from=START, valid_while_overarching=True)
    with pytest.raises(ValidationError) as caught:
        bad.clean()
    assert "Välj den övergripande överenskommelse" in str(caught.value)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    bad = Agreement(title="Fel", valid_from=START, signing_date=tomorrow, overarching=overarching)
    with pytest.raises(ValidationError) as caught:
        bad.clean()
    assert "Datum för undertecknande kan inte ligga i framtiden." in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        Signatory(agreement=overarching, name="N", title="T", organisation="O", signed_on=tomorrow).clean()
    assert "En underskrift kan inte dateras i framtiden." in str(caught.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"valid_until": datetime.date(2027, 1, 1), "review_interval_months": 12},
        {"review_interval_months": 0},
        {"valid_while_overarching": True},
        {"copies": 0},
        {"goal_area_term": ""},
    ],
)
def test_the_database_refuses_inconsistent_combinations(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(title="Fel", valid_from=START, **fields)


def test_a_signature_is_dated_or_undated_never_both(local, db):
    signatory = local.signatories.first()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        draft = make_agreement("Utkast")
        other = draft.signatories.first()
        cursor.execute(
            "UPDATE agreements_signatory SET signed_undated = true, signed_on = '2024-01-01' WHERE id = %s", [other.pk]
        )
    assert signatory.has_signed


@pytest.mark.django_db
def test_an_undated_signature_registered_twice_is_one_and_a_dated_one_is_refused_after_it():
    draft = make_agreement("Utkast")
    signatory = draft.signatories.get()
    assert draft.register_signature(signatory, on=None) is True
    draft.refresh_from_db()
    assert draft.is_frozen
    assert draft.register_signature(signatory, on=None) is False
    with pytest.raises(ValidationError):
        draft.register_signature(signatory, on=START)


@pytest.mark.django_db
def test_the_sign_page_registers_a_signature_without_a_date(login):
    draft = make_agreement("Utkast")
    admin = make_user("admin", admin=True)
    signatory = draft.signatories.get()
    url = reverse("agreements:sign", args=[draft.pk])
    response = login(admin).post(url, {"signatory": signatory.pk, "signed_on": "", "undated": ""})
    assert response.status_code == 200
    assert "Ange underskriftens datum, eller kryssa i att inget datum står." in response.content.decode()
    response = login(admin).post(url, {"signatory": signatory.pk, "signed_on": "", "undated": "on"})
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.signed_undated and signatory.signed_on is None
    assert Agreement.objects.get(pk=draft.pk).is_frozen


@pytest.mark.django_db
def test_a_new_agreement_has_the_default_statuses_and_its_empty_board_says_so(login):
    admin = make_user("admin", admin=True)
    client = login(admin)
    form = client.get(reverse("agreements:create")).context["form"]
    response = client.post(
        reverse("agreements:create"),
        {"title": "Ny överenskommelse", "valid_from": "2025-01-01", "once_token": form["once_token"].value()},
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(title="Ny överenskommelse")
    names = list(Status.objects.filter(agreement=agreement).values_list("name", flat=True))
    assert names == ["Initierad/delvis igång", "Pågår", "Avslutad", "Utgår"]
    assert agreement.goal_area_term == "målområde" and agreement.goal_area_term_plural == "målområden"
    board = client.get(reverse("activities:board", args=[agreement.pk])).content.decode()
    assert "Planen har inga aktiviteter än" in board


@pytest.mark.django_db
def test_the_admins_status_choices_are_told_apart_by_agreement(login):
    first = make_agreement("Samverkan", valid_from=datetime.date(2019, 11, 6), valid_until=datetime.date(2023, 3, 1))
    second = make_agreement("SAMVERKAN")
    for agreement in (first, second):
        Status.objects.create(agreement=agreement, name="Pågår", kind=Status.Kind.ONGOING, is_default=True)
    admin = make_user("admin", admin=True)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    page = login(admin).get(reverse("admin:activities_activity_add")).content.decode()
    assert "Pågår (Samverkan 2019–2023)" in page
    assert "Pågår (SAMVERKAN 2023–2027)" in page


@pytest.mark.django_db
def test_agreements_are_shown_with_their_years_so_titles_differing_in_case_are_told_apart(login):
    first = make_agreement("Samverkan", valid_from=datetime.date(2019, 11, 6), valid_until=datetime.date(2023, 3, 1))
    make_agreement("SAMVERKAN")
    open_ended = make_agreement("Tillsvidare", valid_from=datetime.date(2025, 1, 1), valid_until=None)
    assert str(first) == "Samverkan 2019–2023"
    assert str(open_ended) == "Tillsvidare från 2025, tillsvidare"
    client = login(make_user("admin", admin=True))
    listing = client.get(reverse("agreements:list")).content.decode()
    assert "Samverkan 2019–2023" in listing and "SAMVERKAN 2023–2027" in listing
    edit = client.get(reverse("agreements:edit", args=[open_ended.pk])).content.decode()
    assert ">Samverkan 2019–2023</option>" in edit and ">SAMVERKAN 2023–2027</option>" in edit
    export = client.get(reverse("activities:export", kwargs={"agreement_pk": first.pk}))
    assert "samverkan-2019-2023" in export["Content-Disposition"]


@pytest.mark.django_db
def test_the_edit_page_refuses_a_review_cycle_for_an_agreement_with_an_end_date_and_saves_nothing(login):
    draft = make_agreement("Utkast")
    data = {"title": "Utkast", "valid_from": "2023-06-07", "valid_until": "2027-06-01", "review_interval_months": "12"}
    response = login(make_user("admin", admin=True)).post(reverse("agreements:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "Bara en överenskommelse som gäller tillsvidare har revideringsintervall" in response.content.decode()
    draft.refresh_from_db()
    assert draft.review_interval_months is None


@pytest.mark.django_db
def test_the_edit_page_saves_an_open_ended_agreement_with_its_word_for_goal_areas(login):
    draft = make_agreement("Utkast")
    data = {
        "title": "Utkast",
        "valid_from": "2024-01-01",
        "valid_until": "",
        "review_interval_months": "12",
        "goal_area_term": "prioriterat samverkansområde",
        "goal_area_term_plural": "prioriterade samverkansområden",
        "copies": "2",
    }
    response = login(make_user("admin", admin=True)).post(reverse("agreements:edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.valid_until, draft.review_interval_months, draft.copies) == (None, 12, 2)
    assert draft.goal_area_term_plural == "prioriterade samverkansområden"
    assert draft.history.first().goal_area_term == "prioriterat samverkansområde"
    page = login(make_user("reader", admin=True)).get(reverse("agreements:detail", args=[draft.pk])).content.decode()
    assert "Bilaga: prioriterade samverkansområden" in page
    # A draft has had no review yet, so none is late: it shows when the first is due.
    assert "Nästa revidering senast 2025-01-01." in page and "Revideringen är sen" not in page


def test_an_open_ended_agreements_pdf_file_is_named_with_its_start_year(local, login, db):
    response = login(make_user("admin", admin=True)).get(reverse("reports:agreement_pdf", args=[local.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="samverkansoverenskommelse-2024-tillsvidare.pdf"'


def test_overarching_agreements_that_loop_back_do_not_recurse_forever(local, overarching):
    with transaction.atomic():
        signatory = Signatory.objects.create(agreement=overarching, name="Karin K", title="ordf.", organisation="T")
        overarching.register_signature(signatory, on=START)
    # Set below the freeze: the admin cannot, but a repair by hand could.
    from agreements.freezing import guards_removed

    with guards_removed():
        connection.cursor().execute(
            "UPDATE agreements_agreement SET overarching_id = %s, valid_while_overarching = %s WHERE id = %s",
            [local.pk, True, overarching.pk],
        )
    assert Agreement.objects.get(pk=local.pk).status in Agreement.Status.values
