from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Agreement, Amendment, Signatory
from .once import OnceForm
from .structure import start_agreement

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
        self.fields["predecessor"].queryset = others
        self.fields["overarching"].queryset = others
        # Left empty, the words are the portal's default (målområde/målområden), as for every older agreement.
        for name in ("goal_area_term", "goal_area_term_plural"):
            self.fields[name].required = False

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
