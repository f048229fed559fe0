from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agreements.access import visible_agreements


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    agreements = visible_agreements(request.user).select_related("successor")
    return render(request, "home/home.html", {"agreements": agreements})
