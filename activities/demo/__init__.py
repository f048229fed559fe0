"""The Västerås plan of activities for the demo, loaded through the importer from the sheet kept here."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.db.models import Count, Q

from activities.models import Activity, District, Level, Person
from activities.transfer.importer import import_workbook
from agreements.models import Agreement

PLAN = Path(__file__).with_name("aktivitetsplan-2023.xlsx")

# The districts (stadsdelar) the sheet names; DOMAIN.md lists the same.
DISTRICTS = ["Bäckby", "Råby", "Pettersberg", "Hammarby", "Vallby", "Skultuna", "Skallberget"]
DEMO_OFFICIAL = "handlaggare"
TEXT_FIELDS = ("name", "background", "objectives", "method", "follow_up_measures", "working_group")


def load_plan(agreement: Agreement) -> None:
    """Imports the plan, adds the districts it names, and makes `handlaggare` one of its people. Idempotent."""
    plan = import_workbook(PLAN.read_bytes(), agreement, source=PLAN.name)
    if not plan.is_valid:
        raise CommandError("; ".join(str(problem) for problem in plan.errors))
    _link_districts(agreement)
    _link_demo_official(agreement)


def _link_districts(agreement: Agreement) -> None:
    """An activity works in the districts its own text names (whole words: "Pettersbergsskolan" is a school)."""
    districts = [District.objects.get_or_create(agreement=agreement, name=name)[0] for name in DISTRICTS]
    for activity in Activity.objects.filter(agreement=agreement).prefetch_related("districts"):
        text = " ".join(getattr(activity, name) for name in TEXT_FIELDS)
        named = {d for d in districts if re.search(rf"\b{re.escape(d.name)}\b", text, re.IGNORECASE)}
        missing = named - set(activity.districts.all())
        if missing:
            activity.districts.add(*missing)


def _link_demo_official(agreement: Agreement) -> None:
    """`handlaggare` is the person named most often at the operative level, so "My activities" holds several."""
    user = User.objects.filter(username=DEMO_OFFICIAL).first()
    if user is None or Person.objects.filter(agreement=agreement, user=user).exists():
        return
    person = (
        Person.objects.filter(agreement=agreement, user__isnull=True)
        .annotate(operative=Count("responsibilities", filter=Q(responsibilities__level=Level.OPERATIVE)))
        .order_by("-operative", "name")
        .first()
    )
    if person is None:
        return
    person.user = user
    person.save()
    if not user.first_name:
        # The sheet gives a first name only; no surname is invented.
        user.first_name = person.name
        user.save()
