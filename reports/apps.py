from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Documents and pages that compose several parts: the agreement PDF, the plan report, the quarterly
    dashboard and the meeting pack."""

    name = "reports"
    verbose_name = _("Reports")
