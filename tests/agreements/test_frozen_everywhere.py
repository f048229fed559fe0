"""A signed agreement stays frozen whatever writes: the admin's pages, inlines, actions and history revert, the
shell's bulk querysets and raw SQL below the ORM. Signing in the admin goes through register_signature."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from agreements.models import Agreement, Amendment, FrozenAgreementError, Principle, Signatory
from tests.admin_forms import form_data
from tests.factories import make_agreement

ORIGINAL_TITLE = "Samverkansöverenskommelse Teststad"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password="x-long-password-1")


@pytest.fixture
def admin_client(superuser, login):
    return login(superuser)


@pytest.fixture
def appendix(db):
    """A draft with an appendix, then signed: the appendix was signed with it."""
    draft = make_agreement()
    draft.record_amendment(
        kind=Amendment.Kind.APPENDIX,
        title="Bilaga 1: Lägesbild",
        text="Lägesbilden 2023.",
        decided_on=datetime.date(2023, 5, 1),
        decided_by="Strategisk ledning",
    )
    draft.register_signature(draft.signatories.get(), on=datetime.date(2023, 6, 7))
    return draft.amendments.get()


def change_url(agreement):
    return reverse("admin:agreements_agreement_change", args=[agreement.pk])


# --- history revert ---------------------------------------------------------------------------------------------


def test_history_revert_in_the_admin_cannot_unfreeze_a_signed_agreement(admin_client, agreement):
    draft_version = agreement.history.filter(frozen_at__isnull=True).earliest("history_date")
    url = reverse("admin:agreements_agreement_simple_history", args=[agreement.pk, draft_version.history_id])

    # The revert as the history page offers it: every field as that version had it.
    response = admin_client.post(url, form_data(admin_client, url))

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.is_frozen and agreement.title == ORIGINAL_TITLE


def test_the_admin_offers_no_history_revert_for_a_signed_agreement(admin_client, agreement):
    draft_version = agreement.history.filter(frozen_at__isnull=True).earliest("history_date")
    url = reverse("admin:agreements_agreement_simple_history", args=[agreement.pk, draft_version.history_id])
    page = admin_client.get(url).content.decode()
    assert 'name="_save"' not in page
    assert 'name="title"' not in page
    history = admin_client.get(reverse("admin:agreements_agreement_history", args=[agreement.pk])).content.decode()
    assert "revert to a previous version" not in history and "återställa" not in history


def test_history_revert_of_a_draft_still_works(admin_client):
    draft = make_agreement(title="Första utkast")
    draft.title = "Andra utkast"
    draft.save()
    first = draft.history.earliest("history_date")
    url = reverse("admin:agreements_agreement_simple_history", args=[draft.pk, first.history_id])
    assert admin_client.post(url, form_data(admin_client, url)).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Första utkast"


# --- admin change, inline, delete -------------------------------------------------------------------------------


def test_the_admin_cannot_change_a_signed_agreements_predecessor_or_overarching_agreement(
    admin_client, agreement, other_agreement
):
    forged = form_data(admin_client, change_url(agreement)) | {
        "predecessor": str(other_agreement.pk),
        "overarching": str(other_agreement.pk),
    }
    assert admin_client.post(change_url(agreement), forged).status_code == 302
    agreement.refresh_from_db()
    assert agreement.predecessor_id is None and agreement.overarching_id is None


def test_the_admin_shows_a_signed_agreements_appendices_read_only_and_cannot_change_them(admin_client, appendix):
    url = change_url(appendix.agreement)
    shown = form_data(admin_client, url)
    assert "amendments-0-title" not in shown and "amendments-0-DELETE" not in shown
    forged = shown | {
        "amendments-0-title": "Smygändrad bilaga",
        "amendments-0-text": "smyg",
        "amendments-0-kind": "appendix",
        "amendments-0-number": "1",
        "amendments-0-decided_on": "2023-05-01",
        "amendments-0-decided_by": "x",
        "amendments-0-DELETE": "on",
    }
    admin_client.post(url, forged)
    appendix.refresh_from_db()
    assert appendix.title == "Bilaga 1: Lägesbild"


def test_the_admin_cannot_delete_a_signed_agreement(admin_client, agreement):
    delete_url = reverse("admin:agreements_agreement_delete", args=[agreement.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [agreement.pk], "post": "yes"}
    admin_client.post(reverse("admin:agreements_agreement_changelist"), bulk)
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_the_admin_still_deletes_a_draft(admin_client):
    draft = make_agreement(title="Utkast att ta bort")
    bulk = {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"}
    admin_client.post(reverse("admin:agreements_agreement_changelist"), bulk)
    assert not Agreement.objects.filter(pk=draft.pk).exists()


# --- model and queryset (the shell) -------------------------------------------------------------------------------


def test_the_orm_refuses_to_unfreeze_relink_or_delete_a_signed_agreement(agreement, other_agreement):
    for field, value in [("frozen_at", None), ("predecessor", other_agreement), ("overarching", other_agreement)]:
        fresh = Agreement.objects.get(pk=agreement.pk)
        setattr(fresh, field, value)
        with pytest.raises(FrozenAgreementError):
            fresh.save()
    with pytest.raises(FrozenAgreementError):
        agreement.delete()
    agreement.refresh_from_db()
    assert agreement.is_frozen and agreement.predecessor_id is None


def test_bulk_querysets_in_the_shell_cannot_change_a_signed_agreement(agreement):
    signed = Agreement.objects.filter(pk=agreement.pk)
    for change in [{"title": "Smyg"}, {"frozen_at": None}, {"predecessor": None, "purpose": "x"}]:
        with pytest.raises(FrozenAgreementError):
            signed.update(**change)
    with pytest.raises(FrozenAgreementError):
        signed.delete()
    agreement.title = "Smyg"
    with pytest.raises(FrozenAgreementError):
        Agreement.objects.bulk_update([agreement], ["title"])
    assert signed.update(is_published=True) == 1  # what is not part of the text still changes
    agreement.refresh_from_db()
    assert agreement.is_frozen and agreement.title == ORIGINAL_TITLE and agreement.is_published


def test_bulk_querysets_in_the_shell_cannot_change_a_signed_agreements_parts(agreement, appendix):
    with pytest.raises(FrozenAgreementError):
        Principle.objects.filter(agreement=agreement).update(sentence="smyg")
    with pytest.raises(FrozenAgreementError):
        agreement.principles.all().delete()
    with pytest.raises(FrozenAgreementError):
        Principle.objects.bulk_create([Principle(agreement=agreement, name="Ny", sentence="ny")])
    with pytest.raises(FrozenAgreementError):
        Signatory.objects.filter(agreement=agreement).update(signed_on=None)
    with pytest.raises(FrozenAgreementError):
        Amendment.objects.filter(pk=appendix.pk).update(text="smyg")
    with pytest.raises(FrozenAgreementError):
        appendix.delete()
    draft = make_agreement(title="Utkast")
    with pytest.raises(FrozenAgreementError):
        Principle.objects.filter(agreement=draft).update(agreement=agreement)  # moving parts into it adds to it
    assert list(agreement.principles.values_list("sentence", flat=True)) == ["vi håller i."]
    assert agreement.signatories.get().signed_on == datetime.date(2023, 6, 7)


def test_revisions_are_still_recorded_after_signing_and_then_frozen(agreement):
    revision = agreement.record_amendment(
        kind=Amendment.Kind.REVISION,
        title="Ny part",
        text="Regionen ansluter.",
        decided_on=datetime.date(2024, 1, 1),
        decided_by="Strategisk ledning",
    )
    revision.text = "Ändrad i efterhand"
    with pytest.raises(FrozenAgreementError):
        revision.save()


# --- the database, below the ORM ------------------------------------------------------------------------------


def raw_update(sql: str, *params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_raw_sql_that_changes_a_signed_agreement(agreement):
    for sql in [
        "UPDATE agreements_agreement SET title = %s WHERE id = %s",
        "UPDATE agreements_agreement SET frozen_at = NULL WHERE id = %s",
        "UPDATE agreements_principle SET sentence = %s WHERE agreement_id = %s",
        "UPDATE agreements_signatory SET signed_on = NULL WHERE agreement_id = %s",
    ]:
        params = ("smyg", agreement.pk) if "%s WHERE" in sql else (agreement.pk,)
        with pytest.raises(IntegrityError):
            raw_update(sql, *params)
    raw_update("UPDATE agreements_agreement SET is_published = %s WHERE id = %s", True, agreement.pk)
    agreement.refresh_from_db()
    assert agreement.is_frozen and agreement.title == ORIGINAL_TITLE and agreement.is_published
    assert agreement.principles.get().sentence == "vi håller i."


def test_the_database_lets_drafts_change_and_the_guards_survive_reinstalling(db):
    from agreements.freezing import install_guards

    assert "agreements_agreement" in install_guards()  # idempotent: migrate installs them, this re-creates them
    draft = make_agreement(title="Utkast")
    raw_update("UPDATE agreements_agreement SET title = %s WHERE id = %s", "Nytt namn", draft.pk)
    raw_update("UPDATE agreements_principle SET sentence = %s WHERE agreement_id = %s", "ny", draft.pk)
    draft.refresh_from_db()
    assert draft.title == "Nytt namn" and draft.principles.get().sentence == "ny"


# --- signing in the admin --------------------------------------------------------------------------------------


@pytest.fixture
def draft_with_two_signatories(db):
    draft = make_agreement(title="Utkast 2027")
    Signatory.objects.create(agreement=draft, order=2, name="Bo Berg", title="chef", organisation="Polisen")
    return draft


def test_admin_signing_the_last_signatory_freezes_the_agreement(admin_client, superuser, draft_with_two_signatories):
    draft = draft_with_two_signatories
    data = form_data(admin_client, change_url(draft)) | {
        "signatories-0-signed_on": "2026-05-30",
        "signatories-1-signed_on": "2026-05-31",
    }
    assert admin_client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.is_frozen
    assert [s.signed_on for s in draft.signatories.all()] == [datetime.date(2026, 5, 30), datetime.date(2026, 5, 31)]
    assert draft.history.first().history_user == superuser


def test_admin_signing_one_of_two_signatories_leaves_a_draft_that_the_sign_page_completes(
    admin_client, draft_with_two_signatories
):
    draft = draft_with_two_signatories
    data = form_data(admin_client, change_url(draft)) | {"signatories-0-signed_on": "2026-05-30"}
    assert admin_client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert not draft.is_frozen
    second = draft.signatories.get(order=2)
    admin_client.post(reverse("agreements:sign", args=[draft.pk]), {"signatory": second.pk, "signed_on": "2026-05-31"})
    draft.refresh_from_db()
    assert draft.is_frozen


def test_the_admin_cannot_change_or_remove_a_registered_signature(admin_client, draft_with_two_signatories):
    draft = draft_with_two_signatories
    first = draft.signatories.get(order=1)
    draft.register_signature(first, on=datetime.date(2026, 5, 30))
    for date in ["2026-01-01", ""]:
        data = form_data(admin_client, change_url(draft)) | {"signatories-0-signed_on": date}
        response = admin_client.post(change_url(draft), data)
        assert response.status_code == 200
        assert "En registrerad underskrift kan inte ändras eller tas bort." in response.content.decode()
    first.refresh_from_db()
    assert first.signed_on == datetime.date(2026, 5, 30)


def test_the_orm_alone_cannot_sign_without_freezing(draft_with_two_signatories):
    """A date set directly on the signatories of a draft is refused once the agreement is signed; the way to sign
    is register_signature, which froze it."""
    draft = draft_with_two_signatories
    for signatory in draft.signatories.all():
        draft.register_signature(signatory, on=datetime.date(2026, 5, 30))
    draft.refresh_from_db()
    assert draft.is_frozen
    signatory = draft.signatories.first()
    signatory.signed_on = datetime.date(2026, 1, 1)
    with pytest.raises(FrozenAgreementError):
        signatory.save()


def test_signing_twice_with_the_same_date_changes_nothing(admin_client, draft_with_two_signatories):
    draft = draft_with_two_signatories
    first = draft.signatories.get(order=1)
    url = reverse("agreements:sign", args=[draft.pk])
    data = {"signatory": first.pk, "signed_on": "2026-05-30"}
    assert admin_client.post(url, data).status_code == 302
    history = first.history.count()
    again = admin_client.post(url, data)
    assert again.status_code == 302
    assert first.history.count() == history
    first.refresh_from_db()
    assert first.signed_on == datetime.date(2026, 5, 30)
