from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Bodies and meetings")

    def ready(self) -> None:
        from agreements.structure import register_copier

        from .structure import copy_bodies

        register_copier(
            "bodies",
            _("Bodies and their members"),
            copy_bodies,
            order=30,
            describe=lambda n, target: ngettext("%(count)s body", "%(count)s bodies", n) % {"count": n},
        )
