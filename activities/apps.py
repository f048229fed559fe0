from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from agreements.structure import register_starter

        from . import structure
        from .defaults import ensure_statuses

        # A new agreement gets the default statuses, so its first activity can be added (it needs a status).
        register_starter("statuses", ensure_statuses)
        # What a new agreement can copy of the plan's structure from another.
        structure.register()
