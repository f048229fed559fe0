from django.contrib import admin

from agreements.frozen_admin import FrozenAdminMixin

from .models import QuarterReport


@admin.register(QuarterReport)
class QuarterReportAdmin(FrozenAdminMixin, admin.ModelAdmin):
    """Read only: a report is approved from the dashboard, frozen from birth (see QuarterReport)."""

    list_display = ["agreement", "year", "number", "approved_at", "approved_by_name", "decision", "fingerprint"]
    list_filter = ["agreement", "year"]
    # Not the snapshot: the approved figures as data for the dashboard to draw (English keys, codes), not
    # for reading. The quarter's dashboard page and PDF show them; the fingerprint here ties them to this row.
    fields = [
        "agreement",
        "year",
        "number",
        "approved_at",
        "approved_by",
        "approved_by_name",
        "decision",
        "fingerprint",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
