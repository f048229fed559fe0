"""The dashboard's follow-up: the agreement's indicators against baseline and target over time, and what is due
in its annual cycle, as they stood at the quarter's end.

A past quarter is rebuilt from what the models record with dates:

- indicators (name, baseline, target, direction, cadence) from their history rows recorded before the end;
- their values for the whole (no district, no sex) from the values' history rows recorded before the end (a
  value revised later counts as it was then), for the periods that had ended by the quarter's last day;
- the annual cycle by `followup.cycle.cycle_rows` on the quarter's last day. Whether a step is done is as
  recorded when the figures are made (the portal does not date the situation picture's or the promises'
  arrival): the page's note says so.

Six queries for any number of indicators, values and cycle steps.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from activities.plan import link_maker
from agreements.models import Agreement, Role
from followup.cycle import CycleRow, cycle_rows
from followup.models import Indicator, IndicatorValue
from followup.periods import Cadence, Period

from .charts import sparkline
from .quarters import Quarter

IndicatorHistory = Indicator.history.model
ValueHistory = IndicatorValue.history.model


def plain(number: Decimal | None) -> str | None:
    """A decimal as JSON can keep it exactly: "42", "12.5" (never "4.2E+1")."""
    return None if number is None else format(number.normalize(), "f")


def indicator_data(agreement: Agreement, quarter: Quarter, now: datetime.datetime) -> list[dict]:
    """Each indicator that existed at the quarter's end, with its values known then. Two queries."""
    end = min(quarter.ends_at, now)
    as_of = min(quarter.last_day, timezone.localdate(now))
    rows = (
        IndicatorHistory.objects.filter(agreement_id=agreement.pk, history_date__lt=end)
        .order_by("history_date", "history_id")
        .values_list(
            "id",
            "history_type",
            "name",
            "unit",
            "direction",
            "baseline",
            "target",
            "cadence",
            "activity__name",
            "goal_area__code",
            "goal_area__title",
        )
    )
    then = {row[0]: row for row in rows}  # each indicator as its last row before the end recorded it
    then = {pk: row for pk, row in then.items() if row[1] != "-"}
    values: dict[int, dict[datetime.date, tuple[int, str, Decimal]]] = {pk: {} for pk in then}
    value_rows = (
        ValueHistory.objects.filter(indicator_id__in=list(then), district_id__isnull=True, sex="", history_date__lt=end)
        .order_by("history_date", "history_id")
        .values_list("id", "history_type", "indicator_id", "period_start", "value")
    )
    last = {row[0]: row for row in value_rows}
    for _pk, kind, indicator_id, start, value in last.values():
        cadence = Cadence(then[indicator_id][7])
        if kind != "-" and Period(start, cadence).end <= as_of:
            values[indicator_id][start] = value
    url = link_maker("followup:indicator")
    entries = []
    for pk, (_id, _kind, name, unit, direction, baseline, target, cadence, activity, code, title) in then.items():
        series = sorted(values[pk].items())
        entries.append(
            {
                "name": name,
                "url": url(pk),
                "of": activity if activity is not None else f"{code}. {title}",
                "goal_area": code is not None,
                "unit": unit,
                "direction": direction,
                "baseline": plain(baseline),
                "target": plain(target),
                "values": [{"period": Period(start, Cadence(cadence)).label, "value": plain(v)} for start, v in series],
                "right_way": right_way(direction, baseline, [v for _start, v in series]),
            }
        )
    # Goal areas' indicators first, by goal area; then the activities', by activity.
    entries.sort(key=lambda e: (not e["goal_area"], e["of"], e["name"]))
    return entries


def right_way(direction: str, baseline: Decimal | None, series: list[Decimal]) -> bool | None:
    """Whether the latest value moved the way the indicator wants, from the value before it (the only value:
    from the baseline). None with nothing to compare with, or no change."""
    if not series:
        return None
    before = series[-2] if len(series) > 1 else baseline
    if before is None:
        return None
    return Indicator(direction=direction).is_improvement(before, series[-1])


def cycle_data(agreement: Agreement, quarter: Quarter, now: datetime.datetime) -> list[dict]:
    """The annual cycle's steps late or due on the quarter's last day, and those dated in it or in the next
    quarter whatever their state. Four queries."""
    as_of = min(quarter.last_day, timezone.localdate(now))
    shown = {CycleRow.State.LATE, CycleRow.State.DUE}
    return [
        {
            "name": row.step.name,
            "kind": row.step.kind,
            "role": row.step.responsible_role,
            "due_on": row.due_on.isoformat(),
            "state": row.state,
            "next_quarter": quarter.next.first_day <= row.due_on,
        }
        for row in cycle_rows(agreement, as_of)
        if row.state in shown or quarter.first_day <= row.due_on <= quarter.next.last_day
    ]


# Indicators beyond this many are listed with their summary only: a page of small charts stays readable.
CHART_LIMIT = 20


def present_indicators(entries: list[dict] | None, slug: str, *, for_print: bool = False) -> dict | None:
    """What the templates read of the indicators; None for a report approved before the dashboard had them."""
    if entries is None:
        return None

    def number(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    shown = []
    for n, entry in enumerate(entries):
        values = [{"period": v["period"], "value": Decimal(v["value"])} for v in entry["values"]]
        baseline, target = number(entry["baseline"]), number(entry["target"])
        chart = None
        if n < CHART_LIMIT and (values or baseline is not None or target is not None):
            chart = sparkline(
                f"spark-{slug}-{n}",
                _("%(name)s over time") % {"name": entry["name"]},
                [float(v["value"]) for v in values],
                baseline=None if baseline is None else float(baseline),
                target=None if target is None else float(target),
                for_print=for_print,
            )
        shown.append(
            entry
            | {
                "values": values,
                "latest": values[-1] if values else None,
                "baseline": baseline,
                "target": target,
                "chart": chart,
                "charted": n < CHART_LIMIT,
            }
        )
    return {"entries": shown, "chart_limit": CHART_LIMIT, "beyond_limit": max(0, len(entries) - CHART_LIMIT)}


def present_cycle(rows: list[dict] | None) -> list[dict] | None:
    """What the templates read of the annual cycle; None for a report approved before the dashboard had it."""
    if rows is None:
        return None
    roles = dict(Role.choices)
    return [
        row | {"due_on": datetime.date.fromisoformat(row["due_on"]), "role_label": roles.get(row["role"], "")}
        for row in rows
    ]
