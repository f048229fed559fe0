from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Agreement,
    AgreementParty,
    Amendment,
    GoalArea,
    Membership,
    Party,
    Principle,
    Signatory,
    TimeHorizon,
)


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "organisation_number"]
    search_fields = ["name", "organisation_number"]


class FrozenTextInline:
    """An inline holding part of the agreement's text: read-only, no adding or deleting once it is signed."""

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.is_frozen

    def get_readonly_fields(self, request, obj=None):
        if self._frozen(obj):
            mutable = getattr(self.model, "MUTABLE_AFTER_SIGNING", ())
            return [f.name for f in self.model._meta.concrete_fields if f.name not in mutable and not f.primary_key]
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class AgreementPartyInline(FrozenTextInline, admin.TabularInline):
    model = AgreementParty
    extra = 0


class PrincipleInline(FrozenTextInline, admin.TabularInline):
    model = Principle
    extra = 0


class TimeHorizonInline(FrozenTextInline, admin.StackedInline):
    model = TimeHorizon
    extra = 0


class GoalAreaInline(admin.StackedInline):
    model = GoalArea
    extra = 0


class SignatoryInline(FrozenTextInline, admin.TabularInline):
    model = Signatory
    extra = 0


class AmendmentInline(admin.StackedInline):
    model = Amendment
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "valid_from", "valid_until", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    readonly_fields = ["frozen_at"]
    inlines = [
        AgreementPartyInline,
        PrincipleInline,
        TimeHorizonInline,
        GoalAreaInline,
        SignatoryInline,
        AmendmentInline,
        MembershipInline,
    ]

    def get_readonly_fields(self, request, obj=None):
        # A signed agreement's text is frozen; the admin shows it but offers no field to change it.
        if obj is not None and obj.is_frozen:
            return [*self.readonly_fields, *Agreement.FROZEN_FIELDS]
        return self.readonly_fields
