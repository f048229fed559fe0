"""What goes into each person's daily digest, gathered from the parts of the portal that know it.

Each source answers for every recipient at once, in a fixed number of queries, with `Reminder`s keyed by the
user's id. `reminders` sits on top of the layers, so it reads the parts below directly; a new part adds its
source to `SOURCES`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.models import Activity, Status, StatusChange
from agreements.models import Membership


@dataclass(frozen=True)
class Reminder:
    heading: str  # the group it is listed under
    text: str
    path: str  # the page it is about, a path on this site
    due: datetime.date | None = None


Source = Callable[[list[int], datetime.date], dict[int, list[Reminder]]]


def passed_follow_ups(user_ids: list[int], today: datetime.date) -> dict[int, list[Reminder]]:
    """Activities a person handles whose follow-up date has passed with no status entry since."""
    followed_up = StatusChange.objects.filter(activity=OuterRef("pk"), changed_at__date__gte=OuterRef("follow_up_on"))
    # Only where the person is still a member: the link must open for them.
    member = Membership.objects.filter(agreement=OuterRef("agreement"), user=OuterRef("responsibilities__person__user"))
    rows = (
        Activity.objects.filter(follow_up_on__lt=today, responsibilities__person__user__in=user_ids)
        .filter(Exists(member), ~Exists(followed_up))
        .exclude(status__kind__in=[Status.Kind.FINISHED, Status.Kind.DROPPED])
        .values_list("responsibilities__person__user", "pk", "name", "follow_up_on")
        .distinct()
        .order_by("follow_up_on", "name")
    )
    found = defaultdict(list)
    heading = _("Follow-up date passed")
    for user_id, pk, name, follow_up_on in rows:
        path = reverse("activities:detail", args=[pk])
        found[user_id].append(Reminder(heading, name, path, follow_up_on))
    return found


SOURCES: list[Source] = [passed_follow_ups]


def digests(user_ids: Iterable[int], today: datetime.date) -> dict[int, list[Reminder]]:
    """Every recipient's reminders, from every source, in the sources' order."""
    user_ids = list(user_ids)
    combined: dict[int, list[Reminder]] = defaultdict(list)
    for source in SOURCES:
        for user_id, reminders in source(user_ids, today).items():
            combined[user_id] += reminders
    return combined
