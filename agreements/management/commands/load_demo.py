"""Loads the Västerås demo data. Placeholder until the full loader lands: creates the demo accounts."""

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from agreements.access import ADMIN_GROUP
from agreements.models import Agreement

DEMO_PASSWORD = "samverkan"


class Command(BaseCommand):
    help = "Load the Västerås demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any agreement exists.")

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and Agreement.objects.exists():
            self.stdout.write("The database already has agreements; demo data not loaded.")
            return
        admins = Group.objects.get_or_create(name=ADMIN_GROUP)[0]
        for username in ["admin", "ledning", "handlaggare"]:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
        User.objects.get(username="admin").groups.add(admins)
