"""Forms of the activity pages: plan filters, the status change and the activity edit form."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, TimeHorizon

from .changes import M2M_FIELDS, Conflict, ValueNames, stored_value
from .models import Activity, District, Person, Status, StatusChange

# Ids beyond a 64-bit integer never name a row; SQLite raises OverflowError on them instead of finding nothing.
MAX_ID = 2**63 - 1


_DECIMAL = re.compile(r"\s*-?[0-9]+\s*")


def refuse_impossible_ids(field: forms.Field, values) -> None:
    for value in values:
        # ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses (a 500 otherwise).
        if isinstance(value, str) and _DECIMAL.fullmatch(value) and abs(int(value)) > MAX_ID:
            raise forms.ValidationError(
                field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )


class RowChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        refuse_impossible_ids(self, [value])
        return super().to_python(value)


class RowsChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        refuse_impossible_ids(self, value)
        return super()._check_values(value)


class DateInput(forms.DateInput):
    """A date picker (ISO value). Typed text that is no date is not put back: a date input cannot hold it."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class PlanFilterForm(forms.Form):
    """The filters of the matrix and the board. Read from the query string, so a filtered view can be shared."""

    PRIORITISED_CHOICES = [("", _("All")), ("yes", _("Prioritised only")), ("no", _("Not prioritised"))]
    # Fields that say how the plan is shown rather than which activities: kept in the URL, never a filter.
    SETTINGS: tuple[str, ...] = ()

    status = RowChoiceField(label=_("Status"), queryset=Status.objects.none(), required=False)
    prioritised = forms.TypedChoiceField(
        label=_("Prioritised"),
        choices=PRIORITISED_CHOICES,
        required=False,
        coerce=lambda value: value == "yes",
        empty_value=None,
    )
    time_horizon = RowChoiceField(label=_("Time horizon"), queryset=TimeHorizon.objects.none(), required=False)
    district = RowChoiceField(label=_("District"), queryset=District.objects.none(), required=False)
    person = RowChoiceField(label=_("Responsible"), queryset=Person.objects.none(), required=False)

    def __init__(self, agreement: Agreement, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action  # the page the filters apply to
        self.fields["status"].queryset = agreement.statuses.all()
        self.fields["time_horizon"].queryset = agreement.time_horizons.all()
        self.fields["district"].queryset = agreement.districts.all()
        self.fields["person"].queryset = agreement.people.select_related("user")
        for name in ("status", "time_horizon", "district", "person"):
            self.fields[name].empty_label = _("All")

    def filters(self) -> dict:
        """The valid filters; a filter with a bad value (an old bookmark) is dropped rather than failing the page."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.SETTINGS and value not in (None, "")
        }

    def settings(self) -> dict[str, str]:
        """The valid settings that differ from the default (the field's initial value), one way only: the default
        spelled out makes the same page, and kept fragments, as leaving it out."""
        self.is_valid()
        return {
            name: value
            for name in self.SETTINGS
            if (value := self.cleaned_data.get(name)) and value != self.fields[name].initial
        }

    @property
    def is_filtering(self) -> bool:
        return bool(self.filters())

    def chosen(self) -> dict[str, str]:
        """The valid filters as the query string spells them, one way only ("5", not "05")."""
        return {
            name: ("yes" if value else "no") if name == "prioritised" else str(value.pk)
            for name, value in self.filters().items()
        }

    @property
    def query(self) -> str:
        """The valid filters as a query string ("?status=3&prioritised=yes"): what links back to the filtered page
        carry, never the raw query string (kept fragments hold those links)."""
        chosen = self.chosen()
        return f"?{urlencode(chosen)}" if chosen else ""

    def bar(self) -> FilterBar:
        """What the filter bar shows: each filter with its options, the valid filter chosen, and the settings
        as hidden fields, so that filtering keeps them (and clearing the filters too)."""
        chosen, settings = self.chosen(), self.settings()
        fields = [
            FilterField(
                bound.html_name,
                bound.id_for_label,
                str(bound.label),
                [
                    (str(value), str(text), str(value) == chosen.get(bound.name, ""))
                    for value, text in bound.field.choices
                ],
            )
            for bound in self
            if bound.name not in self.SETTINGS
        ]
        clear = f"{self.action}?{urlencode(settings)}" if settings else self.action
        return FilterBar(self.action, fields, list(settings.items()), clear)


class MatrixFilterForm(PlanFilterForm):
    """The matrix's filters, and which of its views shows them: the goal areas as columns of activities (the
    slide), or a grid of one row per activity and a column per goal area (the officials' spreadsheet)."""

    # As the query string spells them (?vy=rutnat): the address is the one people share.
    COLUMNS, GRID = "kolumner", "rutnat"
    VIEWS = [(COLUMNS, _("Columns")), (GRID, _("Grid"))]
    SETTINGS = ("vy",)

    vy = forms.ChoiceField(label=_("Show as"), choices=VIEWS, required=False, initial=COLUMNS)

    @property
    def view(self) -> str:
        """The view asked for; none, or one that does not exist, is the columns."""
        return self.settings().get("vy", self.COLUMNS)

    def view_links(self) -> list[ViewLink]:
        """A link to each view with the valid filters, the view shown marked."""
        chosen, shown = self.chosen(), self.view
        links = []
        for value, label in self.VIEWS:
            query = chosen if value == self.COLUMNS else {**chosen, "vy": value}
            url = f"{self.action}?{urlencode(query)}" if query else self.action
            links.append(ViewLink(str(label), url, value == shown))
        return links


@dataclass
class ViewLink:
    label: str
    url: str
    current: bool


class Sort(models.TextChoices):
    """How the board orders the cards within a column, as the query string spells it (?sortering=namn)."""

    PRIORITISED = "prioriterade", _("Prioritised first")
    NAME = "namn", _("By name")
    FOLLOW_UP = "uppfoljning", _("By follow-up date")


class BoardFilterForm(PlanFilterForm):
    """The board's filters, and how it shows the cards: their order within a column and, for a phone, compact
    cards (name and status only). Settings, like the matrix's view: in the address people share (?sortering=namn,
    ?kompakt=1), kept by filtering; a bad value (an old bookmark) is the default rather than an error."""

    COMPACT_CHOICES = [("0", _("With details")), ("1", _("Compact"))]
    SETTINGS = ("sortering", "kompakt")

    sortering = forms.ChoiceField(label=_("Order"), choices=Sort.choices, required=False, initial=Sort.PRIORITISED)
    kompakt = forms.ChoiceField(label=_("Cards"), choices=COMPACT_CHOICES, required=False, initial="0")

    @property
    def sort_order(self) -> Sort:
        return Sort(self.settings().get("sortering", Sort.PRIORITISED))

    @property
    def is_compact(self) -> bool:
        return self.settings().get("kompakt") == "1"

    @property
    def query(self) -> str:
        """The valid filters and settings as a query string: the board as the user sees it, for the cards' links
        back (kept fragments hold those links, so never the raw query string)."""
        shown = self.chosen() | self.settings()
        return f"?{urlencode(shown)}" if shown else ""

    def setting_links(self) -> list[SettingLinks]:
        """For each setting, a link to each of its values with the valid filters and other settings, the value
        shown marked."""
        chosen, settings = self.chosen(), self.settings()
        groups = []
        for name in self.SETTINGS:
            field = self.fields[name]
            shown = settings.get(name, field.initial)
            links = []
            for value, label in field.choices:
                with_value = {**settings, name: value}
                # In one order and without defaults, as settings() spells them: one address per board.
                query = chosen | {
                    other: with_value[other]
                    for other in self.SETTINGS
                    if other in with_value and with_value[other] != self.fields[other].initial
                }
                url = f"{self.action}?{urlencode(query)}" if query else self.action
                links.append(ViewLink(str(label), url, value == shown))
            groups.append(SettingLinks(name, str(field.label), links))
        return groups


@dataclass
class SettingLinks:
    name: str
    label: str
    links: list[ViewLink]


@dataclass
class FilterField:
    name: str
    id: str
    label: str
    options: list[tuple[str, str, bool]]  # value, text, chosen


@dataclass
class FilterBar:
    """The plan filters as the bar shows them: plain values, so the rendered bar can be kept
    (samverkan/fragments.py) under the valid filters, never the raw query string. The bar loops over the options
    itself: Django's select widget renders a template per option, which on a plan with forty people cost as much
    as the rest of the page."""

    action: str
    fields: list[FilterField]
    settings: list[tuple[str, str]]  # how the plan is shown (name, value): hidden fields, kept by filtering
    clear_url: str  # the page without filters, its settings kept
    html: str = ""


class StatusChangeForm(forms.Form):
    """Pick a status and say why. Carries the version the official saw, so a stale change is refused.

    `statuses` (the agreement's, in order) may be passed in, so a board of many cards reads them once.
    """

    # The form appears when asked for (inside the card or on its own page): focus goes straight to it.
    status = forms.TypedChoiceField(label=_("Status"), coerce=int, widget=forms.Select(attrs={"autofocus": True}))
    comment = forms.CharField(
        label=_("Comment"),
        max_length=StatusChange._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when the status changes."),
    )
    effective_on = forms.DateField(
        label=_("Took effect on"),
        required=False,  # left empty: today
        help_text=_("The day the change happened, if not today."),
        widget=DateInput,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, activity: Activity, *args, statuses: list[Status] | None = None, **kwargs):
        kwargs.setdefault("prefix", f"activity-{activity.pk}")
        today = timezone.localdate()
        kwargs.setdefault("initial", {"status": activity.status_id, "version": activity.version, "effective_on": today})
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["effective_on"].widget.attrs["max"] = today.isoformat()
        if statuses is None:
            statuses = list(Status.objects.filter(agreement_id=activity.agreement_id))
        self.statuses = {status.pk: status for status in statuses}
        self.fields["status"].choices = [(status.pk, f"{status.symbol} {status.name}") for status in statuses]

    def clean_status(self) -> Status:
        return self.statuses[self.cleaned_data["status"]]

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        # Sent back with errors, the form puts focus on the first field in error (htmx focuses [autofocus] in what it
        # swaps in; a page of its own is focused there on load). An error of the whole form leaves it on the status.
        in_error = [name for name, f in self.fields.items() if name in self._errors and not f.widget.is_hidden]
        if in_error:
            self.focus(in_error[0])

    def focus(self, name: str) -> None:
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)
        self.fields[name].widget.attrs["autofocus"] = True

    def preselect(self, status: Status) -> None:
        """Open with `status` chosen (the column a card was dragged to): what is left to write is the comment."""
        self.initial["status"] = status.pk
        if status.pk != self.activity.status_id:
            self.focus("comment")

    def clean_effective_on(self) -> datetime.date:
        effective_on = self.cleaned_data["effective_on"] or timezone.localdate()
        if effective_on > timezone.localdate():
            raise forms.ValidationError(_("A change cannot take effect in the future."), code="future")
        latest = self.activity.latest_effective_on()
        if latest and effective_on < latest:
            raise forms.ValidationError(StatusChange.before_previous_message(latest), code="before_previous")
        return effective_on

    def clean(self) -> dict:
        cleaned = super().clean()
        status, comment = cleaned.get("status"), cleaned.get("comment", "").strip()
        if status is None:
            return cleaned
        if status.pk != self.activity.status_id and not comment:
            self.add_error("comment", _("Write a comment: say why the status changes."))
        elif status.pk == self.activity.status_id and not comment:
            self.add_error(None, _("Choose a new status or write a comment; there was nothing to save."))
        return cleaned


class StatusFormQuery(forms.Form):
    """What a GET of the status control may ask for: a status to preselect, one of the activity's agreement's (the
    column a card was dropped on), or the card `closed` again (Cancel). Anything else is ignored."""

    status = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    closed = forms.BooleanField(required=False)

    def __init__(self, statuses: dict[int, Status], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.statuses = statuses
        self.fields["status"].choices = [(pk, str(status)) for pk, status in statuses.items()]

    def preselected(self) -> Status | None:
        self.is_valid()
        pk = self.cleaned_data.get("status")
        return self.statuses.get(pk) if pk is not None else None

    def wants_closed(self) -> bool:
        self.is_valid()
        return bool(self.cleaned_data.get("closed"))


class ActivityForm(forms.ModelForm):
    """Every field an official edits. The status has its own form (it asks for a comment).

    Carries the version it was opened on. After a refused stale edit (activities.changes.merge_stale_edit) it
    is shown again merged, and each field both people changed gets a choice: keep theirs, or the value in the
    field (yours). `conflicting` names those fields, so the resubmitted form asks for the same choices.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    conflicting = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2_000)

    KEEP_CHOICES = [("theirs", _("Keep their value")), ("yours", _("Keep yours (the value in the field below)"))]

    class Meta:
        model = Activity
        fields = ["name", "is_prioritised", "goal_areas", "time_horizon", "districts", *Activity.TEXT_FIELDS]
        field_classes = {"goal_areas": RowsChoiceField, "districts": RowsChoiceField, "time_horizon": RowChoiceField}
        widgets = {
            "goal_areas": forms.CheckboxSelectMultiple,
            "districts": forms.CheckboxSelectMultiple,
            "starts_on": DateInput,
            "follow_up_on": DateInput,
            "ends_on": DateInput,
        }

    def __init__(self, *args, conflicts: list[Conflict] = (), **kwargs):
        super().__init__(*args, **kwargs)
        agreement_id = self.instance.agreement_id
        self.fields["goal_areas"].queryset = self.fields["goal_areas"].queryset.filter(agreement_id=agreement_id)
        self.fields["districts"].queryset = self.fields["districts"].queryset.filter(agreement_id=agreement_id)
        self.fields["time_horizon"].queryset = self.fields["time_horizon"].queryset.filter(agreement_id=agreement_id)
        self.fields["version"].initial = self.instance.version
        if self.is_bound:
            named = str(self.data.get(self.add_prefix("conflicting"), "")).split(",")
            conflicts = self._conflicts_named([name for name in named if name in self._meta.fields])
        self.conflicts = {conflict.name: conflict for conflict in conflicts}
        self.fields["conflicting"].initial = ",".join(self.conflicts)
        for name, conflict in self.conflicts.items():
            self.fields[f"keep_{name}"] = forms.ChoiceField(
                label=_("Both of you changed “%(field)s”: which value is kept?") % {"field": conflict.label},
                choices=self.KEEP_CHOICES,
                widget=forms.RadioSelect,
            )

    def _conflicts_named(self, names: list[str]) -> list[Conflict]:
        """The conflicts a resubmitted form asks about: theirs is the stored value, yours is in the field."""
        if not names:
            return []
        shown = ValueNames(self.instance)
        return [
            Conflict(name, str(Activity._meta.get_field(name).verbose_name), shown(name, self._theirs(name)), "")
            for name in names
        ]

    def _theirs(self, name: str):
        value = stored_value(self.instance, name)
        return sorted(value) if name in M2M_FIELDS else value

    def rows(self) -> list[tuple[forms.BoundField, Conflict | None, forms.BoundField | None]]:
        """The visible fields in order, each with its conflict and the choice it asks for, if any."""
        rows = []
        for field in self.visible_fields():
            if not field.name.startswith("keep_"):
                conflict = self.conflicts.get(field.name)
                rows.append((field, conflict, self[f"keep_{field.name}"] if conflict else None))
        return rows

    def clean(self):
        cleaned = super().clean()
        for name in self.conflicts:
            if cleaned.get(f"keep_{name}") == "theirs":
                # Their value, as stored: whatever is in the field (even something invalid) is not used.
                self.errors.pop(name, None)
                value = getattr(self.instance, name)
                cleaned[name] = value.all() if name in M2M_FIELDS else value
        return cleaned
