"""`manage.py restore FILE.json.gz`: loads a `backup` into an empty, migrated database.

Refuses a database that holds any data (users, agreements, history…) unless `--force`, which empties it
first. No history is written while loading: the backup's own history comes back as it was. The content types
and permissions that `migrate` created are replaced by the backup's own, so every primary key and foreign key
comes back as it was.
"""

from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from .backup import EXCLUDED, SUFFIX

# Rows `migrate` itself creates: present in an "empty" database.
CREATED_BY_MIGRATE = {ContentType, Permission}


def tables_with_data() -> list[str]:
    return [
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model not in CREATED_BY_MIGRATE and model._meta.app_label not in EXCLUDED and model._base_manager.exists()
    ]


class Command(BaseCommand):
    help = "Load a backup made with `backup` into an empty migrated database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=f"The backup ({SUFFIX}).")
        parser.add_argument("--force", action="store_true", help="Empty a database that holds data first.")

    def handle(self, *args, file: Path, force: bool = False, **options):
        if not file.name.endswith(SUFFIX) or not file.is_file():
            raise CommandError(f"No backup at {file} (a file ending in {SUFFIX} is expected).")
        occupied = tables_with_data()
        if occupied and not force:
            raise CommandError(
                f"The database is not empty ({', '.join(occupied[:5])}…). Restore into an empty migrated "
                "database, or pass --force to delete everything in this one first."
            )
        # The backup holds the history; loading m2m fields would otherwise write new history rows on top.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            if occupied:
                call_command("flush", interactive=False, verbosity=0)
            Permission.objects.all().delete()
            ContentType.objects.all().delete()
            ContentType.objects.clear_cache()
            call_command("loaddata", str(file), verbosity=0)
        ContentType.objects.clear_cache()
        self.stdout.write(self.style.SUCCESS(f"Restored {file}."))
