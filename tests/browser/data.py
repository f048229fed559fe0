"""The data the browser tests look at: the demo data when its loader exists, and one login per role."""

import datetime
import hashlib
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands

from activities.models import Activity, District, Level, Person, Responsibility, Status
from agreements.models import Agreement, Appendix, GoalArea, Party, Role, Signatory

from ..factories import PASSWORD, make_activity, make_agreement, make_statuses, make_user

REPO = Path(__file__).resolve().parents[2]

ROLES = ["anonymous", "reader", "official", "strategic", "operative", "admin", "secretary", "adjuster", "group_member"]
# The governance roles are seats in bodies, not roles in the agreement: each has the agreement role it would have
# (a secretary and a working group's member are officials, an adjuster sits in the strategic group) and, besides
# that, only its seat (add_example_meetings).
SEAT_ROLES = {"secretary": Role.OFFICIAL, "adjuster": Role.STRATEGIC, "group_member": Role.OFFICIAL}


def build_demo() -> Agreement:
    """The demo agreement: `load_demo` when the project has it, else a small plan built with the factories.
    A draft joins it, as the pages for editing and signing exist only for drafts."""
    make_draft()
    if "load_demo" in get_commands():
        call_command("load_demo", verbosity=0)
        agreement = Agreement.objects.filter(activities__isnull=False).order_by("pk").first()
        if agreement is not None:
            return agreement
    return _small_plan()


def make_draft() -> Agreement:
    """A draft with two parties and two signatories, one of whom has signed, so the crawl sees every state of the
    parties' and signatories' pages: moving up and down, a party that may be removed and one someone signs for, a
    signature to register and one registered; and an appendix."""
    draft = make_agreement("Samverkansöverenskommelse Utkaststad")
    municipality = draft.agreement_parties.get()
    municipality.short_name = "kommunen"
    municipality.save()
    police = Party.objects.create(
        name="Exempel: lokalpolisområde Utkaststad",
        kind=Party.Kind.POLICE,
        organisation_number="202100-0076",
        address="Box 1\n111 11 Utkaststad",
    )
    draft.agreement_parties.create(party=police, short_name="Polisen", order=2)
    Signatory.objects.filter(agreement=draft).update(party=municipality.party)
    signed = Signatory.objects.create(
        agreement=draft, order=2, name="Exempel: Bo Berg", title="lokalpolisområdeschef", organisation=police.name,
        party=police,
    )  # fmt: skip
    draft.register_signature(signed, on=datetime.date(2024, 5, 2))
    # An appendix it is to be signed with, so the crawl sees the appendices page with one to remove.
    Appendix.add_to(draft, title="Exempel: kommunikationsplan", text="Exempel: hur parterna berättar om arbetet.")
    return draft


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
        elif role in SEAT_ROLES:
            users[role] = make_user(f"browser-{role}", role=SEAT_ROLES[role], agreement=agreement)
        else:
            users[role] = make_user(f"browser-{role}", role=Role(role), agreement=agreement)
    official = Person.objects.create(agreement=agreement, name="Browser Official", user=users["official"])
    initiated = Status.objects.filter(agreement=agreement, kind=Status.Kind.INITIATED)
    for activity in agreement.activities.filter(status__in=initiated, parent__isnull=True)[:2]:
        Responsibility.objects.create(activity=activity, person=official, level=Level.OPERATIVE)
    add_example_meetings(agreement, users)
    add_example_appendix(agreement)
    return {role: user.username for role, user in users.items()}


def add_example_appendix(agreement: Agreement) -> None:
    """An appendix with a file marked public (the sources attach none), so the crawl reaches both downloads:
    the members' on the agreement's page and the public page's."""
    from django.core.files.base import ContentFile

    appendix = Appendix.objects.create(
        agreement=agreement,
        number=(agreement.appendices.count() + 1),
        title="Exempel: kontaktlista",
        is_public=True,
    )
    appendix.record_version(
        decided_on=agreement.signing_date or datetime.date(2023, 6, 7),
        decided_by="Exempel: strategisk ledning",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="exempel-bilaga.pdf"),
    )


def add_example_meetings(agreement: Agreement, users: dict) -> None:
    """Two example meetings (the sources record none) so the crawl reaches every meeting page: one held and not
    yet approved, whose secretary is the official and adjuster the strategic member, and one approved with a
    correction."""
    from django.core.files.base import ContentFile

    from meetings.models import STOCKHOLM, AgendaDocument, AgendaItem, CalendarFeed, Meeting

    from ..factories import make_body, make_meeting, make_member

    body = agreement.bodies.order_by("order", "pk").first() or make_body(agreement)
    # The held meeting is a working group's that reports to `body`, so its items can be raised upward; the
    # approved one is `body`'s own. Two meetings only: the crawl opens at most two pages of a kind.
    group = make_body(agreement, "Exempel: arbetsgrupp", kind="working_group", short_code="EXA", reports_to=body)
    for seat_in in (body, group):
        make_member(seat_in, users["official"], function="Exempel: sekreterare", is_secretary=True)
        make_member(seat_in, users["strategic"], function="Exempel: ledamot")
    # The governance roles: the secretary of both bodies' meetings, a second adjuster of the held one, and a
    # member of the working group with no other seat and no activity.
    for seat_in in (body, group):
        make_member(seat_in, users["secretary"], function="Exempel: mötessekreterare", is_secretary=True)
    make_member(body, users["adjuster"], function="Exempel: justerare")
    make_member(group, users["group_member"], function="Exempel: gruppmedlem")
    held, approved = (
        make_meeting(
            of,
            starts_at=datetime.datetime(2024, month, 12, 13, tzinfo=STOCKHOLM),
            adjusters=adjusters,
            state=Meeting.State.HELD,
            place="Exempel: Stadshuset",
            secretary=users["secretary"],
        )
        for of, month, adjusters in (
            (group, 9, [users["strategic"], users["adjuster"]]),
            (body, 3, [users["strategic"]]),
        )
    )
    for meeting in (held, approved):
        meeting.invite_members()
        AgendaItem.objects.create(meeting=meeting, position=1, is_section=True, title="Exempel: inledning")
        AgendaItem.objects.create(meeting=meeting, position=2, title="Exempel: lägesbild", minutes="Exempeltext.")
    AgendaDocument.objects.create(
        item=held.items.last(), title="Exempel: underlag", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="exempel.pdf")
    )
    CalendarFeed.objects.create(user=users["official"])
    approved.approve(users["strategic"])
    # Published, so the public page links the public minutes page and the crawl reaches it.
    approved.set_minutes_public(True, by=users["official"])
    approved.add_correction(
        item=approved.items.last(), before="Exempeltext.", after="Rättad exempeltext.", reason="Exempel",
        by=users["official"],
    )  # fmt: skip
    # A decision, an action item and a question raised upward, so the crawl reaches the register, a decision,
    # its extract, raising from an item and from an action item, and answering.
    from meetings.models import ActionItem, raise_question, record_decision

    record_decision(
        group, item=held.items.last(), text="Exempel: beslut.", decided_on=datetime.date(2024, 9, 12),
        by=users["official"],
    )  # fmt: skip
    # Two open action items: the crawl shows the agenda draft one entry of a kind, so it links to the kind's list.
    for what in ("Exempel: åtgärd", "Exempel: en andra åtgärd"):
        ActionItem.objects.create(
            item=held.items.last(), body=group, what=what, owner=users["official"], due_on=datetime.date(2030, 1, 1)
        )
    raise_question(held.items.last(), question="Exempel: lyft fråga", by=users["official"])


def edit_behind_the_officials_back(agreement: Agreement) -> None:
    """Someone else edits one of the official's activities once, so a status save based on the version
    before (the crawl's "stale version" hx-post) shows what that person changed, not only that someone did."""
    handled = Activity.objects.filter(agreement=agreement, responsibilities__person__user__username="browser-official")
    activity = handled.order_by("pk").first()
    activity.follow_up_text = "varje månadsskifte"
    activity._history_user = get_user_model().objects.get(username="browser-admin")
    activity.save_if_current(activity.version)


def portal_data_checksums() -> dict[str, str]:
    """Every table of the portal's own apps (those at the repository's root, with their history and
    many-to-many tables) → a hash of its rows. Logging in writes to Django's and axes' tables (sessions,
    last_login, the access log), which are left out."""
    checksums = {}
    for config in apps.get_app_configs():
        if Path(config.path).parent != REPO:
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            columns = [field.attname for field in model._meta.concrete_fields]
            rows = model._base_manager.order_by("pk").values_list(*columns)
            checksums[model._meta.db_table] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return checksums


__all__ = [
    "PASSWORD",
    "ROLES",
    "build_demo",
    "edit_behind_the_officials_back",
    "make_role_users",
    "portal_data_checksums",
]
