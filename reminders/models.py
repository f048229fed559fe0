"""A person's choice about reminders, and the record that makes the daily digest go out at most once a day."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.history import HistoricalRecords


class ReminderSetting(models.Model):
    """Reminders are on unless the person turns them off; no row means on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="reminder_setting"
    )
    wants_reminders = models.BooleanField(_("send me a daily e-mail when something needs my attention"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.user)


class SentDigest(models.Model):
    """One digest per person and day. The unique row is written before the mail is sent, so two runs of the
    command (cron twice, or two at once) cannot both send."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    item_count = models.PositiveIntegerField(_("reminders"))

    class Meta:
        verbose_name = _("sent digest")
        verbose_name_plural = _("sent digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
