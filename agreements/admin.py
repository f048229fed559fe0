import datetime

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .frozen_admin import FrozenAdminMixin, FrozenPartInlineMixin
from .history_admin import HistoryAdmin
from .models import (
    Agreement,
    AgreementParty,
    Amendment,
    Appendix,
    AppendixVersion,
    GoalArea,
    Membership,
    Party,
    Principle,
    Signatory,
    TimeHorizon,
)
from .structure import start_agreement


@admin.register(Party)
class PartyAdmin(HistoryAdmin):
    list_display = ["name", "kind", "organisation_number", "address"]
    search_fields = ["name", "organisation_number"]


class RemovalRefusedFormSet(BaseInlineFormSet):
    """Says why a row ticked for deletion cannot go (a party someone signs for, the last unsigned signatory;
    `removal_refused` on the model) instead of the model's refusal failing the save."""

    def clean(self):
        super().clean()
        refused = [
            reason for form in self.deleted_forms if form.instance.pk and (reason := form.instance.removal_refused())
        ]
        if refused:
            raise forms.ValidationError(refused)


class AgreementPartyInline(FrozenPartInlineMixin, admin.TabularInline):
    model = AgreementParty
    formset = RemovalRefusedFormSet
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
        fields = ["signed_on", "signed_undated"]  # the admin adds the rest from its fieldsets or inline

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

    def clean_signed_undated(self):
        undated = self.cleaned_data.get("signed_undated")
        if self.instance.pk and self.instance.signed_undated and not undated:
            raise forms.ValidationError(
                gettext_lazy("A registered signature cannot be changed or removed."), code="signed"
            )
        return undated

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("signed_on") and cleaned.get("signed_undated"):
            self.add_error("signed_undated", gettext_lazy("A signature has a date or is marked as undated, not both."))
        return cleaned

    @property
    def signature(self) -> tuple[bool, datetime.date | None]:
        """Whether this form registers a signature, and its date (None: signed without a date on the paper)."""
        if self.cleaned_data.get("DELETE"):
            return False, None
        signed_on = self.cleaned_data.get("signed_on")
        if "signed_on" in self.changed_data and signed_on:
            return True, signed_on
        if "signed_undated" in self.changed_data and self.cleaned_data.get("signed_undated"):
            return True, None
        return False, None


class SignatoryFormSet(RemovalRefusedFormSet):
    """A signatory may sign for a party added on the same page: the parties' inline is saved first."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.instance.parties_added_alongside = self.parties_posted()

    def parties_posted(self) -> frozenset[int]:
        prefix = "agreement_parties"  # the parties' inline, named by its related name
        if not self.is_bound:
            return frozenset()
        total = str(self.data.get(f"{prefix}-TOTAL_FORMS", ""))
        rows = range(min(int(total), 1000)) if total.isascii() and total.isdigit() else range(0)
        values = [
            str(self.data.get(f"{prefix}-{row}-party", ""))
            for row in rows
            if not self.data.get(f"{prefix}-{row}-DELETE")
        ]
        return frozenset(int(value) for value in values if value.isascii() and value.isdigit())


class SignatoryInline(FrozenPartInlineMixin, admin.TabularInline):
    model = Signatory
    form = SignatoryAdminForm
    formset = SignatoryFormSet
    # Named, or the inline takes the form's own two fields only and a signatory cannot be entered here at all.
    fields = ["order", "name", "title", "organisation", "party", "signed_on", "signed_undated"]
    extra = 0


class AmendmentInline(FrozenPartInlineMixin, admin.StackedInline):
    model = Amendment
    extra = 0


class AppendixInline(FrozenPartInlineMixin, admin.TabularInline):
    """The appendices listed in the agreement's text; their versions (text, file) on each appendix's own page."""

    model = Appendix
    extra = 0
    show_change_link = True


def _appendix_frozen(appendix: Appendix | None) -> bool:
    return appendix is not None and appendix.pk is not None and appendix.agreement.is_frozen_in_database()


class AppendixVersionInline(admin.StackedInline):
    """The versions recorded so far: editable on a draft, read-only (and undeletable) once the agreement is signed."""

    model = AppendixVersion
    extra = 0
    fields = ["number", "decided_on", "decided_by", "text", "file", "file_sha256", "signed_with_agreement"]
    readonly_fields = ["number", "file_sha256", "signed_with_agreement"]

    def get_readonly_fields(self, request, obj=None):
        if _appendix_frozen(obj):
            return self.fields
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return not _appendix_frozen(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _appendix_frozen(obj) and super().has_delete_permission(request, obj)


class NewAppendixVersionForm(forms.ModelForm):
    class Meta:
        model = AppendixVersion
        fields = ["decided_on", "decided_by", "text", "file"]
        help_texts = {
            "decided_on": gettext_lazy("The day the body decided this version."),
            "decided_by": gettext_lazy("The body and decision, e.g. “Strategisk ledning 2024-12-10, § 7”."),
        }


class NewAppendixVersionInline(admin.StackedInline):
    """After signing, a revised appendix comes as a new version (dated, with the decision), never as an edit."""

    model = AppendixVersion
    form = NewAppendixVersionForm
    extra = 1
    fields = ["decided_on", "decided_by", "text", "file"]
    verbose_name = gettext_lazy("new version")
    verbose_name_plural = gettext_lazy("record a new version")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_view_permission(self, request, obj=None):
        return _appendix_frozen(obj) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return _appendix_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Appendix)
class AppendixAdmin(HistoryAdmin):
    list_display = ["__str__", "agreement", "is_original", "is_public"]
    list_select_related = ["agreement"]
    fields = ["agreement", "number", "title", "is_original", "is_public"]
    readonly_fields = ["is_original"]
    inlines = [AppendixVersionInline, NewAppendixVersionInline]

    def get_readonly_fields(self, request, obj=None):
        if _appendix_frozen(obj):
            return ["agreement", "number", "title", "is_original"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _appendix_frozen(obj) and super().has_delete_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        return _appendix_frozen(obj) or super().revert_disabled(request, obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agreement)
class AgreementAdmin(FrozenAdminMixin, HistoryAdmin):
    list_display = ["__str__", "valid_from", "valid_until", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    readonly_fields = ["frozen_at"]
    inlines = [
        AgreementPartyInline,
        PrincipleInline,
        TimeHorizonInline,
        GoalAreaInline,
        SignatoryInline,
        AppendixInline,
        AmendmentInline,
        MembershipInline,
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            start_agreement(obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is Signatory:
            # Save the signatories without the dates typed in; save_related then registers each as a signature.
            formset.signatures = []
            for inline_form in formset.forms:
                signs, signed_on = inline_form.signature
                if signs:
                    formset.signatures.append((inline_form.instance, signed_on))
                    inline_form.instance.signed_on = None
                    inline_form.instance.signed_undated = False
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
