from django.contrib import admin

from agreements.frozen_admin import FrozenAdminMixin

from .models import QuarterReport


@admin.register(QuarterReport)
class QuarterReportAdmin(FrozenAdminMixin, admin.ModelAdmin):
    """Read only: a report is approved from the dashboard, frozen from birth (see QuarterReport)."""

    list_display = ["agreement", "year", "number", "approved_at", "approved_by_name", "decision", "fingerprint"]
    list_filter = ["agreement", "year"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
