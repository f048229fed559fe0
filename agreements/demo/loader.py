"""Builds the Västerås demo data from `vasteras.py`. Every step is idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User

from agreements.access import ADMIN_GROUP
from agreements.models import Agreement, GoalArea, Membership, Party, Principle, Role, Signatory, TimeHorizon

from . import vasteras

DEMO_PASSWORD = "samverkan"
# The loader puts its accounts in this group; the login page names the group's members as demo accounts. Only
# `load_demo` creates it, so a production database (real users, no demo load) never shows the hint; deleting
# the group in the admin hides it on a demo site too.
DEMO_GROUP = "Demokonton"


def load_agreements() -> Agreement:
    """The 2019–2023 agreement and its successor 2023–2027, both signed; returns the 2023 one."""
    predecessor = _signed_agreement(
        vasteras.AGREEMENT_2019,
        parties=vasteras.PARTIES_2019,
        signatories=vasteras.SIGNATORIES_2019,
        signed_on=vasteras.SIGNED_ON_2019,
    )
    return _signed_agreement(
        vasteras.AGREEMENT_2023 | {"predecessor": predecessor},
        parties=vasteras.PARTIES_2023,
        signatories=vasteras.SIGNATORIES_2023,
        signed_on=vasteras.SIGNED_ON_2023,
        principles=vasteras.PRINCIPLES_2023,
        time_horizons=vasteras.TIME_HORIZONS_2023,
        goal_areas=vasteras.GOAL_AREAS_2023,
    )


def load_demo_accounts(agreement: Agreement) -> None:
    """`admin` (administrator), `ledning` (strategic group) and `handlaggare` (official), password `samverkan`."""
    demo_group = Group.objects.get_or_create(name=DEMO_GROUP)[0]
    admin = _user("admin", is_staff=True, is_superuser=True)
    admin.groups.add(Group.objects.get_or_create(name=ADMIN_GROUP)[0], demo_group)
    for username, role in [("ledning", Role.STRATEGIC), ("handlaggare", Role.OFFICIAL)]:
        user = _user(username)
        user.groups.add(demo_group)
        Membership.objects.get_or_create(agreement=agreement, user=user, defaults={"role": role})


def _user(username: str, **flags: bool) -> User:
    user, created = User.objects.get_or_create(username=username, defaults=flags)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _party(data: dict) -> Party:
    return Party.objects.get_or_create(name=data["name"], defaults={"kind": data["kind"]})[0]


def _signed_agreement(
    fields: dict,
    *,
    parties: list[tuple[dict, datetime.date | None]],
    signatories: list[dict],
    signed_on: datetime.date,
    principles: list[tuple[str, str]] = (),
    time_horizons: list[dict] = (),
    goal_areas: list[tuple[str, str, list[str]]] = (),
) -> Agreement:
    # A signed agreement cannot be rebuilt in place (its text is frozen), so an existing one is left as it is.
    existing = Agreement.objects.filter(title=fields["title"], valid_from=fields["valid_from"]).first()
    if existing is not None:
        return existing
    agreement = Agreement.objects.create(**fields)
    for order, (party, joined_on) in enumerate(parties, start=1):
        agreement.agreement_parties.create(party=_party(party), order=order, joined_on=joined_on)
    for order, (name, sentence) in enumerate(principles, start=1):
        Principle.objects.create(agreement=agreement, order=order, name=name, sentence=sentence)
    for order, horizon in enumerate(time_horizons, start=1):
        TimeHorizon.objects.create(agreement=agreement, order=order, **horizon)
    for code, title, criteria in goal_areas:
        GoalArea.objects.create(agreement=agreement, code=code, title=title, criteria="\n".join(criteria))
    created = [
        Signatory.objects.create(
            agreement=agreement,
            order=order,
            name=signatory["name"],
            title=signatory["title"],
            organisation=signatory["organisation"],
            party=_party(signatory["party"]),
        )
        for order, signatory in enumerate(signatories, start=1)
    ]
    for signatory in created:
        agreement.register_signature(signatory, on=signed_on)
    agreement.refresh_from_db()
    return agreement
