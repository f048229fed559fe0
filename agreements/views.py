import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .access import can_edit_agreement, get_agreement_for_user, is_admin, visible_agreements
from .forms import (
    AddPartyForm,
    AgreementForm,
    AgreementPartyForm,
    AmendmentForm,
    MoveForm,
    NewAgreementForm,
    OrganisationForm,
    ReviewForm,
    SignatoryForm,
    SignatureForm,
)
from .freezing import FrozenError
from .models import NOT_REVIEWABLE_MESSAGE, PARTS_FROZEN_MESSAGE, Agreement, AgreementParty, AppendixVersion, Signatory
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


@require_http_methods(["GET", "POST"])
def agreement_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that an open-ended agreement was reviewed: its next review falls due one cycle later."""
    agreement = get_agreement_for_user(request, pk, edit=True)
    if not agreement.is_reviewable:
        status = 409 if request.method == "POST" else 200
        context = {"agreement": agreement, "form": None, "not_reviewable": NOT_REVIEWABLE_MESSAGE}
        return render(request, "agreements/review.html", context, status=status)
    form = ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            recorded = agreement.record_review(form.cleaned_data["reviewed_on"])
        except ValidationError as error:
            form.add_error("reviewed_on" if hasattr(error, "error_dict") else None, error.messages)
        else:
            if recorded:
                next_due = date_format(agreement.next_review_on, "SHORT_DATE_FORMAT")
                messages.success(
                    request, _("The review was recorded. The next one is due %(due)s.") % {"due": next_due}
                )
            else:
                messages.info(request, _("That review was already recorded."))
            return redirect(agreement)
    return render(request, "agreements/review.html", {"agreement": agreement, "form": form})


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


# --- The parties and signatories of a draft ---------------------------------------------------------------------
# Administrators enter them here rather than in the Django admin. A signed agreement's are frozen with its text: the
# pages still show them, say why they cannot change, and answer a POST with 409, changing nothing (the models refuse
# it anyway; FrozenError is caught for an agreement signed between the check and the save).


def _frozen(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    status = 409 if request.method == "POST" else 200
    return render(request, template, context | {"frozen": True, "frozen_message": PARTS_FROZEN_MESSAGE}, status=status)


@require_http_methods(["GET", "POST"])
def agreement_parties(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    context = _parties_context(agreement)
    if agreement.is_frozen:
        return _frozen(request, "agreements/parties.html", context)
    form = AddPartyForm(agreement, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = form.save()
        except FrozenError:
            return _frozen(request, "agreements/parties.html", context)
        except IntegrityError:
            # The same organisation or short name saved by someone else since the form was checked.
            form.add_error(None, _("Someone else added this party or short name just now: see the list above."))
            return render(request, "agreements/parties.html", context | {"form": form})
        messages.success(request, _("%(party)s is now a party to the agreement.") % {"party": added.party})
        return redirect("agreements:parties", agreement.pk)
    return render(request, "agreements/parties.html", context | {"form": form})


def _parties_context(agreement: Agreement) -> dict:
    return {"agreement": agreement, "parties": agreement.agreement_parties.select_related("party")}


def _agreement_party(request: HttpRequest, pk: int, party_pk: int) -> tuple[Agreement, AgreementParty]:
    agreement = get_agreement_for_user(request, pk, edit=True)
    row = get_object_or_404(agreement.agreement_parties.select_related("party"), pk=party_pk)
    return agreement, row


@require_http_methods(["GET", "POST"])
def agreement_party_edit(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    agreement, row = _agreement_party(request, pk, party_pk)
    context = {"agreement": agreement, "row": row}
    if agreement.is_frozen:
        return _frozen(request, "agreements/party_form.html", context)
    # The forms change copies: the page's heading names the party as stored, whatever was typed.
    form = AgreementPartyForm(request.POST or None, instance=copy.copy(row))
    # An organisation that is a party to other agreements too is named by them as well (signed ones among them):
    # its own details are changed in the admin, knowingly, not from one draft's page.
    own = not row.party.agreements.exclude(pk=agreement.pk).exists()
    organisation = (
        OrganisationForm(request.POST or None, instance=copy.copy(row.party), prefix="organisation") if own else None
    )
    if request.method == "POST" and form.is_valid() and (organisation is None or organisation.is_valid()):
        try:
            with transaction.atomic():
                form.save()
                if organisation is not None:
                    organisation.save()
        except FrozenError:
            return _frozen(request, "agreements/party_form.html", context)
        messages.success(request, _("%(party)s was saved.") % {"party": row.party})
        return redirect("agreements:parties", agreement.pk)
    return render(request, "agreements/party_form.html", context | {"form": form, "organisation": organisation})


@require_POST
def agreement_party_move(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    agreement, row = _agreement_party(request, pk, party_pk)
    if agreement.is_frozen:
        return _frozen(request, "agreements/parties.html", _parties_context(agreement))
    return _move(request, agreement, row, back="agreements:parties")


@require_http_methods(["GET", "POST"])
def agreement_party_remove(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    agreement, row = _agreement_party(request, pk, party_pk)
    texts = {
        "title": _("Remove %(name)s as a party?") % {"name": row.party},
        "explanation": _(
            "The organisation stays registered (other agreements may name it); only this draft leaves it out."
        ),
        "back_label": _("Parties"),
        "removed": _("%(name)s is no longer a party.") % {"name": row.party},
    }
    return confirm_and_remove(request, agreement, row, back="agreements:parties", texts=texts)


def _move(request: HttpRequest, agreement: Agreement, row, *, back: str) -> HttpResponse:
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            row.move(form.cleaned_data["direction"], by=request.user)
        except FrozenError:
            messages.error(request, PARTS_FROZEN_MESSAGE)
    return redirect(back, agreement.pk)


def confirm_and_remove(request: HttpRequest, agreement: Agreement, row, *, back: str, texts: dict) -> HttpResponse:
    """The confirmation page (GET), and the removal it confirms (POST): refused, with the reason, when the model
    refuses it (frozen, someone signs for the party, the last unsigned signatory)."""
    context = {"agreement": agreement, "row": row, "back": back, "refused": row.removal_refused()} | texts
    if request.method == "POST":
        if context["refused"] is None:
            try:
                row.delete()
            except ValidationError as error:  # signed, or someone signs for it, since the check
                context["refused"] = " ".join(error.messages)
            else:
                messages.success(request, texts["removed"])
                return redirect(back, agreement.pk)
        return render(request, "agreements/remove.html", context, status=409)
    return render(request, "agreements/remove.html", context)


@require_http_methods(["GET", "POST"])
def agreement_signatories(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    context = _signatories_context(agreement)
    if agreement.is_frozen:
        return _frozen(request, "agreements/signatories.html", context)
    form = SignatoryForm(agreement, request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _save_signatory(request, agreement, form, context, "agreements/signatories.html")
    return render(request, "agreements/signatories.html", context | {"form": form})


def _signatories_context(agreement: Agreement) -> dict:
    return {"agreement": agreement, "signatories": agreement.signatories.select_related("party")}


def _agreement_signatory(request: HttpRequest, pk: int, signatory_pk: int) -> tuple[Agreement, Signatory]:
    agreement = get_agreement_for_user(request, pk, edit=True)
    return agreement, get_object_or_404(agreement.signatories.select_related("party"), pk=signatory_pk)


@require_http_methods(["GET", "POST"])
def agreement_signatory_edit(request: HttpRequest, pk: int, signatory_pk: int) -> HttpResponse:
    agreement, signatory = _agreement_signatory(request, pk, signatory_pk)
    context = {"agreement": agreement, "signatory": signatory}
    if agreement.is_frozen:
        return _frozen(request, "agreements/signatory_form.html", context)
    form = SignatoryForm(agreement, request.POST or None, instance=copy.copy(signatory))
    if request.method == "POST" and form.is_valid():
        return _save_signatory(request, agreement, form, context, "agreements/signatory_form.html")
    return render(request, "agreements/signatory_form.html", context | {"form": form})


def _save_signatory(request: HttpRequest, agreement: Agreement, form, context: dict, template: str) -> HttpResponse:
    signs = form.signature[0]
    try:
        signatory = form.save()
    except FrozenError:
        return _frozen(request, template, context)
    agreement.refresh_from_db()
    if signs and agreement.is_frozen:
        messages.success(request, _("All have signed: the agreement is signed and its text is now frozen."))
        return redirect(agreement)
    if signs:
        messages.success(request, _("%(name)s was saved and their signature registered.") % {"name": signatory.name})
    else:
        messages.success(request, _("%(name)s was saved.") % {"name": signatory.name})
    return redirect("agreements:signatories", agreement.pk)


@require_POST
def agreement_signatory_move(request: HttpRequest, pk: int, signatory_pk: int) -> HttpResponse:
    agreement, signatory = _agreement_signatory(request, pk, signatory_pk)
    if agreement.is_frozen:
        return _frozen(request, "agreements/signatories.html", _signatories_context(agreement))
    return _move(request, agreement, signatory, back="agreements:signatories")


@require_http_methods(["GET", "POST"])
def agreement_signatory_remove(request: HttpRequest, pk: int, signatory_pk: int) -> HttpResponse:
    agreement, signatory = _agreement_signatory(request, pk, signatory_pk)
    texts = {
        "title": _("Remove %(name)s as a signatory?") % {"name": signatory.name},
        "explanation": _("They are no longer named in the signature block of the agreement."),
        "back_label": _("Signatories"),
        "removed": _("%(name)s no longer signs the agreement.") % {"name": signatory.name},
    }
    return confirm_and_remove(request, agreement, signatory, back="agreements:signatories", texts=texts)
