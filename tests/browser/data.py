"""The data the browser tests look at: the demo data when its loader exists, and one login per role."""

import datetime

from django.core.management import call_command, get_commands

from activities.models import District, Level, Person, Responsibility, Status
from agreements.models import Agreement, GoalArea, Role

from ..factories import PASSWORD, make_activity, make_agreement, make_statuses, make_user

ROLES = ["anonymous", "reader", "official", "strategic", "operative", "admin"]


def build_demo() -> Agreement:
    """The demo agreement: `load_demo` when the project has it, else a small plan built with the factories.
    A draft joins it, as the pages for editing and signing exist only for drafts."""
    make_agreement("Samverkansöverenskommelse Utkaststad")
    if "load_demo" in get_commands():
        call_command("load_demo", verbosity=0)
        agreement = Agreement.objects.filter(activities__isnull=False).order_by("pk").first()
        if agreement is not None:
            return agreement
    return _small_plan()


def _small_plan() -> Agreement:
    agreement = make_agreement(signed=True, is_published=True)
    GoalArea.objects.create(agreement=agreement, code="B", title="Minskad brottslighet", criteria="trygghet")
    make_statuses(agreement)
    district = District.objects.create(agreement=agreement, name="Bäckby")
    for number, kind in enumerate(["initiated", "ongoing", "finished", "dropped", "initiated", "ongoing"]):
        activity = make_activity(
            agreement,
            f"Aktivitet {number + 1}",
            status_kind=kind,
            position=number,
            is_prioritised=number % 2 == 0,
            starts_on=datetime.date(2023, 8, 1),
            follow_up_text="varje terminsslut",
        )
        activity.districts.add(district)
    return agreement


def make_role_users(agreement: Agreement) -> dict[str, str]:
    """A login per role (role → username; the password is `PASSWORD`); the official handles two initiated activities."""
    users = {}
    for role in ROLES[1:]:
        if role == "admin":
            users[role] = make_user(f"browser-{role}", admin=True)
        else:
            users[role] = make_user(f"browser-{role}", role=Role(role), agreement=agreement)
    official = Person.objects.create(agreement=agreement, name="Browser Official", user=users["official"])
    initiated = Status.objects.filter(agreement=agreement, kind=Status.Kind.INITIATED)
    for activity in agreement.activities.filter(status__in=initiated, parent__isnull=True)[:2]:
        Responsibility.objects.create(activity=activity, person=official, level=Level.OPERATIVE)
    return {role: user.username for role, user in users.items()}


__all__ = ["PASSWORD", "ROLES", "build_demo", "make_role_users"]
