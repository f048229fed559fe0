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


@dataclass(frozen=True)
class Rule:
    expect: dict[str, dict[str, int | str]]  # method -> role -> status
    kwargs: Callable[[SimpleNamespace], dict] = lambda world: {}
    data: Callable[[SimpleNamespace], dict] = lambda world: {}
    public: bool = False  # reachable without login: anonymous gets the view's own answer
    # The POST fields the hostile-input test fills; by default the names in the form on the GET page.
    fields: tuple[str, ...] = ()
    notes: str = field(default="", compare=False)


def agreement_pk(world: SimpleNamespace) -> dict:
    return {"pk": world.agreement.pk}


def plan_agreement_pk(world: SimpleNamespace) -> dict:
    return {"agreement_pk": world.agreement.pk}


def draft_pk(world: SimpleNamespace) -> dict:
    """A draft agreement with the same members as the world's agreement."""
    draft = make_agreement("Samverkansöverenskommelse Teststad, utkast")
    for membership in world.agreement.memberships.all():
        draft.memberships.create(user=membership.user, role=membership.role)
    return {"pk": draft.pk}


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
    return SimpleNamespace(
        agreement=agreement,
        other_agreement=other_agreement,
        users=users,
        activity=make_activity(agreement, "Feriepraktik", handled_by=users["official"]),
        other_activity=make_activity(agreement, "Trygghetsvandring"),
        foreign_activity=make_activity(other_agreement, "Annan aktivitet", handled_by=users["outsider"]),
    )


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
    "agreements:create": Rule({"GET": statuses(403, admin=200), "POST": statuses(403, admin=200)}),
    "agreements:edit": Rule(
        {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY},
        kwargs=draft_pk,
        notes="Only a draft's text can be edited; the refusal for a signed one (409) is in tests/agreements.",
    ),
    "agreements:sign": Rule({"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=agreement_pk),
    "agreements:amend": Rule({"GET": ADMIN_ONLY, "POST": ADMIN_ONLY}, kwargs=agreement_pk),
    # --- agreements/public_urls.py: everyone, logged in or not
    "public:index": Rule({"GET": statuses(200, anonymous=200)}, public=True),
    "public:agreement": Rule({"GET": statuses(200, anonymous=200)}, kwargs=agreement_pk, public=True),
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
    "reports:quarter": Rule({"GET": MEMBERS_READ}, kwargs=past_quarter),
    "reports:quarter_pdf": Rule({"GET": MEMBERS_READ}, kwargs=past_quarter),
    "reports:approve": Rule(
        {"GET": QUARTER_APPROVERS, "POST": QUARTER_APPROVERS},
        kwargs=past_quarter,
        notes="The strategic group approves; an empty form comes back with errors (200), nothing saved.",
    ),
    # --- reminders/urls.py: each person's own choice
    "reminders:settings": Rule(
        {"GET": EVERYONE_LOGGED_IN, "POST": statuses(302)},
        notes="Everyone sets only their own; an empty POST turns reminders off and redirects.",
    ),
    # --- public_site/urls.py: the accessibility statement, for everyone
    "public:accessibility": Rule({"GET": statuses(200, anonymous=200)}, public=True),
}
