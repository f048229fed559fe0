import axes.apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the service: commands that span every app (demo data, backup, restore) and the login log."""

    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import auth_log, checks  # noqa: F401  (connects the login loggers; registers the deploy checks)
        from .names import name_link_models, swedish_boolean_icons

        name_link_models()
        swedish_boolean_icons()


class LoginThrottleConfig(axes.apps.AppConfig):
    """django-axes under a Swedish name (its own is "Axes"), as the admin's permission lists show it."""

    default = False  # named in INSTALLED_APPS in place of "axes"; "operations" is OperationsConfig
    verbose_name = _("Login throttling")
