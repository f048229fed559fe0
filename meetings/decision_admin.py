"""The admin of decisions, action items and raised questions.

Decisions get their number only through `record_decision` (the portal's pages), so the admin adds none; it
shows them with their number, body and text read-only and lets an administrator correct the links and how far
a decision has been carried out (a change to frozen content is refused by the model whatever the form says).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agreements.history_admin import HistoryAdmin

from .decision_models import ActionItem, Decision, RaisedQuestion


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    list_display = ["label", "body", "decided_on", "execution"]
    list_filter = ["body__agreement", "body", "year", "execution"]
    search_fields = ["text"]
    readonly_fields = ["body", "year", "number", "item", "decided_on", "taken_by", "text"]
    filter_horizontal = ["activities", "goal_areas", "amendments"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("number"), ordering="number")
    def label(self, decision: Decision) -> str:
        return decision.label


@admin.register(ActionItem)
class ActionItemAdmin(HistoryAdmin):
    list_display = ["what", "owner", "due_on", "done_at", "body"]
    list_filter = ["body__agreement", "body"]
    search_fields = ["what"]
    raw_id_fields = ["item", "activity", "owner"]


@admin.register(RaisedQuestion)
class RaisedQuestionAdmin(HistoryAdmin):
    list_display = ["question", "to_body", "raised_at", "answered_at"]
    list_filter = ["to_body__agreement", "to_body"]
    readonly_fields = ["to_body", "question", "item", "activity", "action_item", "raised_by", "answered_by"]

    def has_add_permission(self, request):
        return False
