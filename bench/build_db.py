"""Builds one benchmark database: the Västerås 2023 agreement with SIZE activities, two years of status history
and two years of the strategic group's meetings (approved minutes with decisions), 1,000 decisions in all (the
rest per capsulam), action items on one activity in ten (the official's among them), one planned meeting and a
calendar feed.
Usage: python bench/build_db.py SIZE PATH (a new SQLite file; run by bench/run.py)."""

import datetime
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = f"sqlite:///{Path(sys.argv[2]).resolve()}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from activities.defaults import ensure_statuses  # noqa: E402
from activities.models import Activity, District, Level, Person, Responsibility, StatusChange  # noqa: E402
from agreements.demo.loader import load_agreements, load_demo_accounts  # noqa: E402
from meetings.models import (  # noqa: E402
    ActionItem,
    Adjuster,
    AgendaItem,
    Body,
    BodyKind,
    CalendarFeed,
    Meeting,
    record_decision,
)

DISTRICTS = ["Bäckby", "Råby", "Pettersberg", "Hammarby", "Vallby", "Skultuna", "Skallberget"]
CHANGES_PER_ACTIVITY = 4  # spread over the last two years
STRETCH = 730 // CHANGES_PER_ACTIVITY  # days


@transaction.atomic
def build(size: int) -> None:
    rng = random.Random(size)  # the same database every time for a size
    agreement = load_agreements()
    load_demo_accounts(agreement)
    agreement.is_published = True
    agreement.save()
    statuses = ensure_statuses(agreement)
    districts = [District.objects.create(agreement=agreement, name=name) for name in DISTRICTS]
    official = User.objects.get(username="handlaggare")
    people = [Person.objects.create(agreement=agreement, name="Joanna Handläggare", user=official)]
    people += [Person.objects.create(agreement=agreement, name=f"Person {n:02d}") for n in range(1, 20)]
    goal_areas = list(agreement.goal_areas.all())
    horizons = list(agreement.time_horizons.all())

    activities = bulk_create_with_history(
        [
            Activity(
                agreement=agreement,
                position=n,
                name=f"Aktivitet {n:04d}: trygghetsvandring och samverkan i stadsdelen",
                is_prioritised=n % 5 == 0,
                status=statuses[0],
                time_horizon=horizons[n % len(horizons)] if horizons else None,
                background="Lägesbilden visar behov av fler vuxna ute kvällstid. " * 3,
                objectives="1. Öka tryggheten.\n2. Minska skadegörelsen.",
                follow_up_text="varje terminsslut",
                starts_on=datetime.date(2023, 8, 1),
            )
            for n in range(size)
        ],
        Activity,
        # Recorded before the two years of history begin, so a past quarter's dashboard finds them.
        default_date=timezone.now() - datetime.timedelta(days=800),
    )
    activities = list(Activity.objects.filter(agreement=agreement).order_by("position"))
    # Every tenth activity is a sub-activity of the one before it.
    for n, activity in enumerate(activities):
        if n % 10 == 9:
            activity.parent = activities[n - 1]
            activity.save()
    goal_links, district_links, responsibilities = [], [], []
    for n, activity in enumerate(activities):
        for area in rng.sample(goal_areas, k=min(len(goal_areas), 1 + n % 3)):
            goal_links.append(Activity.goal_areas.through(activity=activity, goalarea=area))
        for district in rng.sample(districts, k=1 + n % 2):
            district_links.append(Activity.districts.through(activity=activity, district=district))
        # The official handles one activity in twenty, as a busy handläggare might.
        person = people[0] if n % 20 == 0 else rng.choice(people[1:])
        responsibilities.append(Responsibility(activity=activity, person=person, level=Level.OPERATIVE))
    Activity.goal_areas.through.objects.bulk_create(goal_links)
    Activity.districts.through.objects.bulk_create(district_links)
    bulk_create_with_history(responsibilities, Responsibility)

    now = timezone.now()
    changes = []
    for n, activity in enumerate(activities):
        current = statuses[0]
        for step in range(CHANGES_PER_ACTIVITY):
            new = rng.choice(statuses[:3]) if step else statuses[1]
            # The k-th change falls in the k-th of as many stretches of the two years, the last ending today: the
            # current quarter has its changes as a past one has (not a burst every half year ending in the summer).
            when = now - datetime.timedelta(days=730 - step * STRETCH - rng.randint(0, STRETCH - 1))
            # One change in five is recorded some days after it took effect (the dashboard reads both dates).
            recorded_late = datetime.timedelta(days=rng.randint(1, 10) if rng.random() < 0.2 else 0)
            changes.append(
                StatusChange(
                    activity=activity,
                    from_status=current,
                    to_status=new,
                    comment="Följdes upp på mötet.",
                    changed_by=official,
                    changed_at=min(when + recorded_late, now),
                    effective_on=timezone.localdate(when),
                )
            )
            current = new
        # Keep the official's activities "Initierad" so the status change journey has something to change.
        activity.status = statuses[0] if n % 20 == 0 else current
        activity.version = 1 + CHANGES_PER_ACTIVITY
        activity.save()
    StatusChange.objects.bulk_create(changes)
    body = add_meetings(agreement, User.objects.get(username="admin"), now)
    add_decisions_and_action_items(body, activities, official, User.objects.get(username="admin"), now)


ITEMS_PER_MEETING = 6
DECISIONS = 1000  # issue 22: the register and the dashboard with a thousand decisions, at every size


def add_meetings(agreement, adjuster, now) -> None:
    """A quarterly strategic group: eight held meetings over two years, each with minutes and a decision per
    item, approved; and the next meeting, planned, whose pack the benchmark downloads."""
    kind = BodyKind.objects.create(agreement=agreement, name="Strategisk", kind="strategic")
    body = Body.objects.create(agreement=agreement, kind=kind, name="Strategisk ledning", short_code="SL")
    for n in range(8):
        starts_at = now - datetime.timedelta(days=91 * (8 - n))
        meeting = Meeting.objects.create(
            body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), state=Meeting.State.HELD
        )
        Adjuster.objects.create(meeting=meeting, user=adjuster)
        for position in range(1, ITEMS_PER_MEETING + 1):
            item = AgendaItem.objects.create(
                meeting=meeting, position=position, title=f"Punkt {position}", minutes="Diskuterades. " * 20
            )
            record_decision(body, item=item, text="Informationen noteras.", decided_on=meeting.date, by=adjuster)
        meeting.approve(adjuster)
    starts_at = now + datetime.timedelta(days=14)
    planned = Meeting.objects.create(body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2))
    for position in range(1, ITEMS_PER_MEETING + 1):
        AgendaItem.objects.create(meeting=planned, position=position, title=f"Punkt {position}")
    return body


def add_decisions_and_action_items(body, activities, official, admin, now) -> None:
    """Per capsulam decisions up to DECISIONS over the two years; an action item on one activity in ten, a third
    of them overdue, every fifth the official's; and the administrator's calendar feed of the body."""
    made = body.decisions.count()
    for n in range(DECISIONS - made):
        day = timezone.localdate(now) - datetime.timedelta(days=730 * (DECISIONS - made - n) // (DECISIONS - made))
        record_decision(body, text=f"Beslut per capsulam nr {n + 1}.", decided_on=day, by=admin, taken_by="Ordföranden")
    today = timezone.localdate(now)
    ActionItem.objects.bulk_create(
        ActionItem(
            activity=activity,
            body=body,
            what=f"Återkoppla till {activity.name[:40]}",
            owner=official if n % 5 == 0 else admin,
            due_on=today + datetime.timedelta(days=30 if n % 3 else -10),
        )
        for n, activity in enumerate(activities[::10])
    )
    CalendarFeed(user=admin, body=body).save()


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    build(int(sys.argv[1]))
