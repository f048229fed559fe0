"""The draft agenda of a body's next meeting: what has happened since its previous meeting and needs its
attention, each entry saying where it came from. The secretary adopts entries one by one into the agenda.

Sources: activities whose status changed since the previous meeting, follow-ups that are late, the body's
open action items (carried from meeting to meeting until done), activities asking for more resources,
decisions whose execution is late, and questions raised to the body from below. A working group looks at the
activities it carries; the other bodies at the whole plan. A fixed number of queries whatever the history.

The draft page shows the first PAGE_LIMIT entries of each kind and links to the kind's whole list (a busy
quarter changes the status of hundreds of activities; the page stays one a secretary can read).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity, StatusChange
from followup.late import late_followups

from .decision_models import AgendaDraftAdoption, Decision
from .models import AgendaItem, Body, BodyKind, Meeting

PAGE_LIMIT = 10

# The kinds of entry, in the draft's order: the slug names a kind's whole list (meetings:draft_kind).
KINDS = {
    "statusandringar": gettext_lazy("Status changed since the previous meeting"),
    "uppfoljningar": gettext_lazy("Follow-up due"),
    "atgardspunkter": gettext_lazy("Open action items"),
    "resurser": gettext_lazy("Requests for resources"),
    "forsenade-beslut": gettext_lazy("Decisions whose execution is late"),
    "fragor": gettext_lazy("Questions raised from below"),
}


@dataclass(frozen=True)
class DraftEntry:
    key: str  # stable across requests: what the adoption remembers
    kind: str  # one of KINDS: the heading it is listed under
    source: str  # where it came from, shown with it
    title: str
    description: str
    activity_ids: tuple[int, ...] = ()
    adopted: bool = False
    question_id: int | None = None  # a raised question can be answered from the draft, adopted or not


def previous_meeting(body: Body, meeting: Meeting) -> Meeting | None:
    return (
        body.meetings.filter(state=Meeting.State.HELD, starts_at__lt=meeting.starts_at).order_by("-starts_at").first()
    )


def _scope(body: Body):
    activities = Activity.objects.filter(agreement=body.agreement)
    if body.kind.kind == BodyKind.Kind.WORKING_GROUP:
        activities = activities.filter(bodies=body)
    return activities


def agenda_draft(meeting: Meeting, today: datetime.date) -> list[DraftEntry]:
    body = meeting.body
    previous = previous_meeting(body, meeting)
    since = previous.starts_at if previous else None
    adopted = set(meeting.draft_adoptions.values_list("key", flat=True))
    scope = _scope(body)
    entries: list[DraftEntry] = []

    # Plain values, not models: a busy quarter changes hundreds of statuses, and only these go on the draft.
    changes = StatusChange.objects.filter(activity__in=scope)
    if since is not None:
        changes = changes.filter(changed_at__gt=since)
    latest = {}
    rows = changes.order_by("changed_at", "pk").values_list(
        "pk", "activity_id", "activity__name", "to_status__name", "comment"
    )
    for row in rows:
        latest[row[1]] = row  # the last change per activity is what the meeting hears of
    # Its source is its kind's heading, so the draft does not say it twice (templates/meetings/agenda_draft.html).
    changed = str(KINDS["statusandringar"])
    for pk, activity_id, name, status, comment in latest.values():
        entries.append(
            DraftEntry(
                f"status:{activity_id}:{pk}",
                "statusandringar",
                changed,
                name,
                _("Now %(status)s: %(comment)s") % {"status": status, "comment": comment},
                (activity_id,),
            )
        )

    in_scope = set(scope.values_list("pk", flat=True))
    due = str(KINDS["uppfoljningar"])
    for late in late_followups(body.agreement, today):
        if late.activity is not None and late.activity.pk not in in_scope:
            continue
        key = f"late:{late.kind}:{late.indicator.pk if late.indicator else late.activity.pk}:{late.due_on.isoformat()}"
        activity_ids = (late.activity.pk,) if late.activity else ()
        entries.append(DraftEntry(key, "uppfoljningar", due, late.what, late.reason, activity_ids))

    for action in body.action_items.filter(done_at=None).select_related("owner").order_by("due_on", "pk"):
        owner = action.owner.get_full_name() or action.owner.username
        entries.append(
            DraftEntry(
                f"action:{action.pk}",
                "atgardspunkter",
                _("Open action item"),
                action.what,
                _("%(owner)s, due %(due)s") % {"owner": owner, "due": action.due_on.isoformat()},
            )
        )

    for activity in scope.filter(resource_reinforcement=True, parent=None).order_by("name"):
        entries.append(
            DraftEntry(
                f"resources:{activity.pk}",
                "resurser",
                _("Request for resources"),
                activity.name,
                _("The activity asks for more resources."),
                (activity.pk,),
            )
        )

    late_decisions = (
        body.decisions.exclude(execution=Decision.Execution.DONE)
        .filter(execution_due_on__lt=today)
        .select_related("body")
    )
    for decision in late_decisions.order_by("execution_due_on", "pk"):
        entries.append(
            DraftEntry(
                f"decision:{decision.pk}",
                "forsenade-beslut",
                _("Decision whose execution is late"),
                decision.label,
                _("To be carried out by %(due)s: %(text)s") % {"due": decision.execution_due_on, "text": decision.text},
            )
        )

    questions = body.questions.filter(answered_at=None).select_related(
        "item__meeting__body", "activity", "action_item__body", "raised_by"
    )
    for question in questions:
        origin = question.origin_body.name if question.origin_body else question.activity.name
        entries.append(
            DraftEntry(
                f"question:{question.pk}",
                "fragor",
                _("Raised from %(origin)s") % {"origin": origin},
                question.question,
                _("Raised by %(who)s") % {"who": question.raised_by.get_full_name() or question.raised_by.username},
                (question.activity_id,) if question.activity_id else (),
                question_id=question.pk,
            )
        )
    return [replace(entry, adopted=entry.key in adopted) for entry in entries]


@dataclass(frozen=True)
class DraftGroup:
    kind: str
    title: str
    entries: list[DraftEntry]

    @property
    def first(self) -> list[DraftEntry]:
        return self.entries[:PAGE_LIMIT]

    @property
    def has_more(self) -> bool:
        return len(self.entries) > PAGE_LIMIT


def grouped(entries: list[DraftEntry]) -> list[DraftGroup]:
    """The draft's entries under their kinds' headings, in the order of KINDS; a kind without entries is left out."""
    by_kind: dict[str, list[DraftEntry]] = {kind: [] for kind in KINDS}
    for entry in entries:
        by_kind[entry.kind].append(entry)
    return [DraftGroup(kind, KINDS[kind], found) for kind, found in by_kind.items() if found]


@transaction.atomic
def adopt(meeting: Meeting, key: str, today: datetime.date, *, by) -> AgendaItem:
    """Put the draft entry `key` on the meeting's agenda (once: adopting it again returns the same item)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    existing = AgendaDraftAdoption.objects.filter(meeting=meeting, key=key).select_related("item").first()
    if existing is not None:
        return existing.item
    entry = next((entry for entry in agenda_draft(meeting, today) if entry.key == key), None)
    if entry is None:
        raise LookupError(key)
    position = (meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1
    item = AgendaItem(
        meeting=meeting, position=position, title=entry.title[:300], description=f"{entry.source}. {entry.description}"
    )
    item._history_user = by
    item.save()
    if entry.activity_ids:
        item.activities.set(entry.activity_ids)
    AgendaDraftAdoption.objects.create(meeting=meeting, key=key, item=item)
    return item
