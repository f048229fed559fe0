from django.contrib import admin
from django.core.exceptions import PermissionDenied

from agreements.history_admin import HistoryAdmin

from .models import (
    Adjuster,
    AgendaDocument,
    AgendaItem,
    Approval,
    Attendance,
    Body,
    BodyKind,
    BodyMember,
    CalendarFeed,
    Correction,
    Meeting,
    Recusal,
)


@admin.register(BodyKind)
class BodyKindAdmin(HistoryAdmin):
    list_display = ["name", "kind", "agreement", "order"]
    list_filter = ["agreement", "kind"]


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Body)
class BodyAdmin(HistoryAdmin):
    list_display = ["name", "short_code", "kind", "agreement", "reports_to", "meetings_per_year", "is_standing"]
    list_filter = ["agreement", "kind__kind", "is_standing"]
    list_select_related = ["kind", "agreement", "reports_to"]
    search_fields = ["name", "short_code", "mandate"]
    autocomplete_fields = ["activities"]
    inlines = [BodyMemberInline]


class FrozenMinutesAdmin(HistoryAdmin):
    """Approved minutes are shown, never changed: no field, no add, no delete, no history revert."""

    def is_frozen(self, obj) -> bool:
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and self.is_frozen(obj):
            return [f.name for f in self.model._meta.get_fields() if f.concrete and not f.auto_created]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and self.is_frozen(obj)) and super().has_delete_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        return (obj is not None and self.is_frozen(obj)) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The version shown is the old one, which may predate the approval: decide on the object as it is now.
        current = self.get_object(request, object_id)
        if current is not None and self.is_frozen(current) and request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class FrozenInline:
    def _frozen(self, obj) -> bool:
        return obj is not None and obj.is_approved

    def get_readonly_fields(self, request, obj=None):
        if self._frozen(obj):
            return [f.name for f in self.model._meta.concrete_fields if not f.primary_key]
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class AdjusterInline(FrozenInline, admin.TabularInline):
    model = Adjuster
    extra = 0
    autocomplete_fields = ["user"]


class AgendaItemInline(FrozenInline, admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "is_section", "title", "description", "decision_proposal", "minutes"]
    show_change_link = True


class AttendanceInline(FrozenInline, admin.TabularInline):
    model = Attendance
    fk_name = "meeting"
    extra = 0
    fields = ["member", "name", "status", "substitute_for", "arrived_at_item", "left_after_item"]


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0
    fields = ["user", "item", "correction", "approved_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(FrozenMinutesAdmin):
    list_display = ["__str__", "body", "starts_at", "state", "approval_due_on", "approved_at"]
    list_filter = ["state", "body__agreement", "body"]
    list_select_related = ["body"]
    autocomplete_fields = ["chair", "secretary"]
    readonly_fields = ["approved_at", "fingerprint", "ical_uid", "ical_sequence", "calendar_changed_at"]
    inlines = [AdjusterInline, AgendaItemInline, AttendanceInline, ApprovalInline]

    def is_frozen(self, obj) -> bool:
        return obj.is_approved


@admin.register(AgendaItem)
class AgendaItemAdmin(FrozenMinutesAdmin):
    list_display = ["title", "meeting", "position", "is_section"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "minutes"]
    filter_horizontal = ["activities", "goal_areas"]
    readonly_fields = ["immediately_approved_at"]

    def is_frozen(self, obj) -> bool:
        return obj.is_frozen


@admin.register(AgendaDocument)
class AgendaDocumentAdmin(FrozenMinutesAdmin):
    list_display = ["title", "item", "uploaded_at"]

    def is_frozen(self, obj) -> bool:
        return obj.item.is_frozen


@admin.register(Recusal)
class RecusalAdmin(FrozenMinutesAdmin):
    list_display = ["attendance", "item", "reason"]

    def is_frozen(self, obj) -> bool:
        return obj.item.is_frozen


@admin.register(Correction)
class CorrectionAdmin(FrozenMinutesAdmin):
    list_display = ["__str__", "meeting", "item", "approved_at"]
    readonly_fields = ["approved_at"]

    def is_frozen(self, obj) -> bool:
        return obj.is_approved


@admin.register(CalendarFeed)
class CalendarFeedAdmin(HistoryAdmin):
    list_display = ["__str__", "user", "created_at", "revoked_at"]
    readonly_fields = ["created_at", "revoked_at"]
    # The token is a password in a URL: not shown here.
    exclude = ["token"]


from . import decision_admin  # noqa: E402, F401  (decisions, action items, raised questions)
