"""Who is who: the administrator links the people the plan names (“Joanna”, as the sheet wrote them) to logins.

A link is a decision, not a guess: once made, the person's activities are the login's "My activities" and the
plan shows the login's full name wherever it named the person.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from agreements.access import get_agreement_for_user
from agreements.models import Agreement

from .models import Level, Person


class LoginChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        full_name = user.get_full_name()
        return f"{full_name} ({user.username})" if full_name else user.username


class PersonLinkForm(forms.ModelForm):
    user = LoginChoiceField(
        label=gettext_lazy("Login"), queryset=None, required=False, empty_label=gettext_lazy("No login")
    )

    class Meta:
        model = Person
        fields = ["user"]

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(memberships__agreement=agreement, is_active=True)
            .order_by("first_name", "last_name", "username")
        )


class BasePersonLinkFormSet(forms.BaseModelFormSet):
    def clean(self) -> None:
        super().clean()
        # One person per login in an agreement (the database refuses a second): say which, before saving.
        seen = {}
        for form in self.forms:
            user = form.cleaned_data.get("user") if form.is_valid() else None
            if user is None:
                continue
            if user.pk in seen:
                form.add_error(
                    "user",
                    _("%(login)s is already linked to %(person)s; a login is one person.")
                    % {"login": user.username, "person": seen[user.pk].name},
                )
            else:
                seen[user.pk] = form.instance


PersonLinkFormSet = forms.modelformset_factory(Person, form=PersonLinkForm, formset=BasePersonLinkFormSet, extra=0)


def named_people(agreement: Agreement):
    """The agreement's people with how many activities name them at each level."""
    counted = {
        f"{level.value}_count": Count("responsibilities", filter=Q(responsibilities__level=level.value))
        for level in Level
    }
    return Person.objects.filter(agreement=agreement).select_related("user").annotate(**counted).order_by("name")


@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk, edit=True)
    queryset = named_people(agreement)
    posted = request.method == "POST"
    formset = PersonLinkFormSet(
        request.POST if posted else None, queryset=queryset, form_kwargs={"agreement": agreement}, prefix="people"
    )
    if posted and formset.is_valid():
        changed = [form for form in formset.forms if form.has_changed()]
        # Links let go of come first, so a login moved from one person to another is free when it is given.
        changed.sort(key=lambda form: form.instance.user_id is not None)
        try:
            with transaction.atomic():
                for form in changed:
                    form.save()
        except IntegrityError:
            # Two people swapping logins in one save: each is free only after the other is saved.
            messages.error(request, _("Nothing was saved: a login was given to two people at once. Save in two steps."))
            return redirect("activities:people", agreement_pk=agreement.pk)
        if changed:
            messages.success(request, _("The links were saved."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("activities:people", agreement_pk=agreement.pk)
    rows = [(form, form.instance) for form in formset.forms]
    return render(
        request,
        "activities/people.html",
        {"agreement": agreement, "formset": formset, "rows": rows, "levels": list(Level)},
    )
