import threading

import pytest
from django.db import connection

from activities.models import Activity
from activities.transfer.importer import import_workbook
from tests.factories import make_agreement

from .sheets import add_goal_areas, real_plan

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_two_admins_confirming_the_same_file_at_once_import_it_once():
    agreement = make_agreement()
    add_goal_areas(agreement)
    data = real_plan()
    start = threading.Barrier(2)
    plans, failures = [], []

    def confirm():
        try:
            start.wait()
            plans.append(import_workbook(data, agreement))
        except Exception as error:  # a thread cannot fail the test itself: reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(plan.count("create") for plan in plans) == [0, 27]
    assert Activity.objects.filter(agreement=agreement).count() == 27
