"""The plan in the Django admin. An activity saved here is held to the same rules as in the portal: the save
carries the version the form was opened on and is refused when someone saved since, it moves the version,
and a status change goes through Activity.set_status with a comment (so a status entry names who, when, why).
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from agreements.history_admin import HistoryAdmin

from .models import Activity, District, Person, Responsibility, StaleVersionError, Status, StatusChange

STALE_MESSAGE = _(
    "Someone else saved this activity after you opened it. Nothing was saved: reload the page to see their "
    "changes, then make yours again."
)


@admin.register(Status)
class StatusAdmin(HistoryAdmin):
    list_display = ["name", "agreement", "kind", "colour", "symbol", "order", "is_default"]
    list_filter = ["agreement", "kind"]
    list_editable = ["order"]


@admin.register(District)
class DistrictAdmin(HistoryAdmin):
    list_display = ["name", "agreement"]
    list_filter = ["agreement"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "organisation", "agreement", "user"]
    list_select_related = ["agreement", "user"]
    list_filter = ["agreement"]
    search_fields = ["name", "organisation", "user__username"]
    autocomplete_fields = ["user"]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    autocomplete_fields = ["person"]


class SubActivityInline(admin.TabularInline):
    """A list of the sub-activities; each is edited on its own page, where its version and status are checked."""

    model = Activity
    fk_name = "parent"
    fields = readonly_fields = ["name", "status", "position"]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ActivityAdminForm(forms.ModelForm):
    based_on_version = forms.IntegerField(
        label=_("version the form was opened on"), widget=forms.HiddenInput, required=False
    )
    status_comment = forms.CharField(
        label=_("Comment on the status change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the status changes."),
    )

    class Meta:
        model = Activity
        fields = ["status"]  # the admin adds the rest from its fieldsets or inline

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = None
        if self.instance.pk is not None:
            # The row as stored, not the instance: on the history page the instance is an old version.
            self.stored = Activity.objects.filter(pk=self.instance.pk).values("version", "status_id").first()
        if self.stored is not None:
            self.fields["based_on_version"].initial = self.stored["version"]
            self.fields["based_on_version"].required = True
        if status := self.fields.get("status"):
            # Every agreement has its own "Pågår": offer this activity's agreement's, or name each one's agreement.
            if self.instance.agreement_id:
                status.queryset = Status.objects.filter(agreement_id=self.instance.agreement_id)
            else:
                status.queryset = Status.objects.select_related("agreement").order_by("agreement", "order", "pk")
                status.label_from_instance = lambda s: f"{s.name} ({s.agreement.label})"

    def clean(self):
        cleaned = super().clean()
        if self.stored is None:
            return cleaned
        if cleaned.get("based_on_version") != self.stored["version"]:
            raise forms.ValidationError(STALE_MESSAGE, code="stale")
        status = cleaned.get("status")
        if status is not None and status.pk != self.stored["status_id"] and not cleaned["status_comment"].strip():
            self.add_error("status_comment", _("Write a comment: say why the status changes."))
        return cleaned


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    form = ActivityAdminForm
    list_display = ["name", "parent", "agreement", "status", "is_prioritised", "resource_reinforcement"]
    list_filter = ["agreement", "status__kind", "is_prioritised", "resource_reinforcement", "goal_areas__code"]
    search_fields = ["name", "handled_by_text", "background", "objectives"]
    list_select_related = ["parent", "agreement", "status"]
    autocomplete_fields = ["parent", "carried_over_from"]
    filter_horizontal = ["goal_areas", "districts"]
    readonly_fields = ["version", "updated_at"]
    inlines = [ResponsibilityInline, SubActivityInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "agreement",
                    "parent",
                    "position",
                    "name",
                    "is_prioritised",
                    "status",
                    "status_comment",
                    "time_horizon",
                ]
            },
        ),
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
        (None, {"fields": ["based_on_version"]}),
    ]

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        obj._history_user = request.user
        # Save the other fields on the version the form was opened on, then change the status the portal's way.
        new_status = obj.status
        obj.status_id = form.stored["status_id"]
        obj.save_if_current(form.cleaned_data["based_on_version"])
        if new_status.pk != obj.status_id:
            obj.set_status(new_status, by=request.user, comment=form.cleaned_data["status_comment"].strip())
        return None

    def _refusing_stale(self, view, request, *args, **kwargs):
        # A save that lost the race after the form's own check: refused whole, with the same message.
        try:
            return view(request, *args, **kwargs)
        except StaleVersionError:
            self.message_user(request, STALE_MESSAGE, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def changeform_view(self, request, *args, **kwargs):
        return self._refusing_stale(super().changeform_view, request, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        return self._refusing_stale(super().history_form_view, request, *args, **kwargs)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    # The follow-up record: read here, written through Activity.set_status only.
    list_display = ["activity", "from_status", "to_status", "changed_by", "effective_on", "changed_at"]
    list_filter = ["to_status__kind"]
    list_select_related = ["activity", "from_status", "to_status", "changed_by"]
    readonly_fields = ["activity", "from_status", "to_status", "comment", "changed_by", "effective_on", "changed_at"]

    def has_add_permission(self, request) -> bool:
        return False
