from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        import samverkan.lookups  # noqa: F401  `in` on integer columns refuses no number (every app's forms)

        from . import copiers
        from .freezing import install_guards_after_migrate, refuse_frozen_m2m

        # What a new agreement can copy of this app's part of another's structure (agreements.structure).
        copiers.register()

        # The database triggers that keep frozen rows frozen, re-derived from the models after every migrate.
        post_migrate.connect(install_guards_after_migrate, sender=self, dispatch_uid="agreements.freezing")
        # Many-to-many links are rows of their own through table: a frozen row's links are refused here.
        m2m_changed.connect(refuse_frozen_m2m, dispatch_uid="agreements.freezing.m2m")
