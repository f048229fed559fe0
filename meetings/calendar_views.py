"""Calendar downloads and subscriptions: one meeting as .ics, and feeds reached by a secret, revocable token.

Calendar programs cannot log in, so a feed's address is its key: a wrong or revoked token answers 404, and a
feed shows only what its owner may see now (a person who leaves a body stops seeing its meetings in the feed).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements.access import is_admin
from agreements.models import Membership

from .access import ALL_MEETINGS_ROLES, can_see_meetings, current_seats, get_meeting_for_user
from .calendar import calendar_for
from .forms import CalendarFeedForm
from .models import Body, CalendarFeed, Meeting


def ics_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def page_url(request: HttpRequest):
    return lambda meeting: request.build_absolute_uri(reverse("meetings:meeting", args=[meeting.pk]))


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    content = calendar_for([meeting], name=str(meeting), page_url=page_url(request))
    return ics_response(content, f"mote-{meeting.date:%Y-%m-%d}.ics", attachment=True)


def bodies_for_feeds(user):
    """The bodies a person may subscribe to: those they sit in, and all of an agreement they see all meetings of."""
    if is_admin(user):
        return Body.objects.select_related("agreement")
    all_of = Membership.objects.filter(user=user, role__in=ALL_MEETINGS_ROLES).values("agreement_id")
    member_of = Membership.objects.filter(user=user).values("agreement_id")
    return (
        Body.objects.filter(Q(agreement__in=all_of) | Q(pk__in=current_seats(user).values("body_id")))
        .filter(agreement__in=member_of)
        .select_related("agreement")
    )


@require_http_methods(["GET", "POST"])
def feeds(request: HttpRequest) -> HttpResponse:
    """The person's own calendar addresses: make one (all their bodies, or one body), see them, revoke them."""
    bodies = bodies_for_feeds(request.user)
    form = CalendarFeedForm(bodies, request.POST or None)
    if request.method == "POST" and form.is_valid():
        CalendarFeed.objects.create(user=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("A new calendar address was made. Add it to your calendar program."))
        return redirect("meetings:feeds")
    own = CalendarFeed.objects.filter(user=request.user).select_related("body")
    rows = [(f, request.build_absolute_uri(reverse("meetings:feed", args=[f.token]))) for f in own]
    return render(request, "meetings/feeds.html", {"form": form, "rows": rows})


@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's feed is not found, whoever asks: a feed is its owner's alone.
    feed = get_object_or_404(CalendarFeed, pk=pk, user=request.user)
    feed.revoke()
    messages.success(request, _("The calendar address was revoked; calendars using it get nothing more."))
    return redirect("meetings:feeds")


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.filter(token=token, revoked_at=None).select_related("user", "body__agreement").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    meetings = Meeting.objects.select_related("body").order_by("starts_at", "pk")
    if feed.body is not None:
        if not can_see_meetings(feed.user, feed.body):
            raise Http404
        meetings = meetings.filter(body=feed.body)
        name = feed.body.name
    else:
        # A person's feed: the bodies they sit in now, in agreements they still belong to; nothing else.
        member_of = Membership.objects.filter(user=feed.user).values("agreement_id")
        meetings = meetings.filter(body__in=current_seats(feed.user).values("body_id"), body__agreement__in=member_of)
        name = _("My meetings")
    content = calendar_for(meetings, name=name, page_url=page_url(request))
    return ics_response(content, f"{slugify(name) or 'moten'}.ics", attachment=False)
