"""The plan in and out: import from the officials' sheet (preview, then confirm), export, carry-over."""

from __future__ import annotations

import base64
import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements.access import get_agreement_for_user
from agreements.models import Agreement

from .carry_over import carry_over
from .export import export_workbook
from .forms import CarryOverForm, ConfirmImportForm, ImportForm
from .importer import import_workbook, plan_import

# The previewed upload waits in the session (the database), never on the file system.
PENDING_IMPORT = "activities-pending-import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
def import_plan(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk, edit=True)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    context = {"agreement": agreement, "form": form, "plan": None}
    if posted and form.is_valid():
        data = form.cleaned_data["data"]
        plan = plan_import(data, agreement)
        context["plan"] = plan
        if plan.is_valid:
            digest = hashlib.sha256(data).hexdigest()
            request.session[PENDING_IMPORT] = {
                "agreement": agreement.pk,
                "digest": digest,
                "name": form.cleaned_data["file"].name,
                "data": base64.b64encode(data).decode("ascii"),
            }
            context["confirm_form"] = ConfirmImportForm(initial={"digest": digest})
        else:
            request.session.pop(PENDING_IMPORT, None)
    return render(request, "activities/import.html", context)


@require_POST
def confirm_import(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk, edit=True)
    form = ConfirmImportForm(request.POST)
    pending = request.session.get(PENDING_IMPORT) or {}
    if not (
        form.is_valid()
        and pending.get("agreement") == agreement.pk
        and pending.get("digest") == form.cleaned_data["digest"]
    ):
        messages.error(request, _("The previewed file is no longer waiting to be imported. Upload it again."))
        return redirect("activities:import", agreement_pk=agreement.pk)
    data = base64.b64decode(pending["data"])
    # Planned again inside the transaction that applies it: the plan cannot have gone stale since the preview.
    plan = import_workbook(data, agreement, by=request.user, source=pending["name"])
    if not plan.is_valid:
        return render(request, "activities/import.html", {"agreement": agreement, "form": ImportForm(), "plan": plan})
    request.session.pop(PENDING_IMPORT, None)
    messages.success(
        request,
        _("The plan was imported: %(created)s new, %(changed)s changed, %(unchanged)s unchanged.")
        % {"created": plan.count("create"), "changed": plan.count("change"), "unchanged": plan.count("unchanged")},
    )
    return redirect("activities:import", agreement_pk=agreement.pk)


@require_GET
def export_plan(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk)
    response = HttpResponse(export_workbook(agreement), content_type=XLSX)
    filename = f"aktivitetsplan-{slugify(agreement.title)[:60]}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def carry_over_plan(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk, edit=True)
    successor = Agreement.objects.filter(predecessor=agreement).first()
    form = None
    if successor is not None:
        data = request.POST if request.method == "POST" else None
        form = CarryOverForm(data, agreement=agreement, successor=successor)
        if request.method == "POST" and form.is_valid():
            try:
                copies = carry_over(form.cleaned_data["activities"], to=successor, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                count = len(copies)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s activity was carried over to %(agreement)s.",
                        "%(count)s activities were carried over to %(agreement)s.",
                        count,
                    )
                    % {"count": count, "agreement": successor},
                )
                return redirect("activities:carry_over", agreement_pk=agreement.pk)
    return render(request, "activities/carry_over.html", {"agreement": agreement, "successor": successor, "form": form})
