"""Forms of the plan's import, export and carry-over pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
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


class ConfirmImportForm(forms.Form):
    # Names the upload in the session the admin previewed, so a second tab cannot confirm a different file.
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class CarryOverForm(forms.Form):
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities to carry over"),
        queryset=Activity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one activity.")},
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
