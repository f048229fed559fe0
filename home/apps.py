from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The start page: what is the user's own today, composed from every part they take part in."""

    name = "home"
    verbose_name = _("Start page")
