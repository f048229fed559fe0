"""The public pages: published agreements without login, with no personal names and no internal notes.

What they show is chosen field by field in the templates (templates/public/): the agreement's text, goal
areas, the matrix and each activity's name, status and public description. Never people, signatories'
names, working groups, responsibilities, comments or history.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from activities.models import Activity

from .access import get_published_agreement, published_agreements


@login_not_required
@require_safe
def public_index(request: HttpRequest) -> HttpResponse:
    agreements = published_agreements().order_by("-valid_from", "title")
    return render(request, "public/index.html", {"agreements": agreements})


@login_not_required
@require_safe
def public_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_published_agreement(pk)
    goal_areas = list(agreement.goal_areas.all())
    sub_activities = Prefetch(
        "sub_activities", queryset=Activity.objects.select_related("status").prefetch_related("goal_areas")
    )
    activities = list(
        agreement.activities.filter(parent__isnull=True)
        .select_related("status")
        .prefetch_related("goal_areas", sub_activities)
    )
    matrix = [(activity, _aims(activity, goal_areas)) for activity in activities]
    context = {
        "agreement": agreement,
        "parties": agreement.agreement_parties.select_related("party"),
        "principles": agreement.principles.all(),
        "goal_areas": goal_areas,
        "activities": activities,
        "matrix": matrix,
    }
    return render(request, "public/agreement.html", context)


def _aims(activity: Activity, goal_areas: list) -> list[bool]:
    """Per goal area (in column order): does the activity or one of its sub-activities aim at it?"""
    aimed = {area.pk for area in activity.goal_areas.all()}
    for sub in activity.sub_activities.all():
        aimed |= {area.pk for area in sub.goal_areas.all()}
    return [area.pk in aimed for area in goal_areas]
