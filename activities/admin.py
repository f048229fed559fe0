from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, District, Person, Responsibility, Status, StatusChange


@admin.register(Status)
class StatusAdmin(SimpleHistoryAdmin):
    list_display = ["name", "agreement", "kind", "colour", "symbol", "order", "is_default"]
    list_filter = ["agreement", "kind"]
    list_editable = ["order"]


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["name", "agreement"]
    list_filter = ["agreement"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "agreement", "user"]
    list_filter = ["agreement"]
    search_fields = ["name", "organisation", "user__username"]
    autocomplete_fields = ["user"]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    autocomplete_fields = ["person"]


class SubActivityInline(admin.TabularInline):
    model = Activity
    fk_name = "parent"
    fields = ["name", "status", "position"]
    extra = 0
    show_change_link = True


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "parent", "agreement", "status", "is_prioritised", "resource_reinforcement"]
    list_filter = ["agreement", "status__kind", "is_prioritised", "resource_reinforcement", "goal_areas__code"]
    search_fields = ["name", "handled_by_text", "background", "objectives"]
    list_select_related = ["parent", "agreement", "status"]
    autocomplete_fields = ["parent", "carried_over_from"]
    filter_horizontal = ["goal_areas", "districts"]
    readonly_fields = ["version", "updated_at"]
    inlines = [ResponsibilityInline, SubActivityInline]
    fieldsets = [
        (None, {"fields": ["agreement", "parent", "position", "name", "is_prioritised", "status", "time_horizon"]}),
        (None, {"fields": ["goal_areas", "districts"]}),
        (
            None,
            {"fields": ["background", "objectives", "method", "follow_up_measures", "working_group", "open_questions"]},
        ),
        (
            None,
            {
                "fields": [
                    ("starts_on", "starts_text"),
                    ("follow_up_on", "follow_up_text"),
                    ("ends_on", "ends_text"),
                    "resource_reinforcement",
                    "handled_by_text",
                ]
            },
        ),
        (None, {"fields": ["dropped_reason", "public_description", "carried_over_from", "version", "updated_at"]}),
    ]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    # The follow-up record: read here, written through Activity.set_status only.
    list_display = ["activity", "from_status", "to_status", "changed_by", "effective_on", "changed_at"]
    list_filter = ["to_status__kind"]
    list_select_related = ["activity", "from_status", "to_status", "changed_by"]
    readonly_fields = ["activity", "from_status", "to_status", "comment", "changed_by", "effective_on", "changed_at"]

    def has_add_permission(self, request) -> bool:
        return False
