"""`manage.py backup FILE.json.gz`: every row of the database (history, users, groups included) as gzip JSON.

Rows keep their primary keys, content types and permissions included, so `restore` rebuilds the database
exactly: foreign keys, history rows pointing at deleted users, and the admin log all stay as they were.
Sessions are left out: nobody stays logged in across a restore.

Not `dumpdata`: its JSON cuts times to milliseconds, so a restored history would not be the one saved.

One snapshot: every table is read inside one read-only transaction (REPEATABLE READ on PostgreSQL, so each
query sees the database as it was at the first; on SQLite a read transaction holds its snapshot too), so rows
written while the backup runs are either in it with their parents or not at all. The file is created 0600
under a temporary name beside the target and renamed when complete: it holds personal data, and a backup cut
short never carries the final name.
"""

import contextlib
import datetime
import gzip
import os
import secrets
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, router, transaction

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


@contextlib.contextmanager
def one_snapshot():
    """Every query inside reads the database as of one moment."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # Must be the transaction's first statement; atomic() itself has sent none.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_privately(file: Path, write) -> None:
    """`write(stream)` into a new file readable by its owner only, which takes `file`'s name when complete."""
    partial = file.with_name(f".{file.name}.{secrets.token_hex(4)}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as stream:
            write(stream)
        os.replace(partial, file)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Write every row of the database (history included) to FILE.json.gz; restore with `restore`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=f"Where to write the backup (must end in {SUFFIX}).")

    def handle(self, *args, file: Path, **options):
        if not file.name.endswith(SUFFIX):
            raise CommandError(f"The backup file name must end in {SUFFIX}.")

        def write(stream) -> None:
            with one_snapshot():
                serializers.serialize("json", all_rows(), stream=stream, cls=ExactJSONEncoder)

        write_privately(file, write)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {file}."))
