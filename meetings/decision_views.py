"""The decision pages: the agreement's register, one decision, recording one, its execution; action items."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from activities.access import can_edit_activity, get_activity_for_user
from activities.models import StaleVersionError
from agreements.access import get_agreement_for_user
from samverkan.fragments import source_digest
from samverkan.kept_results import keeps_results, kept_result

from .access import (
    can_edit_meetings,
    can_see_meetings,
    get_body_for_user,
    get_meeting_for_user,
    visible_bodies,
    visible_decisions,
)
from .decision_export import register_workbook
from .decision_forms import (
    ActionItemForm,
    ActivityActionItemForm,
    DecisionForm,
    ExecutionForm,
    PlanActivityForm,
    PlanAppendixForm,
    PlanStatusForm,
    RegisterFilterForm,
)
from .decision_models import ActionItem, Decision, RaisedQuestion, record_decision, with_concerns
from .models import AgendaItem

PER_PAGE = 50
REGISTER = "meetings/register.html"


def get_decision_for_user(request: HttpRequest, pk: int, *, edit: bool = False) -> Decision:
    try:
        decision = (
            visible_decisions(request.user)
            .select_related("body__agreement", "item__meeting")
            .prefetch_related("activities", "goal_areas")
            .get(pk=pk)
        )
    except Decision.DoesNotExist:
        raise Http404 from None
    if edit and not can_edit_meetings(request.user, decision.body):
        raise PermissionDenied
    return decision


def _filtered_register(request: HttpRequest, agreement) -> tuple[RegisterFilterForm, QuerySet[Decision]]:
    """The register's filter form and what it lets through: the page and its export show the same decisions."""
    decisions = visible_decisions(request.user).filter(body__agreement=agreement)
    years = list(decisions.order_by("-year").values_list("year", flat=True).distinct())
    form = RegisterFilterForm(agreement, years, request.GET)
    return form, form.filter(decisions).for_register()


@require_GET
@keeps_results
def register(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    """Every decision of the agreement's bodies that the user may see, filtered and searched, newest first."""
    agreement = get_agreement_for_user(request, agreement_pk)
    form, found = _filtered_register(request, agreement)
    page = Paginator(found.values_list("pk", flat=True), PER_PAGE).get_page(request.GET.get("sida"))
    today = timezone.localdate()
    ids = tuple(page.object_list)
    # The page's rows, kept until the database changes: which decisions the user may see is in their ids.
    rows = kept_result(
        "decision register rows", (ids, today, source_digest(REGISTER)), lambda: _register_rows(ids, today), shared=True
    )
    query = request.GET.copy()
    query.pop("sida", None)
    context = {"agreement": agreement, "form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, REGISTER, context)


def _register_rows(ids: tuple[int, ...], today) -> str:
    by_pk = {decision.pk: decision for decision in with_concerns(Decision.objects.filter(pk__in=ids).for_register())}
    # One deleted between the two reads (the admin may delete) is left out, not a KeyError.
    decisions = [by_pk[pk] for pk in ids if pk in by_pk]
    return render_to_string(f"{REGISTER}#rows", {"decisions": decisions, "today": today})


@require_GET
def register_export(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk)
    _form, found = _filtered_register(request, agreement)
    content = register_workbook(with_concerns(found))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="beslut-{agreement.pk}.xlsx"'
    return response


PLAN_FORMS = {"plan_status_form": PlanStatusForm, "plan_activity_form": PlanActivityForm,
              "plan_appendix_form": PlanAppendixForm}  # fmt: skip


def _decision_page(request: HttpRequest, decision: Decision, **bound_forms) -> HttpResponse:
    """The decision's page, with the form that was posted (if any) bound and showing its errors."""
    can_edit = can_edit_meetings(request.user, decision.body)
    execution_form = bound_forms.pop("execution_form", None) or ExecutionForm(initial={"execution": decision.execution})
    effects = decision.effects.select_related(
        "activity", "status_change__from_status", "status_change__to_status", "appendix_version__appendix"
    )
    context = {
        "decision": decision,
        "history": decision.history.select_related("history_user").order_by("-history_date"),
        "execution_form": execution_form,
        "effects": effects,
        "amendments": decision.amendments.all(),
        "can_edit": can_edit,
        "today": timezone.localdate(),
    }
    if can_edit:
        context |= {name: bound_forms.get(name) or form_class(decision) for name, form_class in PLAN_FORMS.items()}
    return render(request, "meetings/decision.html", context)


@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request, pk)
    return _decision_page(request, decision)


def _add_errors(form, error: ValidationError) -> None:
    """A model's refusal next to the field it names, when the form has that field; else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _carry_out(request: HttpRequest, pk: int, form_name: str, make_change) -> HttpResponse:
    """Record one of the decision's effects in the plan; allowed after the minutes are approved (see
    DecisionEffect: carrying a decision out is not part of its minutes)."""
    decision = get_decision_for_user(request, pk, edit=True)
    form = PLAN_FORMS[form_name](decision, request.POST)
    if form.is_valid():
        try:
            message = make_change(decision, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        except StaleVersionError:
            form.add_error(None, _("Someone changed the activity at the same moment. Look at it and try again."))
        else:
            messages.success(request, message)
            return redirect(decision)
    return _decision_page(request, decision, **{form_name: form})


@require_POST
def decision_plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    def change(decision: Decision, data) -> str:
        effect = decision.change_activity_status(
            data["activity"], data["status"], by=request.user, comment=data["comment"],
            effective_on=data["effective_on"], execution=data["execution"],
        )  # fmt: skip
        return _("“%(activity)s” now has the status %(status)s, by decision %(label)s.") % {
            "activity": effect.activity.name, "status": data["status"].name, "label": decision.label,
        }  # fmt: skip

    return _carry_out(request, pk, "plan_status_form", change)


@require_POST
def decision_plan_activity(request: HttpRequest, pk: int) -> HttpResponse:
    def change(decision: Decision, data) -> str:
        effect = decision.add_activity(
            name=data["name"], goal_areas=data["goal_areas"], by=request.user, execution=data["execution"]
        )
        return _("“%(activity)s” was added to the plan, by decision %(label)s.") % {
            "activity": effect.activity.name, "label": decision.label,
        }  # fmt: skip

    return _carry_out(request, pk, "plan_activity_form", change)


@require_POST
def decision_plan_appendix(request: HttpRequest, pk: int) -> HttpResponse:
    def change(decision: Decision, data) -> str:
        effect = decision.link_appendix_version(data["appendix_version"], by=request.user, execution=data["execution"])
        return _("%(version)s is linked to decision %(label)s.") % {
            "version": effect.appendix_version, "label": decision.label,
        }  # fmt: skip

    return _carry_out(request, pk, "plan_appendix_form", change)


@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, item_pk: int) -> HttpResponse:
    """A decision taken at the meeting, under one of its agenda items."""
    try:
        item = AgendaItem.objects.select_related("meeting").get(pk=item_pk)
    except AgendaItem.DoesNotExist:
        raise Http404 from None
    meeting = get_meeting_for_user(request, item.meeting_id, edit=True)
    return _record(request, meeting.body, item=item, initial={"decided_on": meeting.date})


@require_http_methods(["GET", "POST"])
def decision_per_capsulam(request: HttpRequest, body_pk: int) -> HttpResponse:
    body = get_body_for_user(request, body_pk, edit_meetings=True)
    return _record(request, body, item=None, initial={"decided_on": timezone.localdate()})


def _record(request: HttpRequest, body, *, item, initial) -> HttpResponse:
    form = DecisionForm(
        body, request.POST if request.method == "POST" else None, per_capsulam=item is None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        relations = {name: data.pop(name) for name in ("activities", "goal_areas")}
        try:
            decision = record_decision(body, item=item, by=request.user, **data)
        except ValidationError as error:  # FrozenMinutesError among them
            form.add_error(None, error)
        else:
            decision.activities.set(relations["activities"])
            decision.goal_areas.set(relations["goal_areas"])
            messages.success(request, _("Decision %(label)s was recorded.") % {"label": decision.label})
            return redirect(decision)
    context = {"form": form, "body": body, "item": item}
    return render(request, "meetings/decision_form.html", context)


@require_POST
def decision_execution(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request, pk, edit=True)
    form = ExecutionForm(request.POST)
    if form.is_valid():
        decision.set_execution(form.cleaned_data["execution"], by=request.user, comment=form.cleaned_data["comment"])
        messages.success(request, _("How far the decision has been carried out was saved."))
        return redirect(decision)
    return _decision_page(request, decision, execution_form=form)


@require_http_methods(["GET", "POST"])
def action_item_create(request: HttpRequest, item_pk: int) -> HttpResponse:
    try:
        item = AgendaItem.objects.select_related("meeting").get(pk=item_pk)
    except AgendaItem.DoesNotExist:
        raise Http404 from None
    meeting = get_meeting_for_user(request, item.meeting_id, edit=True)
    form = ActionItemForm(meeting.body, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.item = item
        action.body = meeting.body
        action._history_user = request.user
        action.save()
        messages.success(request, _("The action item was added."))
        return redirect(meeting)
    return render(request, "meetings/action_item_form.html", {"form": form, "item": item, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def action_item_for_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise an action item on an activity (outside any meeting), followed up by one of the agreement's bodies."""
    activity = get_activity_for_user(request, pk, edit=True)
    bodies = visible_bodies(request.user).filter(agreement=activity.agreement).order_by("order", "pk")
    form = ActivityActionItemForm(bodies, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.activity = activity
        action._history_user = request.user
        action.save()
        messages.success(request, _("The action item was added."))
        return redirect(activity)
    return render(request, "meetings/activity_action_item_form.html", {"form": form, "activity": activity})


@require_safe
def activity_action_items(request: HttpRequest, pk: int) -> HttpResponse:
    """The action items raised on an activity. The activity page fetches the #actions part with htmx."""
    activity = get_activity_for_user(request, pk)
    actions = (
        ActionItem.objects.filter(activity=activity)
        .select_related("body")
        .prefetch_related(Prefetch("raised_questions", queryset=RaisedQuestion.objects.as_shown()))
        .order_by("done_at", "due_on", "pk")
    )
    # Raised from the activity itself; those raised from its action items are shown under each of them.
    questions = RaisedQuestion.objects.as_shown().filter(activity=activity)
    can_add = can_edit_activity(request.user, activity)
    context = {
        "activity": activity,
        "actions": actions,
        "questions": questions,
        "can_add": can_add,
        # Done is marked by the owner or the body's editors (the view checks); others see the list only.
        "readonly": not can_add,
        "today": timezone.localdate(),
        "next": activity.get_absolute_url(),
    }
    return render(request, "meetings/activity_action_items.html" + ("#actions" if request.htmx else ""), context)


@require_POST
def action_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner (or whoever edits the body's meetings) marks it done; done twice is done once."""
    try:
        action = ActionItem.objects.select_related("body__agreement").get(pk=pk)
    except ActionItem.DoesNotExist:
        raise Http404 from None
    if action.owner_id != request.user.pk and not can_edit_meetings(request.user, action.body):
        raise PermissionDenied if can_see_meetings(request.user, action.body) else Http404
    action.mark_done(by=request.user)
    if request.htmx:
        context = {"action": action, "today": timezone.localdate(), "next": request.POST.get("next", "")}
        return render(request, "meetings/includes/action_item.html", context)
    messages.success(request, _("“%(what)s” is marked done.") % {"what": action.what})
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("home")
