"""`manage.py backup FILE.json.gz`: every row of the database (history, users, groups included) as gzip JSON.

Rows keep their primary keys, content types and permissions included, so `restore` rebuilds the database
exactly: foreign keys, history rows pointing at deleted users, and the admin log all stay as they were.
Sessions are left out: nobody stays logged in across a restore.

Not `dumpdata`: its JSON cuts times to milliseconds, so a restored history would not be the one saved.
"""

import datetime
import gzip
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router

SUFFIX = ".json.gz"
EXCLUDED = ["sessions"]


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times with every microsecond (DjangoJSONEncoder keeps milliseconds only)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def models_to_back_up() -> list:
    app_list = [(config, None) for config in apps.get_app_configs() if config.label not in EXCLUDED]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if not model._meta.proxy and router.allow_migrate_model("default", model)
    ]


def all_rows():
    for model in models_to_back_up():
        yield from model._base_manager.order_by(model._meta.pk.name).iterator()


class Command(BaseCommand):
    help = "Write every row of the database (history included) to FILE.json.gz; restore with `restore`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=f"Where to write the backup (must end in {SUFFIX}).")

    def handle(self, *args, file: Path, **options):
        if not file.name.endswith(SUFFIX):
            raise CommandError(f"The backup file name must end in {SUFFIX}.")
        with gzip.open(file, "wt", encoding="utf-8") as stream:
            serializers.serialize("json", all_rows(), stream=stream, cls=ExactJSONEncoder)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {file}."))
