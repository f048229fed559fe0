from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .frozen_admin import FrozenAdminMixin, FrozenPartInlineMixin
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


class AgreementPartyInline(FrozenPartInlineMixin, admin.TabularInline):
    model = AgreementParty
    extra = 0


class PrincipleInline(FrozenPartInlineMixin, admin.TabularInline):
    model = Principle
    extra = 0


class TimeHorizonInline(FrozenPartInlineMixin, admin.StackedInline):
    model = TimeHorizon
    extra = 0


class GoalAreaInline(admin.StackedInline):
    model = GoalArea
    extra = 0


class SignatoryAdminForm(forms.ModelForm):
    """A date typed here is a signature: registered through Agreement.register_signature (AgreementAdmin)."""

    class Meta:
        model = Signatory
        fields = ["signed_on"]  # the admin adds the rest from its fieldsets or inline

    def clean_signed_on(self):
        signed_on = self.cleaned_data.get("signed_on")
        stored = self.instance.signed_on if self.instance.pk else None
        if stored is not None and signed_on != stored:
            raise forms.ValidationError(
                gettext_lazy("A registered signature cannot be changed or removed."), code="signed"
            )
        if signed_on and signed_on > timezone.localdate():
            raise forms.ValidationError(gettext_lazy("A signature cannot be dated in the future."), code="future")
        return signed_on


class SignatoryInline(FrozenPartInlineMixin, admin.TabularInline):
    model = Signatory
    form = SignatoryAdminForm
    extra = 0


class AmendmentInline(FrozenPartInlineMixin, admin.StackedInline):
    model = Amendment
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agreement)
class AgreementAdmin(FrozenAdminMixin, SimpleHistoryAdmin):
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

    def save_formset(self, request, form, formset, change):
        if formset.model is Signatory:
            # Save the signatories without the dates typed in; save_related then registers each as a signature.
            formset.signatures = []
            for inline_form in formset.forms:
                signed_on = inline_form.cleaned_data.get("signed_on")
                if "signed_on" in inline_form.changed_data and signed_on and not inline_form.cleaned_data.get("DELETE"):
                    formset.signatures.append((inline_form.instance, signed_on))
                    inline_form.instance.signed_on = None
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        agreement = form.instance
        was_frozen = agreement.is_frozen
        for formset in formsets:
            for signatory, signed_on in getattr(formset, "signatures", []):
                agreement.register_signature(signatory, on=signed_on)
        if agreement.is_frozen and not was_frozen:
            messages.success(request, _("All have signed: the agreement is signed and its text is now frozen."))
