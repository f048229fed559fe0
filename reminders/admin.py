from django.contrib import admin

from agreements.history_admin import HistoryAdmin

from .models import ReminderSetting, SentDigest


@admin.register(ReminderSetting)
class ReminderSettingAdmin(HistoryAdmin):
    list_display = ["user", "wants_reminders"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


@admin.register(SentDigest)
class SentDigestAdmin(admin.ModelAdmin):
    """The log of digests sent: read only, it is what keeps the command from sending twice."""

    list_display = ["user", "day", "item_count", "sent_at"]
    list_filter = ["day"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
