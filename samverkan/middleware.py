"""Request middleware of the portal's own (not of any one app)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def swedish_unless_chosen(get_response: Callable[[HttpRequest], HttpResponse]):
    """The portal speaks Swedish until the user picks another language in the footer.

    A browser's language preference alone (often English on work computers) must not switch a Swedish
    public body's portal, so the Accept-Language header is hidden from LocaleMiddleware; the language
    cookie that the footer's switch sets still applies.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware
