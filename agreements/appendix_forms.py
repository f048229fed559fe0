"""The forms of the appendices page: an appendix with its first version, a new version of one, what is public.

The models decide (Appendix.add_to, Appendix.record_version, AppendixVersion.clean and the file's checks): these
forms run the same checks before anything is saved, so a refused form says why and stores no file.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .appendix_models import MAX_FILE_BYTES, Appendix, AppendixVersion
from .forms import DATE_WIDGET
from .models import Agreement

VERSION_FIELDS = ("text", "file", "decided_on", "decided_by")
VERSION_WIDGETS = {"decided_on": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 6})}
# After signing every version has its decision: the model's help ("empty when signed with it") is for the admin.
DECISION_HELP = {
    "decided_on": _("The day the decision was taken."),
    "decided_by": _("The body and decision, e.g. “Strategisk ledning 2024-12-10, § 7”."),
}


def _version_field(name: str) -> forms.Field:
    field = AppendixVersion._meta.get_field(name).formfield()
    field.widget = VERSION_WIDGETS.get(name, field.widget)
    field.help_text = DECISION_HELP.get(name, field.help_text)
    return field


class AppendixForm(forms.ModelForm):
    """A new appendix and its first version. In a draft it is signed with the agreement; after signing it needs the
    decision that added it (the date and who decided), as any version after signing does."""

    class Meta:
        model = Appendix
        fields = ["number", "title", "is_public"]

    def __init__(self, agreement: Agreement, *args, **kwargs):
        super().__init__(*args, instance=Appendix(agreement=agreement), **kwargs)
        self.agreement = agreement
        self.frozen = agreement.is_frozen
        for name in VERSION_FIELDS:
            self.fields[name] = _version_field(name)
        if not self.frozen:
            # Signed with the agreement: no decision of its own to name.
            del self.fields["decided_on"], self.fields["decided_by"]
        else:
            self.fields["decided_on"].required = self.fields["decided_by"].required = True
        self.fields["number"].required = False
        self.fields["number"].help_text = _(
            "As the agreement's text numbers it; left empty, the next number (%(n)s)."
        ) % {"n": self.next_number}

    @property
    def max_file_size(self) -> str:
        return filesizeformat(MAX_FILE_BYTES)

    @property
    def next_number(self) -> int:
        return max(self.agreement.appendices.values_list("number", flat=True), default=0) + 1

    @property
    def version_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in VERSION_FIELDS if name in self.fields]

    def clean_number(self):
        # Left empty, Appendix.add_to gives it the next number, under the agreement's lock.
        number = self.cleaned_data["number"]
        taken = number and self.agreement.appendices.filter(number=number).first()
        if taken:
            raise ValidationError(
                _("%(appendix)s has that number already; a revised appendix is a new version of it."),
                code="number_taken",
                params={"appendix": taken},
            )
        return number

    def clean(self):
        cleaned = super().clean()
        # The first version as the model checks it (content, the file's size and type, the decision after signing).
        version = AppendixVersion(
            appendix=self.instance,
            text=cleaned.get("text") or "",
            file=cleaned.get("file") or None,
            decided_on=cleaned.get("decided_on"),
            decided_by=cleaned.get("decided_by") or "",
        )
        try:
            version.full_clean(exclude=["appendix", "agreement", "number"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned

    def save(self, commit: bool = True) -> Appendix:
        data = self.cleaned_data
        return Appendix.add_to(
            self.agreement,
            number=data["number"],
            title=data["title"],
            is_public=data["is_public"],
            decided_on=data.get("decided_on"),
            decided_by=data.get("decided_by", ""),
            text=data["text"],
            file=data["file"] or None,
        )


class AppendixVersionForm(forms.ModelForm):
    """A revised appendix after signing: a new, dated version with the decision behind it; the earlier stay."""

    class Meta:
        model = AppendixVersion
        fields = ["decided_on", "decided_by", "text", "file"]
        widgets = VERSION_WIDGETS
        help_texts = DECISION_HELP

    def __init__(self, appendix: Appendix, *args, **kwargs):
        super().__init__(*args, instance=AppendixVersion(appendix=appendix), **kwargs)
        self.appendix = appendix
        self.fields["decided_on"].required = self.fields["decided_by"].required = True

    def save(self, commit: bool = True) -> AppendixVersion:
        data = self.cleaned_data
        return self.appendix.record_version(
            decided_on=data["decided_on"], decided_by=data["decided_by"], text=data["text"], file=data["file"] or None
        )


class AppendixPublicForm(forms.ModelForm):
    """Whether the public page offers the appendix's file (its title is always shown there)."""

    class Meta:
        model = Appendix
        fields = ["is_public"]
