"""The floor: the least Django can do for a page of the plan. One query, a bare table, the same layout."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from activities.models import Activity


def floor(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    rows = Activity.objects.filter(agreement_id=agreement_pk).values_list("pk", "name", "status__name")
    return render(request, "bench/floor.html", {"rows": rows})
