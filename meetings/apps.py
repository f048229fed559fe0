from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Bodies and meetings")

    def ready(self) -> None:
        from activities.sources import register_source_finder
        from agreements.structure import register_copier

        from .decision_sources import decision_sources
        from .structure import copy_bodies

        # The activity page names the decision behind a change; it cannot import this app, so it asks.
        register_source_finder(decision_sources)

        register_copier(
            "bodies",
            _("Bodies and their members"),
            copy_bodies,
            order=30,
            describe=lambda n, target: ngettext("%(count)s body", "%(count)s bodies", n) % {"count": n},
        )
