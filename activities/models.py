"""The plan of activities: activities and sub-activities, their statuses, the people who handle them.

Statuses, districts and people are rows per agreement, not code: another municipality names its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from agreements.history import HistoricalRecords
from agreements.limits import SHORT_TEXT, TEXT, limited_text
from agreements.models import Agreement, GoalArea, Membership, TimeHorizon


class StaleVersionError(Exception):
    """Someone else saved the activity after this edit began. Carries the activity as it is now."""

    def __init__(self, current: Activity):
        super().__init__("stale version")
        self.current = current


# "#rrggbb" only: the colour goes into the plan pages' CSS and the Excel export's fills, which take nothing else.
HEX_COLOUR = r"^#[0-9a-fA-F]{6}\Z"
validate_hex_colour = RegexValidator(
    HEX_COLOUR, _("Write the colour as # and six hexadecimal digits, e.g. #fff2b3."), code="colour"
)


class Status(models.Model):
    """A status as an agreement words it. `kind` is what the portal's logic understands of it."""

    class Kind(models.TextChoices):
        INITIATED = "initiated", _("Initiated")
        ONGOING = "ongoing", _("Ongoing")
        FINISHED = "finished", _("Finished")
        DROPPED = "dropped", _("Dropped")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="statuses"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#e3e3e3",
        validators=[validate_hex_colour],
        help_text=_("Hex colour, e.g. #fff2b3."),
    )
    symbol = models.CharField(
        _("symbol"), max_length=4, default="●", help_text=_("Shown with the name, so colour is never the only sign.")
    )
    is_default = models.BooleanField(_("default for new activities"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("status")
        verbose_name_plural = _("statuses")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "name"], name="unique_status_name"),
            models.UniqueConstraint(
                fields=["agreement"], condition=models.Q(is_default=True), name="one_default_status"
            ),
            # The database holds the rule too: the admin, the shell and imports cannot store another colour.
            models.CheckConstraint(condition=models.Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="status_colour_hex"),
        ]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A *stadsdel* the agreement works in (Bäckby, Råby, …)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="districts"
    )
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [models.UniqueConstraint(fields=["agreement", "name"], name="unique_district_name")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone named in the plan. Not everyone has a login; `user` links those who do."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "name"], name="unique_person_name"),
            models.UniqueConstraint(fields=["agreement", "user"], name="one_person_per_user_and_agreement"),
        ]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The person's full name once linked to a login (the same person never under two spellings), else the
        name as the plan wrote it."""
        return shown_person_name(self.name, self.user.get_full_name() if self.user_id else "")

    def clean(self) -> None:
        # A login linked here finds the activities as "My activities": it must belong to the agreement.
        members = Membership.objects.filter(agreement_id=self.agreement_id)
        if self.user_id and not members.filter(user_id=self.user_id).exists():
            raise ValidationError({"user": _("The login is not a member of this agreement.")}, code="not_member")


def shown_person_name(name: str, full_name: str) -> str:
    """`Person.shown_name` from plain values (the plan pages read rows, not instances)."""
    return full_name.strip() or name


class Level(models.TextChoices):
    """The three levels that handle an activity (*hanterar frågan*)."""

    STRATEGIC = "strategic", _("Strategic group")
    OPERATIVE = "operative", _("Operative group")
    WORKING_GROUP = "working_group", _("Working group")


class ActivityQuerySet(models.QuerySet):
    def handled_by(self, user) -> ActivityQuerySet:
        """Activities where `user` is named at any level."""
        return self.filter(responsibilities__person__user=user).distinct()

    def filtered(self, filters: Mapping[str, Any] | None) -> ActivityQuerySet:
        """Narrow by the plan filters (status, prioritised, time horizon, district, person); empty ones are ignored.

        District and person also match through sub-activities: an activity is worked on where its parts are.
        """
        filters = filters or {}
        queryset = self
        if filters.get("status"):
            queryset = queryset.filter(status=filters["status"])
        if filters.get("prioritised") in (True, False):
            queryset = queryset.filter(is_prioritised=filters["prioritised"])
        if filters.get("time_horizon"):
            queryset = queryset.filter(time_horizon=filters["time_horizon"])
        if filters.get("district"):
            district = filters["district"]
            queryset = queryset.filter(
                models.Q(districts=district) | models.Q(sub_activities__districts=district)
            ).distinct()
        if filters.get("person"):
            person = filters["person"]
            queryset = queryset.filter(
                models.Q(responsibilities__person=person) | models.Q(sub_activities__responsibilities__person=person)
            ).distinct()
        return queryset

    def with_plan_details(self) -> ActivityQuerySet:
        """What the activity page shows of an activity and its sub-activities, in a fixed number of queries.

        (The plan pages, which show hundreds, read plain rows instead: activities.plan.plan_activities.)
        """
        subs = Activity.objects.select_related("status").prefetch_related("goal_areas")
        return self.select_related("agreement", "status", "time_horizon", "parent").prefetch_related(
            "goal_areas",
            models.Prefetch("sub_activities", queryset=subs),
            models.Prefetch("responsibilities", queryset=Responsibility.objects.select_related("person__user")),
        )

    def for_matrix(self, agreement: Agreement, filters: Mapping[str, Any] | None = None) -> ActivityQuerySet:
        """The agreement's activities (sub-activities ride along under their parent) for the goal-area matrix."""
        return self.filter(agreement=agreement, parent=None).filtered(filters)

    def for_board(self, agreement: Agreement, filters: Mapping[str, Any] | None = None) -> ActivityQuerySet:
        """Every activity of the agreement, sub-activities included: each has a status of its own to change."""
        return self.filter(agreement=agreement).filtered(filters)

    def for_user(self, user) -> ActivityQuerySet:
        """The activities `user` handles, across all their agreements, agreement by agreement."""
        return self.handled_by(user).order_by("agreement__title", "agreement_id", "position", "pk")


class Activity(models.Model):
    """One row of the plan (or a sub-activity, *delaktivitet*, under its parent), every column kept."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="activities"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sub_activities",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=300)
    is_prioritised = models.BooleanField(_("prioritised"), default=False)
    goal_areas = models.ManyToManyField(GoalArea, verbose_name=_("goal areas"), blank=True, related_name="activities")
    # RESTRICT, not PROTECT: a status in use cannot be deleted on its own, but deleting the whole agreement
    # (which takes its statuses and activities with it) must still work.
    status = models.ForeignKey(Status, verbose_name=_("status"), on_delete=models.RESTRICT, related_name="activities")
    time_horizon = models.ForeignKey(
        TimeHorizon, verbose_name=_("time horizon"), null=True, blank=True, on_delete=models.SET_NULL
    )
    background = limited_text(_("background (situation picture)"), limit=TEXT, blank=True)
    objectives = limited_text(_("objectives, assignment"), limit=TEXT, blank=True)
    method = limited_text(_("method, special instructions"), limit=TEXT, blank=True)
    follow_up_measures = limited_text(_("follow-up (measurable effects)"), limit=TEXT, blank=True)
    working_group = limited_text(_("working group and partners"), limit=TEXT, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    starts_text = models.CharField(_("starts (as written)"), max_length=200, blank=True)
    follow_up_on = models.DateField(_("follow-up"), null=True, blank=True)
    follow_up_text = models.CharField(_("follow-up (as written)"), max_length=200, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    ends_text = models.CharField(_("ends (as written)"), max_length=200, blank=True)
    resource_reinforcement = models.BooleanField(_("resource reinforcement requested"), default=False)
    handled_by_text = limited_text(_("handled by (as written)"), limit=SHORT_TEXT, blank=True)
    districts = models.ManyToManyField(District, verbose_name=_("districts"), blank=True, related_name="activities")
    open_questions = limited_text(_("open questions"), limit=TEXT, blank=True)
    dropped_reason = limited_text(_("reason for dropping"), limit=SHORT_TEXT, blank=True)
    public_description = limited_text(
        _("public description"), limit=TEXT, blank=True, help_text=_("Shown on the public page. No personal names.")
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over_to",
    )
    # Optimistic locking: every save bumps it; a save based on an older number is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[goal_areas, districts])

    # The five describing columns of the officials' sheet (import, export, the demo's check for names).
    DESCRIPTION_FIELDS = ("background", "objectives", "method", "follow_up_measures", "working_group")
    # The plan's own words and dates: what an official edits and what carries over to a successor as it is.
    # (Goal areas, statuses, districts and people belong to one agreement and are mapped, not copied.)
    TEXT_FIELDS = (
        *DESCRIPTION_FIELDS,
        "starts_on",
        "starts_text",
        "follow_up_on",
        "follow_up_text",
        "ends_on",
        "ends_text",
        "resource_reinforcement",
        "handled_by_text",
        "open_questions",
        "dropped_reason",
        "public_description",
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            # Carry-over twice (two tabs, a double click) must not copy an activity twice into one agreement.
            models.UniqueConstraint(
                fields=["agreement", "carried_over_from"],
                condition=models.Q(carried_over_from__isnull=False),
                name="carried_over_once_per_agreement",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    def clean(self) -> None:
        if self.parent_id and self.parent.agreement_id != self.agreement_id:
            raise ValidationError({"parent": _("A sub-activity belongs to the same agreement as its activity.")})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("A sub-activity cannot have sub-activities of its own.")})
        if self.status_id and self.status.agreement_id != self.agreement_id:
            raise ValidationError({"status": _("Pick a status of this agreement.")})

    @classmethod
    @transaction.atomic
    def add_to_plan(cls, agreement: Agreement, *, name: str, goal_areas, by) -> Activity:
        """A new activity at the end of `agreement`'s plan, in its default status, its creation in the history."""
        status = Status.objects.filter(agreement=agreement).order_by("-is_default", "order", "pk").first()
        if status is None:
            raise ValidationError(_("The agreement has no statuses yet, so no activity can be added."))
        if any(area.agreement_id != agreement.pk for area in goal_areas):
            raise ValidationError({"goal_areas": _("Pick goal areas of this agreement.")})
        last = cls.objects.filter(agreement=agreement, parent=None).aggregate(last=models.Max("position"))["last"]
        activity = cls(agreement=agreement, name=name.strip(), status=status, position=(last or 0) + 1)
        activity._history_user = by
        activity.full_clean()
        activity.save()
        activity.goal_areas.set(goal_areas)
        return activity

    @transaction.atomic
    def save_if_current(self, expected_version: int) -> Activity:
        """Save unless someone else saved since `expected_version` was read, else raise StaleVersionError.

        Returns the row as it was before this save. The row lock makes concurrent savers queue up, so of two
        edits based on the same version exactly one wins.
        """
        current = Activity.objects.select_for_update().get(pk=self.pk)
        if current.version != expected_version:
            raise StaleVersionError(current)
        self.version = current.version + 1
        self.save()
        return current

    @transaction.atomic
    def set_status(
        self,
        new: Status,
        *,
        by,
        comment: str,
        expected_version: int | None = None,
        effective_on: datetime.date | None = None,
    ) -> StatusChange:
        """Change the status, recording who, when, from, to and why. Refuses a stale edit.

        `effective_on` is the day the change took effect (today unless said): an official may record on
        Monday what changed on Friday. Never a day after today.
        """
        if new.agreement_id != self.agreement_id:
            raise ValidationError(_("Pick a status of this agreement."))
        effective_on = effective_on or timezone.localdate()
        StatusChange.check_effective_on(effective_on, timezone.now())
        # Changes apply in the order they took effect; one dated before the last would rewrite what followed.
        latest = self.latest_effective_on()
        if latest and effective_on < latest:
            raise ValidationError(
                {"effective_on": StatusChange.before_previous_message(latest)}, code="before_previous"
            )
        self.status = new
        # The history row names who did it even outside a request (scripts, tests, the threaded proof).
        self._history_user = by
        before = self.save_if_current(self.version if expected_version is None else expected_version)
        return StatusChange.objects.create(
            activity=self,
            from_status_id=before.status_id,
            to_status=new,
            comment=comment,
            changed_by=by,
            effective_on=effective_on,
        )

    def latest_effective_on(self) -> datetime.date | None:
        """The day the activity's last recorded status change took effect."""
        return self.status_changes.aggregate(latest=models.Max("effective_on"))["latest"]


class Responsibility(models.Model):
    """A person handling an activity at one level."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "level", "person__name"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person", "level"], name="unique_responsibility"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_level_display()})"


class StatusChange(models.Model):
    """One status change with its comment: the follow-up record officials write."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.ForeignKey(
        Status, verbose_name=_("from status"), null=True, on_delete=models.RESTRICT, related_name="+"
    )
    to_status = models.ForeignKey(Status, verbose_name=_("to status"), on_delete=models.RESTRICT, related_name="+")
    comment = limited_text(_("comment"), limit=TEXT)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When it was recorded (the clock) and when it took effect (what the official says): a quarter's state
    # is read by the second, so a change recorded on Monday about Friday counts in Friday's quarter.
    changed_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)
    # Left empty, the day it was recorded (today, for a change recorded now).
    effective_on = models.DateField(_("took effect on"), db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.activity}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs) -> None:
        # Every path (set_status, admin, shell, import) keeps the rule, not only the form. Read as the
        # database will store them: a shell may pass "2024-09-15".
        self.changed_at = self._meta.get_field("changed_at").to_python(self.changed_at)
        if self.effective_on is None:
            self.effective_on = timezone.localdate(self.changed_at)
        self.effective_on = self._meta.get_field("effective_on").to_python(self.effective_on)
        self.check_effective_on(self.effective_on, self.changed_at)
        super().save(*args, **kwargs)

    @staticmethod
    def check_effective_on(effective_on: datetime.date, recorded_at: datetime.datetime) -> None:
        """A change cannot take effect after the day it is recorded (Europe/Stockholm)."""
        if effective_on > timezone.localdate(recorded_at):
            raise ValidationError(
                {"effective_on": _("A change cannot take effect after the day it is recorded.")}, code="future"
            )

    @property
    def recorded_later(self) -> bool:
        """Recorded on a later day than it took effect (the activity page then says both)."""
        return self.effective_on != timezone.localdate(self.changed_at)

    @staticmethod
    def before_previous_message(latest: datetime.date) -> str:
        return _("The previous status change took effect on %(date)s; this one cannot take effect before it.") % {
            "date": formats.date_format(latest, "SHORT_DATE_FORMAT")
        }


class ImportChangeSet(models.Model):
    """A previewed spreadsheet import, kept server-side until it is confirmed.

    `content` holds what the file says (read once, at the preview) and the change set the preview showed, with
    the version of every activity it was based on; the confirm applies exactly that or refuses. The row lock on
    it makes a second confirm of the same preview (double click, second tab) wait and then find it applied.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="import_change_sets")
    token = models.CharField(max_length=64, unique=True)
    file_name = models.CharField(max_length=255, blank=True)
    content = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import change set")
        verbose_name_plural = _("import change sets")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.file_name}"
