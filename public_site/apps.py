from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """What anyone may read without logging in: published agreements and the accessibility statement. A trust
    boundary of its own: nothing here may show a person's name, a comment or history."""

    name = "public_site"
    verbose_name = _("Public site")
