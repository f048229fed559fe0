"""`manage.py import_activities plan.xlsx --agreement 1 [--dry-run]`: the plan from the officials' sheet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from activities.transfer.importer import import_workbook
from activities.transfer.reading import SheetImport
from agreements.models import Agreement


class Command(BaseCommand):
    help = "Import a plan of activities from an .xlsx file in the officials' layout (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--agreement", type=int, required=True, help="Primary key of the agreement.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; save nothing.")
        parser.add_argument(
            "--take-file",
            action="store_true",
            help="Where the portal changed an activity since the file's version, take the file's values "
            "(by default the portal's are kept).",
        )

    def handle(self, *args, file: Path, agreement: int, dry_run: bool, take_file: bool, **options):
        try:
            target = Agreement.objects.get(pk=agreement)
        except Agreement.DoesNotExist:
            raise CommandError(f"No agreement with id {agreement}.") from None
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        plan = import_workbook(data, target, source=file.name, dry_run=dry_run, take_file=take_file)
        self.report(plan)
        if not plan.is_valid:
            raise CommandError(f"{len(plan.errors)} problem(s) in {file.name}; nothing was saved.")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {plan.activity_count} activities and {plan.sub_activity_count} sub-activities: "
            f"{plan.count('create')} new, {plan.count('change')} changed, {plan.count('unchanged')} unchanged."
        )

    def report(self, plan: SheetImport) -> None:
        for problem in plan.errors:
            self.stderr.write(f"error: {problem}")
        for problem in plan.warnings:
            self.stdout.write(f"note: {problem}")
        for item in plan.activities:
            if item.action != "unchanged":
                rows = ", ".join(map(str, item.rows))
                self.stdout.write(f"{item.action}: {item.label} (row {rows})")
                for change in item.changes:
                    conflict = " CONFLICT: changed in the portal since the file's version" if change.conflict else ""
                    self.stdout.write(f"  {change.label}: {change.before} → {change.after}{conflict}")
        if plan.new_people:
            self.stdout.write(f"new people: {', '.join(plan.new_people)}")
