from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .access import can_edit_agreement, get_agreement_for_user, is_admin, visible_agreements
from .forms import AgreementForm, AmendmentForm, NewAgreementForm, SignatureForm
from .models import Agreement, AppendixVersion
from .once import once


@require_safe
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = visible_agreements(request.user).select_related("successor", "predecessor", "overarching__successor")
    return render(request, "agreements/list.html", {"agreements": agreements, "can_create": is_admin(request.user)})


@require_safe
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk)
    document = Agreement.objects.for_document().get(pk=agreement.pk)
    # A member of the new agreement may have no role in its predecessor: name it, but link only what they may open.
    related_ids = [
        document.predecessor_id,
        document.overarching_id,
        getattr(document, "successor", None) and document.successor.pk,
    ]
    context = {
        "agreement": document,
        "can_edit": can_edit_agreement(request.user, agreement),
        "linkable_ids": set(
            visible_agreements(request.user).filter(pk__in=filter(None, related_ids)).values_list("pk", flat=True)
        ),
    }
    return render(request, "agreements/detail.html", context)


@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    if not is_admin(request.user):
        raise PermissionDenied
    return _create(request, predecessor=None)


@require_http_methods(["GET", "POST"])
def agreement_successor(request: HttpRequest, pk: int) -> HttpResponse:
    """The next agreement after `pk`: its text as a start, its structure copied unless the admin unticks it."""
    predecessor = get_agreement_for_user(request, pk, edit=True)
    return _create(request, predecessor=predecessor)


def _create(request: HttpRequest, *, predecessor: Agreement | None) -> HttpResponse:
    form = NewAgreementForm(request.POST or None, user=request.user, predecessor=predecessor)
    if request.method == "POST" and (url := form.sent_before()):
        messages.info(request, _("This form was already sent: the draft was created then."))
        return redirect(url)
    successor = predecessor and Agreement.objects.filter(predecessor=predecessor).first()
    if successor:
        messages.info(
            request,
            _("%(agreement)s already has its successor: %(successor)s.")
            % {"agreement": predecessor, "successor": successor},
        )
        return redirect(successor)
    if request.method == "POST" and form.is_valid():
        try:
            url, created = once(form.cleaned_data["once_token"], form.save)
        except ValidationError as error:
            # A copied part the new agreement refuses (nothing was saved: the copy runs in the creating transaction).
            form.add_error(None, [_("Nothing was saved: a part could not be copied."), *error.messages])
        else:
            if not created:
                messages.info(request, _("This form was already sent: the draft was created then."))
            else:
                messages.success(request, _("The draft agreement was created."))
                if form.copied:
                    summary = form.copied_summary(form.instance)
                    messages.success(
                        request,
                        _("Copied from %(source)s: %(parts)s.")
                        % {"source": form.cleaned_data["copy_from"], "parts": summary},
                    )
            return redirect(url)
    context = {"form": form, "agreement": None, "predecessor": predecessor}
    return render(request, "agreements/edit.html", context)


@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    if agreement.is_frozen:
        # The page explains why and offers a revision or appendix instead; a POST changes nothing.
        status = 409 if request.method == "POST" else 200
        return render(request, "agreements/edit.html", {"agreement": agreement, "form": None}, status=status)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The draft was saved."))
        return redirect(agreement)
    return render(request, "agreements/edit.html", {"agreement": agreement, "form": form})


@require_http_methods(["GET", "POST"])
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    form = SignatureForm(agreement, request.POST or None)
    if request.method == "POST" and form.is_valid():
        signatory = form.cleaned_data["signatory"]
        registered = agreement.register_signature(signatory, on=form.cleaned_data["signed_on"])
        agreement.refresh_from_db()
        if not registered:
            messages.info(request, _("The signature of %(name)s was already registered.") % {"name": signatory.name})
        elif agreement.is_frozen:
            messages.success(request, _("All have signed: the agreement is signed and its text is now frozen."))
        else:
            messages.success(request, _("The signature of %(name)s was registered.") % {"name": signatory.name})
        return redirect(agreement)
    return render(request, "agreements/sign.html", {"agreement": agreement, "form": form})


@require_http_methods(["GET", "POST"])
def amendment_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        amendment = agreement.record_amendment(**form.cleaned_data)
        messages.success(request, _("%(amendment)s was recorded.") % {"amendment": amendment})
        return redirect(agreement)
    return render(request, "agreements/amend.html", {"agreement": agreement, "form": form})


@require_safe
def appendix_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An appendix's file, for those who may read its agreement (404 for anyone else: it is never served from
    /media/, so a file is not reachable by guessing its path)."""
    versions = AppendixVersion.objects.filter(agreement__in=visible_agreements(request.user)).exclude(file="")
    try:
        version = versions.get(pk=pk)
    except AppendixVersion.DoesNotExist:
        raise Http404 from None
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.file_name)
