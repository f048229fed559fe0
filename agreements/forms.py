from __future__ import annotations

import datetime

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import visible_agreements
from .models import Agreement, Amendment, Signatory
from .once import OnceForm
from .structure import copiers, copy_structure, start_agreement

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FROZEN_MESSAGE = _("The agreement is signed and its text is frozen; record the change as a revision.")


class AgreementForm(OnceForm, forms.ModelForm):
    """The text of a draft agreement. A signed agreement's text is refused here as well as in the model.

    Creating a draft happens once per form shown (agreements.once); editing ignores the token.
    """

    class Meta:
        model = Agreement
        fields = [*Agreement.FROZEN_FIELDS, "last_reviewed_on", "predecessor", "overarching", "is_published"]
        widgets = {
            "valid_from": DATE_WIDGET,
            "valid_until": DATE_WIDGET,
            "signing_date": DATE_WIDGET,
            "last_reviewed_on": DATE_WIDGET,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "goal": forms.Textarea(attrs={"rows": 5}),
            "geographic_focus": forms.Textarea(attrs={"rows": 2}),
            "principles_intro": forms.Textarea(attrs={"rows": 2}),
            "governance_structure": forms.Textarea(attrs={"rows": 10}),
            "work_model": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Agreement.objects.exclude(pk=self.instance.pk) if self.instance.pk else Agreement.objects.all()
        # An agreement has one successor: one that has it already is offered only to that successor's own form.
        self.fields["predecessor"].queryset = others.filter(
            Q(successor__isnull=True) | Q(pk=self.instance.predecessor_id)
        )
        self.fields["overarching"].queryset = others
        # Left empty, the words are the portal's default (målområde/målområden), as for every older agreement.
        for name in ("goal_area_term", "goal_area_term_plural"):
            self.fields[name].required = False

    @property
    def text_fields(self) -> list[forms.BoundField]:
        """The agreement's own fields, as the page lists them."""
        return self.visible_fields()

    def clean_goal_area_term(self):
        return self.cleaned_data["goal_area_term"].strip() or Agreement._meta.get_field("goal_area_term").default

    def clean_goal_area_term_plural(self):
        value = self.cleaned_data["goal_area_term_plural"].strip()
        return value or Agreement._meta.get_field("goal_area_term_plural").default

    @transaction.atomic
    def save(self, commit: bool = True) -> Agreement:
        created = self.instance.pk is None
        agreement = super().save(commit)
        if created and commit:
            start_agreement(agreement)
        return agreement

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_frozen and set(self.changed_data) & set(Agreement.FROZEN_FIELDS):
            raise forms.ValidationError(FROZEN_MESSAGE, code="frozen")
        return cleaned


# What a successor takes over from its predecessor's text as a start (the admin edits it before saving).
SUCCESSOR_TEXT_FIELDS = (
    "title",
    "extension_assumed",
    "terminable_by_either_party",
    "purpose",
    "goal",
    "geographic_focus",
    "principles_intro",
    "governance_structure",
    "work_model",
    "signing_place",
    "review_interval_months",
    "valid_while_overarching",
    "goal_area_term",
    "goal_area_term_plural",
    "copies",
    "overarching",
)


class NewAgreementForm(AgreementForm):
    """A new draft, optionally set up with parts of another agreement's structure (agreements.structure).

    The draft and everything copied into it are saved in one transaction: a copier that fails leaves nothing.
    After `save()`, `copied` says how many of each part were copied ({key: count}).
    """

    COPY_FIELDS = ("copy_from", "copy_parts")

    copy_from = forms.ModelChoiceField(
        label=_("Copy structure from"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("Nothing: start empty"),
        help_text=_("Any agreement: usually the one this one follows."),
    )
    copy_parts = forms.MultipleChoiceField(
        label=_("What to copy"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("“%(value)s” cannot be copied.")},
    )

    def __init__(self, data=None, *, user, predecessor: Agreement | None = None, **kwargs):
        if predecessor is not None and data is None:
            kwargs["initial"] = successor_initial(predecessor) | kwargs.get("initial", {})
        super().__init__(data, **kwargs)
        self.user = user
        self.copied: dict[str, int] = {}
        self.fields["copy_from"].queryset = visible_agreements(user)
        self.fields["copy_parts"].choices = [(copier.key, copier.label) for copier in copiers()]
        self.fields["copy_parts"].initial = [copier.key for copier in copiers() if copier.initial]
        if predecessor is not None:
            self.fields["predecessor"].initial = predecessor.pk
            self.fields["copy_from"].initial = predecessor.pk

    @property
    def text_fields(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if field.name not in self.COPY_FIELDS]

    def clean(self):
        cleaned = super().clean()
        source, parts = cleaned.get("copy_from"), cleaned.get("copy_parts")
        if parts and not source and "copy_from" not in self.errors:
            self.add_error("copy_from", _("Choose the agreement to copy from, or untick everything to copy."))
        if source and not parts and "copy_parts" not in self.errors:
            self.add_error("copy_parts", _("Tick what to copy, or choose to copy nothing."))
        return cleaned

    @transaction.atomic
    def save(self, commit: bool = True) -> Agreement:
        agreement = super().save(commit)
        source = self.cleaned_data.get("copy_from")
        if commit and source is not None:
            self.copied = copy_structure(source, agreement, self.cleaned_data["copy_parts"], by=self.user)
        return agreement

    def copied_summary(self, agreement: Agreement) -> str:
        """ "8 målområden, 4 statusar, 3 organ": what `save()` copied, in the order it copied it."""
        described = {copier.key: copier for copier in copiers()}
        return ", ".join(described[key].describe(count, agreement) for key, count in self.copied.items())


def successor_initial(predecessor: Agreement) -> dict:
    """The predecessor's text as the successor's first draft; it starts the day after the predecessor ends."""
    initial = {name: getattr(predecessor, name) for name in SUCCESSOR_TEXT_FIELDS}
    initial["overarching"] = predecessor.overarching_id
    if predecessor.valid_until:
        initial["valid_from"] = predecessor.valid_until + datetime.timedelta(days=1)
    return initial


class SignatureForm(forms.Form):
    """Pick who signed and when. A posted signature that is already registered with that date is accepted as
    done (a double submit), so the choice is among all signatories when bound, the unsigned ones when shown."""

    signatory = forms.ModelChoiceField(label=_("Signatory"), queryset=Signatory.objects.none())
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET, required=False)
    undated = forms.BooleanField(
        label=_("Signed, but no date is written on the paper"),
        required=False,
        help_text=_("Leave the date empty: the agreement shows the signature as undated."),
    )

    def __init__(self, agreement: Agreement, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unsigned = agreement.signatories.unsigned()
        self.fields["signatory"].queryset = agreement.signatories.all() if self.is_bound else self.unsigned

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on and signed_on > timezone.localdate():
            raise forms.ValidationError(_("A signature cannot be dated in the future."), code="future")
        return signed_on

    def clean(self):
        cleaned = super().clean()
        signatory, signed_on, undated = cleaned.get("signatory"), cleaned.get("signed_on"), cleaned.get("undated")
        if "signed_on" not in self.errors:
            if signed_on and undated:
                self.add_error("signed_on", _("Give the date or tick that none is written, not both."))
            elif not signed_on and not undated:
                self.add_error("signed_on", _("Give the date of the signature, or tick that none is written."))
        if signatory and signatory.has_signed and signatory.signed_on != signed_on:
            self.add_error("signatory", _("%(name)s has already signed.") % {"name": signatory.name})
        return cleaned


class AmendmentForm(forms.ModelForm):
    """A revision; its number follows the last one (see Agreement.record_amendment).

    Appendices are not recorded here any more: an appendix is an `Appendix` numbered as the agreement numbers it,
    revised as new versions (agreements.appendix_models). A second numbering of appendices here would clash."""

    class Meta:
        model = Amendment
        fields = ["kind", "title", "text", "decided_on", "decided_by"]
        widgets = {"decided_on": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(Amendment.Kind.REVISION, Amendment.Kind.REVISION.label)]
