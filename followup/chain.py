"""Reading the chain for the pages: why an activity exists, whether it works, what is done about a problem.

Each reader takes a fixed number of queries however many problems, causes, indicators and values there are:
it fetches each kind once and puts the tree together in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from activities.models import Activity

from .models import Cause, Evaluation, Indicator, IndicatorValue, Problem
from .periods import Cadence, Period


@dataclass
class IndicatorSummary:
    """An indicator with its values, read once; what the pages say about it."""

    indicator: Indicator
    values: list[IndicatorValue] = field(default_factory=list)

    @property
    def totals(self) -> list[IndicatorValue]:
        """The values for the whole (no district, both sexes), oldest first."""
        return [v for v in self.values if v.district_id is None and not v.sex]

    @property
    def latest_period(self) -> Period | None:
        if not self.values:
            return None
        return Period(max(v.period_start for v in self.values), Cadence(self.indicator.cadence))

    @property
    def latest_values(self) -> list[IndicatorValue]:
        """Every value (total, per district, per sex) of the latest period with any value."""
        period = self.latest_period
        return [v for v in self.values if period and v.period_start == period.start]

    @property
    def latest(self) -> IndicatorValue | None:
        totals = self.totals
        return totals[-1] if totals else None

    @property
    def previous(self) -> IndicatorValue | None:
        totals = self.totals
        return totals[-2] if len(totals) > 1 else None

    @property
    def is_improving(self) -> bool | None:
        """Whether the latest total is better than the one before, by the indicator's direction."""
        if self.latest is None or self.previous is None:
            return None
        return self.indicator.is_improvement(self.previous.value, self.latest.value)

    @property
    def progress_percent(self) -> int | None:
        """How far the latest total has come from the baseline to the target, in whole per cent."""
        if self.latest is None:
            return None
        share = self.indicator.progress(self.latest.value)
        return None if share is None else round(share * 100)


def summarise(indicators: list[Indicator]) -> list[IndicatorSummary]:
    """The indicators with their values: one query for the values of all of them."""
    summaries = {indicator.pk: IndicatorSummary(indicator) for indicator in indicators}
    values = (
        IndicatorValue.objects.filter(indicator__in=list(summaries))
        .select_related("district", "entered_by")
        .order_by("period_start", "district__name", "sex")
    )
    for value in values:
        summary = summaries[value.indicator_id]
        value.indicator = summary.indicator  # for value.period, without a query each
        summary.values.append(value)
    return list(summaries.values())


@dataclass
class CauseNode:
    cause: Cause
    children: list[CauseNode] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


def cause_trees(causes: list[Cause]) -> dict[int, list[CauseNode]]:
    """The causes as trees, per problem id: each cause under the cause it is a cause of."""
    nodes = {cause.pk: CauseNode(cause) for cause in causes}
    roots: dict[int, list[CauseNode]] = defaultdict(list)
    for cause in causes:
        node = nodes[cause.pk]
        parent = nodes.get(cause.parent_id)
        (parent.children if parent else roots[cause.problem_id]).append(node)
    return roots


def cause_path(cause: Cause, by_id: dict[int, Cause]) -> list[Cause]:
    """From the problem's root cause down to `cause`."""
    path = [cause]
    while path[0].parent_id and path[0].parent_id in by_id and len(path) < 50:
        path.insert(0, by_id[path[0].parent_id])
    return path


@dataclass
class Why:
    problem: Problem
    paths: list[list[Cause]]  # the causes the activity addresses, each from its root cause down


@dataclass
class ActivityChain:
    activity: Activity
    why: list[Why]
    indicators: list[IndicatorSummary]
    evaluations: list[Evaluation]

    @property
    def is_tied_to_a_problem(self) -> bool:
        return bool(self.why)


def activity_chain(activity: Activity) -> ActivityChain:
    """Why `activity` exists (problems and causes) and whether it works (indicators, values, evaluations).

    Six queries.
    """
    addressed = list(Cause.objects.filter(activities=activity).values_list("pk", flat=True))
    problems = list(
        Problem.objects.filter(Q(activities=activity) | Q(causes__in=addressed))
        .distinct()
        .select_related("situation_picture")
        .order_by("-situation_picture__year", "priority", "pk")
    )
    causes = {cause.pk: cause for cause in Cause.objects.filter(problem__in=problems)}
    why = [
        Why(
            problem,
            [
                cause_path(causes[pk], causes)
                for pk in addressed
                if pk in causes and causes[pk].problem_id == problem.pk
            ],
        )
        for problem in problems
    ]
    indicators = summarise(list(Indicator.objects.filter(activity=activity).select_related("owner")))
    evaluations = list(
        Evaluation.objects.filter(activity=activity).select_related("judgement", "author").order_by("-evaluated_on")
    )
    return ActivityChain(activity, why, indicators, evaluations)


@dataclass
class ProblemActivity:
    activity: Activity
    indicators: list[IndicatorSummary]


@dataclass
class ProblemChain:
    problem: Problem
    causes: list[CauseNode]
    activities: list[ProblemActivity]


def problem_chain(problem: Problem) -> ProblemChain:
    """What is done about `problem`: its cause tree with the activities on each cause, and every activity
    tied to it (directly or through a cause) with its indicators. Five queries."""
    causes = list(Cause.objects.filter(problem=problem).prefetch_related("activities"))
    trees = cause_trees(causes)
    for node in _walk(trees.get(problem.pk, [])):
        node.activities = list(node.cause.activities.all())
    activities = list(
        Activity.objects.filter(Q(problems=problem) | Q(causes__problem=problem))
        .distinct()
        .select_related("status", "parent")
        .order_by("position", "pk")
    )
    summaries = summarise(list(Indicator.objects.filter(activity__in=activities)))
    by_activity = defaultdict(list)
    for summary in summaries:
        by_activity[summary.indicator.activity_id].append(summary)
    return ProblemChain(problem, trees.get(problem.pk, []), [ProblemActivity(a, by_activity[a.pk]) for a in activities])


def _walk(nodes: list[CauseNode]):
    for node in nodes:
        yield node
        yield from _walk(node.children)
