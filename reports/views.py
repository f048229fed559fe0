from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from agreements.access import get_agreement_for_user
from agreements.models import Agreement

from .agreement_pdf import pdf_filename, render_agreement_pdf


@require_safe
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk)
    agreement = Agreement.objects.for_document().get(pk=agreement.pk)
    response = HttpResponse(render_agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(agreement)}"'
    return response
