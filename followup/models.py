"""The follow-up chain: situation picture → problems → causes → activities → indicators → values → evaluations.

Also the citizen promises (*medborgarlöften*) and the agreement's annual cycle. Scales, cycle dates, sources
and everything else an agreement words its own way are rows per agreement, not code.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, District
from agreements.history import HistoricalRecords
from agreements.limits import LONG_TEXT, TEXT, limited_text
from agreements.models import Agreement, Amendment, GoalArea, Party, Role

from .periods import Cadence, Period, add_months, period_containing


class SituationPicture(models.Model):
    """The joint situation picture (*gemensam lägesbild*) of one year."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="situation_pictures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    prepared_on = models.DateField(_("date"), null=True, blank=True, help_text=_("When it was ready."))
    text = limited_text(_("text"), limit=LONG_TEXT, blank=True)
    appendix = models.ForeignKey(
        Amendment,
        verbose_name=_("appendix of the agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("situation picture")
        verbose_name_plural = _("situation pictures")
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="one_situation_picture_a_year")]

    def __str__(self) -> str:
        return _("Situation picture %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("followup:situation_picture", args=[self.pk])

    def clean(self) -> None:
        if self.appendix_id and self.appendix.agreement_id != self.agreement_id:
            raise ValidationError({"appendix": _("Pick an appendix of this agreement.")})


class Source(models.Model):
    """What a situation picture rests on: the police's statistics, a survey, staff or citizen dialogues."""

    class Kind(models.TextChoices):
        STATISTICS = "statistics", _("Statistics")
        SURVEY = "survey", _("Survey")
        DIALOGUE = "dialogue", _("Dialogue")
        OTHER = "other", _("Other")

    situation_picture = models.ForeignKey(
        SituationPicture, verbose_name=_("situation picture"), on_delete=models.CASCADE, related_name="sources"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name


class Problem(models.Model):
    """A problem the situation picture identifies, prioritised (1 first), with the districts it concerns."""

    situation_picture = models.ForeignKey(
        SituationPicture, verbose_name=_("situation picture"), on_delete=models.CASCADE, related_name="problems"
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=1, help_text=_("1 is the highest."))
    title = models.CharField(_("title"), max_length=300)
    description = limited_text(_("description"), limit=TEXT, blank=True)
    districts = models.ManyToManyField(District, verbose_name=_("districts"), blank=True, related_name="problems")
    activities = models.ManyToManyField(
        Activity,
        verbose_name=_("activities"),
        blank=True,
        related_name="problems",
        help_text=_("What is done about it."),
    )
    history = HistoricalRecords(m2m_fields=[districts, activities])

    class Meta:
        ordering = ["situation_picture", "priority", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:problem", args=[self.pk])


class Cause(models.Model):
    """A root cause of a problem (*orsaksanalys*). A cause may have causes of its own (`parent`)."""

    problem = models.ForeignKey(Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="causes")
    parent = models.ForeignKey(
        "self", verbose_name=_("cause of"), null=True, blank=True, on_delete=models.CASCADE, related_name="causes"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("cause"), max_length=500)
    activities = models.ManyToManyField(
        Activity, verbose_name=_("activities"), blank=True, related_name="causes", help_text=_("What addresses it.")
    )
    history = HistoricalRecords(m2m_fields=[activities])

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("cause")
        verbose_name_plural = _("causes")

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.problem_id != self.problem_id:
            raise ValidationError({"parent": _("A cause's cause belongs to the same problem.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A cause cannot be a cause of itself.")})
            ancestor = ancestor.parent


class Indicator(models.Model):
    """What shows whether an activity (or a goal area) works: measured per period, with baseline and target."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="indicators"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    goal_area = models.ForeignKey(
        GoalArea,
        verbose_name=_("goal area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("e.g. antal, %, st."))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=50, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_period = models.CharField(_("target period"), max_length=50, blank=True)
    by_district = models.BooleanField(_("broken down by district"), default=False)
    by_sex = models.BooleanField(_("broken down by sex"), default=False, help_text=_("Where the source gives it."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    cadence = models.CharField(_("measured"), max_length=20, choices=Cadence.choices, default=Cadence.YEARLY)
    measured_from = models.DateField(
        _("measured from"),
        null=True,
        blank=True,
        help_text=_("Values are due for every period from this date on. Empty: none are due yet."),
    )
    reporting_lag_days = models.PositiveSmallIntegerField(
        _("days to report"), default=30, help_text=_("How many days after a period ends its value is due.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        help_text=_("Enters the values."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "name", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False, goal_area__isnull=True)
                | Q(activity__isnull=True, goal_area__isnull=False),
                name="indicator_of_activity_or_goal_area",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("followup:indicator", args=[self.pk])

    def clean(self) -> None:
        if bool(self.activity_id) == bool(self.goal_area_id):
            raise ValidationError(_("An indicator belongs to an activity or to a goal area (one of them)."))
        if self.activity_id and self.activity.agreement_id != self.agreement_id:
            raise ValidationError({"activity": _("Pick an activity of this agreement.")})
        if self.goal_area_id and self.goal_area.agreement_id != self.agreement_id:
            raise ValidationError({"goal_area": _("Pick a goal area of this agreement.")})

    def periods_due(self, on: datetime.date) -> list[Period]:
        """The periods whose value should be in by `on`: from `measured_from`, each ended `reporting_lag_days`
        before, and not past the agreement's end."""
        if self.measured_from is None:
            return []
        lag = datetime.timedelta(days=self.reporting_lag_days)
        until = self.agreement.valid_until
        periods, period = [], period_containing(self.measured_from, self.cadence)
        while period.end + lag < on and (until is None or period.start <= until):
            periods.append(period)
            period = period.next()
        return periods

    def progress(self, value: Decimal | None) -> Decimal | None:
        """How far `value` has come from the baseline towards the target, as a share (1 = reached).

        Direction-aware: for a lower-is-better indicator a falling value is progress. None when there is no
        value, baseline or target to compare with, or the target is the baseline.
        """
        if value is None or self.baseline is None or self.target is None or self.target == self.baseline:
            return None
        return (Decimal(value) - self.baseline) / (self.target - self.baseline)

    def is_improvement(self, before: Decimal, after: Decimal) -> bool | None:
        """Whether going from `before` to `after` is better (None: no change)."""
        if before == after:
            return None
        return (after > before) == (self.direction == self.Direction.HIGHER)

    @transaction.atomic
    def record_value(
        self,
        *,
        period: Period,
        value: Decimal,
        by,
        is_final: bool = False,
        district: District | None = None,
        sex: str = "",
    ) -> IndicatorValue:
        """Enter (or revise) the value for `period`. A revision keeps the earlier value in the history."""
        if period.cadence != self.cadence:
            raise ValidationError(_("The period does not match how often the indicator is measured."))
        if district is not None and (not self.by_district or district.agreement_id != self.agreement_id):
            raise ValidationError(_("Pick a district of this agreement (for an indicator broken down by district)."))
        if sex and not self.by_sex:
            raise ValidationError(_("This indicator is not broken down by sex."))
        existing = (
            # The default ordering joins the (nullable) district, which PostgreSQL cannot lock: lock by key alone.
            IndicatorValue.objects.select_for_update(of=("self",))
            .filter(indicator=self, period_start=period.start, district=district, sex=sex)
            .order_by("pk")
            .first()
        )
        entry = existing or IndicatorValue(indicator=self, period_start=period.start, district=district, sex=sex)
        entry.value = value
        entry.is_final = is_final
        entry.entered_by = by
        entry.entered_at = timezone.now()
        entry._history_user = by
        entry.full_clean()
        entry.save()
        return entry


class Sex(models.TextChoices):
    FEMALE = "female", _("Women and girls")
    MALE = "male", _("Men and boys")


class IndicatorValue(models.Model):
    """The value of an indicator for one period (and district, sex), as last entered. Earlier ones: history."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    period_start = models.DateField(_("period"), help_text=_("First day of the period the value is for."))
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    is_final = models.BooleanField(
        _("final"), default=False, help_text=_("Preliminary until the source's final figure.")
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start", "district__name", "sex"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        # NULL districts are distinct in SQL, so the total (no district) gets a constraint of its own.
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "district", "sex"],
                condition=Q(district__isnull=False),
                name="one_value_per_period_district_sex",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "sex"],
                condition=Q(district__isnull=True),
                name="one_total_value_per_period_sex",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.period} = {self.value}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, Cadence(self.indicator.cadence))

    def clean(self) -> None:
        start = self.period_start
        if start and self.indicator_id and period_containing(start, self.indicator.cadence).start != start:
            raise ValidationError({"period_start": _("The period must start where a period of the indicator starts.")})


class Judgement(models.Model):
    """One step of the agreement's evaluation scale (e.g. "Uppnått"), ordered best first."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="judgements"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("evaluation scale step")
        verbose_name_plural = _("evaluation scale")
        constraints = [models.UniqueConstraint(fields=["agreement", "name"], name="unique_judgement_name")]

    def __str__(self) -> str:
        return self.name


class CitizenPromise(models.Model):
    """A *medborgarlöfte*: a promise made to the public for a half-year (April–September or October–March)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="citizen_promises"
    )
    text = limited_text(_("text as published"), limit=TEXT)
    starts_on = models.DateField(_("half-year starts"), help_text=_("1 April or 1 October."))
    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), null=True, blank=True, on_delete=models.SET_NULL, related_name="promises"
    )
    activities = models.ManyToManyField(Activity, verbose_name=_("activities"), blank=True, related_name="promises")
    parties = models.ManyToManyField(Party, verbose_name=_("responsible parties"), blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[activities, parties])

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("citizen promise")
        verbose_name_plural = _("citizen promises")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__day=1) & (Q(starts_on__month=4) | Q(starts_on__month=10)),
                name="citizen_promise_runs_a_half_year",
            )
        ]

    def __str__(self) -> str:
        return Truncator(self.text).chars(80)

    @property
    def ends_on(self) -> datetime.date:
        return add_months(self.starts_on, 6) - datetime.timedelta(days=1)

    @property
    def half_year(self) -> str:
        if self.starts_on.month == 4:
            return _("April–September %(year)s") % {"year": self.starts_on.year}
        return _("October %(year)s–March %(next)s") % {"year": self.starts_on.year, "next": self.starts_on.year + 1}

    def has_ended(self, on: datetime.date) -> bool:
        return self.ends_on < on

    def clean(self) -> None:
        if self.starts_on and not (self.starts_on.day == 1 and self.starts_on.month in (4, 10)):
            raise ValidationError({"starts_on": _("A citizen promise runs April–September or October–March.")})
        if self.problem_id and self.problem.situation_picture.agreement_id != self.agreement_id:
            raise ValidationError({"problem": _("Pick a problem of this agreement.")})


class Evaluation(models.Model):
    """An evaluation of an activity or a citizen promise: of goal attainment or of process."""

    class Kind(models.TextChoices):
        GOAL_ATTAINMENT = "goal_attainment", _("Goal attainment")
        PROCESS = "process", _("Process")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="evaluations"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    promise = models.ForeignKey(
        CitizenPromise,
        verbose_name=_("citizen promise"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    judgement = models.ForeignKey(Judgement, verbose_name=_("judgement"), on_delete=models.PROTECT, related_name="+")
    text = limited_text(_("text"), limit=LONG_TEXT)
    evaluated_on = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-evaluated_on", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False, promise__isnull=True)
                | Q(activity__isnull=True, promise__isnull=False),
                name="evaluation_of_activity_or_promise",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.judgement}"

    def clean(self) -> None:
        if bool(self.activity_id) == bool(self.promise_id):
            raise ValidationError(_("An evaluation is of an activity or of a citizen promise (one of them)."))
        if self.judgement_id and self.judgement.agreement_id != self.agreement_id:
            raise ValidationError({"judgement": _("Pick a step of this agreement's scale.")})


class CycleStep(models.Model):
    """A date of the agreement's annual cycle (Västerås 2019: the process started by 1 June, …), every year."""

    class Kind(models.TextChoices):
        # How the portal knows it is done: a situation picture of the year, promises of the half-year, or a
        # person marking it done.
        SITUATION_PICTURE = "situation_picture", _("Situation picture ready")
        CITIZEN_PROMISES = "citizen_promises", _("Citizen promises for the half-year")
        OTHER = "other", _("Other (marked done)")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="cycle_steps"
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))
    notice_days = models.PositiveSmallIntegerField(
        _("shown as due days before"), default=60, help_text=_("How long before the date it shows as due.")
    )
    responsible_role = models.CharField(_("responsible"), max_length=20, choices=Role.choices, default=Role.OPERATIVE)
    responsible_party = models.ForeignKey(
        Party, verbose_name=_("responsible party"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "day", "pk"]
        verbose_name = _("annual cycle date")
        verbose_name_plural = _("annual cycle")
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12, day__gte=1, day__lte=31), name="cycle_date")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            datetime.date(2023, self.month or 0, self.day or 0)  # not a leap year: 29 February is refused
        except (TypeError, ValueError):
            raise ValidationError({"day": _("Not a date of the year.")}) from None

    def due_on(self, year: int) -> datetime.date:
        return datetime.date(year, self.month, self.day)


class CycleCompletion(models.Model):
    """A cycle step marked done for the year it fell due."""

    step = models.ForeignKey(CycleStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="completions")
    year = models.PositiveSmallIntegerField(_("year"))
    done_on = models.DateField(_("done on"), default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual cycle date done")
        verbose_name_plural = _("annual cycle dates done")
        constraints = [models.UniqueConstraint(fields=["step", "year"], name="one_completion_a_year")]

    def __str__(self) -> str:
        return f"{self.step} {self.year}"
