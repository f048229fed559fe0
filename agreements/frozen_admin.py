"""The admin's side of freezing (agreements.freezing): frozen rows are shown read-only and cannot be deleted or
reverted, whichever admin page, inline or action is used.

`FrozenAdminMixin` goes before `HistoryAdmin` on the admin of a `Freezable` model; `FrozenPartInlineMixin`
before `TabularInline`/`StackedInline` on an inline of a `FrozenPart` shown on its owner's page. The models refuse
these changes anyway; the mixins make the admin say so instead of offering what would fail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .freezing import Freezable


def _is_frozen(obj) -> bool:
    # The admin may hand over a historical copy (the history page): the stored row decides.
    return isinstance(obj, Freezable) and obj.is_frozen_in_database()


def _read_only_names(model, mutable) -> list[str]:
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    fields += [f for f in opts.many_to_many if f.remote_field.through._meta.auto_created]
    # A part's link to its owner is not a column of the owner's inline.
    owner = getattr(model, "FROZEN_WITH", None)
    return [f.name for f in fields if f.name not in mutable and f.attname not in mutable and f.name != owner]


class FrozenAdminMixin:
    """For the admin of a Freezable model: a frozen row is read-only, undeletable and has no history revert."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if _is_frozen(obj):
            readonly += [n for n in _read_only_names(self.model, self.model.MUTABLE_WHEN_FROZEN) if n not in readonly]
        return readonly

    def has_delete_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # The bulk "delete selected" action lists frozen rows as protected, so it deletes nothing.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        frozen = [obj for obj in objs if _is_frozen(obj)]
        return deleted, model_count, perms_needed, [*protected, *map(str, frozen)]

    def revert_disabled(self, request, obj=None):
        return _is_frozen(obj) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if request.method == "POST" and _is_frozen(current):
            messages.error(
                request, _("%(object)s is frozen: it cannot be reverted to an earlier version.") % {"object": current}
            )
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history", args=[current.pk])
            )
        return super().history_form_view(request, object_id, version_id, extra_context)


class FrozenPartInlineMixin:
    """For an inline of a FrozenPart on its owner's page: read-only, nothing added or deleted once frozen."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if _is_frozen(obj):
            readonly += [n for n in _read_only_names(self.model, self.model.MUTABLE_WHEN_FROZEN) if n not in readonly]
        return readonly

    def has_add_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _is_frozen(obj) and super().has_delete_permission(request, obj)
