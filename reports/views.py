from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from agreements.access import get_agreement_for_user
from agreements.models import Agreement
from meetings.access import get_meeting_for_user
from meetings.decision_views import get_decision_for_user
from meetings.minutes import meeting_for_minutes

from . import meeting_pdf
from .agreement_pdf import pdf_filename, render_agreement_pdf
from .decision_extract import render_decision_extract


@require_safe
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk)
    agreement = Agreement.objects.for_document().get(pk=agreement.pk)
    response = HttpResponse(render_agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(agreement)}"'
    return response


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
