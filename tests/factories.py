"""Small factories for tests: just enough of an agreement to exercise a page."""

import datetime

from django.contrib.auth.models import Group, User

from activities.defaults import ensure_statuses
from activities.models import Activity, Level, Person, Responsibility, Status
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


def make_cast(agreement: Agreement, other_agreement: Agreement) -> dict[str, User]:
    """One user per role in `agreement`, an official of `other_agreement` and an administrator."""
    return {
        "admin": make_user("admin", admin=True),
        "strategic": make_user("strategic", role=Role.STRATEGIC, agreement=agreement),
        "operative": make_user("operative", role=Role.OPERATIVE, agreement=agreement),
        "official": make_user("official", role=Role.OFFICIAL, agreement=agreement),
        "reader": make_user("reader", role=Role.READER, agreement=agreement),
        "outsider": make_user("outsider", role=Role.OFFICIAL, agreement=other_agreement),
    }


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


def make_statuses(agreement: Agreement) -> dict[str, Status]:
    """The agreement's statuses keyed by kind ("initiated", "ongoing", ...): the Västerås four by default."""
    return {status.kind: status for status in ensure_statuses(agreement)}


def make_activity(
    agreement: Agreement, name: str = "Feriepraktik", *, handled_by=None, status_kind="initiated", **fields
):
    """An activity in `agreement`; `handled_by` (a user) is named at the operative level."""
    status = make_statuses(agreement)[status_kind]
    activity = Activity.objects.create(agreement=agreement, name=name, status=status, **fields)
    activity.goal_areas.set(agreement.goal_areas.all()[:1])
    if handled_by is not None:
        person = Person.objects.get_or_create(
            agreement=agreement, user=handled_by, defaults={"name": handled_by.get_full_name() or handled_by.username}
        )[0]
        Responsibility.objects.create(activity=activity, person=person, level=Level.OPERATIVE)
    return activity


def make_body(agreement: Agreement, name: str = "Strategisk ledning", *, kind: str = "strategic", **fields):
    """A body of `agreement` (its kind of body made on first use); `short_code` from the name unless given."""
    from meetings.models import Body, BodyKind

    body_kind = BodyKind.objects.get_or_create(agreement=agreement, name=kind.capitalize(), defaults={"kind": kind})[0]
    fields.setdefault("short_code", "".join(word[0] for word in name.split()).upper())
    return Body.objects.create(agreement=agreement, kind=body_kind, name=name, **fields)


def make_member(body, user=None, *, function: str = "ledamot", **fields):
    from meetings.models import BodyMember

    return BodyMember.objects.create(body=body, user=user, function=function, **fields)


def make_meeting(body, *, starts_at=None, hours: int = 2, adjusters=(), **fields):
    """A meeting of `body` (2024-03-14 13:00 Stockholm time by default) with `adjusters` (users) named."""
    from meetings.models import STOCKHOLM, Adjuster, Meeting

    starts_at = starts_at or datetime.datetime(2024, 3, 14, 13, 0, tzinfo=STOCKHOLM)
    meeting = Meeting.objects.create(
        body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=hours), **fields
    )
    for user in adjusters:
        Adjuster.objects.create(meeting=meeting, user=user)
    return meeting
