"""The appendices page: an agreement's *bilagor* with every version, kept by those who may edit the agreement.

In a draft an appendix is added (signed with the agreement) or removed. After signing nothing is changed or removed:
an appendix is added, or a revised one gets a new version, each with the decision behind it; only whether its
file is public still changes. The models refuse the rest whatever the page shows (agreements.appendix_models).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .access import get_agreement_for_user
from .appendix_forms import AppendixForm, AppendixPublicForm, AppendixVersionForm
from .appendix_models import Appendix
from .models import Agreement
from .views import confirm_and_remove


def _context(agreement: Agreement) -> dict:
    return {"agreement": agreement, "appendices": agreement.appendices.prefetch_related("versions")}


def _refused(form, error: ValidationError) -> None:
    """A model's refusal at saving (someone else took the number, the agreement was signed meanwhile) on the form."""
    form.add_error(None, [_("Nothing was saved."), *error.messages])


@require_http_methods(["GET", "POST"])
def appendix_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    form = AppendixForm(agreement, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            appendix = form.save()
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("%(appendix)s was added.") % {"appendix": appendix})
            return redirect("agreements:appendices", agreement.pk)
    return render(request, "agreements/appendices.html", _context(agreement) | {"form": form})


def _appendix(request: HttpRequest, pk: int, appendix_pk: int) -> tuple[Agreement, Appendix]:
    agreement = get_agreement_for_user(request, pk, edit=True)
    return agreement, get_object_or_404(agreement.appendices, pk=appendix_pk)


@require_http_methods(["GET", "POST"])
def appendix_version_add(request: HttpRequest, pk: int, appendix_pk: int) -> HttpResponse:
    agreement, appendix = _appendix(request, pk, appendix_pk)
    context = {"agreement": agreement, "appendix": appendix}
    if not agreement.is_frozen:
        # A draft's appendix is as it will be signed: removed and added again, not versioned before signing.
        status = 409 if request.method == "POST" else 200
        return render(request, "agreements/appendix_version.html", context | {"draft": True}, status=status)
    form = AppendixVersionForm(appendix, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = form.save()
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("%(version)s was recorded.") % {"version": version})
            return redirect("agreements:appendices", agreement.pk)
    return render(request, "agreements/appendix_version.html", context | {"form": form})


@require_POST
def appendix_public(request: HttpRequest, pk: int, appendix_pk: int) -> HttpResponse:
    agreement, appendix = _appendix(request, pk, appendix_pk)
    form = AppendixPublicForm(request.POST, instance=appendix)
    if form.is_valid():
        form.save()
        if appendix.is_public:
            messages.success(request, _("The public page offers the file of %(appendix)s.") % {"appendix": appendix})
        else:
            messages.success(request, _("The file of %(appendix)s is no longer public.") % {"appendix": appendix})
    return redirect("agreements:appendices", agreement.pk)


@require_http_methods(["GET", "POST"])
def appendix_remove(request: HttpRequest, pk: int, appendix_pk: int) -> HttpResponse:
    agreement, appendix = _appendix(request, pk, appendix_pk)
    texts = {
        "title": _("Remove %(appendix)s?") % {"appendix": appendix},
        "explanation": _("The draft no longer lists it, and its text and file go with it."),
        "back_label": _("Appendices"),
        "removed": _("%(appendix)s was removed.") % {"appendix": appendix},
    }
    return confirm_and_remove(request, agreement, appendix, back="agreements:appendices", texts=texts)
