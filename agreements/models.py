"""Agreements, their parties, principles, goal areas, signatories, roles and amendments.

A signed agreement is frozen (see agreements.freezing: model, queryset, database trigger and admin each refuse a
change): its text and links, its parties, principles, time horizons, signatories and amendments never change
in place once the last signature is registered. Signing goes through `Agreement.register_signature` only,
which locks the agreement so the last of several simultaneous signatures freezes it. Changes after signing
come as an Amendment (a dated revision or appendix) that names the decision behind it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .freezing import Freezable, FreezableQuerySet, FrozenError, FrozenPart
from .limits import LONG_TEXT, SHORT_TEXT, TEXT, limited_text

# What code and tests catch when a signed agreement refuses a change.
FrozenAgreementError = FrozenError
FROZEN_MESSAGE = _("The agreement is signed and its text is frozen; record the change as a revision.")


class Party(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        POLICE = "police", _("Police")
        COMPANY = "company", _("Company")
        REGION = "region", _("Region")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    organisation_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    address = limited_text(_("address"), limit=SHORT_TEXT, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class AgreementQuerySet(FreezableQuerySet):
    def published(self) -> AgreementQuerySet:
        return self.filter(is_published=True)

    def for_document(self) -> AgreementQuerySet:
        """Everything the agreement's page and PDF show, in a fixed number of queries."""
        return self.select_related("predecessor", "overarching", "successor").prefetch_related(
            "agreement_parties__party", "principles", "time_horizons", "goal_areas", "signatories", "amendments"
        )


class Agreement(Freezable):
    """A samverkansöverenskommelse. Its lifecycle is derived from signatures and dates (see `status`).

    Signed, everything but publishing and termination is frozen (links to predecessor and overarching too).
    """

    FREEZE_MARK = "frozen_at"
    MUTABLE_WHEN_FROZEN = ("terminated_on", "is_published")
    FROZEN_MESSAGE = FROZEN_MESSAGE

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")
        SUPERSEDED = "superseded", _("Superseded")

    # The text that the parties sign (what the edit form offers). Once signed these never change in place.
    FROZEN_FIELDS = (
        "title",
        "valid_from",
        "valid_until",
        "extension_assumed",
        "terminable_by_either_party",
        "purpose",
        "goal",
        "geographic_focus",
        "principles_intro",
        "governance_structure",
        "work_model",
        "signing_place",
        "signing_date",
    )

    title = models.CharField(_("title"), max_length=300)
    parties = models.ManyToManyField(Party, through="AgreementParty", related_name="agreements")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty for an open-ended agreement.")
    )
    extension_assumed = models.BooleanField(_("extension assumed"), default=False)
    terminable_by_either_party = models.BooleanField(_("may be terminated by either party"), default=False)
    purpose = limited_text(_("purpose"), limit=LONG_TEXT, blank=True)
    goal = limited_text(_("goal"), limit=LONG_TEXT, blank=True)
    geographic_focus = limited_text(_("geographic focus"), limit=LONG_TEXT, blank=True)
    principles_intro = limited_text(_("introduction to the principles"), limit=LONG_TEXT, blank=True)
    governance_structure = limited_text(_("governance structure"), limit=LONG_TEXT, blank=True)
    work_model = limited_text(_("work model"), limit=LONG_TEXT, blank=True)
    signing_place = models.CharField(_("place of signing"), max_length=100, blank=True)
    signing_date = models.DateField(_("date of signing"), null=True, blank=True)
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("predecessor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successor",
    )
    overarching = models.ForeignKey(
        "self",
        verbose_name=_("overarching agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_agreements",
    )
    frozen_at = models.DateTimeField(_("signed and frozen at"), null=True, blank=True, editable=False)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Show the agreement and its activities to the public.")
    )
    history = HistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_valid_until_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date must not be before the start date.")})
        if self.predecessor_id and self.predecessor_id == self.pk:
            raise ValidationError({"predecessor": _("An agreement cannot follow itself.")})

    def status_on(self, day: datetime.date) -> Agreement.Status:
        if not self.is_frozen:
            return self.Status.DRAFT
        if self.terminated_on and self.terminated_on <= day:
            return self.Status.TERMINATED
        # Superseded only when the successor took over before this one ran out; one that lapsed first expired.
        successor = getattr(self, "successor", None)
        if (
            successor is not None
            and successor.is_frozen
            and successor.valid_from
            and successor.valid_from <= day
            and (self.valid_until is None or successor.valid_from <= self.valid_until)
        ):
            return self.Status.SUPERSEDED
        if self.valid_until and self.valid_until < day:
            return self.Status.EXPIRED
        if self.valid_from and self.valid_from <= day:
            return self.Status.IN_FORCE
        return self.Status.SIGNED

    @property
    def status(self) -> Agreement.Status:
        return self.status_on(timezone.localdate())

    def register_signature(self, signatory: Signatory, *, on: datetime.date) -> bool:
        """Record that `signatory` signed on `on`; the last signature freezes the agreement, in one transaction.

        The only way to sign (the sign page and the admin both call it). The agreement's row is locked first, so
        when the last two signatures arrive at once the second waits, sees the first and freezes. Registering
        a signature that is already registered with the same date changes nothing and returns False (a
        double submit); a different date is refused.
        """
        if on > timezone.localdate():
            raise ValidationError(_("A signature cannot be dated in the future."), code="future")
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=self.pk)
            stored = Signatory.objects.select_for_update().filter(pk=signatory.pk, agreement=locked).first()
            if stored is None:
                raise ValidationError(_("The signatory belongs to another agreement."))
            if stored.signed_on is not None:
                if stored.signed_on == on:
                    return False
                raise ValidationError(_("%(name)s has already signed.") % {"name": stored.name}, code="signed")
            stored.signed_on = signatory.signed_on = on
            stored.save()
            if not locked.is_frozen and not locked.signatories.filter(signed_on__isnull=True).exists():
                locked.frozen_at = timezone.now()
                locked.save()
            self.frozen_at = locked.frozen_at
        return True

    @transaction.atomic
    def record_amendment(
        self, *, kind: str, title: str, text: str, decided_on: datetime.date, decided_by: str
    ) -> Amendment:
        """Add a revision or appendix, numbered after the last one of its kind."""
        # Lock the agreement so two admins recording at once get consecutive numbers, not a clash.
        Agreement.objects.select_for_update().only("pk").get(pk=self.pk)
        # The same decision recorded twice (a double submit, two tabs) is one amendment.
        same = self.amendments.filter(kind=kind, title=title, text=text, decided_on=decided_on, decided_by=decided_by)
        if existing := same.first():
            return existing
        last = self.amendments.filter(kind=kind).aggregate(last=models.Max("number"))["last"]
        return self.amendments.create(
            kind=kind, number=(last or 0) + 1, title=title, text=text, decided_on=decided_on, decided_by=decided_by
        )


class AgreementParty(FrozenPart):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="agreement_parties")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("party to the agreement")
        verbose_name_plural = _("parties to the agreement")
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="unique_party_per_agreement")]

    def __str__(self) -> str:
        return str(self.party)


class Principle(FrozenPart):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="principles")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    sentence = limited_text(_("sentence"), limit=SHORT_TEXT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def __str__(self) -> str:
        return self.name


class TimeHorizon(FrozenPart):
    """A *tidsperspektiv* of the work model, e.g. "Att vinna slaget" (symptoms, 1–3 år)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="time_horizons")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    focus = models.CharField(_("focus"), max_length=200, blank=True)
    span = models.CharField(_("span"), max_length=50, blank=True)
    description = limited_text(_("description"), limit=TEXT, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("time horizon")
        verbose_name_plural = _("time horizons")

    def __str__(self) -> str:
        return self.name


class GoalArea(models.Model):
    """A *målområde*. Part of the plan, reported separately from the signed text, so not frozen."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="goal_areas")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    criteria = limited_text(_("criteria"), limit=TEXT, blank=True, help_text=_("One criterion per line."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("goal area")
        verbose_name_plural = _("goal areas")
        constraints = [models.UniqueConstraint(fields=["agreement", "code"], name="unique_goal_area_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def criteria_list(self) -> list[str]:
        return [line.strip() for line in self.criteria.splitlines() if line.strip()]


class Signatory(FrozenPart):
    """Someone who signs for a party. `signed_on` is set by Agreement.register_signature only."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    organisation = models.CharField(_("organisation"), max_length=200)
    party = models.ForeignKey(Party, verbose_name=_("party"), null=True, blank=True, on_delete=models.PROTECT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return self.name


class Amendment(FrozenPart):
    """A dated revision or appendix (*bilaga*) to an agreement, made by a recorded decision.

    Once the agreement is signed its amendments (the appendices signed with it, the revisions recorded after)
    are part of the record: new ones are added (Agreement.record_amendment), none is changed or deleted.
    """

    ADDABLE_WHEN_FROZEN = True

    class Kind(models.TextChoices):
        REVISION = "revision", _("Revision")
        APPENDIX = "appendix", _("Appendix")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    text = limited_text(_("text"), limit=LONG_TEXT)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(
        _("decision"), max_length=300, help_text=_("The body and decision that made the change.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "number"]
        verbose_name = _("revision or appendix")
        verbose_name_plural = _("revisions and appendices")
        constraints = [models.UniqueConstraint(fields=["agreement", "kind", "number"], name="unique_amendment_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.title}"


class Role(models.TextChoices):
    """What a person may do within one agreement. Administrators are the Django group `administrator`."""

    STRATEGIC = "strategic", _("Strategic group member")
    OPERATIVE = "operative", _("Operative group member")
    OFFICIAL = "official", _("Official")
    READER = "reader", _("Reader")


class Membership(models.Model):
    """A person's role in one agreement. A user without one sees nothing of that agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["agreement", "user"], name="one_role_per_agreement")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class Submission(models.Model):
    """A used one-time form token and what its submit made (agreements.once): a second submit finds it."""

    token = models.CharField(max_length=64, unique=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return self.token
