from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from agreements.access import visible_agreements
from followup.cycle import due_for_user
from meetings.decision_models import ActionItem, RaisedQuestion


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
    context = {
        "agreements": agreements,
        "action_items": action_items,
        "today": today,
        "cycle_due": due_for_user(request.user, today),
    }
    return render(request, "home/home.html", context)
