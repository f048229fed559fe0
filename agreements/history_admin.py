"""The admin of every model with history: simple-history's pages, with the changes written for people.

The history page lists each version's changes as "field: old → new"; simple-history writes the stored
values as Python prints them (False, None, a choice's code). Here they read as the rest of the admin does:
Ja/Nej, a choice's label, "-" for nothing; and a version saved without a reason has an empty reason, not
"None". Every app's admin of a tracked model derives from `HistoryAdmin`.
"""

from typing import Any

from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


class ReadableChanges(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value) -> Any:
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        if value is None or value == "":
            return "-"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value


class HistoryAdmin(SimpleHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record) -> ReadableChanges:
        return ReadableChanges(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True) -> None:
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            # The list prints a version saved without a reason (every one of ours) as "None".
            if record.history_change_reason is None:
                record.history_change_reason = ""
