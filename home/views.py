from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from agreements.access import visible_agreements
from followup.cycle import due_for_user


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    agreements = visible_agreements(request.user).select_related("successor")
    context = {"agreements": agreements, "cycle_due": due_for_user(request.user, timezone.localdate())}
    return render(request, "home/home.html", context)
