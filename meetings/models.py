"""Bodies (*organ*) of an agreement and their meetings: agenda, attendance, minutes and their approval.

Approved minutes are frozen like a signed agreement, by the same mechanism (`agreements.freezing.FrozenWhen`:
model, queryset, database trigger, many-to-many links and admin each refuse). Once every named adjuster
(*justerare*) has approved, the meeting, its agenda items, attendance, adjusters, documents, recusals and
decisions refuse every change with `FrozenMinutesError`. What comes later is a numbered correction
(*rättelse*) that says what changed and why, approved the same way. An item approved at the meeting
(*omedelbar justering*) is frozen on its own, with what hangs on it, as soon as every adjuster approved it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from activities.models import Activity
from agreements.freezing import FrozenError, FrozenWhen, FrozenWhenQuerySet
from agreements.history import HistoricalRecords
from agreements.limits import LONG_TEXT, TEXT, limited_text
from agreements.models import Agreement, GoalArea, Party

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Swedish practice: minutes are approved within 14 days of the meeting.
APPROVAL_DAYS = 14


MINUTES_FROZEN = _("The minutes are approved and frozen; record a change as a correction.")
# The marks that freeze what hangs on an agenda item: its own approval at the meeting, or the minutes'.
ITEM_FROZEN_WHEN = ("item__immediately_approved_at", "item__meeting__approved_at")


class FrozenMinutesError(FrozenError):
    """Raised when something tries to change approved minutes."""

    def __init__(self, message=None):
        super().__init__(message or MINUTES_FROZEN, code="frozen")


class PartOfMinutes(FrozenWhen):
    """What the minutes are made of: frozen (`FROZEN_WHEN`) once they, or the item it belongs to, are approved."""

    FROZEN_MESSAGE = MINUTES_FROZEN

    class Meta:
        abstract = True

    @classmethod
    def frozen_error(cls) -> FrozenMinutesError:
        return FrozenMinutesError(cls.FROZEN_MESSAGE)


class BodyKind(models.Model):
    """What kind of body, in the agreement's own word ("Strategisk ledning", "Styrgrupp", "Arbetsgrupp")."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic")
        OPERATIVE = "operative", _("Operative")
        WORKING_GROUP = "working_group", _("Working group")
        OTHER = "other", _("Other")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="body_kinds"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, help_text=_("The agreement's own word for this kind."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kind of body")
        verbose_name_plural = _("kinds of body")
        constraints = [models.UniqueConstraint(fields=["agreement", "name"], name="unique_body_kind_name")]

    def __str__(self) -> str:
        return self.name


class BodyQuerySet(models.QuerySet):
    def for_structure(self, agreement: Agreement) -> BodyQuerySet:
        """The agreement's bodies with what the structure page shows, in a fixed number of queries."""
        members = BodyMember.objects.select_related("party").order_by("order", "pk")
        return (
            self.filter(agreement=agreement)
            .select_related("kind", "reports_to")
            .prefetch_related(models.Prefetch("members", queryset=members), "activities")
        )


class Body(models.Model):
    """An *organ*: a strategic or operative leadership, a working group, a council."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="bodies"
    )
    kind = models.ForeignKey(BodyKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="bodies")
    name = models.CharField(_("name"), max_length=200)
    short_code = models.CharField(
        _("short code"),
        max_length=10,
        help_text=_("Used in decision numbers, e.g. SL for the strategic leadership."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    mandate = limited_text(_("mandate"), limit=LONG_TEXT, blank=True)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporting_bodies",
    )
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings per year"), null=True, blank=True, help_text=_("Leave empty for a body that meets as needed.")
    )
    cadence_is_minimum = models.BooleanField(
        _("at least"), default=False, help_text=_("The number is a minimum (e.g. at least twice a year).")
    )
    meets_as_needed = models.BooleanField(_("meets as needed"), default=False)
    convenors_text = models.CharField(
        _("convened by (as written)"), max_length=300, blank=True, help_text=_("E.g. 'ingående medlemmar'.")
    )
    is_standing = models.BooleanField(_("standing"), default=True)
    assignment = limited_text(
        _("assignment"), limit=TEXT, blank=True, help_text=_("For a time-limited body: its task.")
    )
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    activities = models.ManyToManyField(
        Activity, verbose_name=_("activities carried"), blank=True, related_name="bodies"
    )
    is_public = models.BooleanField(
        _("shown publicly"), default=True, help_text=_("Name and mandate on the public pages (never members).")
    )
    history = HistoricalRecords(m2m_fields=[activities])

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "order", "pk"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "short_code"], name="unique_body_short_code"),
            models.UniqueConstraint(fields=["agreement", "name"], name="unique_body_name"),
            models.CheckConstraint(condition=Q(is_standing=False) | Q(ends_on__isnull=True), name="standing_no_end"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:body", args=[self.pk])

    def clean(self) -> None:
        if self.kind_id and self.kind.agreement_id != self.agreement_id:
            raise ValidationError({"kind": _("Pick a kind of this agreement.")})
        if self.reports_to_id:
            if self.reports_to.agreement_id != self.agreement_id:
                raise ValidationError({"reports_to": _("A body reports to a body of the same agreement.")})
            body, seen = self.reports_to, {self.pk}
            while body is not None:
                if body.pk in seen:
                    raise ValidationError({"reports_to": _("A body cannot report to itself, even in a circle.")})
                seen.add(body.pk)
                body = body.reports_to
        if self.is_standing and self.ends_on:
            raise ValidationError({"ends_on": _("A standing body has no end date; make it time-limited.")})
        if self.cadence_is_minimum and not self.meetings_per_year:
            raise ValidationError({"cadence_is_minimum": _("Give the number of meetings the minimum is.")})

    @property
    def cadence_text(self) -> str:
        """ "4 gånger per år", "minst 2 gånger per år och vid behov", "vid behov", or "" when not given."""
        parts = []
        if self.meetings_per_year:
            times = ngettext("%(n)d time a year", "%(n)d times a year", self.meetings_per_year) % {
                "n": self.meetings_per_year
            }
            parts.append(_("at least %(times)s") % {"times": times} if self.cadence_is_minimum else times)
        if self.meets_as_needed:
            parts.append(str(_("as needed")))
        return str(_(" and ")).join(str(p) for p in parts)

    def members_on(self, day: datetime.date) -> list[BodyMember]:
        return [m for m in self.members.all() if m.is_member_on(day)]


class BodyMember(models.Model):
    """A seat in a body: by function ("lokalpolisområdeschef") and/or by person, with organisation and dates."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="members")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    function = models.CharField(_("function"), max_length=300, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="body_seats",
    )
    party = models.ForeignKey(
        Party, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    member_from = models.DateField(_("member from"), null=True, blank=True)
    member_until = models.DateField(_("member until"), null=True, blank=True)
    is_co_opted = models.BooleanField(_("co-opted"), default=False, help_text=_("Adjungerad: attends without a seat."))
    is_convenor = models.BooleanField(_("convenor"), default=False)
    is_secretary = models.BooleanField(_("secretary"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("member of a body")
        verbose_name_plural = _("members of bodies")
        constraints = [
            models.CheckConstraint(
                condition=~Q(function="") | ~Q(name="") | Q(user__isnull=False), name="member_has_function_or_name"
            ),
            models.CheckConstraint(
                condition=Q(member_until__isnull=True)
                | Q(member_from__isnull=True)
                | Q(member_until__gte=models.F("member_from")),
                name="member_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        person = self.name or (self.user and (self.user.get_full_name() or self.user.username)) or ""
        if person and self.function:
            return f"{person}, {self.function}"
        return person or self.function

    def clean(self) -> None:
        if not (self.function or self.name or self.user_id):
            raise ValidationError(_("Give the member's function, name or login."))
        if self.member_from and self.member_until and self.member_until < self.member_from:
            raise ValidationError({"member_until": _("The end date must not be before the start date.")})

    def is_member_on(self, day: datetime.date) -> bool:
        return (self.member_from is None or self.member_from <= day) and (
            self.member_until is None or day <= self.member_until
        )


class MeetingQuerySet(FrozenWhenQuerySet):
    def overdue_on(self, day: datetime.date) -> MeetingQuerySet:
        """Held meetings whose minutes were due for approval before `day` and are not approved yet."""
        return self.filter(state=Meeting.State.HELD, approved_at__isnull=True, approval_due_on__lt=day)

    def for_list(self) -> MeetingQuerySet:
        return self.select_related("body", "body__agreement").order_by("-starts_at", "pk")

    def public_minutes(self) -> MeetingQuerySet:
        """Approved minutes marked public, of public bodies of published agreements: what anyone may read."""
        return self.filter(
            approved_at__isnull=False, minutes_public=True, body__is_public=True, body__agreement__is_published=True
        )


class Meeting(PartOfMinutes):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    # What a calendar shows: a change to any of these bumps SEQUENCE and LAST-MODIFIED in the feeds.
    CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "link", "state", "body_id")
    FROZEN_WHEN = ("approved_at",)
    # What may still change once the minutes are approved.
    MUTABLE_WHEN_FROZEN = ("minutes_public",)

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("link to join"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PLANNED)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("secretary"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    adjusters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("adjusters"), blank=True, related_name="+", through="Adjuster"
    )
    approval_due_on = models.DateField(
        _("minutes to be approved by"), null=True, blank=True, help_text=_("Empty: 14 days after the meeting.")
    )
    minutes_public = models.BooleanField(
        _("minutes public"), default=False, help_text=_("Show the approved minutes on the public pages.")
    )
    approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True, editable=False)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True, editable=False)
    ical_uid = models.CharField(_("calendar UID"), max_length=100, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(_("calendar sequence number"), default=0, editable=False)
    calendar_changed_at = models.DateTimeField(_("calendar changed at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(state="held"), name="only_held_meetings_approved"
            ),
            models.CheckConstraint(
                condition=Q(minutes_public=False) | Q(approved_at__isnull=False), name="only_approved_minutes_public"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.local_start:%Y-%m-%d}" if self.starts_at else str(self.body)

    def save(self, *args, **kwargs) -> None:
        if not self.ical_uid:
            # Generated once and kept: calendars match updates to the event they already have by this UID.
            self.ical_uid = f"{uuid.uuid4()}@samverkan"
        if self.approval_due_on is None and self.starts_at:
            self.approval_due_on = self.date + datetime.timedelta(days=APPROVAL_DAYS)
        stored = None
        if self.pk:
            stored = Meeting.objects.filter(pk=self.pk).values().first()
        if stored is not None and any(stored[name] != getattr(self, name) for name in self.CALENDAR_FIELDS):
            self.ical_sequence = stored["ical_sequence"] + 1
            self.calendar_changed_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def local_start(self) -> datetime.datetime:
        return self.starts_at.astimezone(STOCKHOLM)

    @property
    def local_end(self) -> datetime.datetime:
        return self.ends_at.astimezone(STOCKHOLM)

    @property
    def date(self) -> datetime.date:
        return self.local_start.date()

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    def is_overdue_on(self, day: datetime.date) -> bool:
        return (
            self.state == self.State.HELD
            and not self.is_approved
            and self.approval_due_on is not None
            and self.approval_due_on < day
        )

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The meeting cannot end before it starts.")})
        if self.minutes_public and self.approved_at is None:
            raise ValidationError({"minutes_public": _("Only approved minutes can be made public.")})

    # --- state changes

    def cancel(self) -> None:
        if self.state == self.State.HELD:
            raise ValidationError(_("A meeting that was held cannot be cancelled."))
        self.state = self.State.CANCELLED
        self.save()

    def set_minutes_public(self, public: bool, *, by) -> None:
        """Show the approved minutes on the public pages, or stop showing them."""
        if public and not self.is_approved:
            raise ValidationError(_("Only approved minutes can be made public."))
        self.minutes_public = public
        self._history_user = by
        self.save()

    def mark_held(self) -> None:
        if self.state == self.State.CANCELLED:
            raise ValidationError(_("A cancelled meeting cannot be marked as held; plan a new one."))
        self.state = self.State.HELD
        self.save()

    def invite_members(self) -> int:
        """Add everyone who sits in the body on the meeting's day to the attendance as invited; returns how many."""
        listed = set(self.attendances.exclude(member=None).values_list("member_id", flat=True))
        invited = 0
        for member in self.body.members.all():
            if member.is_member_on(self.date) and member.pk not in listed:
                Attendance.objects.create(meeting=self, member=member)
                invited += 1
        return invited

    @transaction.atomic
    def approve(self, user, *, at: datetime.datetime | None = None) -> Approval:
        """`user` approves the minutes; the last adjuster's approval freezes them with their fingerprint."""
        meeting = Meeting.objects.select_for_update().get(pk=self.pk)
        if meeting.is_approved:
            raise FrozenMinutesError(_("The minutes are already approved."))
        if meeting.state != self.State.HELD:
            raise ValidationError(_("Only the minutes of a held meeting can be approved."))
        adjuster_ids = set(meeting.adjuster_rows.values_list("user_id", flat=True))
        if user.pk not in adjuster_ids:
            raise ValidationError(_("Only the meeting's named adjusters approve its minutes."))
        approval, created = Approval.objects.get_or_create(
            meeting=meeting, item=None, correction=None, user=user, defaults={"approved_at": at or timezone.now()}
        )
        if not created:
            raise ValidationError(_("You have already approved these minutes."))
        approved = set(
            Approval.objects.filter(meeting=meeting, item=None, correction=None).values_list("user_id", flat=True)
        )
        if adjuster_ids <= approved:
            meeting.fingerprint = minutes_fingerprint(meeting)
            meeting.approved_at = approval.approved_at
            meeting._history_user = user
            meeting.save()
            self.refresh_from_db()
        return approval

    @transaction.atomic
    def add_correction(self, *, item: AgendaItem | None, before: str, after: str, reason: str, by) -> Correction:
        """A numbered *rättelse* to approved minutes; approved by the same adjusters."""
        meeting = Meeting.objects.select_for_update().get(pk=self.pk)
        if not meeting.is_approved:
            raise ValidationError(_("Minutes not yet approved are edited directly; corrections come after approval."))
        if item is not None and item.meeting_id != self.pk:
            raise ValidationError(_("The item belongs to another meeting."))
        last = meeting.corrections.aggregate(last=models.Max("number"))["last"] or 0
        return Correction.objects.create(
            meeting=meeting, number=last + 1, item=item, before=before, after=after, reason=reason, created_by=by
        )


class Adjuster(PartOfMinutes):
    """A named adjuster (*justerare*) of one meeting's minutes."""

    FROZEN_WHEN = ("meeting__approved_at",)

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="adjuster_rows"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("adjuster"), on_delete=models.PROTECT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adjuster")
        verbose_name_plural = _("adjusters")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="unique_adjuster")]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class AgendaItem(PartOfMinutes):
    """A point of the agenda (*dagordning*) with its minutes, or a section heading between points."""

    FROZEN_WHEN = ("immediately_approved_at", "meeting__approved_at")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_section = models.BooleanField(_("section heading"), default=False)
    title = models.CharField(_("title"), max_length=300)
    description = limited_text(_("on the agenda"), limit=LONG_TEXT, blank=True, help_text=_("What the item is about."))
    decision_proposal = limited_text(_("proposed decision"), limit=LONG_TEXT, blank=True)
    minutes = limited_text(_("minutes"), limit=LONG_TEXT, blank=True)
    activities = models.ManyToManyField(Activity, verbose_name=_("activities"), blank=True, related_name="+")
    goal_areas = models.ManyToManyField(GoalArea, verbose_name=_("goal areas"), blank=True, related_name="+")
    immediately_approved_at = models.DateTimeField(_("approved at the meeting"), null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[activities, goal_areas])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.immediately_approved_at is not None or self.meeting.is_approved

    @transaction.atomic
    def approve_immediately(self, user, *, at: datetime.datetime | None = None) -> Approval:
        """*Omedelbar justering*: each adjuster approves this item at the meeting; the last one freezes it."""
        item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=self.pk)
        if item.is_frozen:
            raise FrozenMinutesError(_("The item is already approved."))
        adjuster_ids = set(item.meeting.adjuster_rows.values_list("user_id", flat=True))
        if user.pk not in adjuster_ids:
            raise ValidationError(_("Only the meeting's named adjusters approve its minutes."))
        approval, created = Approval.objects.get_or_create(
            meeting=item.meeting, item=item, correction=None, user=user, defaults={"approved_at": at or timezone.now()}
        )
        if not created:
            raise ValidationError(_("You have already approved this item."))
        if adjuster_ids <= set(item.approvals.values_list("user_id", flat=True)):
            item.immediately_approved_at = approval.approved_at
            item._history_user = user
            item.save()
            self.refresh_from_db()
        return approval


class AgendaDocument(PartOfMinutes):
    """A document attached to an agenda item. Served through a view that checks access, never from /media/."""

    FROZEN_WHEN = ITEM_FROZEN_WHEN

    item = models.ForeignKey(AgendaItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="meetings/documents/%Y/")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class Attendance(PartOfMinutes):
    """Who was invited to a meeting and whether they came, for the whole meeting or from/until an item."""

    FROZEN_WHEN = ("meeting__approved_at",)

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        BodyMember, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For someone who is not a member, e.g. a substitute.")
    )
    status = models.CharField(_("attendance"), max_length=20, choices=Status.choices, default=Status.INVITED)
    substitute_for = models.ForeignKey(
        BodyMember,
        verbose_name=_("substitute for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    arrived_at_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("arrived at item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: present from the start."),
    )
    left_after_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("left after item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: present to the end."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member"),
            models.CheckConstraint(condition=Q(member__isnull=False) | ~Q(name=""), name="attendance_has_person"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.display_name if self.member_id else self.name

    def clean(self) -> None:
        if not self.member_id and not self.name:
            raise ValidationError(_("Pick a member or give a name."))
        for field in ("arrived_at_item", "left_after_item"):
            item = getattr(self, field)
            if item is not None and item.meeting_id != self.meeting_id:
                raise ValidationError({field: _("Pick an item of this meeting.")})
        if self.status != self.Status.PRESENT and (self.arrived_at_item_id or self.left_after_item_id):
            raise ValidationError(_("Arrivals and departures are recorded for those present."))
        if (
            self.arrived_at_item_id
            and self.left_after_item_id
            and self.left_after_item.position < self.arrived_at_item.position
        ):
            raise ValidationError({"left_after_item": _("Someone cannot leave before they arrive.")})

    def present_at(self, item: AgendaItem) -> bool:
        """Was this person in the room for `item`? Needs the items' positions, not queries."""
        if self.status != self.Status.PRESENT:
            return False
        key = (item.position, item.pk)
        if self.arrived_at_item is not None and key < (self.arrived_at_item.position, self.arrived_at_item.pk):
            return False
        return not (self.left_after_item is not None and key > (self.left_after_item.position, self.left_after_item.pk))


class Recusal(PartOfMinutes):
    """*Jäv*: someone present takes no part in one item."""

    FROZEN_WHEN = ITEM_FROZEN_WHEN

    item = models.ForeignKey(AgendaItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="recusals")
    attendance = models.ForeignKey(
        Attendance, verbose_name=_("attendance"), on_delete=models.CASCADE, related_name="recusals"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["item", "attendance"], name="one_recusal_per_item")]

    def __str__(self) -> str:
        return f"{self.attendance} – {self.item}"

    def clean(self) -> None:
        if self.item_id and self.attendance_id and self.item.meeting_id != self.attendance.meeting_id:
            raise ValidationError(_("Pick an item of the same meeting."))


class Correction(PartOfMinutes):
    """A numbered *rättelse* to approved minutes: what changed and why. Frozen itself once approved."""

    FROZEN_WHEN = ("approved_at",)
    FROZEN_MESSAGE = _("The correction is approved and frozen; make a new correction.")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="corrections"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("item"), null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    before = limited_text(_("reads now"), limit=LONG_TEXT)
    after = limited_text(_("is to read"), limit=LONG_TEXT)
    reason = limited_text(_("reason"), limit=TEXT)
    created_at = models.DateTimeField(_("made at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="unique_correction_number")]

    def __str__(self) -> str:
        return _("Correction %(number)d") % {"number": self.number}

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @transaction.atomic
    def approve(self, user, *, at: datetime.datetime | None = None) -> Approval:
        correction = Correction.objects.select_for_update().get(pk=self.pk)
        if correction.is_approved:
            raise FrozenMinutesError(_("The correction is already approved."))
        adjuster_ids = set(Adjuster.objects.filter(meeting_id=correction.meeting_id).values_list("user_id", flat=True))
        if user.pk not in adjuster_ids:
            raise ValidationError(_("Only the meeting's named adjusters approve its minutes."))
        approval, created = Approval.objects.get_or_create(
            meeting_id=correction.meeting_id,
            item=None,
            correction=correction,
            user=user,
            defaults={"approved_at": at or timezone.now()},
        )
        if not created:
            raise ValidationError(_("You have already approved this correction."))
        if adjuster_ids <= set(correction.approvals.values_list("user_id", flat=True)):
            correction.approved_at = approval.approved_at
            correction._history_user = user
            correction.save()
            self.refresh_from_db()
        return approval


class Approval(PartOfMinutes):
    """One adjuster's approval (who and when) of the minutes, of one item at the meeting, or of a correction.

    Written only through `Meeting.approve`, `AgendaItem.approve_immediately` and `Correction.approve`; never
    changed or deleted afterwards (frozen from the start: its time is always set).
    """

    FROZEN_WHEN = ("approved_at",)
    FROZEN_MESSAGE = _("An approval is never changed.")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="approvals")
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("item"), null=True, blank=True, on_delete=models.PROTECT, related_name="approvals"
    )
    correction = models.ForeignKey(
        Correction,
        verbose_name=_("correction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approvals",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("adjuster"), on_delete=models.PROTECT)
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    class Meta:
        ordering = ["approved_at", "pk"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=True) | Q(correction__isnull=True), name="approval_of_one_thing"
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(item__isnull=True, correction__isnull=True),
                name="one_minutes_approval_per_adjuster",
            ),
            models.UniqueConstraint(
                fields=["item", "user"], condition=Q(item__isnull=False), name="one_item_approval_per_adjuster"
            ),
            models.UniqueConstraint(
                fields=["correction", "user"],
                condition=Q(correction__isnull=False),
                name="one_correction_approval_per_adjuster",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.approved_at:%Y-%m-%d}"

    def delete(self, *args, **kwargs):
        raise FrozenMinutesError(_("An approval is never withdrawn; record a correction."))


class CalendarFeed(models.Model):
    """A secret address for a calendar program (which cannot log in): one body's meetings, or all of a person's.

    Revoking keeps the row (so the token is never reused) and makes its address answer 404.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text=_("Empty: every body the person sits in."),
    )  # fmt: skip
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.body or _("All my bodies"))

    def save(self, *args, **kwargs) -> None:
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save()


def minutes_content(meeting: Meeting) -> dict:
    """What approved minutes consist of, as plain data: the fingerprint's input (and the PDF's checks)."""
    items = list(meeting.items.order_by("position", "pk").prefetch_related("activities", "goal_areas"))
    attendances = list(meeting.attendances.select_related("member", "member__user", "substitute_for"))
    recusals = list(Recusal.objects.filter(item__meeting=meeting).values_list("item_id", "attendance_id", "reason"))
    return {
        "body": meeting.body.name,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "place": meeting.place,
        "link": meeting.link,
        "chair": meeting.chair_id,
        "secretary": meeting.secretary_id,
        "adjusters": sorted(meeting.adjuster_rows.values_list("user_id", flat=True)),
        "items": [
            [
                i.pk,
                i.position,
                i.is_section,
                i.title,
                i.description,
                i.decision_proposal,
                i.minutes,
                sorted(a.pk for a in i.activities.all()),
                sorted(g.pk for g in i.goal_areas.all()),
            ]
            for i in items
        ],
        "attendance": [
            [a.pk, a.display_name, a.status, a.substitute_for_id, a.arrived_at_item_id, a.left_after_item_id]
            for a in attendances
        ],
        "recusals": sorted(recusals),
    }


def minutes_fingerprint(meeting: Meeting) -> str:
    canonical = json.dumps(minutes_content(meeting), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# Decisions and action items live in their own module; imported here so Django finds them in meetings.models.
from .decision_models import (  # noqa: E402, F401
    ActionItem,
    AgendaDraftAdoption,
    Decision,
    DecisionCounter,
    DecisionEffect,
    RaisedQuestion,
    raise_question,
    record_decision,
)
