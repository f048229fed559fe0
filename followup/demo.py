"""The follow-up chain for the Västerås demo, on the 2023–2027 agreement and its plan.

Facts only from the seeds: the sources of a situation picture and the annual cycle from the 2019 agreement
(`002_…`); problems, causes and districts from the plan's own "Orientering/lägesbild" column; indicators from
its "Uppföljning (mätbara effekter)" column. What the seeds do not say (the picture's own text, a problem no
activity addresses yet, a citizen promise's wording) is a placeholder that says "Exempel". No indicator
values are loaded: none are in the seeds, and an indicator shows "Inget värde än" until someone enters one.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User

from activities.models import Activity
from agreements.models import Agreement, Party, Role

from .defaults import ensure_scale
from .models import Cause, CitizenPromise, CycleStep, Indicator, Problem, SituationPicture, Source
from .periods import Cadence

EXAMPLE = "Exempel (platshållare): "
YEAR = 2024

# 002_…: "Lägesbilden tas fram dels genom medarbetardialoger i båda organisationerna, genom medborgardialoger
# och genom statistiskt underlag."
SOURCES = [
    ("Medarbetardialoger i båda organisationerna", Source.Kind.DIALOGUE),
    ("Medborgardialoger", Source.Kind.DIALOGUE),
    ("Statistiskt underlag", Source.Kind.STATISTICS),
]

# (title, the activity whose background describes it, causes as (text, sub-causes)). Text from the plan.
PROBLEMS = [
    (
        "Unga som varken arbetar eller studerar (UVAS)",
        "Minska antalet unga som varken arbetar eller studerar (UVAS)",
        [("Ökad risk att bli UVAS", ["Funktionsnedsättning", "Utrikes född", "Uppväxt i dålig socioekonomi"])],
    ),
    ("Barn 2–3 år som inte är inskrivna i pedagogisk omsorg", "Ökad inskrivningsgrad förskolan", []),
    (
        "Föräldrars digitala utanförskap",
        "Minska digitalt utanförskap",
        [("Låg kunskap och vana att använda digitala medel hos vissa föräldrar", [])],
    ),
    ("Våld i nära relation", "Motverka våld i nära relation", []),
]
UNADDRESSED = EXAMPLE + "ett prioriterat problem som ännu saknar aktivitet"

# (activity, name, unit, direction, by district, cadence, baseline, baseline period, source): the plan's
# "Uppföljning (mätbara effekter)" column. Units, directions and cadences follow from the wording ("ökar",
# "minska", "per stadsdel", "varje terminsslut"); yearly where the plan gives no rhythm.
INDICATORS = [
    (
        "Minska antalet unga som varken arbetar eller studerar (UVAS)",
        "Antal UVAS per stadsdel",
        "antal",
        Indicator.Direction.LOWER,
        True,
        Cadence.YEARLY,
        None,
        "",
        "BUF/Arenan (kommunalt aktivitetsansvar)",
    ),
    (
        "Ökad inskrivningsgrad förskolan",
        "Andel inskrivna barn ökar i valda stadsdelar",
        "%",
        Indicator.Direction.HIGHER,
        True,
        Cadence.YEARLY,
        None,
        "",
        "",
    ),
    (
        "Begränsa tillgången på vapen",
        "Antal beslagtagna vapen",
        "antal",
        Indicator.Direction.HIGHER,
        False,
        Cadence.YEARLY,
        None,
        "",
        "Polisen",
    ),
    (
        "Feriepraktik (gymnasie), sommarjobb (högstadie)",
        "Antal barn i sommarlovspraktik",
        "antal",
        Indicator.Direction.HIGHER,
        False,
        Cadence.YEARLY,
        Decimal(250),
        "2023",
        "",
    ),
    ("Ökad skolnärvaro", "Skolnärvaron ökar", "%", Indicator.Direction.HIGHER, False, Cadence.TERM, None, "", ""),
]

# 002_…: "Västerås stad ansvarar för den årligen återkommande processen, dvs att årligen senast den 1 juni
# initiera möten och upprätta tidsplan …; den gemensamma lägesbilden ska vara framtagen senast den 1 januari
# årligen, samt att medborgarlöften löper halvårsvis (april-september och oktober-mars)." The 2023 agreement
# names no cycle of its own, so it keeps this one.
CYCLE = [
    ("Initiera möten och upprätta tidsplan för kommande år", CycleStep.Kind.OTHER, 6, 1),
    ("Gemensam lägesbild framtagen", CycleStep.Kind.SITUATION_PICTURE, 1, 1),
    ("Medborgarlöften april–september", CycleStep.Kind.CITIZEN_PROMISES, 4, 1),
    ("Medborgarlöften oktober–mars", CycleStep.Kind.CITIZEN_PROMISES, 10, 1),
]


def load_followup(agreement: Agreement) -> None:
    """The scale, the annual cycle, a situation picture with its problems, causes and indicators. Idempotent."""
    ensure_scale(agreement)
    for target in filter(None, [agreement.predecessor, agreement]):
        _load_cycle(target)
    if agreement.situation_pictures.filter(year=YEAR).exists():
        return
    # By name; where an activity and one of its sub-activities share a name, the activity.
    activities = {a.name: a for a in Activity.objects.filter(agreement=agreement, parent__isnull=False)}
    activities |= {a.name: a for a in Activity.objects.filter(agreement=agreement, parent=None)}
    picture = SituationPicture.objects.create(
        agreement=agreement,
        year=YEAR,
        text=EXAMPLE + "lägesbildens text skrivs här. Den tas fram genom medarbetardialoger i båda organisationerna, "
        "medborgardialoger och statistiskt underlag (överenskommelsen 2019–2023).",
    )
    for order, (name, kind) in enumerate(SOURCES):
        Source.objects.create(situation_picture=picture, order=order, name=name, kind=kind)
    for priority, (title, activity_name, causes) in enumerate(PROBLEMS, start=1):
        activity = activities[activity_name]
        problem = Problem.objects.create(
            situation_picture=picture, priority=priority, title=title, description=activity.background
        )
        problem.activities.add(activity)
        problem.districts.add(*activity.districts.all())
        for order, (text, sub_causes) in enumerate(causes):
            cause = Cause.objects.create(problem=problem, order=order, text=text)
            cause.activities.add(activity)
            for sub_order, sub_text in enumerate(sub_causes):
                Cause.objects.create(problem=problem, parent=cause, order=sub_order, text=sub_text)
    Problem.objects.create(situation_picture=picture, priority=len(PROBLEMS) + 1, title=UNADDRESSED)
    official = User.objects.filter(username="handlaggare").first()
    for activity_name, name, unit, direction, by_district, cadence, baseline, baseline_period, source in INDICATORS:
        activity = activities[activity_name]
        handled = official is not None and activity.responsibilities.filter(person__user=official).exists()
        Indicator.objects.create(
            agreement=agreement,
            activity=activity,
            name=name,
            unit=unit,
            direction=direction,
            by_district=by_district,
            cadence=cadence,
            baseline=baseline,
            baseline_period=baseline_period,
            source=source,
            measured_from=agreement.valid_from,
            owner=official if handled else None,
        )
    CitizenPromise.objects.create(
        agreement=agreement,
        text=EXAMPLE + "medborgarlöftet skrivs här med samma ord som när det publicerades.",
        starts_on=datetime.date(YEAR, 4, 1),
    )


def _load_cycle(agreement: Agreement) -> None:
    municipality = Party.objects.filter(name="Västerås stad").first()
    for name, kind, month, day in CYCLE:
        CycleStep.objects.get_or_create(
            agreement=agreement,
            name=name,
            defaults={
                "kind": kind,
                "month": month,
                "day": day,
                "responsible_role": Role.OPERATIVE,
                "responsible_party": municipality,
            },
        )
