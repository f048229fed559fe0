"""Request middleware of the portal's own (not of any one app)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control


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


def private_when_signed_in(get_response: Callable[[HttpRequest], HttpResponse]):
    """Nothing a signed-in person is shown is kept by a shared cache or on the disk of a shared computer.

    Every page, fragment and download of a signed-in user (or of the request that signs one in or out) is
    sent `Cache-Control: private, no-store`; what anonymous visitors get (the public pages, the login page,
    static files) keeps its own caching.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = get_response(request)
        if signed_in or request.user.is_authenticated:
            # Replaced, not merged: a view's own max-age or public would otherwise survive next to no-store.
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def limit_request_body(get_response: Callable[[HttpRequest], HttpResponse]):
    """A body longer than the portal accepts is refused with 413 before any view (or CSRF check) reads it.

    Its declared length decides (WSGI reads no more than Content-Length, so a body cannot be longer than it
    says). Upload pages (settings.UPLOAD_URL_NAMES) accept more than the rest.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.MAX_UPLOAD_REQUEST_BYTES if _is_upload_page(request) else settings.MAX_REQUEST_BYTES
            if length > limit:
                megabytes = limit / (1024 * 1024)
                return render(request, "413.html", {"megabytes": f"{megabytes:.0f}"}, status=413)
        return get_response(request)

    return middleware


def _is_upload_page(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in settings.UPLOAD_URL_NAMES
