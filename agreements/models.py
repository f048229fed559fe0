"""Agreements, their parties, principles, goal areas, signatories, roles and amendments.

A signed agreement is frozen (see agreements.freezing: model, queryset, database trigger and admin each refuse a
change): its text and links, its parties, principles, time horizons, signatories and amendments never change
in place once the last signature is registered. Signing goes through `Agreement.register_signature` only,
which locks the agreement so the last of several simultaneous signatures freezes it. Changes after signing
come as an Amendment (a dated revision) that names the decision behind it, or as a new version of one of its
appendices (agreements.appendix_models: the appendices signed with it are frozen with it).
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .freezing import Freezable, FreezableQuerySet, FrozenError, FrozenPart, FrozenPartQuerySet
from .history import HistoricalRecords
from .limits import LONG_TEXT, SHORT_TEXT, TEXT, limited_text

# What code and tests catch when a signed agreement refuses a change.
FrozenAgreementError = FrozenError
FROZEN_MESSAGE = _("The agreement is signed and its text is frozen; record the change as a revision.")
# What the pages for its parties and signatories say once it is signed.
NOT_REVIEWABLE_MESSAGE = _(
    "Only a signed agreement that is valid until further notice, with a review cycle, is reviewed here: a draft is "
    "edited until it is signed, and an agreement with an end date runs until then."
)
PARTS_FROZEN_MESSAGE = _(
    "The agreement is signed: its parties and signatories are frozen with its text. A change is recorded as a "
    "dated revision that names the decision behind it."
)

# A Swedish organisation number is six digits, a hyphen and four digits, the last a check digit; typed, the hyphen
# may be left out or be a space ("2120002080", "212000 2080"). Stored and printed with the hyphen.
ORGANISATION_NUMBER_TYPED = re.compile(r"([0-9]{6})[- ]?([0-9]{4})")


def normalised_organisation_number(value: str) -> str:
    """ "2120002080" and "212000 2080" as "212000-2080"; anything else as it was typed (the validator says why)."""
    typed = ORGANISATION_NUMBER_TYPED.fullmatch(value.strip())
    return f"{typed[1]}-{typed[2]}" if typed else value


def luhn_valid(digits: str) -> bool:
    """The Luhn check (mod 10) that the last digit of a Swedish organisation or personal number makes."""
    total = 0
    for position, digit in enumerate(int(d) for d in digits):
        doubled = digit * 2 if position % 2 == len(digits) % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


def validate_organisation_number(value: str) -> None:
    typed = ORGANISATION_NUMBER_TYPED.fullmatch(value.strip())
    if typed is None:
        raise ValidationError(
            _("Write the organisation number as six digits, a hyphen and four digits: NNNNNN-NNNN, e.g. 212000-2080."),
            code="format",
        )
    if not luhn_valid(typed[1] + typed[2]):
        raise ValidationError(
            _("%(number)s is not an organisation number: its last digit (the check digit) does not match. Check it."),
            code="check_digit",
            params={"number": normalised_organisation_number(value)},
        )


class Party(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        POLICE = "police", _("Police")
        COMPANY = "company", _("Company")
        REGION = "region", _("Region")
        OTHER = "other", _("Other")

    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("An organisation of that name is registered already.")},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=20,
        blank=True,
        validators=[validate_organisation_number],
        help_text=_("Ten digits as NNNNNN-NNNN, e.g. 212000-2080."),
    )
    address = limited_text(_("address"), limit=SHORT_TEXT, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            # The format in the database too (the check digit is the validator's): the admin, the shell and a
            # restore store an organisation number as the agreement prints it, or none.
            models.CheckConstraint(
                condition=Q(organisation_number="") | Q(organisation_number__regex=r"^[0-9]{6}-[0-9]{4}$"),
                name="party_organisation_number_format",
                violation_error_message=_("Write the organisation number as NNNNNN-NNNN."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # After the field's validator accepted it: stored with its hyphen, as the agreement prints it.
        self.organisation_number = normalised_organisation_number(self.organisation_number)


class AgreementQuerySet(FreezableQuerySet):
    def published(self) -> AgreementQuerySet:
        return self.filter(is_published=True)

    def for_document(self) -> AgreementQuerySet:
        """Everything the agreement's page and PDF show, in a fixed number of queries."""
        return self.select_related("predecessor", "overarching__successor", "successor").prefetch_related(
            "agreement_parties__party",
            "principles",
            "time_horizons",
            "goal_areas",
            "signatories",
            "amendments",
            "appendices__versions",
        )


class Agreement(Freezable):
    """A samverkansöverenskommelse. Its lifecycle is derived from signatures and dates (see `status`).

    Signed, everything but publishing and termination is frozen (links to predecessor and overarching too).
    """

    FREEZE_MARK = "frozen_at"
    # A review (*revidering*) of an open-ended agreement is recorded after signing; the cycle itself is in the text.
    MUTABLE_WHEN_FROZEN = ("terminated_on", "is_published", "last_reviewed_on")
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
        "review_interval_months",
        "valid_while_overarching",
        "goal_area_term",
        "goal_area_term_plural",
        "copies",
    )

    title = models.CharField(_("title"), max_length=300)
    parties = models.ManyToManyField(
        Party, verbose_name=_("parties"), through="AgreementParty", related_name="agreements"
    )
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
    copies = models.PositiveSmallIntegerField(
        _("identical copies"),
        null=True,
        blank=True,
        help_text=_("How many identical copies were drawn up and signed, as the text says."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        null=True,
        blank=True,
        help_text=_("For an open-ended agreement that is reviewed regularly, e.g. 12 for once a year."),
    )
    last_reviewed_on = models.DateField(
        _("last reviewed on"), null=True, blank=True, help_text=_("The next review is due one cycle after this.")
    )
    valid_while_overarching = models.BooleanField(
        _("valid only while the overarching agreement is"),
        default=False,
        help_text=_("A local agreement that lapses with its overarching agreement."),
    )
    # The agreement's own word for its goal areas, as its text and its parties use it (Swedish, like the text).
    goal_area_term = models.CharField(
        _("word for a goal area"),
        max_length=100,
        default="målområde",
        help_text=_("Singular, as the agreement says it: målområde, fokusområde, prioriterat samverkansområde."),
    )
    goal_area_term_plural = models.CharField(
        _("word for goal areas"),
        max_length=100,
        default="målområden",
        help_text=_("In the plural: målområden, fokusområden, prioriterade samverkansområden."),
    )
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
            # A review cycle belongs to an open-ended agreement; one with an end date runs out instead.
            models.CheckConstraint(
                condition=Q(review_interval_months__isnull=True)
                | (Q(valid_until__isnull=True) & Q(review_interval_months__gte=1)),
                name="agreement_review_cycle_open_ended",
            ),
            models.CheckConstraint(
                condition=Q(valid_while_overarching=False) | Q(overarching__isnull=False),
                name="agreement_conditional_needs_overarching",
            ),
            models.CheckConstraint(
                condition=Q(copies__isnull=True) | Q(copies__gte=1), name="agreement_copies_at_least_one"
            ),
            models.CheckConstraint(
                condition=~Q(goal_area_term="") & ~Q(goal_area_term_plural=""), name="agreement_goal_area_term_set"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def years(self) -> str:
        """The years it runs, as menus and lists tell agreements apart: "2023–2027", "från 2025, tillsvidare"."""
        if self.valid_from is None:
            return ""
        if self.valid_until is None:
            return _("from %(year)s, until further notice") % {"year": self.valid_from.year}
        return f"{self.valid_from.year}–{self.valid_until.year}"

    @property
    def label(self) -> str:
        """The title with its years: two agreements whose titles differ only in case are told apart."""
        years = self.years
        # A title that already names its years ("… 2023–2027") is not given them twice.
        return f"{self.title} {years}" if years and str(years) not in self.title else self.title

    @property
    def is_open_ended(self) -> bool:
        return self.valid_from is not None and self.valid_until is None

    @property
    def next_review_on(self) -> datetime.date | None:
        """When the next review is due: one cycle after the last review (or after the start, before the first)."""
        start = self.last_reviewed_on or self.valid_from
        if not self.review_interval_months or start is None or self.valid_until is not None:
            return None
        months = start.month - 1 + self.review_interval_months
        year, month = start.year + months // 12, months % 12 + 1
        # The 31st of a shorter month is its last day.
        day = min(start.day, (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day)
        return datetime.date(year, month, day)

    @property
    def is_reviewable(self) -> bool:
        """Whether a review may be recorded: a signed, open-ended agreement with a review cycle."""
        return self.is_frozen and self.next_review_on is not None

    def review_is_late_on(self, day: datetime.date) -> bool:
        due = self.next_review_on
        # Late only for a signed agreement that has not ended (a draft has no reviews yet; one that ended, none due).
        return due is not None and due < day and self.status_on(day) in (self.Status.SIGNED, self.Status.IN_FORCE)

    @property
    def review_is_late(self) -> bool:
        return self.review_is_late_on(timezone.localdate())

    def overarching_in_force_on(self, day: datetime.date) -> bool | None:
        """Whether the overarching agreement is in force on `day`; None when there is none."""
        if self.overarching_id is None:
            return None
        return self.overarching.status_on(day) == self.Status.IN_FORCE

    @property
    def overarching_in_force(self) -> bool | None:
        return self.overarching_in_force_on(timezone.localdate())

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date must not be before the start date.")
        if self.predecessor_id and self.predecessor_id == self.pk:
            errors["predecessor"] = _("An agreement cannot follow itself.")
        if self.overarching_id and self.overarching_id == self.pk:
            errors["overarching"] = _("An agreement cannot be its own overarching agreement.")
        if self.review_interval_months is not None and self.valid_until is not None:
            errors["review_interval_months"] = _(
                "Only an open-ended agreement has a review cycle: leave the end date empty or the cycle empty."
            )
        if self.review_interval_months == 0:
            errors["review_interval_months"] = _("The review cycle must be at least one month.")
        if self.valid_while_overarching and not self.overarching_id:
            errors["valid_while_overarching"] = _("Choose the overarching agreement this one depends on.")
        if self.signing_date and self.signing_date > timezone.localdate():
            errors["signing_date"] = _("The date of signing cannot lie in the future.")
        if self.last_reviewed_on and self.last_reviewed_on > timezone.localdate():
            errors["last_reviewed_on"] = _("A review cannot be dated in the future.")
        if self.last_reviewed_on and self.valid_from and self.last_reviewed_on < self.valid_from:
            errors["last_reviewed_on"] = _("A review cannot be dated before the agreement starts.")
        if self.copies == 0:
            errors["copies"] = _("At least one copy is drawn up.")
        if errors:
            raise ValidationError(errors)

    def status_on(self, day: datetime.date, *, _within: frozenset = frozenset()) -> Agreement.Status:
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
            if self.valid_while_overarching and self.overarching_id and self.overarching_id not in _within:
                # Valid only while the overarching agreement is: not before it takes force, not after it ends.
                # (`_within`: a chain of overarching agreements that loops back is followed once round.)
                overarching = self.overarching.status_on(day, _within=_within | {self.pk})
                if overarching in (self.Status.DRAFT, self.Status.SIGNED):
                    return self.Status.SIGNED
                if overarching != self.Status.IN_FORCE:
                    return self.Status.EXPIRED
            return self.Status.IN_FORCE
        return self.Status.SIGNED

    @property
    def status(self) -> Agreement.Status:
        return self.status_on(timezone.localdate())

    def record_review(self, on: datetime.date) -> bool:
        """Record that the parties reviewed the agreement on `on` (*revidering*): its next review falls due one cycle
        later. Only a signed agreement with a review cycle is reviewed; a review is not dated before the last one,
        before the start or in the future. The same date again changes nothing and returns False (a double submit).
        The change itself, if any, is a revision or an appendix version; this records that the review took place."""
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=self.pk)
            if not locked.is_reviewable:
                raise ValidationError(NOT_REVIEWABLE_MESSAGE, code="not_reviewable")
            if locked.last_reviewed_on == on:
                return False
            if locked.last_reviewed_on and on < locked.last_reviewed_on:
                last = date_format(locked.last_reviewed_on, "SHORT_DATE_FORMAT")
                message = _("A review cannot be dated before the last one (%(last)s).")
                raise ValidationError(
                    {"last_reviewed_on": ValidationError(message, code="before_last", params={"last": last})}
                )
            locked.last_reviewed_on = on
            locked.clean()
            locked.save(update_fields=["last_reviewed_on"])
            self.last_reviewed_on = on
        return True

    def register_signature(self, signatory: Signatory, *, on: datetime.date | None) -> bool:
        """Record that `signatory` signed on `on`; the last signature freezes the agreement, in one transaction.

        `on=None` records a signature with no date written on the paper (`Signatory.signed_undated`).
        The only way to sign (the sign page and the admin both call it). The agreement's row is locked first, so
        when the last two signatures arrive at once the second waits, sees the first and freezes. Registering
        a signature that is already registered with the same date (or as undated again) changes nothing and
        returns False (a double submit); a different date is refused.
        """
        if on is not None and on > timezone.localdate():
            raise ValidationError(_("A signature cannot be dated in the future."), code="future")
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=self.pk)
            stored = Signatory.objects.select_for_update().filter(pk=signatory.pk, agreement=locked).first()
            if stored is None:
                raise ValidationError(_("The signatory belongs to another agreement."))
            if stored.has_signed:
                if stored.signed_on == on:
                    return False
                raise ValidationError(_("%(name)s has already signed.") % {"name": stored.name}, code="signed")
            stored.signed_on = signatory.signed_on = on
            stored.signed_undated = signatory.signed_undated = on is None
            stored.save()
            if not locked.is_frozen and not locked.signatories.unsigned().exists():
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


class MovableInOrder:
    """A part the agreement lists in its own order (`order`): moved one place up or down at a time."""

    def move(self, offset: int, *, by=None) -> bool:
        """Move `offset` places (-1: up, 1: down) among the agreement's rows, numbering them 1, 2, 3… again.

        False when it is first or last already. The agreement's row is locked, so two moves at once number the
        rows one after the other; a signed agreement's rows refuse (FrozenError) like any other change."""
        with transaction.atomic():
            Agreement.objects.select_for_update().only("pk").get(pk=self.agreement_id)
            rows = list(type(self).objects.filter(agreement=self.agreement_id))
            index = next(i for i, row in enumerate(rows) if row.pk == self.pk)
            if not 0 <= index + offset < len(rows):
                return False
            rows.insert(index + offset, rows.pop(index))
            for number, row in enumerate(rows, start=1):
                if row.order != number:
                    row.order = number
                    if by is not None:
                        row._history_user = by
                    row.save(update_fields=["order"])
            self.order = rows[index + offset].order
        return True


class AgreementParty(MovableInOrder, FrozenPart):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="agreement_parties"
    )
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT)
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("What the text calls the party: kommunen, Polisen, bolaget."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("party to the agreement")
        verbose_name_plural = _("parties to the agreement")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party"],
                name="unique_party_per_agreement",
                violation_error_message=_("The organisation is a party to the agreement already."),
            ),
            # The text tells its parties apart by these: two called "kommunen" would make it ambiguous.
            models.UniqueConstraint(
                "agreement",
                Lower("short_name"),
                condition=~Q(short_name=""),
                name="unique_party_short_name",
                violation_error_message=_("Another party to the agreement has that short name already."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.party)

    def clean(self) -> None:
        if not self.agreement_id:
            return
        others = AgreementParty.objects.filter(agreement=self.agreement_id).exclude(pk=self.pk).select_related("party")
        errors = {}
        for other in others:
            if self.party_id and other.party_id == self.party_id:
                errors["party"] = _("%(party)s is a party to the agreement already.") % {"party": other.party}
            short_name = self.short_name.strip()
            if short_name and other.short_name.casefold() == short_name.casefold():
                errors["short_name"] = _("%(party)s is called “%(short)s” in the text already.") % {
                    "party": other.party,
                    "short": other.short_name,
                }
        if errors:
            raise ValidationError(errors)

    def removal_refused(self) -> str | None:
        """Why the party cannot be removed from the agreement now (a sentence for the page), or None."""
        if self.owner_is_frozen():
            return str(PARTS_FROZEN_MESSAGE)
        signers = list(self.agreement.signatories.filter(party=self.party_id).values_list("name", flat=True))
        if signers:
            return ngettext(
                "%(names)s signs for %(party)s: remove the signatory, or let them sign for another party, first.",
                "%(names)s sign for %(party)s: remove the signatories, or let them sign for another party, first.",
                len(signers),
            ) % {"names": ", ".join(signers), "party": self.party}
        return None

    def delete(self, *args, **kwargs):
        if (reason := self.removal_refused()) and not self.owner_is_frozen():
            raise ValidationError(reason, code="signs_for_party")
        return super().delete(*args, **kwargs)  # a signed agreement's part: FrozenError


class Principle(FrozenPart):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="principles"
    )
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

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="time_horizons"
    )
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

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="goal_areas"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(
        _("code"), max_length=10, blank=True, help_text=_("A letter or number, if the agreement gives one (A–H).")
    )
    title = models.CharField(_("title"), max_length=300)
    criteria = limited_text(_("criteria"), limit=TEXT, blank=True, help_text=_("One criterion per line."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code", "pk"]
        verbose_name = _("goal area")
        verbose_name_plural = _("goal areas")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], condition=~Q(code=""), name="unique_goal_area_code"),
            # An area without a code is known by its title (on the pages, in the sheet): two cannot share one.
            models.UniqueConstraint(
                Lower("title"),
                "agreement",
                condition=Q(code=""),
                name="unique_unlettered_goal_area_title",
                violation_error_message=_("Another goal area without a code has this title."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title

    def clean(self) -> None:
        # The database's check (unique_unlettered_goal_area_title) compares lower case as the database knows it:
        # SQLite's only for A–Z. Here in Python for every letter, "Trygg stadsmiljö" and "TRYGG STADSMILJÖ" alike.
        if self.code or not self.agreement_id:
            return
        title = " ".join(self.title.split()).casefold()
        others = GoalArea.objects.filter(agreement_id=self.agreement_id, code="").exclude(pk=self.pk)
        if any(" ".join(other.split()).casefold() == title for other in others.values_list("title", flat=True)):
            raise ValidationError({"title": _("Another goal area without a code has this title.")}, code="unique")

    @property
    def short_label(self) -> str:
        """How lists of areas name it: its code, or its title when the agreement letters none (fokusområden)."""
        return self.code or self.title

    @property
    def criteria_list(self) -> list[str]:
        return [line.strip() for line in self.criteria.splitlines() if line.strip()]


class SignatoryQuerySet(FrozenPartQuerySet):
    def unsigned(self) -> SignatoryQuerySet:
        return self.filter(signed_on__isnull=True, signed_undated=False)


class Signatory(MovableInOrder, FrozenPart):
    """Someone who signs for a party. `signed_on` and `signed_undated` are set by Agreement.register_signature
    only: a date, or "signed, no date on the paper"."""

    # Parties added to the agreement in the same submit as this signatory (the admin's agreement page saves its
    # parties before its signatories): the party may be one of them.
    parties_added_alongside: frozenset[int] = frozenset()

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="signatories"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    organisation = models.CharField(_("organisation"), max_length=200)
    party = models.ForeignKey(Party, verbose_name=_("party"), null=True, blank=True, on_delete=models.PROTECT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_undated = models.BooleanField(_("signed, date not stated"), default=False)
    history = HistoricalRecords()

    objects = SignatoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_undated=False) | Q(signed_on__isnull=True), name="signatory_dated_or_undated"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_signed(self) -> bool:
        return self.signed_on is not None or self.signed_undated

    def clean(self) -> None:
        if self.signed_on and self.signed_on > timezone.localdate():
            raise ValidationError({"signed_on": _("A signature cannot be dated in the future.")}, code="future")
        if self.signed_on and self.signed_undated:
            raise ValidationError(
                {"signed_undated": _("A signature has a date or is marked as undated, not both.")}, code="both"
            )
        if self.party_id and self.agreement_id and self._party_set_now() and not self._signs_for_one_of_its_parties():
            message = _("%(party)s is not a party to this agreement: add it to the parties first.")
            raise ValidationError({"party": ValidationError(message % {"party": self.party}, code="not_a_party")})

    def _party_set_now(self) -> bool:
        # Checked when the party is chosen, so a row stored before the rule does not stop its agreement's page.
        stored = Signatory.objects.filter(pk=self.pk, agreement=self.agreement_id, party=self.party_id)
        return self.pk is None or not stored.exists()

    def _signs_for_one_of_its_parties(self) -> bool:
        if self.party_id in self.parties_added_alongside:
            return True
        return AgreementParty.objects.filter(agreement=self.agreement_id, party=self.party_id).exists()

    def removal_refused(self) -> str | None:
        """Why the signatory cannot be removed now (a sentence for the page), or None."""
        if self.owner_is_frozen():
            return str(PARTS_FROZEN_MESSAGE)
        others = Signatory.objects.filter(agreement=self.agreement_id).exclude(pk=self.pk)
        if not self.has_signed and others.exists() and not others.unsigned().exists():
            # Everyone left would have signed, yet the agreement would not be signed: only the last signature
            # freezes it (Agreement.register_signature).
            return str(
                _(
                    "Everyone else has signed: without %(name)s the agreement would be signed by all but not "
                    "frozen. Add who signs instead first, or register the signature."
                )
                % {"name": self.name}
            )
        return None

    def delete(self, *args, **kwargs):
        if (reason := self.removal_refused()) and not self.owner_is_frozen():
            raise ValidationError(reason, code="last_unsigned")
        return super().delete(*args, **kwargs)  # a signed agreement's part: FrozenError


class Amendment(FrozenPart):
    """A dated revision or appendix (*bilaga*) to an agreement, made by a recorded decision.

    Once the agreement is signed its amendments (the appendices signed with it, the revisions recorded after)
    are part of the record: new ones are added (Agreement.record_amendment), none is changed or deleted.
    """

    ADDABLE_WHEN_FROZEN = True

    class Kind(models.TextChoices):
        REVISION = "revision", _("Revision")
        APPENDIX = "appendix", _("Appendix")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="amendments"
    )
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

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
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


from .appendix_models import Appendix, AppendixVersion  # noqa: E402, F401
