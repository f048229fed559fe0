"""A plan of any size for the activity view tests: goal areas, districts, people, sub-activities."""

from activities.models import Activity, District, Level, Person, Responsibility
from agreements.models import GoalArea, TimeHorizon
from tests.factories import make_statuses


def make_plan(agreement, size: int, *, official=None) -> list[Activity]:
    """`size` activities, every third with two sub-activities; `official` (a user) handles every other one."""
    statuses = list(make_statuses(agreement).values())
    areas = [
        GoalArea.objects.get_or_create(agreement=agreement, code=code, defaults={"title": f"Mål {code}"})[0]
        for code in "ABC"
    ]
    # A signed agreement's time horizons are frozen text: use what it has, create one only on a draft.
    horizon = agreement.time_horizons.first()
    if horizon is None and not agreement.is_frozen:
        horizon = TimeHorizon.objects.create(agreement=agreement, name="Att vinna slaget")
    district = District.objects.get_or_create(agreement=agreement, name="Bäckby")[0]
    person = Person.objects.get_or_create(agreement=agreement, name="Åsa Andersson", defaults={"user": official})[0]
    other = Person.objects.get_or_create(agreement=agreement, name="Björn Berg")[0]
    activities = []
    for i in range(size):
        if i % 3 == 2:
            parent = activities[-1]
            activity = Activity.objects.create(
                agreement=agreement, parent=parent, name=f"Delaktivitet {i}", status=statuses[i % 2], position=i
            )
        else:
            activity = Activity.objects.create(
                agreement=agreement,
                name=f"Aktivitet {i}",
                status=statuses[i % len(statuses)],
                is_prioritised=i % 4 == 0,
                time_horizon=horizon,
                position=i,
            )
            activity.districts.add(district)
        activity.goal_areas.add(areas[i % 3], areas[(i + 1) % 3])
        Responsibility.objects.create(activity=activity, person=person if i % 2 == 0 else other, level=Level.OPERATIVE)
        if activity.parent_id is None:
            activities.append(activity)
    return activities
