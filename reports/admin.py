from django.contrib import admin

from .models import QuarterReport


@admin.register(QuarterReport)
class QuarterReportAdmin(admin.ModelAdmin):
    """Read only: a report is approved from the dashboard and never changed (see QuarterReport)."""

    list_display = ["agreement", "year", "number", "approved_at", "approved_by_name", "decision", "fingerprint"]
    list_filter = ["agreement", "year"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
