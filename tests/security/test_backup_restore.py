"""`backup` then `restore` into an emptied database gives back every row of every table, history included."""

import gzip
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from activities.models import Activity
from agreements.models import Agreement, Membership, Role
from tests.factories import make_activity, make_agreement, make_statuses, make_user

PROJECT = Path(__file__).resolve().parents[2]


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


def test_a_backup_file_is_readable_by_its_owner_only(db, tmp_path):
    make_user("first")
    fresh = tmp_path / "fresh.json.gz"
    existing = tmp_path / "existing.json.gz"
    existing.write_bytes(b"")
    existing.chmod(0o644)
    previous = os.umask(0o022)
    try:
        call_command("backup", str(fresh), verbosity=0)
        call_command("backup", str(existing), verbosity=0)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def backup_objects(path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return json.load(stream)


def write_backup(path, objects: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        json.dump(objects, stream)


@pytest.fixture
def small_backup(db, tmp_path):
    make_activity_with_history()
    path = tmp_path / "samverkan.json.gz"
    call_command("backup", str(path), verbosity=0)
    return path


def make_activity_with_history():
    agreement = make_agreement(signed=True)
    statuses = make_statuses(agreement)
    official = make_user("official", role=Role.OFFICIAL, agreement=agreement)
    activity = make_activity(agreement, "Trygghetsvandringar", handled_by=official)
    activity.districts.create(agreement=agreement, name="Stadsdel")
    activity.set_status(statuses["ongoing"], by=official, comment="Igång")
    return activity


def restore_check(path, tmp_path) -> subprocess.CompletedProcess:
    """`manage.py restore --check` as an operator runs it, with its exit status; on SQLite its own database
    is a file nobody created (the check must not need or touch it), on PostgreSQL the server the tests use."""
    env = dict(os.environ)
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    return subprocess.run(
        [sys.executable, "manage.py", "restore", "--check", str(path)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_restore_check_passes_a_good_backup_and_touches_no_database_of_ours(small_backup, tmp_path):
    result = restore_check(small_backup, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Backup check passed" in result.stdout
    assert not (tmp_path / "live.sqlite3").exists()


def test_restore_check_fails_on_a_backup_whose_rows_lack_their_parents(small_backup, tmp_path):
    objects = [o for o in backup_objects(small_backup) if o["model"] != "agreements.agreement"]
    write_backup(small_backup, objects)
    result = restore_check(small_backup, tmp_path)
    assert result.returncode == 1
    assert "Backup check FAILED" in result.stderr and "does not restore" in result.stderr


def test_restore_check_names_the_tables_whose_rows_differ_from_the_file(small_backup, tmp_path):
    objects = backup_objects(small_backup)
    activity = next(o for o in objects if o["model"] == "activities.activity")
    write_backup(small_backup, [*objects, activity])  # the same row twice: the file says 2, a restore holds 1
    result = restore_check(small_backup, tmp_path)
    assert result.returncode == 1
    assert "activities.Activity: 2 rows in the file, 1 restored" in result.stderr
    # The activity's own table and its many-to-many pairs, each counted twice in the file.
    assert re.search(r"Backup check FAILED: \d+ tables differ", result.stderr)
