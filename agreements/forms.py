from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import visible_agreements
from .limits import SHORT_TEXT
from .models import Agreement, AgreementParty, Amendment, Party, Signatory
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


# --- The parties and signatories of a draft ---------------------------------------------------------------------


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, party: Party) -> str:
        return f"{party.name} ({party.organisation_number})" if party.organisation_number else party.name


def _next_order(rows) -> int:
    return (rows.aggregate(last=models.Max("order"))["last"] or 0) + 1


class AddPartyForm(forms.ModelForm):
    """A party to a draft: an organisation registered already (a party to another agreement), or a new one with its
    name, organisation number and address; with the short name the text calls it by. The models' rules decide
    (Party.clean, AgreementParty.clean and their constraints), here as in the admin."""

    NEW_ORGANISATION_FIELDS = ("name", "kind", "organisation_number", "address")

    party = PartyChoiceField(
        label=_("Registered organisation"),
        queryset=Party.objects.none(),
        required=False,
        empty_label=_("None of these: a new organisation (below)"),
    )

    class Meta:
        model = AgreementParty
        fields = ["party", "short_name", "joined_on"]
        widgets = {"joined_on": DATE_WIDGET}
        help_texts = {"joined_on": _("Only for a party that joined later than the others, as the text says.")}

    def __init__(self, agreement: Agreement, *args, **kwargs):
        super().__init__(*args, instance=AgreementParty(agreement=agreement), **kwargs)
        self.agreement = agreement
        self.new_party: Party | None = None
        # The new organisation's fields as the model has them: labels, lengths, the organisation number's check.
        for name in self.NEW_ORGANISATION_FIELDS:
            field = Party._meta.get_field(name).formfield()
            field.required = False
            self.fields[name] = field
        self.fields["address"].widget = forms.Textarea(attrs={"rows": 3, "maxlength": SHORT_TEXT})
        self.fields["party"].queryset = Party.objects.exclude(agreementparty__agreement=agreement).order_by("name")
        self.order_fields(["party", *self.NEW_ORGANISATION_FIELDS])

    @property
    def new_organisation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.NEW_ORGANISATION_FIELDS]

    def clean(self):
        cleaned = super().clean()
        party, name = cleaned.get("party"), (cleaned.get("name") or "").strip()
        if "party" in self.errors or "name" in self.errors:
            return cleaned
        if party and name:
            self.add_error("name", _("Choose a registered organisation or fill in a new one, not both."))
        elif not party and not name and self.fields["party"].queryset.exists():
            self.add_error("party", _("Choose the organisation, or fill in the new organisation's name below."))
        elif not party and not name:
            # Every registered organisation is a party already: the page offers only the new one's fields.
            self.add_error("name", self.fields["name"].error_messages["required"])
        elif name:
            self._clean_new_party(name)
        return cleaned

    def _clean_new_party(self, name: str) -> None:
        registered = Party.objects.filter(name__iexact=name).first()
        if registered is not None:
            self.add_error(
                "name", _("“%(name)s” is registered already: choose it in the list above.") % {"name": registered}
            )
            return
        values = {field: self.cleaned_data.get(field) or "" for field in self.NEW_ORGANISATION_FIELDS}
        party = Party(**values | {"name": name, "kind": values["kind"] or Party.Kind.OTHER})
        try:
            party.full_clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.NEW_ORGANISATION_FIELDS else None, messages)
            return
        self.new_party = party

    @transaction.atomic
    def save(self, commit: bool = True) -> AgreementParty:
        row = super().save(commit=False)
        if self.new_party is not None:
            self.new_party.save()
            row.party = self.new_party
        row.order = _next_order(AgreementParty.objects.filter(agreement=self.agreement))
        row.save()
        return row


class AgreementPartyForm(forms.ModelForm):
    """What the agreement says of one of its parties: the short name the text uses and when it joined."""

    class Meta:
        model = AgreementParty
        fields = ["short_name", "joined_on"]
        widgets = {"joined_on": DATE_WIDGET}
        help_texts = {"joined_on": _("Only for a party that joined later than the others, as the text says.")}


class OrganisationForm(forms.ModelForm):
    """The organisation's own details: offered only while it is a party to this draft alone (agreements.views)."""

    class Meta:
        model = Party
        fields = ["name", "kind", "organisation_number", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class SignatoryForm(forms.ModelForm):
    """Who signs for which party, in which office. Once listed, a date (or "no date on the paper") typed here
    registers the signature through Agreement.register_signature, as the sign page does: the last one freezes the
    agreement. Not when adding one: a first signatory added as signed would be the last to sign, and freeze the
    agreement before the others are listed. A registered signature is shown, not changed."""

    party = PartyChoiceField(label=_("Signs for"), queryset=Party.objects.none())

    class Meta:
        model = Signatory
        fields = ["name", "title", "party", "organisation", "signed_on", "signed_undated"]
        labels = {
            "title": _("Title or office"),
            "signed_on": _("Signed on"),
            "signed_undated": _("Signed, but no date is written on the paper"),
        }
        help_texts = {
            "title": _("As printed under the signature: kommunstyrelsens ordförande, lokalpolisområdeschef."),
            "organisation": _("As printed under the signature; left empty, the party's name."),
            "signed_on": _("Leave empty until they have signed."),
        }
        widgets = {"signed_on": DATE_WIDGET}

    def __init__(self, agreement: Agreement, *args, **kwargs):
        kwargs.setdefault("instance", Signatory(agreement=agreement))
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["party"].queryset = Party.objects.filter(agreementparty__agreement=agreement).order_by(
            "agreementparty__order", "agreementparty__pk"
        )
        self.fields["organisation"].required = False
        # As stored: validating writes what was typed into the instance.
        self.signed_already = self.instance.has_signed
        self.signed_on_already = self.instance.signed_on
        if self.instance.pk is None:
            del self.fields["signed_on"], self.fields["signed_undated"]
        elif self.instance.has_signed:
            # A registered signature is part of the record: shown, never changed here (nor in the admin).
            for name in ("signed_on", "signed_undated"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and cleaned.get("party"):
            cleaned["organisation"] = cleaned["party"].name
        return cleaned

    @property
    def signature(self) -> tuple[bool, datetime.date | None]:
        """Whether saving registers a signature now, and its date (None: signed with no date on the paper)."""
        if "signed_on" not in self.fields or self.fields["signed_on"].disabled:
            return False, None  # a new signatory, or signed already
        if signed_on := self.cleaned_data.get("signed_on"):
            return True, signed_on
        return bool(self.cleaned_data.get("signed_undated")), None

    @transaction.atomic
    def save(self, commit: bool = True) -> Signatory:
        signs, signed_on = self.signature
        signatory = super().save(commit=False)
        if signs:
            signatory.signed_on, signatory.signed_undated = None, False
        if signatory.pk is None:
            signatory.order = _next_order(Signatory.objects.filter(agreement=self.agreement))
        signatory.save()
        if signs:
            self.agreement.register_signature(signatory, on=signed_on)
        return signatory


class MoveForm(forms.Form):
    """One place up or down in the agreement's order."""

    direction = forms.TypedChoiceField(
        choices=[("-1", _("Move up")), ("1", _("Move down"))], coerce=int, widget=forms.HiddenInput
    )


class ReviewForm(forms.Form):
    """The day the parties reviewed an open-ended agreement (Agreement.record_review checks it)."""

    reviewed_on = forms.DateField(
        label=_("Reviewed on"),
        widget=DATE_WIDGET,
        help_text=_("The day of the review, as its minutes say. A change it made is recorded as a revision."),
    )
