"""Forms of the decision pages: recording a decision, its execution, the register's filters, action items."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.models import User
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.forms import DateInput, RowChoiceField, RowsChoiceField
from activities.models import Activity, Status, StatusChange
from agreements.models import Agreement, AppendixVersion, GoalArea
from samverkan.widgets import LongSelect

from .decision_models import ActionItem, Decision, before_decision_message
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
    # Hundreds of activities: offered as (id, name) pairs read in one query, not as model instances.
    activity = forms.TypedChoiceField(
        label=_("Activity"), choices=(), coerce=int, required=False, empty_value=None, widget=LongSelect
    )
    execution = forms.ChoiceField(
        label=_("Carried out"), choices=[("", _("All")), *Decision.Execution.choices], required=False
    )

    def __init__(self, agreement: Agreement, years: list[int], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(agreement=agreement)
        self.fields["goal_area"].queryset = GoalArea.objects.filter(agreement=agreement)
        activities = Activity.objects.filter(agreement=agreement, parent=None).values_list("pk", "name")
        self.fields["activity"].choices = [("", _("All")), *activities]
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
        if data["execution"]:
            decisions = decisions.filter(execution=data["execution"])
        # A goal area or an activity is one of several a decision may name: ask for the decisions among them, so
        # none is counted twice (and the register's plain listing needs no DISTINCT over every column).
        if data["goal_area"]:
            decisions = decisions.filter(pk__in=Decision.objects.filter(goal_areas=data["goal_area"]).values("pk"))
        if data["activity"]:
            decisions = decisions.filter(pk__in=Decision.objects.filter(activities__pk=data["activity"]).values("pk"))
        return decisions


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


# --- Carrying a decision out in the plan (Decision.change_activity_status, .add_activity, .link_appendix_version) ---


class ExecutionStepField(forms.ChoiceField):
    """Whether recording the change also moves the decision's execution on: only when the user says so."""

    def __init__(self, **kwargs):
        choices = [("", _("Leave it as it is")), *Decision.Execution.choices[1:]]
        super().__init__(label=_("How far the decision has been carried out"), choices=choices, required=False,
                         **kwargs)  # fmt: skip


class PlanActivityChoiceField(RowChoiceField):
    def label_from_instance(self, activity: Activity) -> str:
        return f"{activity.parent.name} › {activity.name}" if activity.parent_id else activity.name


class PlanStatusForm(forms.Form):
    """“Genomför i planen”: give one of the agreement's activities the status the decision gives it."""

    activity = PlanActivityChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        error_messages={"invalid_choice": _("Choose an activity in the plan of the decision's own agreement.")},
    )
    status = RowChoiceField(
        label=_("New status"),
        queryset=Status.objects.none(),
        error_messages={"invalid_choice": _("Choose one of this agreement's statuses.")},
    )
    effective_on = forms.DateField(
        label=_("Took effect on"), help_text=_("The day the decision was taken, unless it took effect later."),
        widget=DateInput,
    )  # fmt: skip
    comment = forms.CharField(
        label=_("Comment"), max_length=StatusChange._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    execution = ExecutionStepField()

    def __init__(self, decision: Decision, *args, **kwargs):
        kwargs.setdefault("prefix", "plan")
        kwargs.setdefault(
            "initial",
            {"effective_on": decision.decided_on, "comment": _("As decided in %(label)s.") % {"label": decision.label}},
        )
        super().__init__(*args, **kwargs)
        self.decision = decision
        agreement_id = decision.body.agreement_id
        # Each activity followed by its sub-activities, in the plan's order.
        self.fields["activity"].queryset = (
            Activity.objects.filter(agreement_id=agreement_id)
            .select_related("parent")
            .annotate(group_position=Coalesce("parent__position", "position"), group=Coalesce("parent_id", "pk"))
            .order_by("group_position", "group", F("parent_id").asc(nulls_first=True), "position", "pk")
        )
        self.fields["status"].queryset = Status.objects.filter(agreement_id=agreement_id)
        self.fields["status"].label_from_instance = lambda status: f"{status.symbol} {status.name}"
        self.fields["effective_on"].widget.attrs.update(
            {"min": decision.decided_on.isoformat(), "max": timezone.localdate().isoformat()}
        )

    def clean_effective_on(self) -> datetime.date:
        effective_on = self.cleaned_data["effective_on"]
        if effective_on > timezone.localdate():
            raise forms.ValidationError(_("A change cannot take effect in the future."), code="future")
        if effective_on < self.decision.decided_on:
            raise forms.ValidationError(before_decision_message(self.decision), code="before_decision")
        return effective_on


class PlanActivityForm(forms.Form):
    """“Genomför i planen”: a new activity the decision puts in the plan, in the plan's default status."""

    name = forms.CharField(label=_("Name of the new activity"), max_length=Activity._meta.get_field("name").max_length)
    goal_areas = RowsChoiceField(
        label=_("Goal areas"),
        queryset=GoalArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one goal area."),
            "invalid_choice": _("Choose goal areas of this agreement."),
        },
    )
    execution = ExecutionStepField()

    def __init__(self, decision: Decision, *args, **kwargs):
        kwargs.setdefault("prefix", "new")
        kwargs.setdefault("initial", {"goal_areas": list(decision.goal_areas.all())})
        super().__init__(*args, **kwargs)
        agreement = decision.body.agreement
        self.fields["goal_areas"].queryset = GoalArea.objects.filter(agreement=agreement)
        self.fields["goal_areas"].label = agreement.goal_area_term_plural.capitalize()


class PlanAppendixForm(forms.Form):
    """A version of one of the agreement's appendices that this decision made, not yet linked to any decision."""

    appendix_version = RowChoiceField(
        label=_("Appendix version"),
        queryset=AppendixVersion.objects.none(),
        error_messages={"invalid_choice": _("Choose a version of this agreement's appendices not yet linked.")},
    )
    execution = ExecutionStepField()

    def __init__(self, decision: Decision, *args, **kwargs):
        kwargs.setdefault("prefix", "appendix")
        super().__init__(*args, **kwargs)
        self.fields["appendix_version"].queryset = AppendixVersion.objects.filter(
            agreement_id=decision.body.agreement_id, decision_effect__isnull=True
        ).select_related("appendix")
