"""The last two signatures registered at the same moment, on PostgreSQL: every time the agreement ends signed
and frozen (before the lock in register_signature, 4 of 12 tries ended fully signed but still a draft)."""

import datetime
import threading

import pytest
from django.db import connection

from agreements.models import Agreement, Signatory
from tests.factories import make_agreement

TRIES = 12

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real concurrent writers"),
]


def sign_at_once(agreement: Agreement) -> list[str]:
    signatories = list(agreement.signatories.all())
    barrier = threading.Barrier(len(signatories))
    failures: list[str] = []

    def sign(signatory_pk: int) -> None:
        try:
            mine = Agreement.objects.get(pk=agreement.pk)
            signatory = Signatory.objects.get(pk=signatory_pk)
            barrier.wait(timeout=30)
            mine.register_signature(signatory, on=datetime.date(2026, 5, 30))
        except Exception as error:  # noqa: BLE001 - any error is the failure this test looks for
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(s.pk,)) for s in signatories]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures


def test_the_last_two_signatures_at_the_same_moment_freeze_the_agreement():
    outcomes = []
    for attempt in range(TRIES):
        agreement = make_agreement(f"Överenskommelse {attempt}")
        Signatory.objects.create(agreement=agreement, order=2, name="Bo Berg", title="chef", organisation="Polisen")
        assert sign_at_once(agreement) == []
        agreement.refresh_from_db()
        all_signed = not agreement.signatories.filter(signed_on__isnull=True).exists()
        outcomes.append((all_signed, agreement.is_frozen))
    assert outcomes == [(True, True)] * TRIES
