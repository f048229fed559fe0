"""`manage.py restore FILE.json.gz`: loads a `backup` into an empty, migrated database.

Refuses a database that holds any data (users, agreements, history…) unless `--force`, which empties it
first. No history is written while loading: the backup's own history comes back as it was. The content types
and permissions that `migrate` created are replaced by the backup's own, so every primary key and foreign key
comes back as it was.

`restore --check FILE.json.gz` touches no database of ours: it creates a scratch database beside it, migrates
it, loads the file there and compares the rows of every table with what the file holds, then drops it. A
backup is only as good as its restore; this proves one without needing a second server.
"""

import contextlib
import copy
import gzip
import json
import secrets
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import override_settings

from .backup import EXCLUDED, SUFFIX

# Rows `migrate` itself creates: present in an "empty" database.
CREATED_BY_MIGRATE = {ContentType, Permission}
SCRATCH = "restore_check"


def tables_with_data() -> list[str]:
    return [
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model not in CREATED_BY_MIGRATE
        and model._meta.app_label not in EXCLUDED
        and not model._meta.proxy
        and model._base_manager.exists()
    ]


def load(file: Path, using: str = DEFAULT_DB_ALIAS, empty_first: bool = False) -> None:
    # The backup holds the history; loading m2m fields would otherwise write new history rows on top.
    with transaction.atomic(using=using), override_settings(SIMPLE_HISTORY_ENABLED=False):
        if empty_first:
            call_command("flush", interactive=False, verbosity=0, database=using)
        Permission.objects.using(using).all().delete()
        ContentType.objects.using(using).all().delete()
        ContentType.objects.clear_cache()
        call_command("loaddata", str(file), verbosity=0, database=using)
    ContentType.objects.clear_cache()


def rows_in_file(file: Path) -> Counter:
    """How many rows of each table (by model label, many-to-many tables included) the backup holds."""
    with gzip.open(file, "rt", encoding="utf-8") as stream:
        objects = json.load(stream)
    counts = Counter()
    for item in objects:
        model = apps.get_model(item["model"])
        counts[model._meta.label] += 1
        for name, value in item["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_many and field.remote_field.through._meta.auto_created:
                counts[field.remote_field.through._meta.label] += len(value)
    return counts


def rows_in_database(using: str) -> Counter:
    return Counter(
        {
            model._meta.label: model._base_manager.using(using).count()
            for model in apps.get_models(include_auto_created=True)
            # A proxy (operations' names for the login records) has no rows of its own: its table's are counted.
            if model._meta.app_label not in EXCLUDED and not model._meta.proxy
        }
    )


@contextlib.contextmanager
def scratch_database():
    """A new, empty database of the same kind as ours, under the alias SCRATCH; dropped afterwards."""
    ours = connections[DEFAULT_DB_ALIAS]
    settings_dict = copy.deepcopy(ours.settings_dict)
    with contextlib.ExitStack() as cleanup:
        if ours.vendor == "sqlite":
            settings_dict["NAME"] = str(Path(cleanup.enter_context(tempfile.TemporaryDirectory())) / "check.sqlite3")
        elif ours.vendor == "postgresql":
            name = f"{ours.settings_dict['NAME']}_check_{secrets.token_hex(4)}"[-63:]
            quoted = ours.ops.quote_name(name)
            with ours._nodb_cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {quoted}")

            def drop() -> None:
                with ours._nodb_cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")

            cleanup.callback(drop)
            settings_dict["NAME"] = name
        else:
            raise CommandError(f"--check does not know how to create a scratch {ours.vendor} database.")
        connections.settings[SCRATCH] = settings_dict

        def forget() -> None:
            connections[SCRATCH].close()
            del connections[SCRATCH]
            del connections.settings[SCRATCH]

        cleanup.callback(forget)
        yield SCRATCH


class Command(BaseCommand):
    help = "Load a backup made with `backup` into an empty migrated database (--check: into a scratch one)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=f"The backup ({SUFFIX}).")
        parser.add_argument("--force", action="store_true", help="Empty a database that holds data first.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Restore into a scratch database and compare every table's rows with the file; change nothing.",
        )

    def handle(self, *args, file: Path, force: bool = False, check: bool = False, **options):
        if not file.name.endswith(SUFFIX) or not file.is_file():
            raise CommandError(f"No backup at {file} (a file ending in {SUFFIX} is expected).")
        if check:
            self.check_backup(file)
            return
        occupied = tables_with_data()
        if occupied and not force:
            raise CommandError(
                f"The database is not empty ({', '.join(occupied[:5])}…). Restore into an empty migrated "
                "database, or pass --force to delete everything in this one first."
            )
        load(file, empty_first=bool(occupied))
        self.stdout.write(self.style.SUCCESS(f"Restored {file}."))

    def check_backup(self, file: Path) -> None:
        try:
            expected = rows_in_file(file)
        except (OSError, ValueError, LookupError) as unreadable:
            raise CommandError(f"Backup check FAILED: {file} cannot be read ({unreadable}).") from unreadable
        with scratch_database() as scratch:
            call_command("migrate", database=scratch, interactive=False, verbosity=0)
            try:
                load(file, using=scratch)
            except Exception as refused:  # whatever the database refuses, the answer is "this does not restore"
                raise CommandError(f"Backup check FAILED: {file} does not restore: {refused}") from refused
            restored = rows_in_database(scratch)
        differing = sorted(
            (label, expected[label], restored[label])
            for label in expected.keys() | restored.keys()
            if expected[label] != restored[label]
        )
        if differing:
            for label, in_file, in_database in differing:
                self.stderr.write(f"  {label}: {in_file} rows in the file, {in_database} restored")
            raise CommandError(f"Backup check FAILED: {len(differing)} tables differ from {file} after restoring.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup check passed: {file} restores, {sum(expected.values())} rows in "
                f"{len(+expected)} tables, every table as in the file."
            )
        )
