"""The plan arranged for reading: matrix columns per goal area, the matrix's grid, board columns per status, cards.

The plan pages show hundreds of activities, each in up to eight columns, so they do not read the plan as
model instances with prefetches (a copy of every goal area and status per row, a `reverse()` per link: most
of the page's time). `plan_activities()` reads plain rows in a fixed number of queries and joins them in
Python with the agreement's few statuses and goal areas, shared by every row, and builds the links from one
`reverse()` per URL name. Arranging never queries again.
"""

from __future__ import annotations

import datetime
import functools
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from agreements.models import Agreement, GoalArea

from .forms import Sort, StatusChangeForm
from .models import Activity, Responsibility, Status, StatusChange, shown_person_name

ROW_FIELDS = (
    "pk",
    "name",
    "is_prioritised",
    "status_id",
    "agreement_id",
    "parent_id",
    "parent__name",
    "handled_by_text",
    "follow_up_on",
    "follow_up_text",
)
PUBLIC_FIELDS = ("public_description",)


@dataclass
class LatestComment:
    """The last status comment written on an activity: what, by whom (full name, else username; None when the
    login is gone) and when it was recorded."""

    text: str
    by: str | None
    at: datetime.datetime


@dataclass(eq=False)
class PlanActivity:
    """An activity (or sub-activity) as the matrix, the board, "my activities", the public page and the plan
    report (reports.plan_report) show it."""

    pk: int
    name: str
    is_prioritised: bool
    status: Status
    agreement: Agreement
    parent_id: int | None
    parent_name: str | None
    url: str
    parent_url: str | None
    status_url: str
    handled_by_text: str  # who handles it, as the imported plan said (the PDF prints it when no one is named)
    follow_up_on: datetime.date | None = None
    follow_up_text: str = ""  # the follow-up as the plan words it ("varje terminsslut")
    goal_areas: list[GoalArea] = field(default_factory=list)
    sub_activities: list[PlanActivity] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    public_description: str = ""
    latest_comment: LatestComment | None = None  # read only when asked (the board and "my activities")

    @property
    def goal_area_codes(self) -> str:
        return ", ".join(area.short_label for area in self.goal_areas)

    @property
    def people_names(self) -> str:
        return ", ".join(self.people)


def link_maker(url_name: str) -> Callable[[int], str]:
    """`reverse(url_name, args=[pk])` for many pks at the cost of one reverse()."""
    marker = "4294967295"  # any number that cannot occur elsewhere in the path
    before, _, after = reverse(url_name, args=[marker]).partition(marker)
    return lambda pk: f"{before}{pk}{after}"


def plan_activities(
    activities: QuerySet[Activity],
    *,
    with_sub_activities: bool = False,
    with_people: bool = False,
    with_public_description: bool = False,
    with_latest_comment: bool = False,
    agreement: Agreement | None = None,
    statuses: list[Status] | None = None,
) -> list[PlanActivity]:
    """`activities` in their order, with status, goal areas and, if asked, sub-activities, people, the
    public description and the latest status comment.

    Eight queries at most, whatever the size of the plan: the rows, their sub-activities, the goal-area
    links, the people, the latest comments, and the agreements' statuses, goal areas and titles. A page of
    one agreement that has read it, and its statuses, already passes them (`agreement`, `statuses`): two
    queries fewer.
    """
    fields = ROW_FIELDS + (PUBLIC_FIELDS if with_public_description else ())
    rows = list(activities.values_list(*fields))
    if not rows:
        return []
    selected = activities.values("pk")
    sub_rows = list(Activity.objects.filter(parent__in=selected).values_list(*fields)) if with_sub_activities else []
    in_plan = Q(activity__in=selected) | (Q(activity__parent__in=selected) if with_sub_activities else Q())
    links = Activity.goal_areas.through.objects.filter(in_plan).values_list("activity_id", "goalarea_id")
    people = defaultdict(list)
    if with_people:
        names = Responsibility.objects.filter(activity__in=selected).values_list(
            "activity_id", "person__name", "person__user__first_name", "person__user__last_name"
        )
        for activity_id, name, first, last in names:
            shown = shown_person_name(name, f"{first or ''} {last or ''}")
            if shown not in people[activity_id]:  # named at two levels: once
                people[activity_id].append(shown)

    comments = latest_comments(selected) if with_latest_comment else {}

    agreement_ids = {row[4] for row in rows}
    # What was passed, when every row is of that agreement; read otherwise.
    given = agreement is not None and agreement_ids == {agreement.pk}
    if given:
        agreements = {agreement.pk: agreement}
    else:
        agreements = {
            a.pk: a
            for a in Agreement.objects.filter(pk__in=agreement_ids).only(
                "pk", "title", "valid_from", "valid_until", "goal_area_term", "goal_area_term_plural"
            )
        }
    if not given or statuses is None:
        statuses = Status.objects.filter(agreement__in=agreement_ids)
    statuses = {s.pk: s for s in statuses}
    goal_areas = list(GoalArea.objects.filter(agreement__in=agreement_ids))  # in the agreement's order
    position = {area.pk: n for n, area in enumerate(goal_areas)}
    areas_of = defaultdict(list)
    for activity_id, area_id in sorted(links, key=lambda link: position[link[1]]):
        areas_of[activity_id].append(goal_areas[position[area_id]])
    detail_url, status_url = link_maker("activities:detail"), link_maker("activities:status")

    def build(row) -> PlanActivity:
        pk, name, is_prioritised, status_id, agreement_id, parent_id, parent_name, handled_by_text, *rest = row
        follow_up_on, follow_up_text, *public = rest
        return PlanActivity(
            pk=pk,
            name=name,
            is_prioritised=is_prioritised,
            status=statuses[status_id],
            agreement=agreements[agreement_id],
            parent_id=parent_id,
            parent_name=parent_name,
            url=detail_url(pk),
            parent_url=detail_url(parent_id) if parent_id else None,
            status_url=status_url(pk),
            handled_by_text=handled_by_text,
            follow_up_on=follow_up_on,
            follow_up_text=follow_up_text,
            goal_areas=areas_of[pk],
            people=people[pk],
            public_description=public[0] if public else "",
            latest_comment=comments.get(pk),
        )

    subs_by_parent = defaultdict(list)
    for row in sub_rows:
        subs_by_parent[row[5]].append(build(row))
    plan = [build(row) for row in rows]
    for activity in plan:
        activity.sub_activities = subs_by_parent[activity.pk]
    return plan


def latest_comments(selected: QuerySet) -> dict[int, LatestComment]:
    """The last status change with a comment of each of the `selected` activities (a values("pk") queryset),
    in one query however many there are."""
    last = (
        StatusChange.objects.filter(activity=OuterRef("pk"))
        .exclude(comment="")
        .order_by("-changed_at", "-pk")
        .values("pk")[:1]
    )
    last_ids = Activity.objects.filter(pk__in=selected).annotate(last=Subquery(last)).values("last")
    writer = ("changed_by__first_name", "changed_by__last_name", "changed_by__username")
    rows = (
        StatusChange.objects.filter(pk__in=last_ids)
        .order_by()  # one per activity, into a dict: the default newest-first sort is work for nothing
        .values_list("activity_id", "comment", "changed_at", *writer)
    )
    return {
        activity_id: LatestComment(text, full_name(first, last_name, username), at)
        for activity_id, text, at, first, last_name, username in rows
    }


def full_name(first: str | None, last: str | None, username: str | None) -> str | None:
    """As `User.get_full_name() or username` reads it, from the columns; None for no user."""
    if username is None:
        return None
    return f"{first} {last}".strip() or username


@dataclass
class StatusCount:
    status: Status
    count: int


@dataclass
class EntryShown:
    """What a matrix entry shows, and all its template is given: its HTML is kept under all of this
    (samverkan/fragments.py), so the entry's key holds no sub-activity it does not show."""

    name: str
    url: str
    status: Status
    is_prioritised: bool
    # How the sub-activities stand together ("1 av 2 pågår"), one line per status present.
    sub_counts: list[StatusCount]
    sub_total: int
    html: str = ""  # rendered once, however many columns show it (views.matrix)


@dataclass
class MatrixEntry:
    activity: PlanActivity
    shown: EntryShown

    @property
    def html(self) -> str:
        return self.shown.html


@dataclass
class MatrixColumn:
    goal_area: GoalArea
    entries: list[MatrixEntry] = field(default_factory=list)

    @property
    def counts(self) -> list[StatusCount]:
        return count_by_status(entry.activity.status for entry in self.entries)


def count_by_status(statuses) -> list[StatusCount]:
    """Counts in the agreement's status order, statuses with none left out."""
    counter = Counter(statuses)
    ordered = sorted(counter.items(), key=lambda item: (item[0].order, item[0].pk))
    return [StatusCount(status, n) for status, n in ordered]


def aims_at(activity: PlanActivity) -> set[int]:
    """Goal areas of the activity and of its sub-activities (a sub-activity may aim further)."""
    ids = {area.pk for area in activity.goal_areas}
    for sub in activity.sub_activities:
        ids |= {area.pk for area in sub.goal_areas}
    return ids


def matrix_entries(activities: list[PlanActivity]) -> list[MatrixEntry]:
    entries = []
    for activity in activities:
        subs = activity.sub_activities
        counts = count_by_status(sub.status for sub in subs)
        shown = EntryShown(activity.name, activity.url, activity.status, activity.is_prioritised, counts, len(subs))
        entries.append(MatrixEntry(activity, shown))
    return entries


def matrix_columns(goal_areas, entries: list[MatrixEntry]) -> list[MatrixColumn]:
    """One column per goal area with the entries aiming at it; an entry appears in each of its columns."""
    columns = {area.pk: MatrixColumn(area) for area in goal_areas}
    for entry in entries:
        for area_id in aims_at(entry.activity):
            if area_id in columns:
                columns[area_id].entries.append(entry)
    return list(columns.values())


# How a row of the grid marks a goal area's column: the activity aims at it itself, or only one of its
# sub-activities does (the columns view lists the activity there too), or not at all (""); matrix.html#grid-marks
# reads them by these values.
AIMS, THROUGH_SUB = "aims", "through-sub"


@dataclass
class GridRow:
    """An activity as a row of the matrix's grid, with its sub-activities' rows under it: one fragment, rendered
    once and kept (samverkan/fragments.py) under all of this, so it holds nothing the rows do not show."""

    name: str
    url: str
    status: Status
    is_prioritised: bool
    # One per goal-area column, in the agreement's order: (AIMS, THROUGH_SUB or "", the area's code or title).
    marks: list[tuple[str, str]]
    goal_area_term: str  # the agreement's word, for what the marks say to a screen reader
    sub_rows: list[GridRow] = field(default_factory=list)
    html: str = ""  # rendered (views.matrix)


def grid_rows(goal_areas: list[GoalArea], activities: list[PlanActivity], goal_area_term: str) -> list[GridRow]:
    """A row per activity, marked in the columns of the goal areas it aims at; its sub-activities' rows in it."""
    # Every row shares these few tuples: a kept fragment's key shapes each of them once (samverkan/fragments.py).
    cells = [{kind: (kind, area.short_label) for kind in (AIMS, THROUGH_SUB, "")} for area in goal_areas]
    area_ids = [area.pk for area in goal_areas]

    def marks(own: set[int], through_sub: set[int] = frozenset()) -> list[tuple[str, str]]:
        return [
            cell[AIMS if pk in own else THROUGH_SUB if pk in through_sub else ""]
            for pk, cell in zip(area_ids, cells, strict=True)
        ]

    def row(activity: PlanActivity, marked: list[tuple[str, str]], sub_rows: list[GridRow]) -> GridRow:
        return GridRow(
            activity.name, activity.url, activity.status, activity.is_prioritised, marked, goal_area_term, sub_rows
        )

    rows = []
    for activity in activities:
        own = {area.pk for area in activity.goal_areas}
        sub_rows = [row(sub, marks({area.pk for area in sub.goal_areas}), []) for sub in activity.sub_activities]
        rows.append(row(activity, marks(own, aims_at(activity) - own), sub_rows))
    return rows


@dataclass
class Card:
    """An activity on the board or in "my activities".

    An editable card shows a link that loads its status form into the card (htmx) or opens the status page,
    which returns to `return_to` (the page the card sits on, with its validated filters, never the raw query
    string: closed cards are kept, samverkan/fragments.py); `form` is set only where the form is shown open, so
    a board of hundreds of cards renders no forms. `editable` is this user's right: a card rendered for one
    user's rights is kept under it and so never shown to another.
    """

    activity: PlanActivity
    editable: bool
    return_to: str
    form: StatusChangeForm | None = None
    html: str = ""  # the closed card, rendered (views.cards_for)
    dom_id: str = field(init=False)
    change_url: str = field(init=False)

    def __post_init__(self):
        self.dom_id = f"card-{self.activity.pk}"
        self.change_url = f"{self.activity.status_url}?next={quoted_path(self.return_to)}"


@functools.lru_cache(maxsize=64)
def quoted_path(path: str) -> str:
    """`path` for a query string; every card of a page returns to the same page, so it is quoted once."""
    return quote(path, safe="/")


@dataclass
class BoardColumn:
    status: Status
    cards: list[Card] = field(default_factory=list)


def board_columns(statuses, cards: list[Card], sort: Sort = Sort.PRIORITISED) -> list[BoardColumn]:
    """A column per status with its cards in `sort` order; cards that compare equal keep the plan's order."""
    columns = {status.pk: BoardColumn(status) for status in statuses}
    for card in sorted(cards, key=SORT_KEYS[sort]):
        columns[card.activity.status.pk].cards.append(card)
    return list(columns.values())


# Å, Ä and Ö are letters of their own after Z (Æ and Ø sort with Ä and Ö); other accents sort with their letter.
# ("{", "|" and "}" are the characters after "z".)
SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def name_key(name: str) -> str:
    """`name` as Swedish sorts it, case aside: "Ängen" after "Zon", "Élevhälsa" with the e's."""
    folded = unicodedata.normalize("NFC", name).casefold().translate(SWEDISH_LAST)
    return "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))


SORT_KEYS = {
    Sort.PRIORITISED: lambda card: not card.activity.is_prioritised,
    Sort.NAME: lambda card: name_key(card.activity.name),
    # Dated follow-ups first, soonest first; the rest (none, or only words such as "varje terminsslut") after them.
    Sort.FOLLOW_UP: lambda card: (card.activity.follow_up_on is None, card.activity.follow_up_on or datetime.date.min),
}
