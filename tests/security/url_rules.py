"""Who gets which status on every URL of the project: the table behind the authorization matrix test.

Every named URL pattern (except Django's admin, tested on its own) needs a row here. A row says how to build
the URL's arguments from the test world (see `build_world`) and, per HTTP method the view accepts, the status
each role gets. Methods not listed must answer 405 to a logged-in user (anonymous users are sent to the login
page first, unless the row is `public`).

Statuses for POST are for an EMPTY form (or the row's `data`): the matrix checks who gets in, the views' own
tests check what a valid form does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.files.base import ContentFile

from agreements.models import Agreement, Appendix
from tests.factories import make_activity, make_agreement, make_cast
from tests.followup.helpers import make_cycle_step, make_indicator, make_problem, make_promise

ROLES = ("anonymous", "official", "outsider", "reader", "strategic", "operative", "admin")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# A 302 to the login page (anonymous users on every non-public page).
LOGIN = "login"


def statuses(default: int | str, *, anonymous: int | str = LOGIN, **per_role: int | str) -> dict[str, int | str]:
    """The status for each role: `default` unless named. Anonymous users go to the login page by default."""
    unknown = set(per_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: per_role.get(role, default) for role in ROLES} | {"anonymous": anonymous}


# The usual patterns.
MEMBERS_READ = statuses(200, outsider=404)
EVERYONE_LOGGED_IN = statuses(200)
ADMIN_ONLY = statuses(403, outsider=404, admin=200)
ADMIN_REDIRECTED = statuses(403, outsider=404, admin=302)


@dataclass(frozen=True)
class Rule:
    expect: dict[str, dict[str, int | str]]  # method -> role -> status
    kwargs: Callable[[SimpleNamespace], dict] = lambda world: {}
    data: Callable[[SimpleNamespace], dict] = lambda world: {}
    public: bool = False  # reachable without login: anonymous gets the view's own answer
    # Where an htmx request is answered differently (a fragment, 200, where the plain form redirects).
    htmx_expect: dict[str, dict[str, int | str]] = field(default_factory=dict)
    # The POST fields the hostile-input test fills; by default the names in the form on the GET page.
    fields: tuple[str, ...] = ()
    notes: str = field(default="", compare=False)


def agreement_pk(world: SimpleNamespace) -> dict:
    return {"pk": world.agreement.pk}


def plan_agreement_pk(world: SimpleNamespace) -> dict:
    return {"agreement_pk": world.agreement.pk}


def appendix_file_pk(world: SimpleNamespace) -> dict:
    """A version with a file, of an appendix (its file marked public) added to the signed, published agreement."""
    appendix = world.agreement.appendices.first() or Appendix.objects.create(
        agreement=world.agreement, number=1, title="Gemensam lägesbild", is_public=True
    )
    version = appendix.versions.first() or appendix.record_version(
        decided_on=world.agreement.signing_date,
        decided_by="Strategisk ledning",
        file=ContentFile(b"%PDF-1.4\n", name="lagesbild.pdf"),
    )
    return {"pk": version.pk}


def draft_pk(world: SimpleNamespace) -> dict:
    """A draft agreement with the same members as the world's agreement."""
    draft = make_agreement("Samverkansöverenskommelse Teststad, utkast")
    for membership in world.agreement.memberships.all():
        draft.memberships.create(user=membership.user, role=membership.role)
    return {"pk": draft.pk}


def draft_party_pk(world: SimpleNamespace) -> dict:
    """The one party of a draft (Teststad kommun, which no signatory signs for: it may be removed)."""
    draft = draft_pk(world)["pk"]
    return {"pk": draft, "party_pk": Agreement.objects.get(pk=draft).agreement_parties.get().pk}


def draft_signatory_pk(world: SimpleNamespace) -> dict:
    """The one signatory of a draft, not yet signed (it may be removed)."""
    draft = draft_pk(world)["pk"]
    return {"pk": draft, "signatory_pk": Agreement.objects.get(pk=draft).signatories.get().pk}


def signed_appendix_pk(world: SimpleNamespace) -> dict:
    """The appendix of the signed agreement (see appendix_file_pk)."""
    appendix_file_pk(world)
    return {"pk": world.agreement.pk, "appendix_pk": world.agreement.appendices.get().pk}


def draft_appendix_pk(world: SimpleNamespace) -> dict:
    """An appendix of a draft, which nothing else names (it may be removed)."""
    draft = Agreement.objects.get(pk=draft_pk(world)["pk"])
    return {"pk": draft.pk, "appendix_pk": Appendix.add_to(draft, title="Kontaktlista", text="Kontakter.").pk}


def activity_pk(world: SimpleNamespace) -> dict:
    return {"pk": world.activity.pk}


# Changing an activity: its handler, operative members and admins; read-only roles 403, outsiders 404.
ACTIVITY_EDITORS = statuses(200, outsider=404, reader=403, strategic=403)


# Changing the follow-up chain (links, evaluations, the annual cycle): operative members and admins.
CHAIN_EDITORS = statuses(403, outsider=404, operative=200, admin=200)
CHAIN_EDITORS_REDIRECTED = statuses(403, outsider=404, operative=302, admin=302)
# Entering an indicator's values: its owner (the world's official), operative members and admins.
VALUE_ENTERERS = statuses(200, outsider=404, reader=403, strategic=403)


def indicator_pk(world: SimpleNamespace) -> dict:
    """An indicator of the world's activity, owned by the world's official."""
    return {"pk": make_indicator(world.activity, owner=world.users["official"]).pk}


def problem_pk(world: SimpleNamespace) -> dict:
    return {"pk": make_problem(world.agreement, activities=[world.activity]).pk}


def picture_pk(world: SimpleNamespace) -> dict:
    return {"pk": make_problem(world.agreement).situation_picture_id}


def promise_pk(world: SimpleNamespace) -> dict:
    return {"pk": make_promise(world.agreement).pk}


def cycle_step_pk(world: SimpleNamespace) -> dict:
    return {"pk": make_cycle_step(world.agreement).pk}


def past_quarter(world: SimpleNamespace) -> dict:
    return {"agreement_pk": world.agreement.pk, "year": 2024, "number": 3}


# Approving a quarter's report: the strategic group and administrators.
QUARTER_APPROVERS = statuses(403, outsider=404, strategic=200, admin=200)


def build_world() -> SimpleNamespace:
    """The data every row's URL is built from.

    `agreement` is signed and published; `official` handles `activity` in it; `outsider` is an official of
    `other_agreement`; `other_activity` in `agreement` is handled by nobody.
    """
    agreement = make_agreement(signed=True)
    agreement.is_published = True
    agreement.save()
    other_agreement = make_agreement("Samverkansöverenskommelse Annanstad", signed=True)
    users = make_cast(agreement, other_agreement)
    world = SimpleNamespace(
        agreement=agreement,
        other_agreement=other_agreement,
        users=users,
        activity=make_activity(agreement, "Feriepraktik", handled_by=users["official"]),
        other_activity=make_activity(agreement, "Trygghetsvandring"),
        foreign_activity=make_activity(other_agreement, "Annan aktivitet", handled_by=users["outsider"]),
    )
    # Made here, not on first use, so that whatever a test does to the world's text reaches the meetings too.
    meetings_world(world)
    return world


def meetings_world(world: SimpleNamespace) -> SimpleNamespace:
    """Made once per world, on first use: a body whose convenor is `official`, a held meeting whose adjuster is
    `strategic`, an item with minutes and a document, and a calendar feed of `official`'s."""
    if not hasattr(world, "meetings"):
        from django.core.files.base import ContentFile

        from meetings.models import AgendaDocument, CalendarFeed
        from tests.meetings.helpers import meeting_world

        world.meetings = meeting_world(world.agreement, world.users)
        world.meetings.document = AgendaDocument.objects.create(
            item=world.meetings.item, title="Underlag", file=ContentFile(b"underlag", name="underlag.txt")
        )
        world.meetings.feed = CalendarFeed.objects.create(user=world.users["official"])
    return world.meetings


def body_pk(world: SimpleNamespace) -> dict:
    return {"pk": meetings_world(world).body.pk}


def meeting_body_pk(world: SimpleNamespace) -> dict:
    return {"body_pk": meetings_world(world).body.pk}


def meeting_pk(world: SimpleNamespace) -> dict:
    return {"pk": meetings_world(world).meeting.pk}


def meeting_meeting_pk(world: SimpleNamespace) -> dict:
    return {"meeting_pk": meetings_world(world).meeting.pk}


def item_pk(world: SimpleNamespace) -> dict:
    return {"pk": meetings_world(world).item.pk}


def document_pk(world: SimpleNamespace) -> dict:
    return {"pk": meetings_world(world).document.pk}


def correction_pk(world: SimpleNamespace) -> dict:
    """A correction to the meeting's minutes, approved by its one adjuster (`strategic`) first."""
    meetings = meetings_world(world)
    if not hasattr(meetings, "correction"):
        meetings.meeting.approve(world.users["strategic"])
        meetings.correction = meetings.meeting.add_correction(
            item=meetings.item, before="noterades", after="godkändes", reason="Skrivfel", by=world.users["official"]
        )
    return {"pk": meetings.correction.pk}


def decision_pk(world: SimpleNamespace) -> dict:
    """A decision per capsulam of the meetings' body (per capsulam: the minutes' approval cannot refuse it)."""
    import datetime

    from meetings.models import record_decision

    meetings = meetings_world(world)
    if not hasattr(meetings, "decision"):
        meetings.decision = record_decision(
            meetings.body, taken_by="Ordföranden", text="Beslut", decided_on=datetime.date(2024, 3, 1), by=None
        )
    return {"pk": meetings.decision.pk}


def item_item_pk(world: SimpleNamespace) -> dict:
    return {"item_pk": meetings_world(world).item.pk}


def action_item_pk(world: SimpleNamespace) -> dict:
    """An action item owned by `official`, raised at the meeting's item."""
    import datetime

    from meetings.models import ActionItem

    meetings = meetings_world(world)
    if not hasattr(meetings, "action_item"):
        meetings.action_item = ActionItem.objects.create(
            item=meetings.item, body=meetings.body, what="Boka lokal", owner=world.users["official"],
            due_on=datetime.date(2024, 4, 1),
        )  # fmt: skip
    return {"pk": meetings.action_item.pk}


def question_pk(world: SimpleNamespace) -> dict:
    """A question raised from `activity` to the meetings' body (whose convenor is `official`)."""
    from meetings.models import raise_question

    meetings = meetings_world(world)
    if not hasattr(meetings, "question"):
        meetings.question = raise_question(
            world.activity, question="Hur går det?", by=world.users["official"], to_body=meetings.body
        )
    return {"pk": meetings.question.pk}


def feed_pk(world: SimpleNamespace) -> dict:
    return {"pk": meetings_world(world).feed.pk}


def feed_token(world: SimpleNamespace) -> dict:
    meetings = meetings_world(world)
    meetings.feed.refresh_from_db()
    if not meetings.feed.token.replace("-", "").replace("_", "").isalnum():
        # The escaping test rewrote every text column, the token among them: a token is never typed by a user,
        # so a fresh feed stands in.
        from meetings.models import CalendarFeed

        meetings.feed = CalendarFeed.objects.create(user=world.users["official"])
    return {"token": meetings.feed.token}


# Meetings: the body's convenor (`official`) and admins change them; strategic and operative members read every
# meeting; a reader without a seat in the body does not see them (404); the adjuster is `strategic`.
MEETING_READ = statuses(200, outsider=404, reader=404)
MEETING_EDITORS = statuses(200, outsider=404, reader=404, strategic=403, operative=403)
BODY_MEETING_EDITORS = statuses(200, outsider=404, strategic=403, operative=403, reader=403)
ADJUSTER_ONLY = statuses(403, outsider=404, reader=404, strategic=302)

RULES: dict[str, Rule] = {
    # --- samverkan/urls.py
    "home": Rule({"GET": EVERYONE_LOGGED_IN}),
    "login": Rule(
        {"GET": statuses(302, anonymous=200), "POST": statuses(302, anonymous=200)},
        public=True,
        notes="Logged-in users are sent on; an empty form comes back with errors.",
    ),
    "logout": Rule({"POST": statuses(302)}),
    "set_language": Rule({"POST": statuses(302, anonymous=302)}, data=lambda w: {"language": "en"}, public=True),
    # --- agreements/urls.py
    "agreements:list": Rule({"GET": EVERYONE_LOGGED_IN}),
    "agreements:detail": Rule({"GET": MEMBERS_READ}, kwargs=agreement_pk),
    "reports:agreement_pdf": Rule({"GET": MEMBERS_READ}, kwargs=agreement_pk),
    "agreements:appendix_file": Rule({"GET": MEMBERS_READ}, kwargs=appendix_file_pk),
    "agreements:create": Rule({"GET": statuses(403, admin=200), "POST": statuses(403, admin=200)}),
    "agreements:edit": Rule(
        {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY},
        kwargs=draft_pk,
        notes="Only a draft's text can be edited; the refusal for a signed one (409) is in tests/agreements.",
    ),
    "agreements:sign": Rule({"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=agreement_pk),
    "agreements:successor": Rule(
        {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=agreement_pk, notes="An empty form comes back with errors."
    ),
    "agreements:amend": Rule({"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=agreement_pk),
    "agreements:parties": Rule(
        {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY},
        kwargs=draft_pk,
        notes="A draft's; a signed agreement's page refuses changes with 409 (tests/agreements/test_parties_pages.py).",
    ),
    "agreements:party_edit": Rule({"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=draft_party_pk),
    "agreements:party_move": Rule({"POST": ADMIN_REDIRECTED}, kwargs=draft_party_pk),
    "agreements:party_remove": Rule(
        {"GET": ADMIN_ONLY, "POST": ADMIN_REDIRECTED}, kwargs=draft_party_pk, notes="GET asks, POST removes."
    ),
    "agreements:signatories": Rule({"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=draft_pk),
    "agreements:signatory_edit": Rule({"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=draft_signatory_pk),
    "agreements:signatory_move": Rule({"POST": ADMIN_REDIRECTED}, kwargs=draft_signatory_pk),
    "agreements:signatory_remove": Rule(
        {"GET": ADMIN_ONLY, "POST": ADMIN_REDIRECTED}, kwargs=draft_signatory_pk, notes="GET asks, POST removes."
    ),
    "agreements:review": Rule(
        {"GET": ADMIN_ONLY, "POST": statuses(403, outsider=404, admin=409)},
        kwargs=agreement_pk,
        notes="The world's agreement has an end date: the page says it is not reviewed, and a POST is 409 "
        "(tests/agreements/test_appendices_page.py records reviews of an open-ended one).",
    ),
    "agreements:appendices": Rule({"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=agreement_pk),
    "agreements:appendix_version": Rule({"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=signed_appendix_pk),
    "agreements:appendix_public": Rule({"POST": ADMIN_REDIRECTED}, kwargs=signed_appendix_pk),
    "agreements:appendix_remove": Rule(
        {"GET": ADMIN_ONLY, "POST": ADMIN_REDIRECTED}, kwargs=draft_appendix_pk, notes="GET asks, POST removes."
    ),
    # --- agreements/public_urls.py: everyone, logged in or not
    "public:index": Rule({"GET": statuses(200, anonymous=200)}, public=True),
    "public:agreement": Rule({"GET": statuses(200, anonymous=200)}, kwargs=agreement_pk, public=True),
    "public:minutes": Rule(
        {"GET": statuses(404, anonymous=404)},
        kwargs=meeting_pk,
        public=True,
        notes="The world's minutes are not public; tests/public/test_public_minutes.py reads public ones.",
    ),
    "public:appendix_file": Rule({"GET": statuses(200, anonymous=200)}, kwargs=appendix_file_pk, public=True),
    # --- activities/urls.py: the plan's import, export and carry-over (activities-data)
    "activities:import": Rule(
        {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=plan_agreement_pk, notes="An empty upload form comes back."
    ),
    "activities:import_confirm": Rule(
        {"POST": statuses(403, outsider=404, admin=302)},
        kwargs=plan_agreement_pk,
        notes="Without a previewed upload in the session the admin is sent back to the upload page.",
    ),
    "activities:export": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk),
    "activities:people": Rule(
        {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY},
        kwargs=plan_agreement_pk,
        notes="Without the formset's management data the page comes back with the error; nothing is saved.",
    ),
    "activities:carry_over": Rule(
        {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY},
        kwargs=plan_agreement_pk,
        notes="The test agreement has no successor: the page says so.",
    ),
    # --- activities/urls.py (activities-views)
    "activities:mine": Rule({"GET": EVERYONE_LOGGED_IN}),
    "activities:matrix": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk),
    "activities:board": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk),
    "activities:detail": Rule({"GET": MEMBERS_READ}, kwargs=activity_pk),
    "activities:edit": Rule(
        {"GET": ACTIVITY_EDITORS, "POST": ACTIVITY_EDITORS},
        kwargs=activity_pk,
        notes="An empty form comes back with errors (200), nothing saved.",
    ),
    "activities:status": Rule(
        {"GET": ACTIVITY_EDITORS, "POST": ACTIVITY_EDITORS},
        kwargs=activity_pk,
        notes="An empty form comes back with errors (200), nothing saved.",
    ),
    # --- meetings/urls.py
    "meetings:structure": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk),
    "meetings:body": Rule({"GET": MEMBERS_READ}, kwargs=body_pk),
    "meetings:meeting_create": Rule(
        {"GET": BODY_MEETING_EDITORS, "POST": BODY_MEETING_EDITORS},
        kwargs=meeting_body_pk,
        notes="An empty form comes back with errors.",
    ),
    "meetings:meeting": Rule({"GET": MEETING_READ}, kwargs=meeting_pk),
    "meetings:meeting_ics": Rule({"GET": MEETING_READ}, kwargs=meeting_pk),
    "meetings:meeting_edit": Rule({"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=meeting_pk),
    "meetings:meeting_state": Rule(
        {"POST": statuses(302, outsider=404, reader=404, strategic=403, operative=403)},
        kwargs=meeting_pk,
        notes="Without a state the editor is sent back with a message.",
    ),
    "meetings:approve": Rule({"POST": ADJUSTER_ONLY}, kwargs=meeting_pk),
    "reports:meeting_pack": Rule(
        {"GET": statuses(200, outsider=404, reader=404, strategic=403, operative=403)}, kwargs=meeting_pk
    ),
    "meetings:minutes_public": Rule(
        {"POST": statuses(302, outsider=404, reader=404, strategic=403, operative=403)},
        kwargs=meeting_pk,
        notes="Without a choice the editor is sent back with a message.",
    ),
    "meetings:attendance": Rule({"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=meeting_meeting_pk),
    "meetings:item_create": Rule({"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=meeting_meeting_pk),
    "meetings:correction_create": Rule(
        {
            "GET": statuses(302, outsider=404, reader=404, strategic=403, operative=403),
            "POST": statuses(302, outsider=404, reader=404, strategic=403, operative=403),
        },
        kwargs=meeting_meeting_pk,
        notes="The world's minutes are not approved yet: editors are sent back to edit them directly.",
    ),
    "meetings:item_edit": Rule({"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=item_pk),
    "meetings:item_minutes": Rule({"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=item_pk),
    "meetings:item_approve": Rule({"POST": ADJUSTER_ONLY}, kwargs=item_pk),
    "meetings:recusal_create": Rule(
        {"POST": MEETING_EDITORS}, kwargs=item_pk, notes="An empty form comes back with errors."
    ),
    "meetings:document_upload": Rule({"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=item_pk),
    "meetings:document": Rule({"GET": MEETING_READ}, kwargs=document_pk),
    "meetings:correction_approve": Rule({"POST": ADJUSTER_ONLY}, kwargs=correction_pk),
    "reports:minutes_pdf": Rule({"GET": MEETING_READ}, kwargs=meeting_pk),
    "reports:agenda_pdf": Rule({"GET": MEETING_READ}, kwargs=meeting_pk),
    "meetings:feeds": Rule(
        {"GET": EVERYONE_LOGGED_IN, "POST": EVERYONE_LOGGED_IN},
        notes="Everyone manages their own feeds; an empty post shows the page again.",
    ),
    "meetings:feed_revoke": Rule(
        {"POST": statuses(404, official=302)}, kwargs=feed_pk, notes="A feed is its owner's alone."
    ),
    "meetings:feed": Rule(
        {"GET": statuses(200, anonymous=200)},
        kwargs=feed_token,
        public=True,
        notes="Calendar programs do not log in: the secret token is the key (wrong or revoked: 404).",
    ),
    # --- followup/urls.py: members read the chain; operative members and admins edit it; owners enter values
    "followup:overview": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk),
    "followup:promises": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk),
    "followup:cycle": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk),
    "followup:public_promises": Rule({"GET": statuses(200, anonymous=200)}, kwargs=plan_agreement_pk, public=True),
    "followup:cycle_done": Rule(
        {"POST": CHAIN_EDITORS_REDIRECTED},
        kwargs=cycle_step_pk,
        notes="Without a year: back to the cycle, nothing done.",
    ),
    "followup:situation_picture": Rule({"GET": MEMBERS_READ}, kwargs=picture_pk),
    "followup:problem": Rule({"GET": MEMBERS_READ}, kwargs=problem_pk),
    "followup:activity": Rule({"GET": MEMBERS_READ}, kwargs=activity_pk),
    "followup:activity_links": Rule(
        {"GET": CHAIN_EDITORS, "POST": CHAIN_EDITORS_REDIRECTED},
        kwargs=activity_pk,
        notes="An empty form is valid: it ties the activity to nothing.",
    ),
    "followup:evaluate_activity": Rule({"GET": CHAIN_EDITORS, "POST": CHAIN_EDITORS}, kwargs=activity_pk),
    "followup:evaluate_promise": Rule({"GET": CHAIN_EDITORS, "POST": CHAIN_EDITORS}, kwargs=promise_pk),
    "followup:indicator": Rule({"GET": MEMBERS_READ}, kwargs=indicator_pk),
    "followup:enter_value": Rule({"GET": VALUE_ENTERERS, "POST": VALUE_ENTERERS}, kwargs=indicator_pk),
    "followup:import_values": Rule({"GET": VALUE_ENTERERS, "POST": VALUE_ENTERERS}, kwargs=indicator_pk),
    "followup:import_confirm": Rule(
        {"POST": statuses(302, outsider=404, reader=403, strategic=403)},
        kwargs=indicator_pk,
        notes="Without a previewed upload in the session: back to the upload page.",
    ),
    # --- reports/urls.py: the quarterly dashboard (dashboard)
    "reports:pick": Rule(
        {"GET": statuses(302)},
        notes="Without a query the menu link sends to the user's agreement; every role in the world has one.",
    ),
    "reports:dashboard": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk),
    "reports:plan_report": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk),
    "reports:quarter": Rule({"GET": MEMBERS_READ}, kwargs=past_quarter),
    "reports:quarter_pdf": Rule({"GET": MEMBERS_READ}, kwargs=past_quarter),
    "reports:quarter_list": Rule({"GET": MEMBERS_READ}, kwargs=lambda world: past_quarter(world) | {"kind": "nya"}),
    "reports:approve": Rule(
        {"GET": QUARTER_APPROVERS, "POST": QUARTER_APPROVERS},
        kwargs=past_quarter,
        notes="The strategic group approves; an empty form comes back with errors (200), nothing saved.",
    ),
    # --- meetings/urls.py: decisions and action items
    "meetings:register": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk, notes="Lists only what one may see."),
    "meetings:register_export": Rule({"GET": MEMBERS_READ}, kwargs=plan_agreement_pk),
    "meetings:decision": Rule({"GET": MEETING_READ}, kwargs=decision_pk),
    "reports:decision_extract": Rule({"GET": MEETING_READ}, kwargs=decision_pk),
    "meetings:decision_execution": Rule(
        {"POST": MEETING_EDITORS}, kwargs=decision_pk, notes="An empty form comes back with errors."
    ),
    **{
        f"meetings:decision_plan_{kind}": Rule(
            {"POST": MEETING_EDITORS},
            kwargs=decision_pk,
            notes="Carrying a decision out in the plan; an empty form comes back with errors.",
        )
        for kind in ("status", "activity", "appendix")
    },
    "meetings:decision_create": Rule({"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=item_item_pk),
    "meetings:decision_per_capsulam": Rule(
        {"GET": BODY_MEETING_EDITORS, "POST": BODY_MEETING_EDITORS}, kwargs=meeting_body_pk
    ),
    "meetings:action_item_create": Rule({"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=item_item_pk),
    "meetings:action_item_done": Rule(
        {"POST": statuses(403, official=302, admin=302, outsider=404, reader=404)},
        htmx_expect={"POST": statuses(403, official=200, admin=200, outsider=404, reader=404)},
        kwargs=action_item_pk,
        notes="The owner (official) or an editor of the body's meetings marks it done; done twice is done once.",
    ),
    "meetings:draft": Rule({"GET": MEETING_EDITORS}, kwargs=meeting_pk),
    "meetings:draft_kind": Rule({"GET": MEETING_EDITORS}, kwargs=lambda world: meeting_pk(world) | {"kind": "fragor"}),
    "meetings:draft_adopt": Rule(
        {"POST": statuses(302, outsider=404, reader=404, strategic=403, operative=403)},
        kwargs=meeting_pk,
        notes="Without a key the secretary is sent back to the draft.",
    ),
    "meetings:raise_from_item": Rule({"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=item_pk),
    "meetings:raise_from_action_item": Rule({"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=action_item_pk),
    "meetings:raise_from_activity": Rule({"GET": ACTIVITY_EDITORS, "POST": ACTIVITY_EDITORS}, kwargs=activity_pk),
    "meetings:activity_action_items": Rule({"GET": MEMBERS_READ}, kwargs=activity_pk),
    "meetings:action_item_for_activity": Rule(
        {"GET": ACTIVITY_EDITORS, "POST": ACTIVITY_EDITORS}, kwargs=activity_pk, notes="An empty form comes back."
    ),
    "meetings:answer": Rule(
        {"GET": MEETING_EDITORS, "POST": MEETING_EDITORS}, kwargs=question_pk, notes="An empty answer is refused."
    ),
    # --- reminders/urls.py: each person's own choice
    "reminders:settings": Rule(
        {"GET": EVERYONE_LOGGED_IN, "POST": statuses(302)},
        notes="Everyone sets only their own; an empty POST turns reminders off and redirects.",
    ),
    # --- public_site/urls.py: the accessibility statement, for everyone
    "public:accessibility": Rule({"GET": statuses(200, anonymous=200)}, public=True),
}
