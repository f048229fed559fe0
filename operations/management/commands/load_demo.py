"""Loads the Västerås demo data: the agreements 2019–2023 and 2023–2027, goal areas A–H, the demo accounts."""

from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.db import transaction

from activities.demo import load_plan
from agreements.demo.loader import load_agreements, load_demo_accounts
from agreements.models import Agreement
from followup.demo import load_followup

# What runs after the agreements exist, in order. Each step gets the 2023 agreement and must be idempotent.
# The activity plan import (activities app) joins this list.
DEMO_STEPS: list[Callable[[Agreement], None]] = [
    load_demo_accounts,
    load_plan,
    load_followup,
]


class Command(BaseCommand):
    help = "Load the Västerås demo data (idempotent: running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any agreement exists.")

    def handle(self, *args, if_empty: bool = False, verbosity: int = 1, **options):
        if if_empty and Agreement.objects.exists():
            if verbosity:
                self.stdout.write("The database already has agreements; demo data not loaded.")
            return
        with transaction.atomic():
            agreement = load_agreements()
            for step in DEMO_STEPS:
                step(agreement)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {agreement.title}."))
