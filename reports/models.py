"""The approved quarter report: the dashboard of a quarter as the strategic body approved it, frozen.

Approval stores the dashboard's data as a snapshot with the SHA-256 of its canonical JSON. A report is born
approved (its freeze mark, `approved_at`, is set when it is created), so nothing changes it afterwards, on any
path (agreements.freezing): save() and delete(), the QuerySet's update() and delete(), a database trigger
against UPDATE, the admin read-only; the agreement cannot be deleted from under it (PROTECT). Should a row
still be altered with the guards taken off, `is_intact` says so, and the page shows it.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.freezing import Freezable, FreezableQuerySet
from agreements.models import Agreement

from .quarters import Quarter


def content_fingerprint(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class QuarterReportQuerySet(FreezableQuerySet):
    def for_quarter(self, agreement: Agreement, quarter: Quarter) -> QuarterReportQuerySet:
        return self.filter(agreement=agreement, year=quarter.year, number=quarter.number)


class QuarterReport(Freezable):
    FREEZE_MARK = "approved_at"
    FROZEN_MESSAGE = _("An approved quarter report cannot be changed or removed.")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="quarter_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("quarter"))
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by_name = models.CharField(_("approved by (name)"), max_length=300)
    decision = models.CharField(
        _("decision"), max_length=300, help_text=_("The meeting and item where the body approved the report.")
    )
    snapshot = models.JSONField(_("snapshot"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)

    objects = QuarterReportQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "-year", "-number"]
        verbose_name = _("approved quarter report")
        verbose_name_plural = _("approved quarter reports")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year", "number"], name="one_report_per_quarter"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=4), name="quarter_number_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.quarter.label}"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            self.fingerprint = content_fingerprint(self.snapshot)
        super().save(*args, **kwargs)

    @classmethod
    @transaction.atomic
    def approve(cls, agreement: Agreement, quarter: Quarter, *, by, decision: str) -> QuarterReport:
        """The strategic body approves the quarter's report: its dashboard as it stands now is frozen."""
        from .dashboard import dashboard_data  # the dashboard reads activities; the model only stores its result

        now = timezone.now()
        if not quarter.has_ended(now):
            raise ValidationError(_("A quarter's report can be approved once the quarter has ended."), code="running")
        # Lock the agreement so two approvals at once give one report and one refusal, not a crash.
        Agreement.objects.select_for_update().only("pk").get(pk=agreement.pk)
        if cls.objects.for_quarter(agreement, quarter).exists():
            raise ValidationError(_("The report for this quarter is already approved."), code="approved")
        report = cls(
            agreement=agreement,
            year=quarter.year,
            number=quarter.number,
            approved_at=now,
            approved_by=by,
            approved_by_name=by.get_full_name() or by.username,
            decision=decision,
            snapshot=dashboard_data(agreement, quarter, now=now),
        )
        report.save()
        return report

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, self.number)

    @property
    def is_intact(self) -> bool:
        return content_fingerprint(self.snapshot) == self.fingerprint

    @property
    def short_fingerprint(self) -> str:
        return self.fingerprint[:12]
