"""The follow-up pages: the chain both ways, indicators and their values, citizen promises, the annual cycle."""

from __future__ import annotations

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activities.access import get_activity_for_user
from activities.models import Activity
from agreements.access import get_agreement_for_user, get_published_agreement, visible_agreements

from .access import (
    can_edit_chain,
    can_enter_values,
    get_indicator_for_user,
    get_picture_for_user,
    get_problem_for_user,
    get_promise_for_user,
)
from .chain import activity_chain, cause_trees, problem_chain, summarise
from .chart import draw
from .cycle import cycle_rows
from .forms import ActivityLinksForm, CycleDoneForm, EvaluationForm, ValueForm, ValueImportConfirmForm, ValueImportForm
from .late import late_followups
from .models import Cause, CitizenPromise, CycleCompletion, CycleStep, Evaluation, Indicator, IndicatorValue, Problem
from .value_import import import_values, plan_values

PENDING_IMPORT = "followup-pending-values"
VALUES_CHANGED_EVENT = "values-changed"


@require_GET
def overview(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    """The agreement's follow-up: situation pictures, what is not tied together, late follow-ups, indicators."""
    agreement = get_agreement_for_user(request, agreement_pk)
    activities = Activity.objects.filter(agreement=agreement).select_related("status", "parent")
    indicators = Indicator.objects.filter(agreement=agreement).select_related("activity", "goal_area", "owner")
    context = {
        "agreement": agreement,
        "pictures": agreement.situation_pictures.annotate(problem_count=Count("problems")),
        "problems_without_activities": Problem.objects.filter(situation_picture__agreement=agreement)
        .annotate(direct=Count("activities"), through_causes=Count("causes__activities"))
        .filter(direct=0, through_causes=0)
        .select_related("situation_picture"),
        # An activity counts as tied when it, or its parent activity, addresses a problem or a cause.
        "activities_without_problems": activities.exclude(
            Q(problems__isnull=False)
            | Q(causes__isnull=False)
            | Q(parent__problems__isnull=False)
            | Q(parent__causes__isnull=False)
        ).distinct(),
        "late": late_followups(agreement, timezone.localdate()),
        "indicators": summarise(list(indicators)),
        "can_edit": can_edit_chain(request.user, agreement),
    }
    return render(request, "followup/overview.html", context)


@require_GET
def situation_picture(request: HttpRequest, pk: int) -> HttpResponse:
    picture = get_picture_for_user(request, pk)
    problems = list(
        picture.problems.annotate(
            direct=Count("activities", distinct=True), through_causes=Count("causes__activities", distinct=True)
        ).prefetch_related("districts")
    )
    trees = cause_trees(list(Cause.objects.filter(problem__situation_picture=picture)))
    context = {
        "picture": picture,
        "agreement": picture.agreement,
        "sources": picture.sources.all(),
        "problems": [(problem, trees.get(problem.pk, [])) for problem in problems],
    }
    return render(request, "followup/situation_picture.html", context)


@require_GET
def problem(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_problem_for_user(request, pk)
    context = {
        "problem": problem,
        "agreement": problem.situation_picture.agreement,
        "chain": problem_chain(problem),
        "districts": problem.districts.all(),
        "promises": problem.promises.all(),
    }
    return render(request, "followup/problem.html", context)


@require_GET
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Why the activity exists and whether it works. The activity page fetches the #chain part with htmx."""
    activity = get_activity_for_user(request, pk)
    context = {
        "activity": activity,
        "agreement": activity.agreement,
        "chain": activity_chain(activity),
        "can_edit": can_edit_chain(request.user, activity.agreement),
    }
    return render(request, "followup/activity.html" + ("#chain" if request.htmx else ""), context)


@require_http_methods(["GET", "POST"])
def activity_links(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request, pk)
    if not can_edit_chain(request.user, activity.agreement):
        raise PermissionDenied
    form = ActivityLinksForm(activity, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The links of “%(name)s” were saved.") % {"name": activity})
        return redirect("followup:activity", pk=activity.pk)
    return render(request, "followup/activity_links.html", {"activity": activity, "form": form})


@require_http_methods(["GET", "POST"])
def evaluate_activity(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request, pk)
    if not can_edit_chain(request.user, activity.agreement):
        raise PermissionDenied
    return _evaluate(request, activity.agreement, "activity", activity, redirect_to=("followup:activity", activity.pk))


@require_http_methods(["GET", "POST"])
def evaluate_promise(request: HttpRequest, pk: int) -> HttpResponse:
    promise = get_promise_for_user(request, pk, edit=True)
    return _evaluate(
        request, promise.agreement, "promise", promise, redirect_to=("followup:promises", promise.agreement_id)
    )


def _evaluate(request, agreement, field_name, subject, *, redirect_to) -> HttpResponse:
    evaluation = Evaluation(agreement=agreement, author=request.user, **{field_name: subject})
    form = EvaluationForm(request.POST if request.method == "POST" else None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The evaluation was saved."))
        return redirect(redirect_to[0], redirect_to[1])
    context = {"agreement": agreement, "subject": subject, "form": form}
    return render(request, "followup/evaluate.html", context)


def _indicator_context(request: HttpRequest, indicator: Indicator, form: ValueForm | None = None) -> dict:
    [summary] = summarise([indicator])
    history = (
        IndicatorValue.history.filter(indicator_id=indicator.pk).select_related("history_user").order_by("history_date")
    )
    earlier: dict[int, list] = {}
    for record in history:
        earlier.setdefault(record.id, []).append(record)
    today = timezone.localdate()
    entered = {v.period_start for v in summary.values}
    periods = {p.start: p for p in indicator.periods_due(today)} | {v.period_start: v.period for v in summary.values}
    periods = sorted(periods.items())
    rows = []
    for start, period in periods:
        values = [v for v in summary.values if v.period_start == start]
        rows.append({"period": period, "values": values, "missing": start not in entered})
    for value in summary.values:
        # The records before the current one: what the value was before each revision.
        value.revisions = earlier.get(value.pk, [])[:-1]
    can_enter = can_enter_values(request.user, indicator)
    return {
        "indicator": indicator,
        "agreement": indicator.agreement,
        "summary": summary,
        "rows": rows,
        "chart": draw(summary, baseline_label=_("Baseline"), target_label=_("Target"), total_label=_("Total")),
        "can_enter": can_enter,
        "form": form if form is not None else (ValueForm(indicator) if can_enter else None),
    }


@require_GET
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request, pk)
    template = "followup/indicator.html" + ("#values" if request.htmx else "")
    return render(request, template, _indicator_context(request, indicator))


@require_http_methods(["GET", "POST"])
def enter_value(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter or revise a value: in place with htmx (the #values part comes back), or as a plain form."""
    indicator = get_indicator_for_user(request, pk, enter=True)
    form = ValueForm(indicator, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        value = form.save(by=request.user)
        if not request.htmx:
            messages.success(request, _("The value for %(period)s was saved.") % {"period": value.period})
            return redirect(indicator)
        response = render(request, "followup/indicator.html#values", _indicator_context(request, indicator))
        response["HX-Trigger"] = VALUES_CHANGED_EVENT
        return response
    if request.htmx:
        return render(request, "followup/indicator.html#values", _indicator_context(request, indicator, form))
    return render(request, "followup/enter_value.html", {"indicator": indicator, "form": form})


@require_http_methods(["GET", "POST"])
def import_indicator_values(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request, pk, enter=True)
    posted = request.method == "POST"
    form = ValueImportForm(request.POST if posted else None, request.FILES if posted else None)
    context = {"indicator": indicator, "agreement": indicator.agreement, "form": form, "plan": None}
    if posted and form.is_valid():
        data = form.cleaned_data["data"]
        plan = plan_values(data, indicator)
        context["plan"] = plan
        if plan.is_valid:
            digest = hashlib.sha256(data).hexdigest()
            request.session[PENDING_IMPORT] = {
                "indicator": indicator.pk,
                "digest": digest,
                "data": base64.b64encode(data).decode("ascii"),
            }
            context["confirm_form"] = ValueImportConfirmForm(initial={"digest": digest})
        else:
            request.session.pop(PENDING_IMPORT, None)
    return render(request, "followup/import_values.html", context)


@require_POST
def confirm_import(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request, pk, enter=True)
    form = ValueImportConfirmForm(request.POST)
    pending = request.session.get(PENDING_IMPORT) or {}
    if not (
        form.is_valid()
        and pending.get("indicator") == indicator.pk
        and pending.get("digest") == form.cleaned_data["digest"]
    ):
        messages.error(request, _("The previewed file is no longer waiting to be imported. Upload it again."))
        return redirect("followup:import_values", pk=indicator.pk)
    plan = import_values(base64.b64decode(pending["data"]), indicator, by=request.user)
    if not plan.is_valid:
        context = {"indicator": indicator, "agreement": indicator.agreement, "form": ValueImportForm(), "plan": plan}
        return render(request, "followup/import_values.html", context)
    request.session.pop(PENDING_IMPORT, None)
    messages.success(
        request,
        _("The values were imported: %(tally)s.") % {"tally": plan.tally},
    )
    return redirect(indicator)


def _promises(agreement):
    return (
        CitizenPromise.objects.filter(agreement=agreement)
        .select_related("problem")
        .prefetch_related("activities", "parties", "evaluations__judgement")
    )


@require_GET
def promises(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk)
    context = {
        "agreement": agreement,
        "promises": _promises(agreement),
        "today": timezone.localdate(),
        "can_edit": can_edit_chain(request.user, agreement),
    }
    return render(request, "followup/promises.html", context)


@login_not_required
@require_GET
def public_promises(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    """For everyone: the promises as published and, once a half-year has ended, how it went. No names."""
    agreement = get_published_agreement(agreement_pk)
    context = {"agreement": agreement, "promises": _promises(agreement), "today": timezone.localdate()}
    return render(request, "followup/public_promises.html", context)


@require_GET
def cycle(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk)
    context = {
        "agreement": agreement,
        "rows": cycle_rows(agreement, timezone.localdate()),
        "can_edit": can_edit_chain(request.user, agreement),
    }
    return render(request, "followup/cycle.html", context)


@require_POST
def cycle_done(request: HttpRequest, pk: int) -> HttpResponse:
    agreements = visible_agreements(request.user)
    step = CycleStep.objects.filter(agreement__in=agreements, pk=pk).select_related("agreement").first()
    if step is None:
        raise Http404
    if not can_edit_chain(request.user, step.agreement):
        raise PermissionDenied
    form = CycleDoneForm(request.POST)
    if form.is_valid():
        CycleCompletion.objects.get_or_create(step=step, year=form.cleaned_data["year"], defaults={"by": request.user})
        messages.success(request, _("“%(name)s” is marked done.") % {"name": step})
    else:
        messages.error(request, _("Nothing was marked done: the year was missing."))
    return redirect("followup:cycle", agreement_pk=step.agreement_id)
