"""`manage.py send_reminders`: each person's daily digest of what needs their attention, by e-mail.

Run it once a day from cron or a systemd timer (README, "Reminders"). Running it again the same day sends
nothing twice: the day's `SentDigest` row is claimed before the mail goes out, and released if sending fails
so that the next run tries again.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from reminders.digest import digests
from reminders.mail import digest_message
from reminders.models import ReminderSetting, SentDigest


class Command(BaseCommand):
    help = "Send each person who has something due their daily reminder digest (at most one a day)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to send for, YYYY-MM-DD (default: today in Stockholm).")
        parser.add_argument("--dry-run", action="store_true", help="Say who would get what; send nothing.")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}.") from None
        opted_out = ReminderSetting.objects.filter(wants_reminders=False).values("user")
        already = SentDigest.objects.filter(day=today).values("user")
        recipients = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(email="")
            .exclude(pk__in=opted_out)
            .exclude(pk__in=already)
            .order_by("pk")
        )
        recipients = {user.pk: user for user in recipients}
        sent = 0
        with translation.override("sv"):
            for user_id, reminders in digests(recipients, today).items():
                user = recipients[user_id]
                if dry_run:
                    self.stdout.write(f"{user.username}: {len(reminders)}")
                    continue
                try:
                    with transaction.atomic():
                        claim = SentDigest.objects.create(user=user, day=today, item_count=len(reminders))
                except IntegrityError:
                    continue  # another run has claimed this person's digest for the day
                try:
                    digest_message(user, reminders, today).send()
                except Exception:
                    claim.delete()
                    raise
                sent += 1
        self.stdout.write(f"{sent} reminder e-mails sent for {today.isoformat()}.")
