"""Forms of the follow-up pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, District
from activities.transfer.forms import ImportForm

from .models import Cause, Evaluation, Indicator, IndicatorValue, Problem, Sex
from .periods import PeriodError, parse_period


class ValueForm(forms.Form):
    """One value of an indicator for one period (and district, sex where the indicator has them)."""

    period = forms.CharField(label=_("Period"), max_length=20)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none(), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", _("Both"))] + Sex.choices, required=False)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, localize=True)
    is_final = forms.BooleanField(label=_("Final (not preliminary)"), required=False)

    def __init__(self, indicator: Indicator, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        example = _("e.g. %(example)s") % {"example": _EXAMPLES[indicator.cadence]}
        self.fields["period"].help_text = example
        if indicator.by_district:
            self.fields["district"].queryset = District.objects.filter(agreement_id=indicator.agreement_id)
            self.fields["district"].empty_label = _("All districts (total)")
        else:
            del self.fields["district"]
        if not indicator.by_sex:
            del self.fields["sex"]

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"], self.indicator.cadence)
        except PeriodError as error:
            raise forms.ValidationError(str(error), code="period") from None

    def save(self, by) -> IndicatorValue:
        data = self.cleaned_data
        return self.indicator.record_value(
            period=data["period"],
            value=data["value"],
            by=by,
            is_final=data["is_final"],
            district=data.get("district"),
            sex=data.get("sex") or "",
        )


_EXAMPLES = {"monthly": "2024-03", "quarterly": "2024 K3", "term": "HT 2024", "yearly": "2024"}


class ValueImportForm(ImportForm):
    file = forms.FileField(
        label=_("Values (.xlsx)"),
        help_text=_("Columns Period, Stadsdel and Värde (Kön and Slutligt if you have them), at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ValueImportConfirmForm(forms.Form):
    # Names the upload in the session the owner previewed, so a second tab cannot confirm a different file.
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ActivityLinksForm(forms.Form):
    """Which problems and causes an activity addresses."""

    problems = forms.ModelMultipleChoiceField(
        label=_("Problems"), queryset=Problem.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    causes = forms.ModelMultipleChoiceField(
        label=_("Causes"), queryset=Cause.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, activity: Activity, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["problems"].queryset = Problem.objects.filter(
            situation_picture__agreement_id=activity.agreement_id
        ).select_related("situation_picture")
        self.fields["problems"].label_from_instance = lambda p: f"{p.situation_picture.year}: {p.title}"
        self.fields["causes"].queryset = Cause.objects.filter(
            problem__situation_picture__agreement_id=activity.agreement_id
        ).select_related("problem")
        self.fields["causes"].label_from_instance = lambda c: f"{c.problem.title} › {c.text}"
        if not self.is_bound:
            self.initial = {"problems": list(activity.problems.all()), "causes": list(activity.causes.all())}

    def save(self) -> None:
        # Through the related managers, so the problems' and causes' history records the link.
        chosen = {"problems": set(self.cleaned_data["problems"]), "causes": set(self.cleaned_data["causes"])}
        for name in chosen:
            current = set(getattr(self.activity, name).all())
            for item in current - chosen[name]:
                item.activities.remove(self.activity)
            for item in chosen[name] - current:
                item.activities.add(self.activity)


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["kind", "judgement", "text", "evaluated_on"]
        widgets = {"evaluated_on": forms.DateInput(attrs={"type": "date"}), "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The instance comes with its agreement and what it evaluates (an activity or a promise).
        self.fields["judgement"].queryset = self.instance.agreement.judgements.all()


class CycleDoneForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=1900, max_value=2200)
