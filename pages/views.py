from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

# The statement is long prose; it is kept as one template per language rather than as hundreds of msgids.
STATEMENT_LANGUAGES = {"sv", "en"}


@login_not_required
@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The *tillgänglighetsredogörelse* the DOS law asks of a public body's web service; open to everyone."""
    language = get_language() or "sv"
    language = language.split("-")[0] if language.split("-")[0] in STATEMENT_LANGUAGES else "sv"
    return render(request, f"pages/accessibility_{language}.html")
