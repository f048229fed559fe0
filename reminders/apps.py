from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """The daily e-mail digest: what needs each person's attention, from every part of the portal."""

    name = "reminders"
    verbose_name = _("Reminders")
