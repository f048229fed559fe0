"""Late follow-ups: what should have been reported by a day and was not.

Two kinds: an indicator value that is due by the indicator's cadence and missing, and an activity whose
follow-up date has passed with no status entry since. The dashboard and the agenda draft list them; both ask
for one agreement and one day, in a fixed number of queries however many indicators and activities it has.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, Status
from agreements.models import Agreement

from .models import Indicator, IndicatorValue
from .periods import Period


@dataclass(frozen=True)
class LateFollowUp:
    class Kind:
        VALUE = "value"
        STATUS = "status"

    kind: str
    activity: Activity | None  # None for an indicator of a goal area
    indicator: Indicator | None  # None for a follow-up date
    due_on: datetime.date
    reason: str
    period: Period | None = None

    @property
    def what(self) -> str:
        """The indicator's or the activity's name, whichever is late."""
        return str(self.indicator or self.activity)


def late_followups(agreement: Agreement, on: datetime.date) -> list[LateFollowUp]:
    """Everything of `agreement` late on `on`, oldest first. Three queries."""
    rows = _missing_values(agreement, on) + _passed_follow_up_dates(agreement, on)
    return sorted(rows, key=lambda row: (row.due_on, row.what))


def _missing_values(agreement: Agreement, on: datetime.date) -> list[LateFollowUp]:
    indicators = Indicator.objects.filter(agreement=agreement, measured_from__lte=on).select_related(
        "activity", "goal_area"
    )
    # A period counts as reported when any value is in for it (a total, or one district or sex).
    entered = set(
        IndicatorValue.objects.filter(indicator__agreement=agreement).values_list("indicator_id", "period_start")
    )
    rows = []
    for indicator in indicators:
        indicator.agreement = agreement
        lag = datetime.timedelta(days=indicator.reporting_lag_days)
        for period in indicator.periods_due(on):
            if (indicator.pk, period.start) in entered:
                continue
            due_on = period.end + lag
            rows.append(
                LateFollowUp(
                    kind=LateFollowUp.Kind.VALUE,
                    activity=indicator.activity,
                    indicator=indicator,
                    due_on=due_on,
                    period=period,
                    reason=_("No value for %(period)s (due %(due)s).") % {"period": period, "due": due_on.isoformat()},
                )
            )
    return rows


def _passed_follow_up_dates(agreement: Agreement, on: datetime.date) -> list[LateFollowUp]:
    # Finished and dropped activities have nothing left to follow up.
    activities = (
        Activity.objects.filter(agreement=agreement, follow_up_on__lt=on)
        .exclude(status__kind__in=[Status.Kind.FINISHED, Status.Kind.DROPPED])
        .annotate(last_entry=Max("status_changes__changed_at"))
    )
    rows = []
    for activity in activities:
        if activity.last_entry is not None and timezone.localdate(activity.last_entry) >= activity.follow_up_on:
            continue
        rows.append(
            LateFollowUp(
                kind=LateFollowUp.Kind.STATUS,
                activity=activity,
                indicator=None,
                due_on=activity.follow_up_on,
                reason=_("The follow-up date %(due)s has passed with no status entry since.")
                % {"due": activity.follow_up_on.isoformat()},
            )
        )
    return rows
