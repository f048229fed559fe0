"""Small factories for tests: just enough of an agreement to exercise a page."""

import datetime

from django.contrib.auth.models import Group, User

from agreements.access import ADMIN_GROUP
from agreements.models import Agreement, GoalArea, Membership, Party, Principle, Role, Signatory

PASSWORD = "test-password-1"


def make_user(username: str, *, role: Role | None = None, agreement: Agreement | None = None, admin=False) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=username.capitalize())
    if admin:
        user.groups.add(Group.objects.get_or_create(name=ADMIN_GROUP)[0])
    if role is not None:
        Membership.objects.create(agreement=agreement, user=user, role=role)
    return user


def make_agreement(title: str = "Samverkansöverenskommelse Teststad", *, signed: bool = False, **fields) -> Agreement:
    defaults = {
        "valid_from": datetime.date(2023, 6, 7),
        "valid_until": datetime.date(2027, 6, 1),
        "purpose": "Att skapa en trygg kommun.",
        "goal": "Lika goda förutsättningar.",
        "signing_place": "Teststad",
        "signing_date": datetime.date(2023, 6, 7),
    }
    agreement = Agreement.objects.create(title=title, **(defaults | fields))
    party = Party.objects.get_or_create(name="Teststad kommun", defaults={"kind": Party.Kind.MUNICIPALITY})[0]
    agreement.agreement_parties.create(party=party, order=1)
    Principle.objects.create(agreement=agreement, order=1, name="Långsiktigt", sentence="vi håller i.")
    GoalArea.objects.create(agreement=agreement, code="A", title="Inga utsatta områden", criteria="god socioekonomi")
    signatory = Signatory.objects.create(
        agreement=agreement, order=1, name="Anna Andersson", title="ordförande", organisation="Teststad"
    )
    if signed:
        agreement.register_signature(signatory, on=datetime.date(2023, 6, 7))
        agreement.refresh_from_db()
    return agreement
