"""The official's pages: matrix, status board, my activities, the activity page, its edit form and status change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from agreements.access import get_agreement_for_user, is_admin, role_in, visible_agreements
from samverkan.fragments import render_each, source_digest
from samverkan.kept_results import keeps_results, kept_result

from .access import can_edit_activity, editable_activity_ids, get_activity_for_user
from .changes import changes_since, history_entries, merge_stale_edit
from .forms import (
    ActivityForm,
    BoardFilterForm,
    FilterBar,
    MatrixFilterForm,
    PlanFilterForm,
    StatusChangeForm,
    StatusFormQuery,
)
from .models import Activity, StaleVersionError, StatusChange
from .plan import (
    Card,
    PlanActivity,
    board_columns,
    count_by_status,
    grid_rows,
    matrix_columns,
    matrix_entries,
    plan_activities,
)
from .sources import sources_for

STATUS_CHANGED_EVENT = "status-changed"


def plan_filters(request: HttpRequest, agreement, form_class=PlanFilterForm) -> tuple[PlanFilterForm, FilterBar]:
    """The filters of the matrix and the board, read from the query string, and their bar rendered."""
    filter_form = form_class(agreement, request.GET, action=request.path)
    bar = filter_form.bar()
    render_each("bar", [bar], html="activities/includes/filters.html")
    return filter_form, bar


@require_GET
@keeps_results
def matrix(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    """The goal areas and the activities aiming at them, in either of two views: a column per goal area listing
    its activities, or a grid of a row per activity and a column per goal area (`?vy=rutnat`)."""
    agreement = get_agreement_for_user(request, agreement_pk)
    filter_form, filter_bar = plan_filters(request, agreement, MatrixFilterForm)
    activities = kept_result(
        "matrix",
        (agreement.pk, filter_form.query),
        lambda: plan_activities(
            Activity.objects.for_matrix(agreement, filter_form.filters()), with_sub_activities=True, agreement=agreement
        ),
        shared=True,
    )
    goal_areas = list(agreement.goal_areas.all())
    context = {"agreement": agreement, "filter_form": filter_form, "filter_bar": filter_bar, "goal_areas": goal_areas}
    context["grid"] = filter_form.view == MatrixFilterForm.GRID
    if context["grid"]:
        rows = grid_rows(goal_areas, activities, agreement.goal_area_term)
        render_each("row", rows, html="activities/matrix.html#grid-row")
        context["rows"] = rows
    else:
        entries = matrix_entries(activities)
        render_each("entry", [entry.shown for entry in entries], html="activities/matrix.html#entry")
        context["columns"] = matrix_columns(goal_areas, entries)
    template = "activities/matrix.html" + ("#plan" if request.htmx else "")
    return render(request, template, context)


CARD = "activities/board.html#card-item"


def cards_for(
    request: HttpRequest, activities: list[PlanActivity], *, return_to: str, kept_as: tuple | None = None
) -> list[Card]:
    """Cards of `activities` (as plan_activities reads them) for this user, rendered.

    `kept_as`: what the list was read for (plain values); the rendered cards are then kept too, under it, the
    user's rights, the page they return to and the card template's source (samverkan/kept_results.py).
    """
    editable = editable_activity_ids(request.user, activities)

    def rendered() -> list[Card]:
        cards = [Card(a, a.pk in editable, return_to) for a in activities]
        render_each("card", cards, html=CARD)
        return cards

    if kept_as is None:
        return rendered()
    asked = (*kept_as, tuple(sorted(editable)), return_to, source_digest(CARD))
    return kept_result("cards", asked, rendered, shared=True)


@require_GET
@keeps_results
def board(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk)
    filter_form, filter_bar = plan_filters(request, agreement, BoardFilterForm)
    statuses = list(agreement.statuses.all())
    # The plan read for the valid filters, the same for every user (their rights are applied to it below),
    # kept until the database changes (samverkan/kept_results.py); read only, as what is built from it.
    activities = kept_result(
        "board",
        (agreement.pk, filter_form.query),
        lambda: plan_activities(
            Activity.objects.for_board(agreement, filter_form.filters()),
            with_people=True,
            with_latest_comment=True,
            agreement=agreement,
            statuses=statuses,
        ),
        shared=True,
    )
    # Built, not the request's path: a card links back to the board's one address (and is kept under it).
    return_to = reverse("activities:board", args=[agreement.pk]) + filter_form.query
    cards = cards_for(request, activities, return_to=return_to, kept_as=("board", agreement.pk, filter_form.query))
    columns = board_columns(statuses, cards, filter_form.sort_order)
    context = {
        "agreement": agreement,
        "filter_form": filter_form,
        "filter_bar": filter_bar,
        "columns": columns,
        "compact": filter_form.is_compact,
        "has_cards": any(column.cards for column in columns),
    }
    if request.htmx and request.htmx.trigger == "board-counters":
        # The counters ask for themselves after a status change (the HX-Trigger event), nothing else.
        return render(request, "activities/board.html#counters", context)
    template = "activities/board.html" + ("#plan" if request.htmx else "")
    return render(request, template, context)


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    # No object to check access to: the list is the user's own, limited to agreements they still belong to.
    activities = Activity.objects.for_user(request.user).filter(agreement__in=visible_agreements(request.user))
    plan = plan_activities(activities, with_people=True, with_latest_comment=True)
    cards = cards_for(request, plan, return_to=request.path)
    context = {"cards": cards, "counts": count_by_status(card.activity.status for card in cards)}
    if not cards:
        # Where to go instead, by what the person is in each agreement.
        context["is_admin"] = is_admin(request.user)
        context["roles"] = [
            (agreement, role_in(request.user, agreement)) for agreement in visible_agreements(request.user)
        ]
    # htmx asks only for the counters (they refresh after a status change on one of the cards).
    return render(request, "activities/mine.html" + ("#counts" if request.htmx else ""), context)


def label(name: str) -> str:
    return Activity._meta.get_field(name).verbose_name


def when(activity: Activity, name: str) -> str:
    """A date column as the plan has it: the date, the words ("varje terminsslut"), or both."""
    day, text = getattr(activity, f"{name}_on"), getattr(activity, f"{name}_text")
    shown = [formats.date_format(day, "SHORT_DATE_FORMAT")] if day else []
    return " – ".join(shown + ([text] if text and text not in shown else []))


def facts(activity: Activity) -> list[tuple[str, str]]:
    """The short columns of the plan, in its order."""
    return [
        (label("goal_areas"), ", ".join(str(area) for area in activity.goal_areas.all())),
        (label("time_horizon"), activity.time_horizon or ""),
        (label("districts"), ", ".join(str(district) for district in activity.districts.all())),
        (label("starts_on"), when(activity, "starts")),
        (label("follow_up_on"), when(activity, "follow_up")),
        (label("ends_on"), when(activity, "ends")),
        (label("resource_reinforcement"), _("Yes") if activity.resource_reinforcement else _("No")),
        (label("handled_by_text"), activity.handled_by_text),
        (label("carried_over_from"), activity.carried_over_from or ""),
        (label("dropped_reason"), activity.dropped_reason),
    ]


def texts(activity: Activity) -> list[tuple[str, str]]:
    """The long columns, each shown as a section when filled in."""
    names = [
        "background",
        "objectives",
        "method",
        "follow_up_measures",
        "working_group",
        "open_questions",
        "public_description",
    ]
    return [(label(name), getattr(activity, name)) for name in names if getattr(activity, name)]


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request, pk)
    activity = (
        Activity.objects.with_plan_details()
        .select_related("carried_over_from")
        .prefetch_related("districts")
        .get(pk=activity.pk)
    )
    status_changes = list(
        StatusChange.objects.filter(activity=activity).select_related("from_status", "to_status", "changed_by")
    )
    sources = sources_for(activity, request.user)
    for change in status_changes:
        change.sources = sources.status_changes.get(change.pk, [])
    context = {
        "activity": activity,
        "facts": facts(activity),
        "texts": texts(activity),
        "can_edit": can_edit_activity(request.user, activity),
        "status_changes": status_changes,
        "created_by": sources.created,
        "history": history_entries(activity),
    }
    return render(request, "activities/detail.html", context)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request, pk, edit=True)
    stale = None
    if request.method == "POST":
        form = ActivityForm(request.POST, instance=activity)
        if form.is_valid():
            try:
                with transaction.atomic():
                    activity = form.save(commit=False)
                    activity.save_if_current(form.cleaned_data["version"])
                    form.save_m2m()
            except StaleVersionError as error:
                current, based_on = error.current, form.cleaned_data["version"]
                yours = {name: form.cleaned_data[name] for name in form._meta.fields}
                merge = merge_stale_edit(current, based_on, yours)
                if not merge.changes_anything:
                    # What they asked for is already so (a double submit, or the same change made by someone else).
                    messages.success(request, _("The activity was saved."))
                    return redirect(current)
                stale = changes_since(current, based_on)
                # Shown again on the current version: their changes where the user touched nothing, the user's
                # input where they did, and a choice where both changed the same field. Nothing is saved yet.
                activity = current
                form = ActivityForm(
                    instance=current, initial=merge.values | {"version": current.version}, conflicts=merge.conflicts
                )
            else:
                messages.success(request, _("The activity was saved."))
                return redirect(activity)
    else:
        form = ActivityForm(instance=activity)
    return render(request, "activities/edit.html", {"activity": activity, "form": form, "stale": stale})


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def already_recorded(activity: Activity, status, comment: str, user) -> bool:
    """Whether the last status entry is this very change by this user (a double submit of the status form)."""
    last = activity.status_changes.order_by("-changed_at", "-pk").first()
    return (
        last is not None
        and activity.status_id == status.pk
        and (last.to_status_id, last.comment, last.changed_by_id) == (status.pk, comment, user.pk)
    )


@require_http_methods(["GET", "POST"])
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The inline status control: the card fragment for htmx, a page of its own without JavaScript."""
    activity = get_activity_for_user(request, pk, edit=True)
    stale = None
    if request.method == "POST":
        form = StatusChangeForm(activity, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            comment = data["comment"].strip()
            try:
                activity.set_status(
                    data["status"],
                    by=request.user,
                    comment=comment,
                    expected_version=data["version"],
                    effective_on=data["effective_on"],
                )
            except ValidationError as error:
                # Someone recorded a later-dated change between the form's check and this save.
                form.add_error(None, error)
            except StaleVersionError as error:
                activity = error.current
                if not already_recorded(activity, data["status"], comment, request.user):
                    stale = changes_since(activity, data["version"])
                    # Their comment stays and the version moves on, so a second save is deliberate. A status they
                    # left as it was takes the one saved since: saving again must not undo the other change.
                    merged = merge_stale_edit(activity, data["version"], {"status": data["status"]})
                    retry = request.POST.copy()
                    retry[form.add_prefix("version")] = activity.version
                    retry[form.add_prefix("status")] = merged.values["status"]
                    form = StatusChangeForm(activity, retry)
                    form.is_valid()
            if stale is None and not form.errors:
                if not request.htmx:
                    messages.success(
                        request,
                        _("Status of “%(name)s” is now %(status)s.") % {"name": activity, "status": activity.status},
                    )
                    return redirect(safe_next(request, activity.get_absolute_url()))
                form = None  # saved: the card closes again
    else:
        form = StatusChangeForm(activity)
        query = StatusFormQuery(form.statuses, request.GET)
        if query.wants_closed():
            if not request.htmx:
                return redirect(safe_next(request, activity.get_absolute_url()))
            form = None  # Cancel: the card closed again, as it was
        elif status := query.preselected():
            form.preselect(status)
    # The card shows goal areas, people and the latest comment too: read it afresh with what the card needs.
    [shown] = plan_activities(Activity.objects.filter(pk=activity.pk), with_people=True, with_latest_comment=True)
    # Where the plain form returns to: the page the card sits on, not this view.
    if request.htmx:
        return_to = request.htmx.current_url_abs_path or request.get_full_path()
    else:
        return_to = safe_next(request, activity.get_absolute_url())
    card = Card(shown, editable=True, return_to=return_to, form=form)
    saved = form is None and request.method == "POST"
    template = "activities/board.html#card" if request.htmx else "activities/status.html"
    context = {"card": card, "stale": stale, "saved": saved}
    response = render(request, template, context)
    if saved:
        response["HX-Trigger"] = STATUS_CHANGED_EVENT
    return response
