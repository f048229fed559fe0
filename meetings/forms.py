"""Forms of the meeting pages: the meeting, its agenda items and their minutes, attendance, jäv, documents,
corrections and calendar feeds."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.forms import RowChoiceField, RowsChoiceField
from agreements.limits import LONG_TEXT, TEXT

from .models import STOCKHOLM, AgendaDocument, AgendaItem, Attendance, Body, BodyMember, Meeting

# Attached documents stay small: they are agenda papers, not archives.
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


class PersonChoiceField(RowChoiceField):
    def label_from_instance(self, user: User) -> str:
        return user.get_full_name() or user.username


class PeopleChoiceField(RowsChoiceField):
    def label_from_instance(self, user: User) -> str:
        return user.get_full_name() or user.username


def people_of(body: Body, *also: User | None):
    """Logins with a seat in `body`, and whoever already holds a role in the meeting."""
    return (
        User.objects.filter(Q(body_seats__body=body) | Q(pk__in=[u.pk for u in also if u is not None]))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class MeetingForm(forms.ModelForm):
    """Date and local times (Europe/Stockholm) rather than one datetime: that is how people plan a meeting."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    chair = PersonChoiceField(label=_("Chair"), queryset=User.objects.none(), required=False)
    secretary = PersonChoiceField(label=_("Secretary"), queryset=User.objects.none(), required=False)
    adjusters = PeopleChoiceField(
        label=_("Adjusters"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or two, who approve the minutes."),
    )

    class Meta:
        model = Meeting
        fields = ["place", "link", "approval_due_on"]
        widgets = {"approval_due_on": forms.DateInput(attrs={"type": "date"})}

    field_order = ["date", "start_time", "end_time", "place", "link", "chair", "secretary", "adjusters"]

    def __init__(self, body: Body, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        meeting = self.instance
        current_adjusters = list(meeting.adjusters.all()) if meeting.pk else []
        people = people_of(body, meeting.chair, meeting.secretary, *current_adjusters)
        for name in ("chair", "secretary", "adjusters"):
            self.fields[name].queryset = people
        self.fields["link"].assume_scheme = "https"
        if meeting.pk:
            self.initial |= {
                "date": meeting.local_start.date(),
                "start_time": meeting.local_start.time().replace(second=0),
                "end_time": meeting.local_end.time().replace(second=0),
                "chair": meeting.chair,
                "secretary": meeting.secretary,
                "adjusters": current_adjusters,
            }

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start_time") and data.get("end_time"):
            start = datetime.datetime.combine(data["date"], data["start_time"], tzinfo=STOCKHOLM)
            end = datetime.datetime.combine(data["date"], data["end_time"], tzinfo=STOCKHOLM)
            if end <= start:
                self.add_error("end_time", _("The meeting must end after it starts."))
            data["starts_at"], data["ends_at"] = start, end
        if len(data.get("adjusters") or []) > 2:
            self.add_error("adjusters", _("Name one or two adjusters."))
        return data

    def save(self, commit: bool = True) -> Meeting:
        meeting = super().save(commit=False)
        moved = "date" in self.changed_data and "approval_due_on" not in self.changed_data
        meeting.body = self.body
        meeting.starts_at, meeting.ends_at = self.cleaned_data["starts_at"], self.cleaned_data["ends_at"]
        meeting.chair = self.cleaned_data["chair"]
        meeting.secretary = self.cleaned_data["secretary"]
        if moved:
            meeting.approval_due_on = None  # 14 days from the new date (Meeting.save)
        meeting.save()
        wanted = set(self.cleaned_data["adjusters"])
        for row in meeting.adjuster_rows.all():
            if row.user not in wanted:
                row.delete()
        have = set(meeting.adjuster_rows.values_list("user_id", flat=True))
        for user in wanted:
            if user.pk not in have:
                meeting.adjuster_rows.create(user=user)
        return meeting


class AgendaItemForm(forms.ModelForm):
    activities = RowsChoiceField(
        label=_("Activities"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    goal_areas = RowsChoiceField(
        label=_("Goal areas"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = AgendaItem
        fields = ["position", "is_section", "title", "description", "decision_proposal", "activities", "goal_areas"]

    def __init__(self, meeting: Meeting, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agreement = meeting.body.agreement
        self.fields["activities"].queryset = agreement.activities.filter(parent=None)
        self.fields["goal_areas"].queryset = agreement.goal_areas.all()
        if not self.instance.pk:
            last = meeting.items.order_by("-position").values_list("position", flat=True).first()
            self.initial.setdefault("position", (last or 0) + 1)


class MinutesForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Saving nothing over what was written is a slip, not a choice; the item's edit form can clear them.
        self.fields["minutes"].required = True

    class Meta:
        model = AgendaItem
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 6})}


class AttendanceForm(forms.ModelForm):
    """One row of the attendance table."""

    class Meta:
        model = Attendance
        fields = ["status", "substitute_for", "arrived_at_item", "left_after_item"]

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        items = meeting.items.filter(is_section=False)
        self.fields["arrived_at_item"].queryset = items
        self.fields["left_after_item"].queryset = items
        self.fields["substitute_for"].queryset = BodyMember.objects.filter(body=meeting.body)
        for name in self.fields:
            self.fields[name].widget.attrs["aria-describedby"] = f"attendee-{self.instance.pk}"


class GuestForm(forms.ModelForm):
    """Someone who is not a member: a substitute, a co-opted guest, a presenter."""

    class Meta:
        model = Attendance
        fields = ["name", "status", "substitute_for"]

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["name"].required = True
        self.fields["substitute_for"].queryset = BodyMember.objects.filter(body=meeting.body)


class RecusalForm(forms.Form):
    attendance = RowChoiceField(label=_("Who"), queryset=Attendance.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, item: AgendaItem, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["attendance"].queryset = (
            item.meeting.attendances.filter(status=Attendance.Status.PRESENT)
            .exclude(recusals__item=item)
            .select_related("member", "member__user")
        )


class DocumentForm(forms.ModelForm):
    class Meta:
        model = AgendaDocument
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload


class CorrectionForm(forms.Form):
    item = RowChoiceField(label=_("Item"), queryset=AgendaItem.objects.none(), required=False)
    before = forms.CharField(
        label=_("The minutes read"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    after = forms.CharField(label=_("They are to read"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Why"), max_length=TEXT, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, meeting: Meeting, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.filter(is_section=False)


class MeetingStateForm(forms.Form):
    state = forms.ChoiceField(choices=[(Meeting.State.HELD, _("Held")), (Meeting.State.CANCELLED, _("Cancelled"))])


class MinutesPublicForm(forms.Form):
    public = forms.TypedChoiceField(
        choices=[("1", _("Make public")), ("0", _("Stop showing publicly"))], coerce=lambda value: value == "1"
    )


class CalendarFeedForm(forms.Form):
    body = RowChoiceField(
        label=_("Which meetings"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=_("All the bodies I sit in"),
    )

    def __init__(self, bodies, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
