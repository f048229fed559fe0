"""The pages of bodies and meetings: the structure, a body, a meeting with its agenda, attendance and minutes, and
the forms of the secretary, the convenors and the adjusters."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements.access import get_agreement_for_user

from .access import (
    can_edit_body,
    can_edit_meeting,
    can_edit_meetings,
    can_see_meetings,
    get_body_for_user,
    get_meeting_for_user,
    is_adjuster,
)
from .cadence import cadence_years, is_behind
from .diagram import layout
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    CorrectionForm,
    DocumentForm,
    GuestForm,
    MeetingForm,
    MeetingStateForm,
    MinutesForm,
    MinutesPublicForm,
    RecusalForm,
)
from .minutes import meeting_for_minutes
from .models import AgendaDocument, AgendaItem, Body, Correction, FrozenMinutesError, Meeting

MINUTES_SAVED_EVENT = "minutes-saved"


@require_GET
def structure(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    """Who reports to whom and who sits where: the diagram and the same facts as a list."""
    agreement = get_agreement_for_user(request, agreement_pk)
    bodies = list(Body.objects.for_structure(agreement))
    today = timezone.localdate()
    cadence = cadence_years(bodies, today)
    rows = [
        {
            "body": body,
            "members": body.members_on(today),
            "reporting": [b for b in bodies if b.reports_to_id == body.pk],
            "cadence": cadence[body.pk][:1],
            "behind": is_behind(cadence[body.pk][:1]),
        }
        for body in bodies
    ]
    context = {
        "agreement": agreement,
        "rows": rows,
        "diagram": layout(bodies),
        "can_edit": can_edit_body(request.user, bodies[0]) if bodies else False,
        "today": today,
    }
    return render(request, "meetings/structure.html", context)


@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_body_for_user(request, pk)
    body = Body.objects.for_structure(body.agreement).get(pk=body.pk)
    today = timezone.localdate()
    may_see_meetings = can_see_meetings(request.user, body)
    meetings = body.meetings.order_by("-starts_at", "pk") if may_see_meetings else Meeting.objects.none()
    years = cadence_years([body], today)[body.pk]
    context = {
        "body": body,
        "members": body.members.all(),
        "today": today,
        "years": years,
        "behind": is_behind(years),
        "meetings": meetings,
        "can_see_meetings": may_see_meetings,
        "can_edit_meetings": can_edit_meetings(request.user, body),
        "can_edit_body": can_edit_body(request.user, body),
    }
    return render(request, "meetings/body.html", context)


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, body_pk: int) -> HttpResponse:
    body = get_body_for_user(request, body_pk, edit_meetings=True)
    form = MeetingForm(body, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save()
            meeting.invite_members()
        messages.success(request, _("The meeting was planned; the members are invited."))
        return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"body": body, "form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, edit=True)
    if meeting.is_approved:
        return frozen(request, meeting)
    form = MeetingForm(meeting.body, request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The meeting was saved."))
        return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"body": meeting.body, "form": form, "meeting": meeting})


def frozen(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """Approved minutes: the page explains that a change is a correction; a POST changes nothing (409)."""
    status = 409 if request.method == "POST" else 200
    return render(request, "meetings/frozen.html", {"meeting": meeting}, status=status)


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    meeting = meeting_for_minutes(meeting.pk)
    today = timezone.localdate()
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "can_edit": can_edit_meeting(request.user, meeting) and not meeting.is_approved,
        "can_correct": can_edit_meeting(request.user, meeting) and meeting.is_approved,
        "is_adjuster": is_adjuster(request.user, meeting),
        "approved_by_me": any(a.user_id == request.user.pk for a in meeting.minutes_approvals),
        "overdue": meeting.is_overdue_on(today),
        "state_form": MeetingStateForm(),
    }
    return render(request, "meetings/meeting.html", context)


@require_POST
def meeting_state(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, edit=True)
    form = MeetingStateForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["state"] == Meeting.State.HELD:
                meeting.mark_held()
                messages.success(request, _("The meeting is marked as held."))
            else:
                meeting.cancel()
                messages.success(request, _("The meeting is cancelled; calendars that subscribe show it so."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose held or cancelled."))
    return redirect("meetings:meeting", pk=meeting.pk)


@require_POST
def minutes_public(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, edit=True)
    form = MinutesPublicForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the minutes are public."))
    else:
        try:
            meeting.set_minutes_public(form.cleaned_data["public"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if meeting.minutes_public:
                messages.success(request, _("The minutes are public: they show on the agreement's public page."))
            else:
                messages.success(request, _("The minutes are no longer shown publicly."))
    return redirect(reverse("meetings:meeting", args=[meeting.pk]) + "#approval")


@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, meeting_pk, edit=True)
    if meeting.is_approved:
        return frozen(request, meeting)
    form = AgendaItemForm(meeting, request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.meeting = meeting
        item.save()
        form.save_m2m()
        messages.success(request, _("“%(title)s” is on the agenda.") % {"title": item.title})
        return redirect(reverse("meetings:meeting", args=[meeting.pk]) + f"#item-{item.pk}")
    return render(request, "meetings/item_form.html", {"meeting": meeting, "form": form, "item": None})


def get_item(request: HttpRequest, pk: int, *, edit: bool = False) -> AgendaItem:
    """The item if the user may see its meeting (else 404) and, with `edit`, change it (else 403)."""
    meeting_pk = get_object_or_404(AgendaItem.objects.values_list("meeting_id", flat=True), pk=pk)
    meeting = get_meeting_for_user(request, meeting_pk, edit=edit)
    item = AgendaItem.objects.get(pk=pk)
    item.meeting = meeting
    return item


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item(request, pk, edit=True)
    if item.is_frozen:
        return frozen(request, item.meeting)
    form = AgendaItemForm(item.meeting, request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The item was saved."))
        return redirect(reverse("meetings:meeting", args=[item.meeting_id]) + f"#item-{item.pk}")
    context = {"meeting": item.meeting, "form": form, "item": item, "recusal_form": RecusalForm(item)}
    return render(request, "meetings/item_form.html", context)


@require_http_methods(["GET", "POST"])
def item_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes of one item: written in place on the meeting page (htmx), or on a page of its own."""
    item = get_item(request, pk, edit=True)
    if item.is_frozen:
        return frozen(request, item.meeting)
    form = MinutesForm(request.POST or None, instance=item)
    saved = False
    if request.method == "POST" and form.is_valid():
        form.save()
        if not request.htmx:
            messages.success(request, _("The minutes of “%(title)s” were saved.") % {"title": item.title})
            return redirect(reverse("meetings:meeting", args=[item.meeting_id]) + f"#item-{item.pk}")
        saved = True
    if saved:
        # Back to the item as the meeting page shows it.
        meeting = meeting_for_minutes(item.meeting_id)
        shown = next(i for i in meeting.agenda if i.pk == item.pk)
        context = {"meeting": meeting, "item": shown, "can_edit": True}
        response = render(request, "meetings/meeting.html#item", context)
        response["HX-Trigger"] = MINUTES_SAVED_EVENT
        return response
    template = "meetings/item_minutes.html" + ("#minutes-form" if request.htmx else "")
    response = render(request, template, {"meeting": item.meeting, "item": item, "form": form})
    if request.htmx and request.method == "POST":
        # The form with its errors goes back where the form is, not over the whole item.
        response["HX-Retarget"] = f"#minutes-{item.pk}"
        response["HX-Reswap"] = "innerHTML"
    return response


@require_POST
def item_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """*Omedelbar justering* of one item by one of the adjusters."""
    item = get_item(request, pk)
    if not is_adjuster(request.user, item.meeting):
        raise PermissionDenied
    try:
        item.approve_immediately(request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        item.refresh_from_db()
        if item.immediately_approved_at:
            messages.success(request, _("“%(title)s” is approved at the meeting.") % {"title": item.title})
        else:
            messages.success(request, _("Your approval of “%(title)s” is recorded.") % {"title": item.title})
    return redirect(reverse("meetings:meeting", args=[item.meeting_id]) + f"#item-{item.pk}")


@require_POST
def recusal_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item(request, pk, edit=True)
    if item.is_frozen:
        return frozen(request, item.meeting)
    form = RecusalForm(item, request.POST)
    if form.is_valid():
        item.recusals.create(attendance=form.cleaned_data["attendance"], reason=form.cleaned_data["reason"])
        messages.success(request, _("The conflict of interest is recorded."))
        return redirect("meetings:item_edit", pk=item.pk)
    context = {"meeting": item.meeting, "form": AgendaItemForm(item.meeting, instance=item), "item": item}
    return render(request, "meetings/item_form.html", context | {"recusal_form": form})


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """The attendance table: each invited person's status, substitutes, arrivals and departures per item."""
    meeting = get_meeting_for_user(request, meeting_pk, edit=True)
    if meeting.is_approved:
        return frozen(request, meeting)
    rows = list(meeting.attendances.select_related("member", "member__user"))
    post = request.POST if request.method == "POST" and "save" in request.POST else None
    forms = [AttendanceForm(post, instance=row, prefix=f"a{row.pk}", meeting=meeting) for row in rows]
    guest = GuestForm(request.POST if "add_guest" in request.POST else None, meeting=meeting, prefix="guest")
    if request.method == "POST":
        if "invite" in request.POST:
            count = meeting.invite_members()
            added = ngettext(
                "%(count)d member was added as invited.", "%(count)d members were added as invited.", count
            )
            messages.success(request, added % {"count": count})
            return redirect("meetings:attendance", meeting_pk=meeting.pk)
        if post is not None and all(form.is_valid() for form in forms):
            with transaction.atomic():
                for form in forms:
                    if form.has_changed():
                        form.save()
            messages.success(request, _("The attendance was saved."))
            return redirect("meetings:meeting", pk=meeting.pk)
        if "add_guest" in request.POST and guest.is_valid():
            guest.save()
            messages.success(request, _("%(name)s was added.") % {"name": guest.instance.name})
            return redirect("meetings:attendance", meeting_pk=meeting.pk)
    context = {"meeting": meeting, "rows": list(zip(rows, forms, strict=True)), "guest_form": guest}
    return render(request, "meetings/attendance.html", context)


@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item(request, pk, edit=True)
    if item.is_frozen:
        return frozen(request, item.meeting)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        document.item = item
        document.uploaded_by = request.user
        document.save()
        messages.success(request, _("“%(title)s” was attached.") % {"title": document.title})
        return redirect(reverse("meetings:meeting", args=[item.meeting_id]) + f"#item-{item.pk}")
    return render(request, "meetings/document_form.html", {"meeting": item.meeting, "item": item, "form": form})


@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Served through here, after the access check, so a document is never reachable by guessing its path."""
    document = get_object_or_404(AgendaDocument.objects.select_related("item"), pk=pk)
    get_meeting_for_user(request, document.item.meeting_id)
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    if not is_adjuster(request.user, meeting):
        raise PermissionDenied
    try:
        meeting.approve(request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        meeting.refresh_from_db()
        if meeting.is_approved:
            messages.success(request, _("The minutes are approved by every adjuster and are now frozen."))
        else:
            messages.success(request, _("Your approval is recorded; the minutes wait for the other adjuster."))
    return redirect(reverse("meetings:meeting", args=[meeting.pk]) + "#approval")


@require_http_methods(["GET", "POST"])
def correction_create(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, meeting_pk, edit=True)
    form = CorrectionForm(meeting, request.POST or None)
    if not meeting.is_approved:
        # Nothing to correct yet: unapproved minutes are edited in place.
        messages.error(request, _("The minutes are not approved yet; edit them directly."))
        return redirect("meetings:meeting", pk=meeting.pk)
    if request.method == "POST" and form.is_valid():
        correction = meeting.add_correction(by=request.user, **form.cleaned_data)
        messages.success(
            request, _("%(correction)s was recorded; the adjusters approve it.") % {"correction": correction}
        )
        return redirect(reverse("meetings:meeting", args=[meeting.pk]) + f"#correction-{correction.number}")
    return render(request, "meetings/correction_form.html", {"meeting": meeting, "form": form})


@require_POST
def correction_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting_pk = get_object_or_404(Correction.objects.values_list("meeting_id", flat=True), pk=pk)
    meeting = get_meeting_for_user(request, meeting_pk)
    if not is_adjuster(request.user, meeting):
        raise PermissionDenied
    correction = Correction.objects.get(pk=pk)
    try:
        correction.approve(request.user)
    except (ValidationError, FrozenMinutesError) as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your approval of %(correction)s is recorded.") % {"correction": correction})
    return redirect(reverse("meetings:meeting", args=[meeting.pk]) + f"#correction-{correction.number}")
