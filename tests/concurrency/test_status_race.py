"""Many officials changing the same few activities at once, on PostgreSQL: every accepted change is recorded
(status change row and history), every refused one got StaleVersionError, and the counts agree.

CI runs 20 clients × 10 changes; `STATUS_RACE_CHANGES=50` gives the issue's full 20 × 50.
"""

import os
import threading
from collections import Counter

import pytest
from django.db import connection

from activities.models import Activity, StaleVersionError, StatusChange
from agreements.models import Role
from tests.factories import make_activity, make_agreement, make_statuses, make_user

CLIENTS = 20
CHANGES_PER_CLIENT = int(os.environ.get("STATUS_RACE_CHANGES", "10"))
ACTIVITIES = 3

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real concurrent writers"),
]


def test_concurrent_status_changes_lose_nothing_and_refuse_only_stale_edits():
    agreement = make_agreement(signed=True)
    statuses = list(make_statuses(agreement).values())
    activities = [make_activity(agreement, f"Aktivitet {n}") for n in range(ACTIVITIES)]
    users = [make_user(f"official{n}", role=Role.OFFICIAL, agreement=agreement) for n in range(CLIENTS)]
    start = {a.pk: (a.version, a.history.count()) for a in activities}
    accepted: list[tuple[int, str]] = []  # (activity pk, comment)
    refused: Counter[int] = Counter()
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            for change in range(CHANGES_PER_CLIENT):
                activity = Activity.objects.get(pk=activities[(number + change) % ACTIVITIES].pk)
                new = next(s for s in statuses[change % 2 :] if s.pk != activity.status_id)
                comment = f"klient {number} ändring {change}"
                try:
                    activity.set_status(new, by=users[number], comment=comment, expected_version=activity.version)
                except StaleVersionError:
                    with lock:
                        refused[activity.pk] += 1
                else:
                    with lock:
                        accepted.append((activity.pk, comment))
        except Exception as error:  # noqa: BLE001 - any other outcome is the failure this test looks for
            failures.append(f"client {number}: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not failures
    assert len(accepted) + sum(refused.values()) == CLIENTS * CHANGES_PER_CLIENT
    assert accepted and refused, "the race should produce both outcomes"
    per_activity = Counter(pk for pk, _ in accepted)
    for activity in activities:
        activity.refresh_from_db()
        version, history = start[activity.pk]
        wins = per_activity[activity.pk]
        assert activity.version == version + wins
        assert activity.history.count() == history + wins
        changes = list(StatusChange.objects.filter(activity=activity).order_by("changed_at", "pk"))
        assert len(changes) == wins
        # Nothing lost: each change starts from where the one before it ended, and the last is the status now.
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_status_id == before.to_status_id
        assert changes[-1].to_status_id == activity.status_id
    recorded = Counter(StatusChange.objects.filter(activity__in=activities).values_list("activity_id", "comment"))
    assert recorded == Counter(accepted)
    print(f"status race: {len(accepted)} accepted, {sum(refused.values())} refused as stale")
