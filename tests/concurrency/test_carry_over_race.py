"""Carry-over submitted twice at the same moment (two tabs, a double click), on PostgreSQL: one copy."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from activities.models import Activity
from activities.transfer.carry_over import carry_over
from tests.factories import make_activity, make_agreement, make_statuses, make_user

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real concurrent writers"),
]


def test_two_carry_overs_of_the_same_activities_at_once_copy_them_once():
    old = make_agreement()
    successor = make_agreement(
        "Samverkansöverenskommelse 2027", predecessor=old, valid_from=datetime.date(2027, 6, 2), valid_until=None
    )
    activities = [make_activity(old, f"Aktivitet {n}") for n in range(3)]
    make_statuses(successor)  # so nothing but the carry-over's own guard can stop a second copy
    admin = make_user("admin", admin=True)
    start = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            start.wait()
            outcomes.append(len(carry_over(activities, to=successor, by=admin)))
        except ValidationError as refused:
            outcomes.append(refused.messages[0])
        except Exception as error:  # a thread cannot fail the test itself: reported below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [3, "”Aktivitet 0” har redan förts över."]
    assert Activity.objects.filter(agreement=successor).count() == 3
