"""Two decisions of one body recorded at the same moment on PostgreSQL never get the same number."""

import datetime
import threading

import pytest
from django.db import connection

from meetings.models import Decision, record_decision
from tests.factories import make_agreement, make_body, make_user

CLIENTS = 8
PER_CLIENT = 5

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real concurrent writers"),
]


def test_concurrent_recordings_give_every_decision_its_own_number_without_gaps():
    agreement = make_agreement(signed=True)
    body = make_body(agreement, "Strategisk ledning", kind="strategic", short_code="SL")
    user = make_user("sekreterare")
    barrier = threading.Barrier(CLIENTS)
    failures = []

    def client(n):
        try:
            barrier.wait()
            for i in range(PER_CLIENT):
                record_decision(
                    body, taken_by="Ordföranden", text=f"{n}-{i}", decided_on=datetime.date(2024, 3, 1), by=user
                )
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    numbers = sorted(Decision.objects.filter(body=body, year=2024).values_list("number", flat=True))
    assert numbers == list(range(1, CLIENTS * PER_CLIENT + 1))
