import datetime

import pytest
from django.core.management import call_command

from activities.models import Activity
from agreements.models import Agreement
from followup import models
from followup.late import late_followups

TRACKED = [
    models.SituationPicture,
    models.Source,
    models.Problem,
    models.Cause,
    models.Indicator,
    models.IndicatorValue,
    models.Judgement,
    models.CitizenPromise,
    models.CycleStep,
]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in TRACKED} | {f"h{m.__name__}": m.history.count() for m in TRACKED}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    return Agreement.objects.get(valid_from=datetime.date(2023, 6, 7))


def test_loading_the_demo_twice_changes_no_follow_up_data(demo):
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before


def test_the_situation_picture_rests_on_the_sources_the_2019_agreement_names(demo):
    picture = demo.situation_pictures.get()
    assert [(s.name, s.kind) for s in picture.sources.all()] == [
        ("Medarbetardialoger i båda organisationerna", "dialogue"),
        ("Medborgardialoger", "dialogue"),
        ("Statistiskt underlag", "statistics"),
    ]
    assert picture.text.startswith("Exempel")


def test_from_the_activity_why_it_exists_and_whether_it_works(demo):
    activity = Activity.objects.get(agreement=demo, name__startswith="Minska antalet unga som varken")
    [problem] = activity.problems.all()
    assert problem.title == "Unga som varken arbetar eller studerar (UVAS)"
    [cause] = activity.causes.all()
    assert cause.text == "Ökad risk att bli UVAS"
    assert [c.text for c in cause.causes.all()] == [
        "Funktionsnedsättning",
        "Utrikes född",
        "Uppväxt i dålig socioekonomi",
    ]
    [indicator] = activity.indicators.all()
    assert (indicator.name, indicator.direction, indicator.by_district) == ("Antal UVAS per stadsdel", "lower", True)
    assert not indicator.values.exists(), "no values are invented"


def test_from_the_problem_what_is_done_about_it(demo):
    problem = models.Problem.objects.get(title__startswith="Unga som varken")
    assert [(a.name, [i.name for i in a.indicators.all()]) for a in problem.activities.all()] == [
        ("Minska antalet unga som varken arbetar eller studerar (UVAS)", ["Antal UVAS per stadsdel"])
    ]
    assert [d.name for d in problem.districts.all()] == ["Skultuna"]


def test_the_plans_follow_up_column_names_the_indicators(demo):
    assert set(models.Indicator.objects.filter(agreement=demo).values_list("name", flat=True)) >= {
        "Antal UVAS per stadsdel",
        "Andel inskrivna barn ökar i valda stadsdelar",
        "Antal beslagtagna vapen",
    }


def test_the_annual_cycle_of_the_2019_agreement(demo):
    steps = [(s.name, s.month, s.day) for s in demo.predecessor.cycle_steps.all()]
    assert ("Initiera möten och upprätta tidsplan för kommande år", 6, 1) in steps
    assert ("Gemensam lägesbild framtagen", 1, 1) in steps
    assert {(4, 1), (10, 1)} <= {(month, day) for _, month, day in steps}


def test_the_demo_has_late_follow_ups_of_both_kinds(demo):
    kinds = {row.kind for row in late_followups(demo, datetime.date(2025, 3, 1))}
    assert kinds == {"value", "status"}


def test_a_problem_without_activity_is_a_marked_example(demo):
    [unaddressed] = models.Problem.objects.filter(situation_picture__agreement=demo, activities=None)
    assert unaddressed.title.startswith("Exempel")


def test_the_demo_chain_reads_both_ways_in_the_browser(demo, client):
    from django.contrib.auth.models import User
    from django.urls import reverse

    client.force_login(User.objects.get(username="ledning"))
    activity = Activity.objects.get(agreement=demo, name__startswith="Minska antalet unga som varken")
    html = client.get(reverse("followup:activity", args=[activity.pk])).content.decode()
    assert "Unga som varken arbetar eller studerar (UVAS)" in html
    assert "Ökad risk att bli UVAS" in html and "Antal UVAS per stadsdel" in html and "Inget värde än" in html
    problem = models.Problem.objects.get(title__startswith="Unga som varken")
    html = client.get(reverse("followup:problem", args=[problem.pk])).content.decode()
    assert activity.name in html and "Antal UVAS per stadsdel" in html
    assert "Uppväxt i dålig socioekonomi" in html
