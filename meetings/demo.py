"""The Västerås bodies for the demo, from the governance text of the signed agreement (`000_…`, "Ledningsstruktur")
and the presentation of the work (`004_…`: the bodies, the partners joining). Nothing here is invented; where the
sources are vaguer than a field, the comment says what was taken.

No meetings are loaded: the sources record none.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from activities.models import Activity
from agreements.models import Agreement, Party

from .models import Body, BodyKind, BodyMember

# The agreement's own words for each kind of body ("Vi arbetar i en strategisk ledning, en operativ ledning och
# nätverksbaserade arbetsgrupper"); Trygghetsrådet (004) is none of the three.
KINDS = [
    (BodyKind.Kind.STRATEGIC, "Strategisk ledning"),
    (BodyKind.Kind.OPERATIVE, "Operativ ledning"),
    (BodyKind.Kind.WORKING_GROUP, "Nätverksbaserad arbetsgrupp"),
    (BodyKind.Kind.OTHER, "Övrigt"),
]

POLICE = "Lokalpolisområde Västerås"
CITY = "Västerås stad"
MIMER = "Bostads AB Mimer"
REGION = "Region Västmanland"
# 004: "Januari 2022 – starten på samverkansledningen kommun/polis", "Mimer januari 2023", "Regionen augusti
# 2023". The sources give months; the first of the month stands for them.
LEADERSHIP_STARTED = datetime.date(2022, 1, 1)
MIMER_JOINED = datetime.date(2023, 1, 1)
REGION_JOINED = datetime.date(2023, 8, 1)

STRATEGIC = {
    "name": "Strategisk ledning",
    "short_code": "SL",
    "kind": BodyKind.Kind.STRATEGIC,
    "mandate": (
        "Den strategiska ledningen beslutar om delmål och insatser, samt har mandat att tillsätta resurser som "
        "krävs för att genomföra detta."
    ),
    "meetings_per_year": 4,
    "convenors_text": "enhetschefen HE och LpoC",
    # (function, name from the signature block where it names the same function, party, from, convenor)
    "members": [
        ("lokalpolisområdeschef (LpoC)", "Lars Jansson", POLICE, LEADERSHIP_STARTED, True),
        ("biträdande lokalpolisområdeschef", "", POLICE, LEADERSHIP_STARTED, False),
        ("enhetschef Hållbarhetsenheten (HE)", "Per-Inge Hellman", CITY, LEADERSHIP_STARTED, True),
        ("direktör Kultur-, idrotts- och fritidsförvaltningen", "Lenny Hallgren", CITY, LEADERSHIP_STARTED, False),
        ("direktör Individ- och familjeförvaltningen", "Peter Boudin", CITY, LEADERSHIP_STARTED, False),
        ("direktör Barn- och utbildningsförvaltningen", "Åsa Lundkvist", CITY, LEADERSHIP_STARTED, False),
        ("direktör Skultuna kommundelsförvaltning", "Rasmus Persson", CITY, LEADERSHIP_STARTED, False),
        ("VD för bostadsbolaget Mimer", "Mikael Källqvist", MIMER, MIMER_JOINED, False),
        ("utvecklingsdirektör, Region Västmanland", "", REGION, REGION_JOINED, False),
    ],
}
OPERATIVE = {
    "name": "Övergripande operativ ledning",
    "short_code": "OL",
    "kind": BodyKind.Kind.OPERATIVE,
    "mandate": "Den övergripande operativa ledningen kartlägger behov, analyserar och följer upp insatserna.",
    "meets_as_needed": True,
    "convenors_text": "ingående medlemmar",
    # The sources name functions only, and no dates.
    "members": [
        ("kommunpolis", "", POLICE, None, True),
        ("polisoperativ koordinator", "", POLICE, None, True),
        ("strateg för trygghetsskapande och brottsförebyggande frågor", "", CITY, None, True),
    ],
}
COUNCIL = {"name": "Trygghetsrådet", "short_code": "TR", "kind": BodyKind.Kind.OTHER, "members": []}

WORKING_GROUP_MANDATE = (
    "De nätverksbaserade arbetsgrupperna tillsätts i dialog mellan den strategiska och operativa ledningen och "
    "arbetsgrupperna rapporterar till den operativa ledningen."
)
# The groups the activity plan names as such in its "Arbetsgrupp / samverkanspartners" column (EST-arbetsgrupp in
# its "Hanterar frågan" column); each carries the activities whose row names it. The short codes are ours (the
# sources number no decisions), made from the names.
WORKING_GROUPS = [
    ("SSPF-styrgrupp", "SSPF"),
    ("PUG Våldsprevention", "PUGV"),
    ("EST-arbetsgrupp", "EST"),
    ("PUG ToB", "TOB"),
    ("Citysamverkan", "CITY"),
]


def load_bodies(agreement: Agreement) -> None:
    """The strategic and operative leadership, the plan's working groups and Trygghetsrådet. Idempotent."""
    kinds = {
        kind: BodyKind.objects.get_or_create(agreement=agreement, name=name, defaults={"kind": kind, "order": order})[0]
        for order, (kind, name) in enumerate(KINDS, start=1)
    }
    parties = {party.name: party for party in Party.objects.filter(agreements=agreement)}
    strategic = _body(agreement, kinds, parties, STRATEGIC, order=1)
    operative = _body(agreement, kinds, parties, OPERATIVE, order=2, reports_to=strategic)
    for order, (name, code) in enumerate(WORKING_GROUPS, start=3):
        group = _body(
            agreement,
            kinds,
            parties,
            {"name": name, "short_code": code, "kind": BodyKind.Kind.WORKING_GROUP, "mandate": WORKING_GROUP_MANDATE},
            order=order,
            reports_to=operative,
        )
        carried = Activity.objects.filter(agreement=agreement).filter(
            Q(working_group__icontains=name) | Q(handled_by_text__icontains=name)
        )
        missing = set(carried) - set(group.activities.all())
        if missing:
            group.activities.add(*missing)
    _body(agreement, kinds, parties, COUNCIL, order=3 + len(WORKING_GROUPS))


def _body(agreement, kinds, parties: dict[str, Party], data: dict, *, order: int, reports_to=None) -> Body:
    fields = {k: v for k, v in data.items() if k not in ("name", "kind", "members")}
    body, _created = Body.objects.get_or_create(
        agreement=agreement,
        name=data["name"],
        defaults=fields | {"kind": kinds[data["kind"]], "order": order, "reports_to": reports_to},
    )
    for position, (function, name, party, member_from, convenor) in enumerate(data.get("members", []), start=1):
        BodyMember.objects.get_or_create(
            body=body,
            function=function,
            name=name,
            defaults={
                "order": position,
                "party": parties.get(party),
                "member_from": member_from,
                "is_convenor": convenor,
            },
        )
    return body
