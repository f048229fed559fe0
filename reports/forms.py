"""The dashboard's quarter picker, the approval of a quarter's report and the plan report's day."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.forms import RowChoiceField

from .quarters import Quarter, quarters_between


class QuarterPickForm(forms.Form):
    """Which agreement and quarter to show. Read from the query string (a GET form), so a view can be shared."""

    agreement = RowChoiceField(label=_("Agreement"), queryset=None, empty_label=None)
    quarter = forms.ChoiceField(label=_("Quarter"))

    def __init__(self, agreements, *args, first_day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        self.fields["quarter"].choices = [(q.slug, q.label) for q in quarters_between(first_day, Quarter.current())]

    def clean_quarter(self) -> Quarter:
        return Quarter.parse(self.cleaned_data["quarter"])


class ApprovalForm(forms.Form):
    decision = forms.CharField(
        label=_("Decision"),
        max_length=300,
        help_text=_("The meeting and item where the strategic body approved the report, e.g. “2024-10-15, § 12”."),
    )


class PlanReportDayForm(forms.Form):
    """The day the plan report shows (`?per=2026-12-01`); today in Europe/Stockholm when not given."""

    per = forms.DateField(
        label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_per(self):
        day = self.cleaned_data["per"]
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The plan cannot be reported for a day that has not come."), code="future")
        return day or timezone.localdate()


class MovedAreaForm(forms.Form):
    """Which goal area's moved activities the whole list shows (`?omrade=2`, the area's place in the dashboard's
    tables: an approved report's snapshot knows its goal areas by place, not by id). None: every area."""

    omrade = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, rows, word: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["omrade"]
        field.label = word
        field.choices = [("", _("All")), *((str(n), row_label(row)) for n, row in enumerate(rows, start=1))]


def row_label(row) -> str:
    return f"{row.code}. {row.title}" if row.code else row.title
