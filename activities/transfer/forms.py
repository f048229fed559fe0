"""Forms of the plan's import, export and carry-over pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ImportChangeSet
from agreements.models import Agreement

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Activity plan (.xlsx)"),
        help_text=_("The sheet “Aktiviteter” in the officials' layout, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_large")
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel file ending in .xlsx."), code="extension")
        data = upload.read()
        if not data.startswith(XLSX_MAGIC):
            raise forms.ValidationError(_("The file is not an Excel file (.xlsx)."), code="not_xlsx")
        self.cleaned_data["data"] = data
        return upload


class ConflictKeysField(forms.Field):
    """A list of names from checkboxes of one name."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        return [str(key)[:40] for key in value or []][:10_000]


class ConfirmImportForm(forms.Form):
    """Names the change set the admin previewed (its one-time token) and the conflicts where they chose the
    file's value. Only the admin who previewed it can confirm it."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # Checkboxes in the preview table ("3:status"); which names are valid is known only from the change set.
    take = ConflictKeysField(required=False)

    def __init__(self, *args, agreement: Agreement, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement, self.user = agreement, user
        self.change_set: ImportChangeSet | None = None

    def clean(self):
        token = self.cleaned_data.get("token")
        self.change_set = ImportChangeSet.objects.filter(
            agreement=self.agreement, created_by=self.user, token=token
        ).first()
        if self.change_set is None:
            raise forms.ValidationError(
                _("The previewed file is no longer waiting to be imported. Upload it again."), code="gone"
            )
        return self.cleaned_data

    def chosen(self) -> list[str]:
        """The conflicts the admin chose the file's value for; names not in the change set are ignored."""
        conflicts = {
            change["key"]
            for entry in self.change_set.content["changes"]
            for change in entry["changes"]
            if change["conflict"]
        }
        return [key for key in self.cleaned_data["take"] if key in conflicts]


class CarryOverForm(forms.Form):
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities to carry over"),
        queryset=Activity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one activity."),
            # A second submit of the same choice (two tabs, a double click) lands here.
            "invalid_choice": _("An activity you chose has already been carried over, or is no longer in this plan."),
        },
    )

    def __init__(self, *args, agreement: Agreement, successor: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        already = Activity.objects.filter(agreement=successor, carried_over_from__isnull=False).values(
            "carried_over_from"
        )
        self.fields["activities"].queryset = (
            Activity.objects.filter(agreement=agreement, parent=None)
            .exclude(pk__in=already)
            .select_related("status")
            .order_by("position", "pk")
        )
        self.fields["activities"].label_from_instance = lambda activity: f"{activity.name} ({activity.status})"
