"""Forms of the decision pages: recording a decision, its execution, the register's filters, action items."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from agreements.models import Agreement, GoalArea

from .decision_models import ActionItem, Decision
from .forms import PersonChoiceField, people_of
from .models import Body


class DecisionForm(forms.ModelForm):
    """Text, date and what it concerns; the number is given when it is recorded."""

    class Meta:
        model = Decision
        fields = [
            "decided_on", "taken_by", "text", "activities", "goal_areas", "allocates_resources", "resources",
            "carried_out_by", "execution_due_on",
        ]  # fmt: skip
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "execution_due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, body: Body, *args, per_capsulam: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = Activity.objects.filter(agreement=body.agreement, parent=None)
        self.fields["goal_areas"].queryset = GoalArea.objects.filter(agreement=body.agreement)
        if per_capsulam:
            self.fields["taken_by"].required = True
        else:
            del self.fields["taken_by"]


class ExecutionForm(forms.Form):
    execution = forms.ChoiceField(label=_("Carried out"), choices=Decision.Execution.choices)
    comment = forms.CharField(
        label=_("Comment"), max_length=2_000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RegisterFilterForm(forms.Form):
    """The register's filters: every one optional, the empty choice reads "Alla"."""

    q = forms.CharField(label=_("Search the text"), required=False, max_length=200)
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none(), required=False, empty_label=_("All"))
    year = forms.TypedChoiceField(label=_("Year"), choices=(), coerce=int, required=False, empty_value=None)
    goal_area = forms.ModelChoiceField(
        label=_("Goal area"), queryset=GoalArea.objects.none(), required=False, empty_label=_("All")
    )
    activity = forms.ModelChoiceField(
        label=_("Activity"), queryset=Activity.objects.none(), required=False, empty_label=_("All")
    )
    execution = forms.ChoiceField(
        label=_("Carried out"), choices=[("", _("All")), *Decision.Execution.choices], required=False
    )

    def __init__(self, agreement: Agreement, years: list[int], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(agreement=agreement)
        self.fields["goal_area"].queryset = GoalArea.objects.filter(agreement=agreement)
        self.fields["activity"].queryset = Activity.objects.filter(agreement=agreement, parent=None)
        self.fields["year"].choices = [("", _("All")), *[(year, str(year)) for year in years]]

    def filter(self, decisions):
        if not self.is_valid():
            return decisions.none()
        data = self.cleaned_data
        if data["q"]:
            decisions = decisions.filter(text__icontains=data["q"])
        if data["body"]:
            decisions = decisions.filter(body=data["body"])
        if data["year"]:
            decisions = decisions.filter(year=data["year"])
        if data["goal_area"]:
            decisions = decisions.filter(goal_areas=data["goal_area"])
        if data["activity"]:
            decisions = decisions.filter(activities=data["activity"])
        if data["execution"]:
            decisions = decisions.filter(execution=data["execution"])
        return decisions.distinct()


class ActionItemForm(forms.ModelForm):
    owner = PersonChoiceField(label=_("Owner"), queryset=User.objects.none())

    class Meta:
        model = ActionItem
        fields = ["what", "owner", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, body: Body, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(body)


class ActivityActionItemForm(ActionItemForm):
    """An action item raised on an activity: the body that follows it up, and an owner among the agreement's
    people (its members and those with a seat in one of its bodies)."""

    body = forms.ModelChoiceField(label=_("Followed up by"), queryset=Body.objects.none())

    class Meta(ActionItemForm.Meta):
        fields = ["body", "what", "owner", "due_on"]

    def __init__(self, bodies, *args, **kwargs):
        forms.ModelForm.__init__(self, *args, **kwargs)
        self.fields["body"].queryset = bodies
        agreement_ids = bodies.values("agreement_id")
        self.fields["owner"].queryset = (
            User.objects.filter(Q(memberships__agreement__in=agreement_ids) | Q(body_seats__body__in=bodies))
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
