"""The plan in and out: import from the officials' sheet (preview, then confirm), export, carry-over."""

from __future__ import annotations

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
from samverkan.wording import tally

from . import importer
from .carry_over import carry_over
from .export import export_workbook
from .forms import CarryOverForm, ConfirmImportForm, ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _preview(request: HttpRequest, agreement: Agreement, result, *, file_name: str, form=None, notice: str = ""):
    """The import page with a preview; a file without problems waits as a change set to be confirmed."""
    context = {"agreement": agreement, "form": form or ImportForm(), "plan": result, "notice": notice}
    if result.is_valid:
        change_set = importer.store(result, by=request.user, file_name=file_name)
        context["confirm_form"] = ConfirmImportForm(
            initial={"token": change_set.token}, agreement=agreement, user=request.user
        )
    return render(request, "activities/import.html", context)


@require_http_methods(["GET", "POST"])
def import_plan(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk, edit=True)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        result = importer.plan_import(form.cleaned_data["data"], agreement)
        return _preview(request, agreement, result, file_name=form.cleaned_data["file"].name, form=form)
    return render(request, "activities/import.html", {"agreement": agreement, "form": form, "plan": None})


@require_POST
def confirm_import(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk, edit=True)
    form = ConfirmImportForm(request.POST, agreement=agreement, user=request.user)
    if not form.is_valid():
        messages.error(request, _("The previewed file is no longer waiting to be imported. Upload it again."))
        return redirect("activities:import", agreement_pk=agreement.pk)
    change_set = form.change_set
    try:
        counts = importer.confirm(change_set, take_file=form.chosen(), by=request.user)
    except importer.AlreadyApplied:
        messages.info(request, _("This import has already been carried out; it was not applied again."))
        return redirect("activities:import", agreement_pk=agreement.pk)
    except importer.ChangeSetStale as stale:
        # What the file says was read at the preview and is kept; only the comparison is made again.
        change_set.delete()
        notice = _(
            "The plan changed in the portal after your preview, so nothing was imported. This is what the "
            "import would do now; check it and import again."
        )
        return _preview(request, agreement, stale.fresh, file_name=change_set.file_name, notice=notice)
    done = _("The plan was imported: %(tally)s.") % {
        "tally": tally(counts["created"], counts["changed"], counts["unchanged"])
    }
    if counts["kept"]:
        kept = ngettext(
            "%(kept)s conflicting value was kept as it is in the portal.",
            "%(kept)s conflicting values were kept as they are in the portal.",
            counts["kept"],
        )
        done = f"{done} {kept % counts}"
    messages.success(request, done)
    return redirect("activities:import", agreement_pk=agreement.pk)


@require_GET
def export_plan(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk)
    response = HttpResponse(export_workbook(agreement), content_type=XLSX)
    # The title with its years ("2023–2027"), so plans of agreements with the same title are told apart.
    name = slugify(agreement.label.replace("–", "-"))[:70]
    filename = f"aktivitetsplan-{name}-{timezone.localdate().isoformat()}.xlsx"
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
