"""A backup taken while people keep writing, on PostgreSQL: the file restores, and every row in it has its
parent (each table read in the same snapshot, not table after table while new rows arrive)."""

import threading

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models

from activities.models import Activity
from agreements.models import Agreement, Role
from tests.factories import make_activity, make_statuses, make_user

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real concurrent writers"),
]

WRITERS = 3


def rows_without_their_parent() -> list[str]:
    """Every row whose enforced foreign key names a row that is not there (history's unenforced keys may)."""
    missing = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey) or not field.db_constraint:
                continue
            parents = field.related_model._base_manager.values(field.target_field.attname)
            orphans = (
                model._base_manager.filter(**{f"{field.attname}__isnull": False})
                .exclude(**{f"{field.attname}__in": parents})
                .count()
            )
            if orphans:
                missing.append(f"{model._meta.label}.{field.name}: {orphans}")
    return missing


def test_a_backup_taken_while_others_write_restores_every_row_with_its_parent(tmp_path):
    call_command("load_demo", verbosity=0)
    agreement = Agreement.objects.get(valid_from__year=2023)
    statuses = make_statuses(agreement)
    officials = [make_user(f"writer{n}", role=Role.OFFICIAL, agreement=agreement) for n in range(WRITERS)]
    stop = threading.Event()
    written = [0] * WRITERS
    failures = []

    def write(number: int) -> None:
        # New parents with new children, over and over: a backup that reads the parents' table before they
        # arrive and the children's after holds children without parents.
        try:
            while not stop.is_set():
                n = written[number]
                activity = make_activity(agreement, f"Skriven under backup {number}-{n}", handled_by=officials[number])
                activity.districts.create(agreement=agreement, name=f"Stadsdel {number}-{n}")
                activity.set_status(statuses["ongoing"], by=officials[number], comment=f"Igång {number}-{n}")
                written[number] += 1
        except Exception as error:  # noqa: BLE001 - reported below: a thread cannot fail the test itself
            failures.append(f"writer {number}: {error!r}")
        finally:
            connection.close()

    writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in writers:
        thread.start()
    try:
        while sum(written) < WRITERS and not failures:
            threading.Event().wait(0.05)
        before = sum(written)
        backup = tmp_path / "under-writes.json.gz"
        call_command("backup", str(backup), verbosity=0)
        during = sum(written) - before
    finally:
        stop.set()
        for thread in writers:
            thread.join()
    assert not failures, failures
    assert during > 0, "nobody wrote while the backup ran: the test proved nothing"

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup), verbosity=0)

    assert rows_without_their_parent() == []
    assert Activity.objects.filter(name__startswith="Skriven under backup").count() >= before
