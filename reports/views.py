"""The agreement PDF; the activity plan report; the quarterly dashboard: its page, its lists of changes in
whole, its PDF, the quarter picker and the approval of a quarter's report; a meeting's minutes and notice of
meeting as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from agreements.access import get_agreement_for_user, visible_agreements
from agreements.models import Agreement, Role
from meetings.access import get_meeting_for_user, sees_all_meetings
from meetings.decision_views import get_decision_for_user
from meetings.minutes import meeting_for_minutes
from samverkan.kept_results import keeps_results

from . import meeting_pdf
from .access import can_approve_quarter
from .agreement_pdf import pdf_filename, render_agreement_pdf
from .dashboard import live_dashboard, present, read_plan_history, recorded_after
from .dashboard_lists import LONG_LISTS, PER_PAGE, by_area, entries
from .dashboard_pdf import dashboard_pdf_filename, render_dashboard_pdf
from .decision_extract import render_decision_extract
from .forms import ApprovalForm, MovedAreaForm, PlanReportDayForm, QuarterPickForm
from .meeting_pack import pack_quarter, render_pack_pdf
from .models import QuarterReport
from .plan_report import plan_report_filename, render_plan_report
from .quarters import Quarter


@require_safe
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk)
    agreement = Agreement.objects.for_document().get(pk=agreement.pk)
    response = HttpResponse(render_agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(agreement)}"'
    return response


@require_safe
def plan_report(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    """The activity plan as it stood on a day (today unless `?per=` says), a dated PDF of its own."""
    agreement = get_agreement_for_user(request, agreement_pk)
    form = PlanReportDayForm(request.GET)
    if not form.is_valid():
        # A mistyped day or one to come: the form again, with the error, rather than a PDF of the wrong day.
        return render(request, "reports/plan_report_day.html", {"agreement": agreement, "form": form})
    day = form.cleaned_data["per"]
    agreement = Agreement.objects.prefetch_related("agreement_parties__party", "goal_areas").get(pk=agreement.pk)
    response = HttpResponse(render_plan_report(agreement, day), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{plan_report_filename(agreement, day)}"'
    return response


# A quarter outside these years is a mistyped address, not a quarter anyone reports on.
FIRST_YEAR = 2000


def quarter_or_404(year: int | None, number: int | None) -> Quarter:
    current = Quarter.current()
    if year is None:
        return current
    quarter = Quarter(year, number)
    if year < FIRST_YEAR or quarter > current:
        raise Http404
    return quarter


def dashboard_context(request: HttpRequest, agreement: Agreement, quarter: Quarter, *, for_print: bool = False) -> dict:
    """The quarter's dashboard: the approved snapshot with what was recorded after it, or the live figures."""
    report = QuarterReport.objects.for_quarter(agreement, quarter).first()
    if report is not None:
        history = read_plan_history(agreement)
        late = recorded_after(history, quarter, report.approved_at)
        shown = present(report.snapshot, late=late, statuses_now=history.statuses, for_print=for_print)
    else:
        shown = live_dashboard(agreement, quarter, for_print=for_print)
    return shown | {
        "for_print": for_print,
        "agreement": agreement,
        "report": report,
        # Decisions, minutes and action items are seen by those who see every meeting of the agreement.
        "show_governance": sees_all_meetings(request.user, agreement),
        "can_approve": report is None and quarter.has_ended() and can_approve_quarter(request.user, agreement),
    }


def first_day(agreements) -> object:
    return agreements.aggregate(first=Min("valid_from"))["first"]


@require_safe
@keeps_results
def dashboard(request: HttpRequest, agreement_pk: int, year: int | None = None, number: int | None = None):
    agreement = get_agreement_for_user(request, agreement_pk)
    quarter = quarter_or_404(year, number)
    context = dashboard_context(request, agreement, quarter)
    agreements = visible_agreements(request.user)
    start = min(filter(None, [agreement.valid_from, quarter.first_day]))
    context["pick_form"] = QuarterPickForm(
        agreements, initial={"agreement": agreement.pk, "quarter": quarter.slug}, first_day=start
    )
    context["previous"] = quarter.previous
    context["next"] = quarter.next if quarter < Quarter.current() else None
    return render(request, "reports/dashboard.html", context)


@require_safe
@keeps_results
def dashboard_list(request: HttpRequest, agreement_pk: int, year: int, number: int, kind: str) -> HttpResponse:
    """One of the dashboard's lists of changes in whole (the dashboard shows its first lines), page by page."""
    agreement = get_agreement_for_user(request, agreement_pk)
    quarter = quarter_or_404(year, number)
    long_list = LONG_LISTS.get(kind)
    if long_list is None:
        raise Http404
    context = dashboard_context(request, agreement, quarter)
    if long_list.governance and not context["show_governance"]:
        raise PermissionDenied
    area_form = None
    area = None
    if long_list.key == "rows":
        area_form = MovedAreaForm(context["rows"], context["data"]["goal_area_word"], request.GET)
        # A goal area the quarter does not have: the form says so, and every area is listed.
        area = area_form.cleaned_data["omrade"] if area_form.is_valid() else None
    page = Paginator(entries(context, long_list, area), PER_PAGE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    context |= {
        "kind": kind,
        "long_list": long_list,
        "area_form": area_form,
        "page": page,
        "groups": by_area(page.object_list) if area_form else None,
        "query": query.urlencode(),
    }
    return render(request, "reports/dashboard_list.html", context)


@require_safe
@keeps_results
def dashboard_pdf(request: HttpRequest, agreement_pk: int, year: int, number: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk)
    quarter = quarter_or_404(year, number)
    response = HttpResponse(
        render_dashboard_pdf(dashboard_context(request, agreement, quarter, for_print=True)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{dashboard_pdf_filename(agreement, quarter)}"'
    return response


@require_safe
def pick_quarter(request: HttpRequest) -> HttpResponse:
    """Where the picker sends (agreement and quarter in the query string), and the menu's way in."""
    agreements = visible_agreements(request.user)
    if not request.GET:
        # From the menu: the agreement the user sits in the strategic group of, else the first they may read.
        mine = agreements.filter(memberships__user=request.user, memberships__role=Role.STRATEGIC).first()
        agreement = mine or agreements.first()
        if agreement is not None:
            return redirect("reports:dashboard", agreement_pk=agreement.pk)
    form = QuarterPickForm(agreements, request.GET or None, first_day=first_day(agreements))
    if form.is_valid():
        quarter = form.cleaned_data["quarter"]
        return redirect(
            "reports:quarter", agreement_pk=form.cleaned_data["agreement"].pk, year=quarter.year, number=quarter.number
        )
    return render(request, "reports/pick.html", {"pick_form": form})


@require_http_methods(["GET", "POST"])
def approve_quarter(request: HttpRequest, agreement_pk: int, year: int, number: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, agreement_pk)
    if not can_approve_quarter(request.user, agreement):
        raise PermissionDenied
    quarter = quarter_or_404(year, number)
    report = QuarterReport.objects.for_quarter(agreement, quarter).first()
    form = ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            QuarterReport.approve(agreement, quarter, by=request.user, decision=form.cleaned_data["decision"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The report for %(quarter)s is approved and frozen.") % {"quarter": quarter.label}
            )
            return redirect("reports:quarter", agreement_pk=agreement.pk, year=quarter.year, number=quarter.number)
    context = {
        "agreement": agreement,
        "quarter": quarter,
        "report": report,
        "form": form,
        "running": not quarter.has_ended(timezone.now()),
    }
    return render(request, "reports/approve.html", context)


@require_safe
def decision_extract(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request, pk)
    response = HttpResponse(render_decision_extract(decision), content_type="application/pdf")
    name = decision.label.replace(" ", "-").replace(":", "-")
    response["Content-Disposition"] = f'attachment; filename="protokollsutdrag-{name}.pdf"'
    return response


@require_safe
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    meeting = meeting_for_minutes(meeting.pk)
    response = HttpResponse(meeting_pdf.minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{meeting_pdf.pdf_filename(meeting, "protokoll")}"'
    return response


@require_safe
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    meeting = meeting_for_minutes(meeting.pk)
    response = HttpResponse(meeting_pdf.agenda_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{meeting_pdf.pdf_filename(meeting, "kallelse")}"'
    return response


@require_safe
@keeps_results
def meeting_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting pack, made by those who prepare the meeting (it carries the agreement's quarterly figures)."""
    meeting = get_meeting_for_user(request, pk, edit=True)
    agreement = get_agreement_for_user(request, meeting.body.agreement_id)
    meeting = meeting_for_minutes(meeting.pk)
    dashboard = dashboard_context(request, agreement, pack_quarter(meeting), for_print=True)
    response = HttpResponse(render_pack_pdf(meeting, dashboard), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{meeting_pdf.pdf_filename(meeting, "motesunderlag")}"'
    return response
