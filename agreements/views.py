from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .access import get_agreement_for_user, visible_agreements
from .models import Agreement


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    agreements = visible_agreements(request.user).select_related("successor")
    return render(request, "agreements/home.html", {"agreements": agreements})


@require_safe
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = visible_agreements(request.user).select_related("successor", "predecessor")
    return render(request, "agreements/list.html", {"agreements": agreements})


@require_safe
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement: Agreement = get_agreement_for_user(request, pk)
    agreement = (
        Agreement.objects.select_related("predecessor", "overarching", "successor")
        .prefetch_related(
            "agreement_parties__party", "principles", "time_horizons", "goal_areas", "signatories", "amendments"
        )
        .get(pk=agreement.pk)
    )
    return render(request, "agreements/detail.html", {"agreement": agreement})
