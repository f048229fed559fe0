"""`backup` then `restore` into an emptied database gives back every row of every table, history included."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from activities.models import Activity
from agreements.models import Agreement, Membership, Role
from tests.factories import make_activity, make_statuses, make_user


def rows(model) -> list[tuple]:
    if model._meta.auto_created:
        # Plain many-to-many rows are saved as their pairs; their own ids are new after a restore and
        # nothing refers to them.
        columns = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        return sorted(model._base_manager.values_list(*columns))
    return list(model._base_manager.order_by("pk").values_list())


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (sessions aside)."""
    return {
        model._meta.label: rows(model)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label != "sessions"
    }


def demo_sized_data() -> None:
    call_command("load_demo", verbosity=0)
    agreement = Agreement.objects.get(valid_from__year=2023)
    statuses = make_statuses(agreement)
    official = make_user("official", role=Role.OFFICIAL, agreement=agreement)
    leaver = make_user("leaver", role=Role.READER, agreement=agreement)
    for i in range(30):
        activity = make_activity(agreement, f"Aktivitet {i}", handled_by=official if i % 3 == 0 else None)
        activity.districts.create(agreement=agreement, name=f"Stadsdel {i}")
        activity.set_status(statuses["ongoing"], by=official, comment=f"Igång {i} – <b>ö</b>")
    # History that points at a user who is gone must survive too.
    Membership.objects.get(user=leaver).delete()
    leaver.delete()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_give_back_every_row(tmp_path):
    demo_sized_data()
    before = snapshot()
    assert len(before["activities.HistoricalActivity"]) >= 60
    assert Activity.objects.count() >= 30
    backup = tmp_path / "samverkan.json.gz"

    call_command("backup", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not User.objects.exists()
    call_command("restore", str(backup), verbosity=0)

    after = snapshot()
    differing = [label for label in before if before[label] != after[label]]
    assert not differing, f"Tables that differ after restore: {differing}"
    assert sum(len(rows) for rows in after.values()) > 500
    # The sequences moved past the restored keys (PostgreSQL): new rows do not collide.
    make_activity(Agreement.objects.get(valid_from__year=2023), "Ny aktivitet efter återläsning")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_data_unless_forced(tmp_path):
    backup = tmp_path / "samverkan.json.gz"
    make_user("first")
    call_command("backup", str(backup), verbosity=0)
    make_user("second")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup), verbosity=0)
    assert User.objects.count() == 2

    call_command("restore", str(backup), force=True, verbosity=0)
    assert list(User.objects.values_list("username", flat=True)) == ["first"]


def test_backup_file_must_be_gzip_json(tmp_path):
    with pytest.raises(CommandError, match=r"\.json\.gz"):
        call_command("backup", str(tmp_path / "samverkan.sql"))
