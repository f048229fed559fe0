"""The public pages: published agreements without login, with no personal names and no internal notes.

What they show is chosen field by field in the templates (templates/public/): the agreement's text, goal
areas, the matrix, each activity's name, status and public description, the bodies with their mandates (and
minutes a body chose to publish), and the appendices' titles (with their files where an appendix is marked
public). Never people, members of bodies, responsibilities, comments or history; the one exception is a signed
agreement's signature block, whose signatories act in office and are named on the published document.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from agreements.access import get_published_agreement, published_agreements
from agreements.models import AppendixVersion
from meetings.models import Body, Meeting
from samverkan.fragments import render_each, source_digest
from samverkan.kept_results import keeps_results, kept_result

from .plan import public_rows

PAGE = "public/agreement.html"


@login_not_required
@require_safe
def public_index(request: HttpRequest) -> HttpResponse:
    agreements = published_agreements().order_by("-valid_from", "title")
    return render(request, "public/index.html", {"agreements": agreements})


@login_not_required
@require_safe
@keeps_results
def public_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_published_agreement(pk)
    goal_areas = list(agreement.goal_areas.all())

    def rendered_rows():
        rows = public_rows(agreement, goal_areas)
        render_each("row", rows, matrix_html=f"{PAGE}#matrix-row", html=f"{PAGE}#activity")
        return rows

    # Kept until the database changes, with the page's source (it holds both partials): read only below.
    rows = kept_result("public plan", (agreement.pk, source_digest(PAGE)), rendered_rows, shared=True)
    context = {
        "agreement": agreement,
        "parties": agreement.agreement_parties.select_related("party"),
        "principles": agreement.principles.all(),
        # The signature block as signed; a draft's intended signatories are not published.
        "signatories": agreement.signatories.all() if agreement.is_frozen else [],
        "goal_areas": goal_areas,
        "rows": rows,
        "bodies": Body.objects.filter(agreement=agreement, is_public=True)
        .select_related("kind", "reports_to")
        .prefetch_related(
            Prefetch("meetings", Meeting.objects.public_minutes().order_by("-starts_at"), to_attr="public_minutes")
        ),
        # Titles always; files only where the appendix is marked public.
        "appendices": agreement.appendices.prefetch_related("versions"),
    }
    return render(request, PAGE, context)


@login_not_required
@require_safe
def public_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Approved minutes the body chose to publish: items, minutes, decisions and corrections, with no one's name
    (who attended, who approved) and no documents."""
    meeting = get_object_or_404(Meeting.objects.public_minutes().select_related("body", "body__agreement"), pk=pk)
    items = meeting.items.order_by("position", "pk").prefetch_related("decisions")
    corrections = meeting.corrections.filter(approved_at__isnull=False).select_related("item")
    context = {"meeting": meeting, "agreement": meeting.body.agreement, "items": items, "corrections": corrections}
    return render(request, "public/minutes.html", context)


@login_not_required
@require_safe
def public_appendix_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An appendix file marked public, of a published agreement; 404 for every other."""
    versions = AppendixVersion.objects.filter(agreement__in=published_agreements(), appendix__is_public=True).exclude(
        file=""
    )
    try:
        version = versions.get(pk=pk)
    except AppendixVersion.DoesNotExist:
        raise Http404 from None
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.file_name)


# The statement is long prose; it is kept as one template per language rather than as hundreds of msgids.
STATEMENT_LANGUAGES = {"sv", "en"}


@login_not_required
@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The *tillgänglighetsredogörelse* the DOS law asks of a public body's web service; open to everyone."""
    language = get_language() or "sv"
    language = language.split("-")[0] if language.split("-")[0] in STATEMENT_LANGUAGES else "sv"
    return render(request, f"public/accessibility_{language}.html")
