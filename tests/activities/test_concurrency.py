"""Two people changing the same activity at once: exactly one wins, nobody is silently overwritten."""

import threading

import pytest
from django.db import connection

from activities.models import Activity, StaleVersionError, StatusChange
from agreements.models import Role
from tests.factories import make_activity, make_agreement, make_statuses, make_user

THREADS = 6


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_status_changes_on_the_same_version_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite serialises writers anyway")
    agreement = make_agreement(signed=True)
    statuses = make_statuses(agreement)
    users = [make_user(f"official{i}", role=Role.OFFICIAL, agreement=agreement) for i in range(THREADS)]
    activity = make_activity(agreement, "Feriepraktik")
    version, history_before = activity.version, activity.history.count()
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def change(user, status):
        try:
            mine = Activity.objects.get(pk=activity.pk)
            barrier.wait(timeout=10)
            mine.set_status(status, by=user, comment=f"{user.username} ändrar", expected_version=version)
            outcomes.append("won")
        except StaleVersionError:
            outcomes.append("stale")
        finally:
            connection.close()  # each thread has its own connection; leave none behind

    targets = [statuses["ongoing"], statuses["finished"]]
    threads = [threading.Thread(target=change, args=(u, targets[i % 2])) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["stale"] * (THREADS - 1) + ["won"]
    activity.refresh_from_db()
    assert activity.version == version + 1
    change_row = StatusChange.objects.get(activity=activity)
    assert change_row.to_status == activity.status
    latest = activity.history.first()
    assert activity.history.count() == history_before + 1
    assert (latest.status_id, latest.version, latest.history_user) == (
        activity.status_id,
        activity.version,
        change_row.changed_by,
    )
