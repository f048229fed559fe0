from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the service: commands that span every app (demo data, backup, restore) and the login log."""

    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import auth_log, checks  # noqa: F401  (connects the login loggers; registers the deploy checks)
