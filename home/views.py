from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from agreements.access import visible_agreements
from followup.cycle import due_for_user
from meetings.access import current_seats, visible_meetings
from meetings.decision_models import ActionItem, RaisedQuestion
from meetings.models import Meeting

NEXT_MEETINGS = 5


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    agreements = visible_agreements(request.user).select_related("successor")
    # The person's own open action items, in agreements they still belong to; overdue ones first by date.
    action_items = (
        ActionItem.objects.filter(
            owner=request.user, done_at=None, body__agreement__in=visible_agreements(request.user)
        )
        .select_related("body")
        .prefetch_related(Prefetch("raised_questions", queryset=RaisedQuestion.objects.as_shown()))
        .order_by("due_on", "pk")
    )
    today = timezone.localdate()
    # The planned meetings of the bodies the person sits in, soonest first.
    next_meetings = (
        visible_meetings(request.user)
        .filter(
            body__in=current_seats(request.user).values("body_id"),
            state=Meeting.State.PLANNED,
            ends_at__gte=timezone.now(),
        )
        .select_related("body")
        .order_by("starts_at", "pk")[:NEXT_MEETINGS]
    )
    context = {
        "next_meetings": next_meetings,
        "agreements": agreements,
        "action_items": action_items,
        "today": today,
        "cycle_due": due_for_user(request.user, today),
    }
    return render(request, "home/home.html", context)
